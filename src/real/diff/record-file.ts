// A real record read back from JSON (`real run --out`, corpus/real/*.json), checked enough that
// the diff can rely on its shape: the format tag, the scenario, the phases, the outcome, the end.
import { fail, ok, type RealResult } from '../errors.js';
import { recordFormat, type RealRecord } from '../record.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function recordFromJson(name: string, text: string): RealResult<RealRecord> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('record-invalid', `${name} is not a migsim real record or case file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(value) || value.format !== recordFormat) return fail('record-invalid', `${name} is not a migsim real record or case file: no format '${recordFormat}'`);
  const missing = ['scenario', 'outcome', 'phases', 'qmp', 'end', 'disks'].find((key) => !(key in value));
  if (missing !== undefined) return fail('record-invalid', `${name} is not a migsim real record or case file: no '${missing}'`);
  return ok(value as unknown as RealRecord);
}
