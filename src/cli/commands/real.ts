// `migsim real up|down|status|run`: a real libvirtd pair in namespaces (src/real). Exit codes:
// 0 ok (run: the migration completed), 1 the migration failed (the record says how), 2 bad
// usage or a harness error such as not root or a missing program - always one line on stderr.
import { parseDuration } from '../../real/duration.js';
import type { RealError, RealResult } from '../../real/errors.js';
import type * as Harness from '../../real/harness.js';
import { checkMachine, realMachine, type Machine, type MachineProbe } from '../../real/preconditions.js';
import type { RunOptions } from '../../real/run.js';
import { scratchDirectory } from '../../real/options.js';
import { scenarioFlagsHelp, scenarioFromFlags } from '../../real/scenario-flags.js';
import { summaryText } from '../../real/summary.js';
import { namedRewrite } from '../../real/rpc/rewrites.js';
import { parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';

export const realUsage = `usage: migsim real up [--dir DIR] [--with-tls] [--libvirtd PATH] [--virsh PATH] [--qemu PATH]
       migsim real run [--dir DIR] [scenario flags] [--timeout DURATION] [--out FILE] [--logs DIR]
                       [--rewrite ACTION@POINT [--capture-frames FILE]] [--json]
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
Scenario flags:
${scenarioFlagsHelp}
`;

export interface RealDeps {
  readonly probe: MachineProbe;
  readonly harness: () => Promise<typeof Harness>;
}

export const realDeps: RealDeps = { probe: realMachine, harness: () => import('../../real/harness.js') };

function harnessFailure(io: CliIo, error: RealError, json: boolean): number {
  io.err(`migsim real: ${error.message}\n`);
  if (json) io.out(`${JSON.stringify({ ok: false, error })}\n`);
  return exitCode.usage;
}

const optionSpec = {
  dir: { type: 'string' }, json: { type: 'boolean' }, 'with-tls': { type: 'boolean' }, help: { type: 'boolean' }, libvirtd: { type: 'string' },
  virsh: { type: 'string' }, qemu: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' }, logs: { type: 'string' },
  rewrite: { type: 'string' }, 'capture-frames': { type: 'string' }, 'proxy-transport': { type: 'string' }, 'copy-storage': { type: 'string' }, mode: { type: 'string' },
  disks: { type: 'string' }, 'migrate-disks': { type: 'string' }, persistent: { type: 'boolean' }, offline: { type: 'boolean' },
  unsafe: { type: 'boolean' }, tls: { type: 'boolean' }, graphics: { type: 'string' }, abort: { type: 'string' },
  'destination-disk': { type: 'string' }, guest: { type: 'string' }, bandwidth: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof optionSpec>>['values'];
type HarnessModule = Awaited<ReturnType<RealDeps['harness']>>;

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

interface Context {
  readonly io: CliIo;
  readonly json: boolean;
  readonly scratch: string;
  readonly machine: Machine;
  readonly harness: HarnessModule;
}

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
  const { values, positionals } = parse(args, optionSpec, 1);
  const action = positionals[0];
  if (values.help || action === undefined) {
    io.out(realUsage);
    return values.help ? exitCode.ok : exitCode.usage;
  }
  if (!['up', 'down', 'status', 'run'].includes(action)) throw new UsageError(`unknown action '${action}' (up, down, status or run)`);
  const json = values.json ?? false;
  const scratch = scratchDirectory(values.dir, io.env);
  if (!scratch.ok) return harnessFailure(io, scratch.error, json);
  const run = action === 'run' ? runOptions(values) : null;
  if (run !== null && !run.ok) return harnessFailure(io, run.error, json);
  const machine = checkMachine({ libvirtd: values.libvirtd ?? null, virsh: values.virsh ?? null, qemu: values.qemu ?? null,
    driverDir: io.env.LIBVIRT_DRIVER_DIR ?? null }, deps.probe);
  if (!machine.ok) return harnessFailure(io, machine.error, json);
  const context: Context = { io, json, scratch: scratch.value, machine: machine.value, harness: await deps.harness() };
  if (action === 'up') return upAction(context, values['with-tls'] ?? false);
  if (action === 'down') return downAction(context);
  if (action === 'status') return statusAction(context);
  if (run === null) throw new UsageError('run needs a scenario');
  return runAction(context, run.value, values.out, values['capture-frames']);
}
