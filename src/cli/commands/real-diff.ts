// `migsim real diff`: a real run and `simulate` of the same scenario compared (src/real/diff).
// Exit 0 when no difference is left unexplained, 1 when one is, 2 on a harness error.
import type { ScenarioDiff } from '../../real/diff/compare.js';
import { flagsText, parsePresets, presets, type Preset } from '../../real/diff/presets.js';
import { recordFromJson } from '../../real/diff/record-file.js';
import { scenarioSummary, summaryLine, scenarioText, type NamedDiff } from '../../real/diff/report.js';
import type { RealResult } from '../../real/errors.js';
import type { RunOptions } from '../../real/run.js';
import { scenarioFromFlags, type ScenarioFlagValues } from '../../real/scenario-flags.js';
import { exitCode } from '../io.js';
import { harnessFailure, type RealContext } from './real-context.js';

export interface DiffRequest {
  /** Saved records to compare instead of running the pair. */
  readonly records: readonly string[];
  readonly presets: readonly Preset[];
  /** The scenario flags given, when no preset was. */
  readonly flags: ScenarioFlagValues;
  readonly run: Omit<RunOptions, 'scratch' | 'scenario'>;
  /** Write each real record here, as <letter or 'run'>.json. */
  readonly outDirectory: string | undefined;
}

export function diffRequest(flags: ScenarioFlagValues, preset: string | undefined, records: readonly string[], run: DiffRequest['run'], outDirectory: string | undefined): RealResult<DiffRequest> {
  const flagsGiven = Object.values(flags).some((v) => v !== undefined);
  if (preset !== undefined && flagsGiven) return { ok: false, error: { code: 'scenario-invalid', message: '--preset names whole scenarios: give it without scenario flags' } };
  if (records.length > 0 && (preset !== undefined || flagsGiven)) return { ok: false, error: { code: 'scenario-invalid', message: '--record compares a saved run: give it without --preset or scenario flags' } };
  const chosen = preset === undefined ? { ok: true as const, value: [] } : parsePresets(preset);
  if (!chosen.ok) return chosen;
  if (preset === undefined) {
    const checked = scenarioFromFlags(flags);
    if (!checked.ok) return checked;
  }
  return { ok: true, value: { records, presets: chosen.value, flags, run, outDirectory } };
}

function emit(c: RealContext, items: readonly NamedDiff[]): number {
  const unexplained = items.reduce((sum, i) => sum + i.diff.unexplained, 0);
  if (c.json) {
    c.io.out(`${JSON.stringify({ ok: true, unexplained, scenarios: items.map((i) => ({ name: i.name, flags: i.flags, ...jsonOf(i.diff) })) }, null, 2)}\n`);
  } else c.io.out(`${items.map(scenarioText).join('\n')}\n${summaryLine(items)}`);
  return unexplained === 0 ? exitCode.ok : exitCode.failed;
}

function jsonOf(diff: ScenarioDiff): Record<string, unknown> {
  return { unexplained: diff.unexplained, differences: diff.differences, masked: diff.masked, real: diff.real, simulated: diff.simulated };
}

async function savedRecords(c: RealContext, files: readonly string[]): Promise<number> {
  const items: NamedDiff[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = new TextDecoder().decode(await c.io.readBytes(file));
    } catch (error) {
      return harnessFailure(c.io, { code: 'record-invalid', message: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` }, c.json);
    }
    const record = recordFromJson(file, text);
    if (!record.ok) return harnessFailure(c.io, record.error, c.json);
    items.push({ name: file, flags: scenarioSummary(record.value.scenario), diff: c.harness.diffRecord(record.value) });
  }
  return emit(c, items);
}

export async function diffAction(c: RealContext, request: DiffRequest): Promise<number> {
  if (request.records.length > 0) return savedRecords(c, request.records);
  const runs = request.presets.length > 0 ? request.presets : [{ letter: 'run', title: 'the scenario given', flags: request.flags }];
  const items: NamedDiff[] = [];
  for (const preset of runs) {
    const scenario = scenarioFromFlags(preset.flags);
    if (!scenario.ok) return harnessFailure(c.io, scenario.error, c.json);
    const result = await c.harness.diffLive({ scratch: c.scratch, scenario: scenario.value, ...request.run });
    if (!result.ok) return harnessFailure(c.io, result.error, c.json);
    if (request.outDirectory !== undefined) await c.harness.writeRecord(`${request.outDirectory}/${preset.letter}.json`, result.value.record);
    const item = { name: preset.letter === 'run' ? 'run' : `(${preset.letter})`, flags: flagsText(preset.flags), diff: result.value.diff };
    if (!c.json && c.io.interactive) c.io.err(scenarioText(item));
    items.push(item);
  }
  return emit(c, items);
}

export const diffPresetsHelp = presets.map((p) => `    ${p.letter}  ${flagsText(p.flags).padEnd(58)} ${p.title}`).join('\n');
