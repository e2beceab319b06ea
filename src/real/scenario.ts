// One migration to drive on the real pair, as a plain typed object: the guest (disks, graphics,
// how it exists on the source), what `virsh migrate` is asked, how the destination's disks are
// prepared, and an optional abort. It uses the model's vocabulary (CopyStorage, MigrationMode)
// so that it maps to and from the simulator's scenario.
import type { CopyStorage, MigrationMode } from '../model/migration/types.js';

export type DiskFormat = 'qcow2' | 'raw';
export type Graphics = 'none' | 'vnc' | 'spice';
/** How the destination's disk files come to exist before Prepare (qemuMigrationDstPrecreateStorage). */
export type DestinationDisk = 'precreated' | 'missing' | 'pool';
/** `running`: created transient (virsh create); `defined`: defined and started; `shut-off`: defined only. */
export const guestStates = ['running', 'defined', 'shut-off'] as const;
export type GuestState = (typeof guestStates)[number];
/** Where to call domjobabort: when this phase (or the first blockdev-mirror) shows in the log. */
export type AbortPoint = 'begin' | 'prepare' | 'perform' | 'mirror' | 'finish';

export interface RealDisk {
  /** Guest device name and cookie `target` (`vda`). */
  readonly name: string;
  readonly sizeBytes: number;
  readonly format: DiskFormat;
  /** A qcow2 overlay on a qcow2 base image that both hosts have (what --copy-storage-inc is for). */
  readonly backing: boolean;
}

export interface RealScenario {
  readonly copyStorage: CopyStorage;
  readonly mode: MigrationMode;
  readonly disks: readonly RealDisk[];
  /** `--migrate-disks`; null: libvirt's default (every writable, non-shared disk). */
  readonly migrateDisks: readonly string[] | null;
  readonly persistent: boolean;
  readonly offline: boolean;
  readonly unsafe: boolean;
  readonly tls: boolean;
  readonly graphics: Graphics;
  readonly guest: GuestState;
  readonly destinationDisk: DestinationDisk;
  readonly abort: AbortPoint | null;
  /** `virsh migrate --bandwidth`, which libvirt 9.0 also gives blockdev-mirror as its speed; null: unlimited. */
  readonly bandwidthMiBPerSecond: number | null;
}

export const mebibyte = 1024 * 1024;

export const defaultDisk: RealDisk = { name: 'vda', sizeBytes: 32 * mebibyte, format: 'qcow2', backing: false };

export const defaultScenario: RealScenario = {
  copyStorage: 'all', mode: 'regular', disks: [defaultDisk], migrateDisks: null, persistent: false, offline: false,
  unsafe: false, tls: false, graphics: 'none', guest: 'running', destinationDisk: 'precreated', abort: null,
  bandwidthMiBPerSecond: null,
};

/** Bounds on what a scenario may ask of the machine. */
export const scenarioLimits = { disksMax: 4, diskBytesMin: 4 * mebibyte, diskBytesMax: 1024 * mebibyte, bandwidthMiBPerSecondMax: 100_000 } as const;

/** Everything wrong with a scenario, in words; empty when it can be run. */
export function scenarioProblems(scenario: RealScenario): string[] {
  const problems: string[] = [];
  const names = scenario.disks.map((d) => d.name);
  if (names.length < 1 || names.length > scenarioLimits.disksMax) problems.push(`a guest has 1 to ${scenarioLimits.disksMax} disks (got ${names.length})`);
  if (new Set(names).size !== names.length) problems.push(`disk names repeat: ${names.join(',')}`);
  for (const disk of scenario.disks) {
    if (!/^vd[a-z]$/.test(disk.name)) problems.push(`disk name '${disk.name}' is not a virtio name like vda`);
    if (disk.sizeBytes < scenarioLimits.diskBytesMin || disk.sizeBytes > scenarioLimits.diskBytesMax || disk.sizeBytes % mebibyte !== 0) {
      problems.push(`disk ${disk.name}: size must be a whole number of MiB from 4 MiB to 1 GiB`);
    }
    if (disk.backing && disk.format !== 'qcow2') problems.push(`disk ${disk.name}: only qcow2 has a backing file`);
  }
  for (const name of scenario.migrateDisks ?? []) if (!names.includes(name)) problems.push(`--migrate-disks names ${name}, which the guest does not have`);
  if (scenario.offline && scenario.guest !== 'shut-off') problems.push('--offline migrates a shut-off guest (--guest shut-off)');
  if (scenario.guest === 'shut-off' && !scenario.offline) problems.push('a shut-off guest can only be migrated with --offline');
  if (scenario.abort !== null && scenario.offline) problems.push('--abort needs a running migration job (not --offline)');
  const bandwidth = scenario.bandwidthMiBPerSecond;
  if (bandwidth !== null && (!Number.isInteger(bandwidth) || bandwidth < 1 || bandwidth > scenarioLimits.bandwidthMiBPerSecondMax)) {
    problems.push('--bandwidth must be a whole number of MiB/s from 1 MiB/s');
  }
  return problems;
}

/** The disks the migration copies: the --migrate-disks list, or all of them when storage is copied. */
export function copiedDisks(scenario: RealScenario): readonly RealDisk[] {
  if (scenario.copyStorage === 'none' || scenario.offline) return [];
  const only = scenario.migrateDisks;
  return only === null ? scenario.disks : scenario.disks.filter((d) => only.includes(d.name));
}
