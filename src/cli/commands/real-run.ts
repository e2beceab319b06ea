// `migsim real run`: one migration on the real pair, recorded (src/real/run.ts). Exit 0 when the
// migration completed, 1 when libvirt failed it (the record says how), 2 when the harness could
// not drive it.
import { scenarioFromFlags } from '../../real/scenario-flags.js';
import { summaryText } from '../../real/summary.js';
import { namedRewrite } from '../../real/rpc/rewrites.js';
import { option, toggle, type CommandSpec } from '../command.js';
import { exitCode } from '../io.js';
import { checkWritableDir, checkWritableFile } from '../paths.js';
import { dirFlag, programFlags, realExits, timeoutFlag } from '../real-flags.js';
import { realScenarioFlags } from '../real-scenario-flags.js';
import type { RealRunJson } from '../schemas/real-run.js';
import { commandSummaries } from '../summaries.js';
import { choice, kind, text } from '../values.js';
import { harnessFailure, pairContext, realAction } from './real-context.js';

const rewriteKind = kind('ACTION@POINT with ACTION drop-nbd, pass, nbd-port=N or uuid=UUID and POINT begin, prepare, perform or finish, e.g. drop-nbd@prepare',
  (value) => {
    const rewrite = namedRewrite(value);
    return rewrite.ok ? { ok: true, value: rewrite.value } : { ok: false, why: 'is not ACTION@POINT' };
  });

const flags = {
  dir: dirFlag,
  ...realScenarioFlags,
  timeout: timeoutFlag,
  out: option('FILE', text('a file path'), "also write the run's record (JSON) to FILE"),
  logs: option('DIR', text('a folder'), "also write the migration's part of both libvirtd logs to DIR (source.log, target.log)"),
  rewrite: option('ACTION@POINT', rewriteKind, 'put the RPC proxy between the daemons (--mode p2p or tunnelled) and change one cookie\nin flight: drop-nbd, nbd-port=N, uuid=UUID or pass, at begin | prepare | perform | finish'),
  'capture-frames': option('FILE', text('a file path'), 'with --rewrite: write every RPC frame the proxy saw (base64 JSON)'),
  'proxy-transport': option('HOW', choice(['tcp', 'unix'] as const), 'with --rewrite: tcp (default), the source daemon opens qemu+tcp://10.250.0.1:16600\n(a relay in its namespace) and the proxy reaches hostb\'s TCP listener the same way;\nunix: UNIX sockets in DIR only'),
  ...programFlags,
  json: toggle("print the run's record as one JSON object"),
};

export const realRunSpec: CommandSpec<typeof flags> = {
  name: 'real run',
  summary: commandSummaries['real run'],
  positionals: null,
  description: `Migrates a small TCG guest from hosta to hostb (started by 'migsim real up') with virsh migrate,
and records each phase's cookies as sent and as parsed, the QMP commands, the outcome in the
simulator's terms and both hosts' end state. The scenario flags have simulate's names; where the
real pair reads one differently its help says so (--tls needs hosts started with 'up --with-tls').
--json prints the record (docs/real.md, "The record"; the files in corpus/real/ are such records).`,
  flags,
  exits: realExits('the migration completed', 'the migration failed (the record says how)'),
  schema: 'real-run',
  check: (values) => {
    if (values.rewrite !== undefined) return null;
    if (values['capture-frames'] !== undefined) return '--capture-frames needs --rewrite (only the RPC proxy sees the frames)';
    return values['proxy-transport'] !== undefined ? '--proxy-transport needs --rewrite (it is how the RPC proxy is reached)' : null;
  },
};

export const realRunCommand = realAction(realRunSpec, async (values, _positionals, io, deps) => {
  // The scenario as a whole is checked before the machine: a scenario the pair cannot run needs no root to say so.
  const scenario = scenarioFromFlags(values);
  if (!scenario.ok) return harnessFailure(io, scenario.error, values.json);
  // Where the record, the frames and the logs go is checked before the run that fills them.
  if (values.out !== undefined) await checkWritableFile(values.out, 'out');
  if (values['capture-frames'] !== undefined) await checkWritableFile(values['capture-frames'], 'capture-frames');
  if (values.logs !== undefined) await checkWritableDir(values.logs, 'logs');
  const c = await pairContext(values, io, deps);
  if ('exit' in c) return c.exit;
  const result = await c.harness.runScenario({
    scratch: c.scratch,
    scenario: scenario.value,
    ...(values.timeout !== undefined ? { runTimeoutMs: Math.round(values.timeout / 1e6) } : {}),
    ...(values.logs !== undefined ? { logsDirectory: values.logs } : {}),
    ...(values.rewrite !== undefined ? { rewrite: values.rewrite } : {}),
    ...(values['proxy-transport'] !== undefined ? { proxyTransport: values['proxy-transport'] } : {}),
    ...(values['capture-frames'] !== undefined ? { captureFrames: true } : {}),
  });
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  const { capturedFrames, ...record } = result.value;
  if (values.out !== undefined) await c.harness.writeRecord(values.out, record);
  if (values['capture-frames'] !== undefined) await c.harness.writeFrames(values['capture-frames'], record, capturedFrames ?? []);
  c.io.out(c.json ? `${JSON.stringify(record satisfies RealRunJson, null, 2)}\n` : summaryText(record));
  return record.outcome.result === 'completed' ? exitCode.ok : exitCode.failed;
});
