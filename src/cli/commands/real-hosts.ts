// `migsim real up`, `real status` and `real down`: the pair of real libvirtd hosts itself - made,
// looked at, and taken down again (src/real/up.ts, status.ts, down.ts).
import { exitCode } from '../io.js';
import { toggle, type CommandSpec } from '../command.js';
import { dirFlag, programFlags, realExits } from '../real-flags.js';
import type { RealDownJson, RealStatusJson, RealUpJson } from '../schemas/real-hosts.js';
import { commandSummaries } from '../summaries.js';
import { harnessFailure, pairContext, realAction } from './real-context.js';

const upFlags = {
  dir: dirFlag,
  'with-tls': toggle('make a throw-away CA and one certificate for both hosts, so that runs can use --tls'),
  ...programFlags,
  json: toggle("print the harness's state as one JSON object"),
};

export const realUpSpec: CommandSpec<typeof upFlags> = {
  name: 'real up',
  summary: commandSummaries['real up'],
  positionals: null,
  description: `Starts two real libvirtd hosts, hosta (10.250.0.1) and hostb (10.250.0.2), each in its own mount,
UTS and network namespaces, joined by a veth pair (docs/real.md). Needs root, unshare, nsenter,
mount, ip, ss, libvirtd, virsh, qemu-system-x86_64, qemu-img and qemu-io: the first thing missing
is one line naming it and its Debian package, before anything starts. Every action checks these
again, so a designer's build given here with --libvirtd, --virsh or --qemu is given to the others
too; LIBVIRT_DRIVER_DIR in the environment gives it its driver modules.`,
  flags: upFlags,
  exits: realExits('both hosts are up', null),
  schema: 'real-up',
};

export const realUpCommand = realAction(realUpSpec, async (values, _positionals, io, deps) => {
  const c = await pairContext(values, io, deps);
  if ('exit' in c) return c.exit;
  const result = await c.harness.up({ scratch: c.scratch, machine: c.machine, tls: values['with-tls'] });
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  const { A, B } = result.value.hosts;
  c.io.out(c.json ? `${JSON.stringify({ ok: true, state: result.value } satisfies RealUpJson)}\n` : `up: hosta (libvirtd ${A.libvirtdPid}) and hostb (libvirtd ${B.libvirtdPid}) in ${c.scratch}\n`);
  return exitCode.ok;
});

const statusFlags = { dir: dirFlag, ...programFlags, json: toggle("print both hosts' state as one JSON object") };

export const realStatusSpec: CommandSpec<typeof statusFlags> = {
  name: 'real status',
  summary: commandSummaries['real status'],
  positionals: null,
  description: 'Says, for each host, whether its libvirtd is running and answering, and lists its domains.',
  flags: statusFlags,
  exits: realExits('both daemons answer', 'a daemon is not running or does not answer'),
  schema: 'real-status',
};

export const realStatusCommand = realAction(realStatusSpec, async (values, _positionals, io, deps) => {
  const c = await pairContext(values, io, deps);
  if ('exit' in c) return c.exit;
  const result = await c.harness.status(c.scratch);
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  const { hosts } = result.value;
  const line = (k: 'A' | 'B'): string => `${hosts[k].hostname} ${hosts[k].address}: libvirtd ${hosts[k].libvirtdPid ?? '-'} `
    + `${hosts[k].answering ? 'answering' : 'NOT answering'}; ${hosts[k].domains.join('; ') || 'no domains'}`;
  c.io.out(c.json ? `${JSON.stringify({ ok: true, ...result.value } satisfies RealStatusJson)}\n` : `${line('A')}\n${line('B')}\n`);
  return result.value.healthy ? exitCode.ok : exitCode.failed;
});

const downFlags = { dir: dirFlag, ...programFlags, json: toggle('print what was stopped and removed as one JSON object') };

export const realDownSpec: CommandSpec<typeof downFlags> = {
  name: 'real down',
  summary: commandSummaries['real down'],
  positionals: null,
  description: `Stops every process the harness started, found by the PIDs its state file recorded and in each
host's network namespace, so that it works from another process after a run was killed; then
removes the veth pair and the harness's directory.`,
  flags: downFlags,
  exits: realExits('everything was stopped and removed', null),
  schema: 'real-down',
};

export const realDownCommand = realAction(realDownSpec, async (values, _positionals, io, deps) => {
  const c = await pairContext(values, io, deps);
  if ('exit' in c) return c.exit;
  const result = await c.harness.down(c.scratch, c.machine.tools.ip);
  if (!result.ok) return harnessFailure(c.io, result.error, c.json);
  c.io.out(c.json ? `${JSON.stringify({ ok: true, ...result.value } satisfies RealDownJson)}\n` : `down: stopped ${result.value.stoppedPids.length} processes, removed ${c.scratch}\n`);
  return exitCode.ok;
});
