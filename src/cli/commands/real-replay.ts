// `migsim real replay FILE`: a case file of `real fuzz` run on the pair again from a clean reset,
// delivering the exact bytes it recorded (src/real/fuzz/replay.ts); `migsim replay FILE` runs the
// same file in the simulator. Exit 1 when the failure reproduces, 0 when the case passes now.
import { realCaseFromJson } from '../../real/fuzz/case-file.js';
import { caseLine } from '../../real/fuzz/report.js';
import { toggle, type CommandSpec } from '../command.js';
import { exitCode, reason } from '../io.js';
import { dirFlag, programFlags, realExits } from '../real-flags.js';
import type { RealReplayJson } from '../schemas/real-replay.js';
import { commandSummaries } from '../summaries.js';
import { harnessFailure, pairContext, realAction } from './real-context.js';

const flags = { dir: dirFlag, ...programFlags, json: toggle('print the recorded and the replayed judgement as one JSON object') };

export const realReplaySpec: CommandSpec<typeof flags> = {
  name: 'real replay',
  summary: commandSummaries['real replay'],
  positionals: { synopsis: 'FILE', min: 1, max: 1 },
  description: `Runs a case file written by 'migsim real fuzz' on the pair again, from a clean reset, delivering the
exact bytes the receiver got then, and judges it again. 'migsim replay FILE' runs the same file in
the simulator.`,
  flags,
  exits: realExits('the case passes now', 'the failure reproduces on the real pair'),
  schema: 'real-replay',
};

export const realReplayCommand = realAction(realReplaySpec, async (values, positionals, io, deps) => {
  const file = positionals[0] ?? '';
  // The file is read and checked before the machine: a file that is no real case needs no root to say so.
  let text: string;
  try {
    text = new TextDecoder().decode(await io.readBytes(file));
  } catch (error) {
    return harnessFailure(io, { code: 'record-invalid', message: `cannot read ${file}: ${reason(error)}` }, values.json);
  }
  const parsed = realCaseFromJson(file, text);
  if (!parsed.ok) return harnessFailure(io, parsed.error, values.json);
  const c = await pairContext(values, io, deps);
  if ('exit' in c) return c.exit;
  const replayed = await c.harness.replayRealCase(c.scratch, parsed.value);
  if (!replayed.ok) return harnessFailure(c.io, replayed.error, c.json);
  const result = replayed.value;
  const reproduces = result.harnessError !== null || result.judgement?.failure !== null;
  if (c.json) c.io.out(`${JSON.stringify({ ok: true, reproduces, recorded: parsed.value.real.judgement, replayed: result } satisfies RealReplayJson, null, 2)}\n`);
  else c.io.out(`${caseLine(result)}${reproduces ? 'the failure reproduces on the real pair\n' : 'the case passes now\n'}`);
  return reproduces ? exitCode.failed : exitCode.ok;
});
