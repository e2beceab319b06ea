// `migsim real diff`: a real run and `simulate` of the same scenario compared (src/real/diff).
// Exit 0 when no difference is left unexplained, 1 when one is, 2 on a harness error.
import type { ScenarioDiff } from '../../real/diff/compare.js';
import { flagsText, parsePresets, presets, type Preset } from '../../real/diff/presets.js';
import { recordFromJson } from '../../real/diff/record-file.js';
import { scenarioSummary, summaryLine, scenarioText, type NamedDiff } from '../../real/diff/report.js';
import type { RealResult } from '../../real/errors.js';
import type { RealScenario } from '../../real/scenario.js';
import { scenarioFromFlags } from '../../real/scenario-flags.js';
import { option, parseCommand, repeated, toggle, type CommandSpec } from '../command.js';
import { exitCode, reason, UsageError } from '../io.js';
import { checkWritableDir, makeDirs } from '../paths.js';
import { dirFlag, programFlags, realExits, timeoutFlag } from '../real-flags.js';
import { realScenarioFlags, scenarioGiven } from '../real-scenario-flags.js';
import type { RealDiffJson } from '../schemas/real-diff.js';
import { commandSummaries } from '../summaries.js';
import { kind, text } from '../values.js';
import { harnessFailure, pairContext, realAction, scratchOf, type RealContext } from './real-context.js';
import { realRunSpec } from './real-run.js';

const presetList = presets.map((p) => `${p.letter}: ${flagsText(p)} — ${p.title}`).join(';\n');

const flags = {
  dir: dirFlag,
  ...realScenarioFlags,
  preset: option('LETTERS', kind(`preset letters ${presets.map((p) => p.letter).join(', ')} separated by commas, or all`, parsePresets),
    `the scenarios of issue 13 item 6 by letter (e.g. a,c,d, or all) instead of scenario flags:\n${presetList}`),
  record: repeated('FILE', text('a file path'), 'compare a saved record (real run --out, corpus/real/*.json) instead of running the pair: needs no hosts, no root'),
  timeout: timeoutFlag,
  'out-dir': option('DIR', text('a folder'), 'also write each real record to DIR/LETTER.json (DIR/run.json for the scenario flags)'),
  ...programFlags,
  json: toggle('print every scenario\'s comparison as one JSON object'),
};

export const realDiffSpec: CommandSpec<typeof flags> = {
  name: 'real diff',
  summary: commandSummaries['real diff'],
  positionals: null,
  description: `Runs the scenario on the pair (as real run does) and in the simulator, and compares the outcome
and error, the phases, every cookie element by element (values that naturally differ masked by
named rules), the NBD path as QMP commands and the end state (docs/real.md). The scenario is given
by the scenario flags, by --preset, or by saved records (--record).`,
  flags,
  exits: realExits('no difference is left unexplained', 'a difference no deliberate deviation explains'),
  schema: 'real-diff',
  check: (values) => {
    if (values.record.length > 0 && (values.preset !== undefined || scenarioGiven(values))) return '--record compares a saved run: give it without --preset or scenario flags';
    return values.preset !== undefined && scenarioGiven(values) ? '--preset names whole scenarios: give it without scenario flags' : null;
  },
};

interface Planned {
  readonly letter: string;
  readonly flags: string;
  readonly scenario: RealScenario;
}

/** A preset is a `real run` command line: read by real run's own flags. */
function presetScenario(preset: Preset): RealResult<RealScenario> {
  const parsed = parseCommand(realRunSpec, preset.flags);
  if (parsed.help) throw new Error(`preset ${preset.letter} asks for help`);
  return scenarioFromFlags(parsed.values);
}

function emit(c: RealContext, items: readonly NamedDiff[]): number {
  const unexplained = items.reduce((sum, i) => sum + i.diff.unexplained, 0);
  if (c.json) {
    const json: RealDiffJson = { ok: true, unexplained, scenarios: items.map((i) => ({ name: i.name, flags: i.flags, ...jsonOf(i.diff) })) };
    c.io.out(`${JSON.stringify(json, null, 2)}\n`);
  } else c.io.out(`${items.map(scenarioText).join('\n')}\n${summaryLine(items)}`);
  return unexplained === 0 ? exitCode.ok : exitCode.failed;
}

/** The diff's fields in the order --json prints them. */
function jsonOf(diff: ScenarioDiff): ScenarioDiff {
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

export const realDiffCommand = realAction(realDiffSpec, async (values, _positionals, io, deps) => {
  if (values.record.length > 0) {
    // A diff of saved records needs no hosts, so no root and no libvirt.
    const where = scratchOf(values, io);
    if ('exit' in where) return where.exit;
    return savedRecords({ io, json: values.json, scratch: where.scratch, machine: null, harness: await deps.harness() }, values.record);
  }
  // Every scenario is checked before the machine and before the first run.
  const planned: Planned[] = [];
  for (const preset of values.preset ?? []) {
    const scenario = presetScenario(preset);
    if (!scenario.ok) return harnessFailure(io, scenario.error, values.json);
    planned.push({ letter: preset.letter, flags: flagsText(preset), scenario: scenario.value });
  }
  if (values.preset === undefined) {
    const scenario = scenarioFromFlags(values);
    if (!scenario.ok) return harnessFailure(io, scenario.error, values.json);
    planned.push({ letter: 'run', flags: scenarioSummary(scenario.value), scenario: scenario.value });
  }
  const outDirectory = values['out-dir'];
  if (outDirectory !== undefined) await checkWritableDir(outDirectory, 'out-dir');
  const c = await pairContext(values, io, deps);
  if ('exit' in c) return c.exit;
  if (outDirectory !== undefined) await makeDirs(outDirectory).catch((error: unknown) => {
    throw new UsageError(`--out-dir: ${reason(error)}`, 'cannot-write');
  });
  const items: NamedDiff[] = [];
  for (const { letter, flags: words, scenario } of planned) {
    const result = await c.harness.diffLive({ scratch: c.scratch, scenario, ...(values.timeout !== undefined ? { runTimeoutMs: Math.round(values.timeout / 1e6) } : {}) });
    if (!result.ok) return harnessFailure(c.io, result.error, c.json);
    if (outDirectory !== undefined) await c.harness.writeRecord(`${outDirectory}/${letter}.json`, result.value.record);
    const item = { name: letter === 'run' ? 'run' : `(${letter})`, flags: words, diff: result.value.diff };
    if (!c.json && c.io.interactive) c.io.err(scenarioText(item));
    items.push(item);
  }
  return emit(c, items);
});
