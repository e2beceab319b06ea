// Command-line options shared by `simulate`, `explain` and `fuzz`: the two sides, what the user
// asks for, the policy and the seed. A side or policy given as `@FILE` is read from a JSON file.
import type { CopyStorage, MigrationMode } from '../model/migration/types.js';
import { parsePolicySpec, policyFromJson, type DesignerPolicy, type PolicyParse } from '../model/policy.js';
import { parseSideSpec, profileFromJson, type ProfileResult, type SideProfile } from '../model/versions/profile.js';
import { parseDurationNs, parseRate, parseSize, type UnitResult } from '../model/units.js';
import { parseSeed } from '../sim/prng.js';
import { buildScenario, defaultGuestWrites, type Scenario } from '../sim/handshake/scenario.js';
import { storageModelProblem } from '../sim/handshake/storage-copy.js';
import { oneOf } from './args.js';
import { UsageError, type CliIo } from './io.js';

export const scenarioOptionSpec = {
  source: { type: 'string' }, target: { type: 'string' }, 'copy-storage': { type: 'string' }, mode: { type: 'string' },
  seed: { type: 'string' }, policy: { type: 'string' }, persistent: { type: 'boolean' }, tls: { type: 'boolean' },
  'migrate-disks': { type: 'string' }, disks: { type: 'string' }, 'disk-size': { type: 'string' },
  bandwidth: { type: 'string' }, rtt: { type: 'string' }, 'dirty-rate': { type: 'string' }, 'write-size': { type: 'string' },
} as const;

export const scenarioOptionsHelp = `  --source SPEC|@FILE     libvirt=VERSION,qemu=VERSION[,+cap,-cap] (default libvirt=9.0.0,qemu=7.2.0)
  --target SPEC|@FILE     the destination, same form (default libvirt=9.0.0,qemu=7.2.0)
  --copy-storage MODE     all | inc | none (default all)
  --mode MODE             regular | p2p | tunnelled (default regular)
  --policy SPEC|@FILE     libvirt | strict, plus switches key=value (see 'migsim policies')
  --seed N                a number or a git commit hash (default 1)
  --persistent --tls      as virsh migrate's flags
  --migrate-disks LIST    copy only these disks (e.g. vda)
  --disks LIST            the domain's disks, e.g. vda,vdb (default vda); copied unless shared storage
  --disk-size SIZE        size of each disk (default 10GiB)
  --bandwidth RATE        migration link bandwidth (default 1GiB/s)
  --rtt DURATION          migration link round-trip time (default 1ms)
  --dirty-rate RATE       the guest's writes to its disks while they are copied, 0 for none
                          (default 1.25MiB/s: 20 random 64 KiB writes a second)
  --write-size SIZE       size of each guest write (default 64KiB)`;

export const defaultSide = 'libvirt=9.0.0,qemu=7.2.0';

async function readJsonArgument(text: string, io: CliIo, what: string): Promise<unknown> {
  const path = text.slice(1);
  try {
    return JSON.parse(new TextDecoder().decode(await io.readBytes(path))) as unknown;
  } catch (error) {
    throw new UsageError(`cannot read ${what} file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function sideOption(text: string | undefined, io: CliIo, what: string): Promise<SideProfile> {
  const spec = text ?? defaultSide;
  const result: ProfileResult = spec.startsWith('@') ? profileFromJson(await readJsonArgument(spec, io, what)) : parseSideSpec(spec);
  if (!result.ok) throw new UsageError(`--${what}: ${result.message}`);
  return result.profile;
}

export async function policyOption(text: string | undefined, io: CliIo, flag = 'policy'): Promise<DesignerPolicy> {
  const spec = text ?? 'libvirt';
  const result: PolicyParse = spec.startsWith('@') ? policyFromJson(await readJsonArgument(spec, io, 'policy')) : parsePolicySpec(spec);
  if (!result.ok) throw new UsageError(`--${flag}: ${result.message}`);
  return result.policy;
}

export function seedOption(text: string | undefined, fallback = 1): number {
  if (text === undefined) return fallback;
  const seed = parseSeed(text);
  if (seed === null) throw new UsageError(`--seed must be a number or a git commit hash (got '${text}')`);
  return seed;
}

function listOption(text: string | undefined): string[] | null {
  return text === undefined ? null : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

type Values = { [K in keyof typeof scenarioOptionSpec]?: (typeof scenarioOptionSpec)[K]['type'] extends 'boolean' ? boolean : string };

function unitOption(text: string | undefined, parser: (input: string) => UnitResult, flag: string): number | null {
  if (text === undefined) return null;
  const parsed = parser(text);
  if (!parsed.ok) throw new UsageError(`--${flag}: ${parsed.error.message}`);
  return parsed.value;
}

export async function scenarioFromOptions(values: Values, io: CliIo): Promise<Scenario> {
  const capacityBytes = unitOption(values['disk-size'], parseSize, 'disk-size') ?? 10 * 1024 ** 3;
  const bandwidth = unitOption(values.bandwidth, parseRate, 'bandwidth');
  const rttNs = unitOption(values.rtt, parseDurationNs, 'rtt');
  const dirtyRate = unitOption(values['dirty-rate'], parseRate, 'dirty-rate');
  const writeSize = unitOption(values['write-size'], parseSize, 'write-size');
  const guestWrites = dirtyRate === 0 ? null : dirtyRate === null && writeSize === null ? undefined
    : { ...defaultGuestWrites, rateBytesPerSecond: dirtyRate ?? defaultGuestWrites.rateBytesPerSecond, writeSizeBytes: writeSize ?? defaultGuestWrites.writeSizeBytes };
  const disks = (listOption(values.disks) ?? (values['disk-size'] ? ['vda'] : null))?.map((target) => ({ target, capacityBytes, readonly: false }));
  if (disks && disks.some((d) => !/^[a-z][a-z0-9]*$/.test(d.target))) throw new UsageError('--disks: disk names are like vda,vdb');
  const scenario = buildScenario({
    source: await sideOption(values.source, io, 'source'),
    target: await sideOption(values.target, io, 'target'),
    copyStorage: oneOf<CopyStorage>(values['copy-storage'], ['all', 'inc', 'none'], '--copy-storage', 'all'),
    mode: oneOf<MigrationMode>(values.mode, ['regular', 'p2p', 'tunnelled'], '--mode', 'regular'),
    seed: seedOption(values.seed),
    policy: await policyOption(values.policy, io),
    persistent: values.persistent ?? false,
    tls: values.tls ?? false,
    migrateDisks: listOption(values['migrate-disks']),
    ...(disks ? { disks } : {}),
    ...(guestWrites !== undefined ? { guestWrites } : {}),
    link: { ...(bandwidth !== null ? { bandwidthBytesPerSecond: bandwidth } : {}), ...(rttNs !== null ? { latencyMs: rttNs / 2e6 } : {}) },
  });
  const problem = storageModelProblem(scenario);
  if (problem !== null) throw new UsageError(`the storage copy of this scenario: ${problem}`);
  return scenario;
}
