// `migsim real up|down|status|run`: a real libvirtd pair in namespaces (src/real). Exit codes:
// 0 ok (run: the migration completed), 1 the migration failed (the record says how), 2 bad
// usage or a harness error such as not root or a missing program - always one line on stderr.
import { parseDuration } from '../../real/duration.js';
import type { RealResult } from '../../real/errors.js';
import { checkMachine, type Machine } from '../../real/preconditions.js';
import type { RunOptions } from '../../real/run.js';
import { scratchDirectory } from '../../real/options.js';
import { scenarioFlagsHelp, scenarioFromFlags, type ScenarioFlagValues } from '../../real/scenario-flags.js';
import { summaryText } from '../../real/summary.js';
import { namedRewrite } from '../../real/rpc/rewrites.js';
import { parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';
import { harnessFailure, realDeps, type RealContext, type RealDeps } from './real-context.js';
import { diffAction, diffPresetsHelp, diffRequest } from './real-diff.js';
import { focusOption, fuzzAction, fuzzBudget, replayAction, type FuzzRequest } from './real-fuzz.js';
import { policyOption } from '../scenario-flags.js';

function seedOption(text: string | undefined): number {
  if (text === undefined) return 1;
  if (!/^\d{1,15}$/.test(text)) throw new UsageError(`--seed: '${text}' is not a whole number from 0`, 'bad-value');
  return Number(text);
}

export { realDeps, type RealDeps } from './real-context.js';

export const realUsage = `usage: migsim real up [--dir DIR] [--with-tls] [--libvirtd PATH] [--virsh PATH] [--qemu PATH]
       migsim real run [--dir DIR] [scenario flags] [--timeout DURATION] [--out FILE] [--logs DIR]
                       [--rewrite ACTION@POINT [--capture-frames FILE]] [--json]
       migsim real diff [--dir DIR] [scenario flags | --preset LETTERS | --record FILE...]
                        [--timeout DURATION] [--out-dir DIR] [--json]
       migsim real fuzz [--dir DIR] [--time DURATION] [--runs N] [--seed N] [--policy SPEC]
                        [--focus all|nbd-port] [--out-dir DIR] [--json]
       migsim real replay [--dir DIR] FILE [--json]
       migsim real status [--dir DIR] [--json]
       migsim real down [--dir DIR]

Two real libvirtd hosts (hosta 10.250.0.1, hostb 10.250.0.2) in their own mount, UTS and
network namespaces, joined by a veth pair; needs root, unshare, ip, libvirtd, virsh, QEMU and
qemu-utils. 'run' migrates a small TCG guest from hosta to hostb with virsh migrate and records
each phase's cookies, the QMP commands, the outcome and both hosts' end state. 'down' stops every
process the harness started, by PID, and removes its directory (also after a killed run).

  --dir DIR          the harness's directory (default $MIGSIM_REAL_DIR or <tmpdir>/migsim-real)
  --with-tls         make a throw-away CA and certificate for both hosts, so runs can use --tls
  --libvirtd PATH --virsh PATH --qemu PATH   a designer's own build (QEMU: the emulator in the
                     domain XML); LIBVIRT_DRIVER_DIR in the environment for its driver modules
  --timeout DURATION the whole virsh migrate, then domjobabort, then kill (default 90s)
  --out FILE         also write the run's record (JSON) to FILE
  --logs DIR         also write the migration's part of both libvirtd logs to DIR
  --rewrite ACTION@POINT  (--mode p2p|tunnelled) put the RPC proxy between the daemons and
                     change one cookie in flight: drop-nbd, nbd-port=N or pass, at
                     begin|prepare|perform|finish
  --capture-frames FILE   with --rewrite: write every RPC frame the proxy saw (base64 JSON)
  --proxy-transport tcp|unix  tcp (default): the source daemon opens qemu+tcp://10.250.0.1:16600
                     (a relay in its namespace) and the proxy reaches hostb's TCP listener the
                     same way; unix: UNIX sockets in DIR only

'diff' runs the scenario on the pair and in the simulator and compares the outcome and error,
the phases, every cookie element by element (values that naturally differ masked by named
rules), the NBD path as QMP commands and the end state (docs/real.md). Exit 1 on a difference
no deliberate deviation explains.
  --preset LETTERS   scenarios of issue 13 item 6 by letter (a,c,d or all) instead of flags:
${diffPresetsHelp}
  --record FILE      compare a saved record (run --out, corpus/real/*.json); needs no hosts
  --out-dir DIR      also write each real record to DIR/<letter>.json (diff), or the case files
                     of failing cases there (fuzz; default artifacts/real-fuzz)

'fuzz' puts the RPC proxy on the p2p link and changes the Begin, Prepare or Perform cookie in
flight with the fuzzer's mutators; each case starts from a clean reset, is bounded in time, and
is judged: the receiver's verdict against the reference codec (--policy libvirt or strict), and
the invariants on the real hosts against the model's prediction for the same case.
  --time DURATION    stop starting cases after this long (default 60s unless --runs is given)
  --runs N           at most N cases
  --seed N           the cases drawn (default 1)
  --focus nbd-port   only the <nbd> port of the Begin or Prepare cookie, set to edge values
'replay' runs a case file of 'fuzz' on the pair again, delivering the exact bytes it recorded;
'migsim replay FILE' runs the same file in the simulator.
Scenario flags:
${scenarioFlagsHelp}
`;

const optionSpec = {
  dir: { type: 'string' }, json: { type: 'boolean' }, 'with-tls': { type: 'boolean' }, help: { type: 'boolean' }, libvirtd: { type: 'string' },
  virsh: { type: 'string' }, qemu: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' }, logs: { type: 'string' },
  rewrite: { type: 'string' }, 'capture-frames': { type: 'string' }, 'proxy-transport': { type: 'string' }, 'copy-storage': { type: 'string' }, mode: { type: 'string' },
  disks: { type: 'string' }, 'migrate-disks': { type: 'string' }, persistent: { type: 'boolean' }, offline: { type: 'boolean' },
  unsafe: { type: 'boolean' }, tls: { type: 'boolean' }, graphics: { type: 'string' }, abort: { type: 'string' },
  'destination-disk': { type: 'string' }, guest: { type: 'string' }, bandwidth: { type: 'string' },
  preset: { type: 'string' }, record: { type: 'string', multiple: true }, 'out-dir': { type: 'string' },
  time: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, policy: { type: 'string' }, focus: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof optionSpec>>['values'];

/** The scenario flags given, for `diff` (which also takes --preset or --record instead). */
function scenarioFlags(values: Values): ScenarioFlagValues {
  const { persistent, offline, unsafe, tls, mode, disks, graphics, abort, guest, bandwidth } = values;
  const given = { 'copy-storage': values['copy-storage'], mode, disks, 'migrate-disks': values['migrate-disks'], persistent, offline, unsafe, tls, graphics, abort,
    'destination-disk': values['destination-disk'], guest, bandwidth };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as ScenarioFlagValues;
}

function timeoutOption(values: Values): RealResult<{ runTimeoutMs?: number }> {
  if (values.timeout === undefined) return { ok: true, value: {} };
  const parsed = parseDuration(values.timeout);
  return parsed.ok ? { ok: true, value: { runTimeoutMs: parsed.value } } : parsed;
}

/** Everything `run` takes besides the directory, from its flags, or the first bad one. */
function runOptions(values: Values): RealResult<Omit<RunOptions, 'scratch'>> {
  const scenario = scenarioFromFlags(values);
  if (!scenario.ok) return scenario;
  const rewrite = values.rewrite === undefined ? null : namedRewrite(values.rewrite);
  if (rewrite !== null && !rewrite.ok) return rewrite;
  const transport = values['proxy-transport'];
  if (transport !== undefined && transport !== 'tcp' && transport !== 'unix') {
    return { ok: false, error: { code: 'scenario-invalid', message: `--proxy-transport must be tcp or unix (got '${transport}')` } };
  }
  const timeoutMs = values.timeout === undefined ? null : parseDuration(values.timeout);
  if (timeoutMs !== null && !timeoutMs.ok) return timeoutMs;
  return { ok: true, value: {
    scenario: scenario.value,
    ...(timeoutMs !== null ? { runTimeoutMs: timeoutMs.value } : {}),
    ...(values.logs !== undefined ? { logsDirectory: values.logs } : {}),
    ...(rewrite !== null ? { rewrite: rewrite.value } : {}),
    ...(transport !== undefined ? { proxyTransport: transport } : {}),
    ...(values['capture-frames'] !== undefined ? { captureFrames: true } : {}),
  } };
}

type Context = RealContext & { readonly machine: Machine };

async function upAction(c: Context, tls: boolean): Promise<number> {
  const result = await c.harness.up({ scratch: c.scratch, machine: c.machine, tls });
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  const { A, B } = result.value.hosts;
  c.io.out(c.json ? `${JSON.stringify({ ok: true, state: result.value })}\n` : `up: hosta (libvirtd ${A.libvirtdPid}) and hostb (libvirtd ${B.libvirtdPid}) in ${c.scratch}\n`);
  return exitCode.ok;
}

async function downAction(c: Context): Promise<number> {
  const result = await c.harness.down(c.scratch, c.machine.tools.ip);
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  c.io.out(c.json ? `${JSON.stringify({ ok: true, ...result.value })}\n` : `down: stopped ${result.value.stoppedPids.length} processes, removed ${c.scratch}\n`);
  return exitCode.ok;
}

async function statusAction(c: Context): Promise<number> {
  const result = await c.harness.status(c.scratch);
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  const { hosts } = result.value;
  const line = (k: 'A' | 'B'): string => `${hosts[k].hostname} ${hosts[k].address}: libvirtd ${hosts[k].libvirtdPid ?? '-'} `
    + `${hosts[k].answering ? 'answering' : 'NOT answering'}; ${hosts[k].domains.join('; ') || 'no domains'}`;
  c.io.out(c.json ? `${JSON.stringify({ ok: true, ...result.value })}\n` : `${line('A')}\n${line('B')}\n`);
  return result.value.healthy ? exitCode.ok : exitCode.failed;
}

async function runAction(c: Context, options: Omit<RunOptions, 'scratch'>, out: string | undefined, framesFile: string | undefined): Promise<number> {
  const result = await c.harness.runScenario({ scratch: c.scratch, ...options });
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  const { capturedFrames, ...record } = result.value;
  if (out !== undefined) await c.harness.writeRecord(out, record);
  if (framesFile !== undefined) await c.harness.writeFrames(framesFile, record, capturedFrames ?? []);
  c.io.out(c.json ? `${JSON.stringify(record, null, 2)}\n` : summaryText(record));
  return record.outcome.result === 'completed' ? exitCode.ok : exitCode.failed;
}

export async function realCommand(args: readonly string[], io: CliIo, deps: RealDeps = realDeps): Promise<number> {
  const { values, positionals } = parse(args, optionSpec, 2);
  const action = positionals[0];
  if (values.help || action === undefined) {
    io.out(realUsage);
    return values.help ? exitCode.ok : exitCode.usage;
  }
  if (!['up', 'down', 'status', 'run', 'diff', 'fuzz', 'replay'].includes(action)) throw new UsageError(`unknown action '${action}' (up, down, status, run, diff, fuzz or replay)`);
  const file = positionals[1];
  if ((action === 'replay') !== (file !== undefined)) throw new UsageError(action === 'replay' ? 'replay needs a case file' : `unexpected argument '${file ?? ''}'`);
  const json = values.json ?? false;
  const scratch = scratchDirectory(values.dir, io.env);
  if (!scratch.ok) return harnessFailure(io, scratch.error, json);
  const run = action === 'run' ? runOptions(values) : null;
  if (run !== null && !run.ok) return harnessFailure(io, run.error, json);
  const timeout = timeoutOption(values);
  if (!timeout.ok) return harnessFailure(io, timeout.error, json);
  const diff = action === 'diff' ? diffRequest(scenarioFlags(values), values.preset, values.record ?? [], timeout.value, values['out-dir']) : null;
  if (diff !== null && !diff.ok) return harnessFailure(io, diff.error, json);
  const fuzz: FuzzRequest | null = action === 'fuzz' ? {
    ...fuzzBudget(values.time, values.runs), seed: seedOption(values.seed), policy: await policyOption(values.policy, io), focus: focusOption(values.focus),
    outDirectory: values['out-dir'] ?? 'artifacts/real-fuzz',
  } : null;
  // A diff of saved records needs no hosts, so no root and no libvirt.
  if (diff !== null && diff.value.records.length > 0) return diffAction({ io, json, scratch: scratch.value, machine: null, harness: await deps.harness() }, diff.value);
  const machine = checkMachine({ libvirtd: values.libvirtd ?? null, virsh: values.virsh ?? null, qemu: values.qemu ?? null,
    driverDir: io.env.LIBVIRT_DRIVER_DIR ?? null }, deps.probe);
  if (!machine.ok) return harnessFailure(io, machine.error, json);
  const context: Context = { io, json, scratch: scratch.value, machine: machine.value, harness: await deps.harness() };
  if (action === 'up') return upAction(context, values['with-tls'] ?? false);
  if (action === 'down') return downAction(context);
  if (action === 'status') return statusAction(context);
  if (diff !== null) return diffAction(context, diff.value);
  if (fuzz !== null) return fuzzAction(context, fuzz);
  if (action === 'replay' && file !== undefined) return replayAction(context, file);
  if (run === null) throw new UsageError('run needs a scenario');
  return runAction(context, run.value, values.out, values['capture-frames']);
}
