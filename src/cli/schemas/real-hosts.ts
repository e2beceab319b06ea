// `migsim real up --json`, `real status --json` and `real down --json`: the pair of real libvirtd
// hosts itself - the harness's state file as `up` wrote it (src/real/state-file.ts), each host's
// daemon as `status` found it, and what `down` stopped and removed.
import { z } from 'zod';
import type { DownReport } from '../../real/down.js';
import type { HarnessState } from '../../real/state-file.js';
import type { HarnessStatus } from '../../real/status.js';
import { type Assert, type Describes, type JsonOf } from './common.js';
import { orHarnessFailure } from './real.js';

const pid = z.number().int().min(1);

const hostState = z.strictObject({
  unsharePid: pid.nullable().describe('unshare --fork, which created the namespaces'),
  holderPid: pid.nullable().describe("unshare's child, which holds the namespaces"),
  libvirtdPid: pid.nullable(),
  netns: z.string().nullable().describe("net:[inode] of the host's network namespace"),
  qemuPids: z.array(pid),
});

const harnessState = z.strictObject({
  version: z.literal(1),
  id: z.string(),
  scratch: z.string().describe("the harness's directory"),
  createdAt: z.string().describe('ISO 8601'),
  veth: z.strictObject({ A: z.string(), B: z.string() }).describe('the veth pair, hosta\'s end and hostb\'s'),
  programs: z.strictObject({
    libvirtd: z.string(), virsh: z.string(), qemu: z.string(),
    driverDir: z.string().nullable().describe("LIBVIRT_DRIVER_DIR for a self-built libvirt's driver modules; null: the installed ones"),
  }),
  tls: z.boolean().describe('started with --with-tls'),
  hosts: z.strictObject({ A: hostState, B: hostState }),
  extraPids: z.array(pid).describe('other processes started for the harness (the RPC proxy\'s relay), stopped on down'),
});

const hostStatus = z.strictObject({
  hostname: z.string(),
  address: z.string(),
  libvirtdPid: pid.nullable(),
  libvirtdAlive: z.boolean(),
  answering: z.boolean().describe('virsh list answered'),
  domains: z.array(z.string()).describe('virsh list --all rows'),
});

const harnessStatus = z.strictObject({
  scratch: z.string(),
  healthy: z.boolean().describe('both daemons answer (exit 0)'),
  state: harnessState,
  hosts: z.strictObject({ A: hostStatus, B: hostStatus }),
});

const downReport = z.strictObject({
  scratch: z.string(),
  stoppedPids: z.array(pid),
  vethDeleted: z.array(z.string()),
  scratchRemoved: z.boolean().describe('false when nothing had been made there'),
});

export const realUpSchema = orHarnessFailure(z.strictObject({ ok: z.literal(true), state: harnessState }));
export const realStatusSchema = orHarnessFailure(z.strictObject({ ok: z.literal(true), ...harnessStatus.shape }));
export const realDownSchema = orHarnessFailure(z.strictObject({ ok: z.literal(true), ...downReport.shape }));

export type RealUpJson = JsonOf<typeof realUpSchema>;
export type RealStatusJson = JsonOf<typeof realStatusSchema>;
export type RealDownJson = JsonOf<typeof realDownSchema>;

type _Exact = [
  Assert<Describes<typeof harnessState, HarnessState>>,
  Assert<Describes<typeof harnessStatus, HarnessStatus>>,
  Assert<Describes<typeof downReport, DownReport>>,
];
