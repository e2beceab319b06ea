// `migsim real up|down|status|run`: a real libvirtd pair in namespaces (src/real). Exit codes:
// 0 ok (run: the migration completed), 1 the migration failed (the record says how), 2 bad
// usage or a harness error such as not root or a missing program - always one line on stderr.
import { parseDuration } from '../../real/duration.js';
import type { RealError } from '../../real/errors.js';
import type * as Harness from '../../real/harness.js';
import { checkMachine, realMachine, type MachineProbe } from '../../real/preconditions.js';
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
                     change one cookie in flight: drop-nbd or pass, at begin|prepare|perform|finish
  --capture-frames FILE   with --rewrite: write every RPC frame the proxy saw (base64 JSON)
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
  dir: { type: 'string' }, json: { type: 'boolean' }, 'with-tls': { type: 'boolean' }, help: { type: 'boolean' }, libvirtd: { type: 'string' }, virsh: { type: 'string' },
  qemu: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' }, logs: { type: 'string' }, rewrite: { type: 'string' }, 'capture-frames': { type: 'string' }, 'copy-storage': { type: 'string' }, mode: { type: 'string' },
  disks: { type: 'string' }, 'migrate-disks': { type: 'string' }, persistent: { type: 'boolean' }, offline: { type: 'boolean' },
  unsafe: { type: 'boolean' }, tls: { type: 'boolean' }, graphics: { type: 'string' }, abort: { type: 'string' },
  'destination-disk': { type: 'string' }, guest: { type: 'string' }, bandwidth: { type: 'string' },
} as const;

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
  const scenario = action === 'run' ? scenarioFromFlags(values) : null;
  if (scenario && !scenario.ok) return harnessFailure(io, scenario.error, json);
  const rewrite = values.rewrite === undefined ? null : namedRewrite(values.rewrite);
  if (rewrite !== null && !rewrite.ok) return harnessFailure(io, rewrite.error, json);
  const timeoutMs = values.timeout === undefined ? undefined : parseDuration(values.timeout);
  if (timeoutMs !== undefined && !timeoutMs.ok) return harnessFailure(io, timeoutMs.error, json);
  const machine = checkMachine({ libvirtd: values.libvirtd ?? null, virsh: values.virsh ?? null, qemu: values.qemu ?? null,
    driverDir: io.env.LIBVIRT_DRIVER_DIR ?? null }, deps.probe);
  if (!machine.ok) return harnessFailure(io, machine.error, json);
  const harness = await deps.harness();
  switch (action) {
    case 'up': {
      const result = await harness.up({ scratch: scratch.value, machine: machine.value, tls: values['with-tls'] ?? false });
      if (!result.ok) return harnessFailure(io, result.error, json);
      io.out(json ? `${JSON.stringify({ ok: true, state: result.value })}\n`
        : `up: hosta (libvirtd ${result.value.hosts.A.libvirtdPid}) and hostb (libvirtd ${result.value.hosts.B.libvirtdPid}) in ${scratch.value}\n`);
      return exitCode.ok;
    }
    case 'down': {
      const result = await harness.down(scratch.value, machine.value.tools.ip);
      if (!result.ok) return harnessFailure(io, result.error, json);
      io.out(json ? `${JSON.stringify({ ok: true, ...result.value })}\n`
        : `down: stopped ${result.value.stoppedPids.length} processes, removed ${scratch.value}\n`);
      return exitCode.ok;
    }
    case 'status': {
      const result = await harness.status(scratch.value);
      if (!result.ok) return harnessFailure(io, result.error, json);
      const { hosts } = result.value;
      io.out(json ? `${JSON.stringify({ ok: true, ...result.value })}\n` : (['A', 'B'] as const).map((k) =>
        `${hosts[k].hostname} ${hosts[k].address}: libvirtd ${hosts[k].libvirtdPid ?? '-'} ${hosts[k].answering ? 'answering' : 'NOT answering'}; ${hosts[k].domains.join('; ') || 'no domains'}`).join('\n') + '\n');
      return result.value.healthy ? exitCode.ok : exitCode.failed;
    }
    default: {
      if (scenario === null || !scenario.ok) throw new UsageError('run needs a scenario');
      const result = await harness.runScenario({ scratch: scratch.value, scenario: scenario.value, ...(timeoutMs?.ok ? { runTimeoutMs: timeoutMs.value } : {}),
        ...(values.logs !== undefined ? { logsDirectory: values.logs } : {}),
        ...(rewrite?.ok ? { rewrite: rewrite.value } : {}), ...(values['capture-frames'] !== undefined ? { captureFrames: true } : {}) });
      if (!result.ok) return harnessFailure(io, result.error, json);
      const { capturedFrames, ...record } = result.value;
      if (values.out !== undefined) await harness.writeRecord(values.out, record);
      if (values['capture-frames'] !== undefined) await harness.writeFrames(values['capture-frames'], record, capturedFrames ?? []);
      io.out(json ? `${JSON.stringify(record, null, 2)}\n` : summaryText(record));
      return record.outcome.result === 'completed' ? exitCode.ok : exitCode.failed;
    }
  }
}
