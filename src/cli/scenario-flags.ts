// The scenario flags, in one table shared by `simulate`, `explain` (and `matrix` and `real run`
// where they make sense): the two sides, what the user asks for, the domain's disks, the link, the
// guest's writes, the policy and the seed, mapped onto ScenarioOptions (src/sim/handshake/scenario.ts).
// A side or policy given as `@FILE` is read from a JSON file.
import type { AbortPoint, CopyStorage, DestinationDisk, MigrationMode } from '../model/migration/types.js';
import { parseDiskList } from '../model/migration/disk-spec.js';
import { copiedDisks } from '../model/migration/disks.js';
import { formatBytes } from '../model/units.js';
import { parsePolicySpec, policyFromJson, type DesignerPolicy, type PolicyParse } from '../model/policy.js';
import { parseSideSpec, profileFromJson, type ProfileResult, type SideProfile } from '../model/versions/profile.js';
import { applyPlugin, type PeerPlugin } from '../fuzz/plugin.js';
import { buildScenario, defaultGuestWrites, type Scenario, type ScenarioOptions } from '../sim/handshake/scenario.js';
import { storageModelProblem } from '../sim/handshake/storage-copy.js';
import { option, toggle, type Values } from './command.js';
import { reason, UsageError, type CliIo } from './io.js';
import { choice, list, portList, portRange, rate, seed, size, span, text } from './values.js';

export const defaultSide = 'libvirt=9.0.0,qemu=7.2.0';
const diskName = /^[a-z][a-z0-9]{0,15}$/;

export const copyStorageFlag = option('MODE', choice<CopyStorage>(['all', 'inc', 'none']), 'all | inc | none (default all): virsh migrate --copy-storage-all, -inc, or neither');
export const modeFlag = option('MODE', choice<MigrationMode>(['regular', 'p2p', 'tunnelled']), 'regular | p2p | tunnelled (default regular)');
export const policyFlag = option('SPEC|@FILE', text('a policy: libvirt or strict, then switches key=value (see migsim policies), or @FILE'), "libvirt | strict, plus switches key=value (see 'migsim policies')");
export const seedFlag = option('N|COMMIT', seed(), 'a whole number or a git commit hash (default 1)');

export const scenarioFlags = {
  source: option('SPEC|@FILE', text('a side: libvirt=VERSION,qemu=VERSION[,+cap,-cap] or @FILE'), `libvirt=VERSION,qemu=VERSION[,+cap,-cap], or a JSON profile (default ${defaultSide})`),
  destination: option('SPEC|@FILE', text('a side: libvirt=VERSION,qemu=VERSION[,+cap,-cap] or @FILE'), `the destination, same form (default ${defaultSide})`, ['target']),
  'copy-storage': copyStorageFlag,
  mode: modeFlag,
  policy: policyFlag,
  seed: seedFlag,
  persistent: toggle('--persistent: the domain is defined on the destination too'),
  offline: toggle('--offline: migrate the definition only, no running guest'),
  unsafe: toggle('--unsafe: migrate even where libvirt deems it unsafe'),
  tls: toggle('--tls: the migration and NBD streams use TLS'),
  graphics: option('KIND', choice(['none', 'vnc', 'spice'] as const), 'the domain\'s graphics: none | vnc | spice (default spice)'),
  disks: option('LIST', text('a disk list such as vda:10GiB:qcow2+backing,vdb:1GiB:raw:shared'), 'the domain\'s disks, NAME[:SIZE][:FORMAT][:STORAGE],... e.g. vda:10GiB:qcow2+backing,vdb:1GiB:raw:shared\n(FORMAT qcow2 | raw | qcow2+backing, STORAGE local | shared, or readonly; default vda)'),
  'disk-size': option('SIZE', size(1), 'the size of each disk whose size --disks does not give (default 10GiB)'),
  'migrate-disks': option('LIST', list('disk names such as vda,vdb', (name) => (diskName.test(name) ? { ok: true, value: name } : { ok: false, why: 'is not a disk name' })), 'copy only these of the disks (virsh migrate --migrate-disks)'),
  'destination-disk': option('HOW', choice<DestinationDisk>(['precreated', 'missing', 'pool']), "the destination's disks: precreated | missing | pool (default precreated)"),
  abort: option('POINT', choice<AbortPoint>(['begin', 'prepare', 'perform', 'mirror', 'finish']), 'the user aborts the job (virsh domjobabort) at begin | prepare | perform | mirror | finish'),
  'nbd-port-range': option('MIN-MAX', portRange(), "the destination's migration port range (default 49152-49215)"),
  'ports-in-use': option('LIST', portList(), 'ports of that range other processes already hold, e.g. 49152,49153'),
  bandwidth: option('RATE', rate(null), 'migration link bandwidth (default 1GiB/s)'),
  rtt: option('DURATION', span(0), 'migration link round-trip time (default 1ms; 0 for the same host)'),
  'dirty-rate': option('RATE', rate('no guest writes'), "the guest's writes to its disks while they are copied (default 1.25MiB/s: 20 random 64 KiB writes a second)"),
  'write-size': option('SIZE', size(1), 'size of each guest write (default 64KiB)'),
};

export type ScenarioValues = Values<typeof scenarioFlags>;

async function readJsonArgument(spec: string, io: CliIo, flag: string): Promise<unknown> {
  const path = spec.slice(1);
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(path);
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${path}: ${reason(error)}`, 'cannot-read');
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (error) {
    throw new UsageError(`--${flag}: ${path} is not JSON: ${reason(error)}`, 'cannot-read');
  }
}

export async function sideOption(spec: string | undefined, io: CliIo, flag: string): Promise<SideProfile> {
  const text = spec ?? defaultSide;
  const result: ProfileResult = text.startsWith('@') ? profileFromJson(await readJsonArgument(text, io, flag)) : parseSideSpec(text);
  if (!result.ok) throw new UsageError(`--${flag}: ${result.message}`);
  return result.profile;
}

export async function policyOption(spec: string | undefined, io: CliIo, flag = 'policy'): Promise<DesignerPolicy> {
  const text = spec ?? 'libvirt';
  const result: PolicyParse = text.startsWith('@') ? policyFromJson(await readJsonArgument(text, io, flag)) : parsePolicySpec(text);
  if (!result.ok) throw new UsageError(`--${flag}: ${result.message}`);
  return result.policy;
}

function disksOf(values: ScenarioValues): ScenarioOptions['disks'] {
  if (values.disks === undefined && values['disk-size'] === undefined) return undefined;
  const parsed = parseDiskList(values.disks ?? 'vda', values['disk-size']);
  if (!parsed.ok) throw new UsageError(`--disks: '${values.disks ?? ''}': ${parsed.message}`);
  const names = parsed.disks.map((d) => d.target);
  const stranger = values['migrate-disks']?.find((name) => !names.includes(name));
  if (stranger !== undefined) throw new UsageError(`--migrate-disks: '${stranger}' is not one of the domain's disks (${names.join(', ')}); name them with --disks`);
  return parsed.disks;
}

function guestWritesOf(values: ScenarioValues): ScenarioOptions['guestWrites'] {
  const rateBytes = values['dirty-rate'];
  const writeSize = values['write-size'];
  if (rateBytes === 0) return null;
  if (rateBytes === undefined && writeSize === undefined) return undefined;
  return { ...defaultGuestWrites, rateBytesPerSecond: rateBytes ?? defaultGuestWrites.rateBytesPerSecond, writeSizeBytes: writeSize ?? defaultGuestWrites.writeSizeBytes };
}

/**
 * The block-stream model's refusal as one line: its work budget's own sentence ('cannot simulate
 * this in reasonable time: ...'), or the value it cannot take, said of `subject`.
 */
export function modelRefusal(problem: string, subject = 'this'): UsageError {
  return new UsageError(problem.startsWith('cannot simulate') ? problem : `cannot simulate ${subject}: ${problem}`, 'cannot-simulate');
}

/**
 * The scenario the flags describe, with a designer's plug-in peers and policy switches when given;
 * a scenario the storage model cannot time is refused in one line.
 */
export async function scenarioFrom(values: ScenarioValues, io: CliIo, plugin: PeerPlugin | null = null): Promise<Scenario> {
  const applied = applyPlugin(plugin);
  const disks = disksOf(values);
  if (disks === undefined && values['migrate-disks']?.some((name) => name !== 'vda')) {
    throw new UsageError(`--migrate-disks: the domain has only vda; name its disks with --disks`);
  }
  const guestWrites = guestWritesOf(values);
  const scenario = buildScenario({
    source: await sideOption(values.source, io, 'source'),
    target: await sideOption(values.destination, io, 'destination'),
    copyStorage: values['copy-storage'] ?? 'all',
    mode: values.mode ?? 'regular',
    seed: values.seed ?? 1,
    policy: applied.adjust(await policyOption(values.policy, io)),
    peers: applied.peers,
    persistent: values.persistent,
    offline: values.offline,
    unsafe: values.unsafe,
    tls: values.tls,
    migrateDisks: values['migrate-disks'] ?? null,
    ...(disks !== undefined ? { disks } : {}),
    ...(values.graphics !== undefined ? { graphics: values.graphics === 'none' ? null : values.graphics } : {}),
    ...(values['destination-disk'] !== undefined ? { destinationDisk: values['destination-disk'] } : {}),
    abort: values.abort ?? null,
    ...(values['nbd-port-range'] !== undefined ? { portRange: values['nbd-port-range'] } : {}),
    ...(values['ports-in-use'] !== undefined ? { portsInUse: values['ports-in-use'] } : {}),
    ...(guestWrites !== undefined ? { guestWrites } : {}),
    link: {
      ...(values.bandwidth !== undefined ? { bandwidthBytesPerSecond: values.bandwidth } : {}),
      ...(values.rtt !== undefined ? { latencyMs: values.rtt / 2e6 } : {}),
    },
  });
  const problem = storageModelProblem(scenario);
  if (problem !== null) {
    const bytes = copiedDisks(scenario.domain, scenario.request).reduce((sum, disk) => sum + disk.capacityBytes, 0);
    throw modelRefusal(problem, `this storage copy of ${formatBytes(bytes)}`);
  }
  return scenario;
}
