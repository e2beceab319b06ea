// A failing real fuzz case as a file. It is a handshake case file of the fuzzer (target
// `handshake`, the case with its one cookie fault), so `migsim replay FILE` runs it in the
// simulator unchanged; the `real` part adds what `migsim real replay FILE` needs to run it on
// the real pair again - the real scenario, and the exact bytes the receiver got - and what the
// real run showed. Byte for byte the cookies are base64.
import { caseFileName, checkedCaseFile, fromCaseJson, toCaseJson, type HandshakeCaseFile } from '../../fuzz/campaign/case-file.js';
import type { DesignerPolicy } from '../../model/policy.js';
import { fail, ok, type RealResult } from '../errors.js';
import type { Provenance } from '../record.js';
import type { RealScenario } from '../scenario.js';
import { handshakeCaseFor, type RealFuzzCase } from './fuzz-case.js';
import type { CaseJudgement } from './judge.js';

export const realCaseFormat = 'migsim-real-case/1';

export interface RealCasePart {
  readonly format: typeof realCaseFormat;
  readonly case: RealFuzzCase;
  readonly scenario: RealScenario;
  readonly sentBase64: string;
  readonly deliveredBase64: string;
  readonly judgement: CaseJudgement;
  readonly provenance: Provenance;
}

export type RealCaseFile = Omit<HandshakeCaseFile, 'real'> & { readonly real: RealCasePart };

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export interface CaseFileInputs {
  readonly item: RealFuzzCase;
  readonly index: number;
  readonly seed: number;
  readonly policy: DesignerPolicy;
  readonly scenario: RealScenario;
  readonly sent: Uint8Array;
  readonly delivered: Uint8Array;
  readonly judgement: CaseJudgement;
  readonly provenance: Provenance;
}

export function realCaseFile(inputs: CaseFileInputs): RealCaseFile {
  const { judgement } = inputs;
  const failures = judgement.failure === null ? [] : [{ oracle: judgement.agree || judgement.deviation !== null ? 'real-invariants' : 'real-verdict', message: judgement.failure }];
  const real: RealCasePart = {
    format: realCaseFormat, case: inputs.item, scenario: inputs.scenario, sentBase64: base64(inputs.sent), deliveredBase64: base64(inputs.delivered),
    judgement, provenance: inputs.provenance,
  };
  // Read back through the case-file schema, as `migsim replay` will read it.
  const checked = checkedCaseFile({
    migsimCase: 1, target: 'handshake', seed: inputs.seed, path: '', policies: [inputs.policy], peer: null,
    decisionTable: false, case: handshakeCaseFor(inputs.item), failures,
    note: `real fuzz case ${inputs.index} on libvirt ${inputs.provenance.libvirtd}: migsim replay runs the same edits on the simulated cookie (same layout, values masked by real diff); migsim real replay delivers these exact bytes on the real pair`,
    real,
  });
  // Our own bug if it happens: the real fuzzer made a case the case-file schema does not describe.
  if (!checked.ok) throw new Error(`a real case file does not match the case-file schema: ${checked.message} at ${checked.path}`);
  if (checked.file.target !== 'handshake') throw new Error('a real case file read back as a cookie case file');
  return { ...checked.file, real };
}

export function realCaseJson(file: RealCaseFile): string {
  return toCaseJson(file);
}

export function realCaseName(file: RealCaseFile, index: number): string {
  return `real-${caseFileName(file).replace(/\.json$/, '')}-${index}.json`;
}

/** A real case file read back; a plain handshake case file has no `real` part and is refused here. */
export function realCaseFromJson(name: string, text: string): RealResult<RealCaseFile> {
  const read = fromCaseJson(text);
  if (!read.ok) return fail('record-invalid', `${name} is not a migsim real record or case file: ${read.message} at ${read.path}`);
  const real = read.file.real as Partial<RealCasePart> | undefined;
  if (read.file.target !== 'handshake' || real === undefined || real.format !== realCaseFormat) return fail('record-invalid', `${name} is not a migsim real record or case file: no '${realCaseFormat}' part (a simulated case replays with migsim replay)`);
  return ok({ ...read.file, real: real as RealCasePart });
}

export function bytesOf(base64Text: string): Uint8Array {
  return new Uint8Array(Buffer.from(base64Text, 'base64'));
}
