// The scenario flags of `migsim real run` (the same names `migsim simulate` accepts), turned
// into a RealScenario without throwing: a bad value is a `scenario-invalid` error naming the flag.
import type { CopyStorage, MigrationMode } from '../model/migration/types.js';
import { parseRate, parseSize } from '../model/units.js';
import { fail, ok, type RealResult } from './errors.js';
import {
  defaultScenario, mebibyte, scenarioProblems, type AbortPoint, type DestinationDisk, type DiskFormat, type GuestState, type Graphics,
  type RealDisk, type RealScenario,
} from './scenario.js';

/** Flag values as strings (booleans for the switches), keyed by flag name without dashes. */
export interface ScenarioFlagValues {
  readonly 'copy-storage'?: string;
  readonly 'mode'?: string;
  readonly 'disks'?: string;
  readonly 'migrate-disks'?: string;
  readonly 'persistent'?: boolean;
  readonly 'offline'?: boolean;
  readonly 'unsafe'?: boolean;
  readonly 'tls'?: boolean;
  readonly 'graphics'?: string;
  readonly 'abort'?: string;
  readonly 'destination-disk'?: string;
  readonly 'guest'?: string;
  readonly 'bandwidth'?: string;
}

export const scenarioFlagsHelp = `  --copy-storage all|inc|none   --copy-storage-all / --copy-storage-inc / neither (default all)
  --mode regular|p2p|tunnelled  client-driven, --p2p, or --p2p --tunnelled (default regular)
  --disks LIST                  name:size:format[,...], format qcow2, raw or qcow2+backing
                                (default vda:32MiB:qcow2; at most 4 disks)
  --migrate-disks vda,...       copy only these disks
  --persistent --offline --unsafe --tls   as virsh migrate's flags
  --graphics none|vnc|spice     the guest's graphics (default none)
  --guest running|defined|shut-off  created transient, defined and started, or defined only
                                (default running; shut-off with --offline)
  --destination-disk precreated|missing|pool  qemu-img on the destination, nothing, or a dir
                                pool there so libvirt creates them (default precreated)
  --abort begin|prepare|perform|mirror|finish  virsh domjobabort when that phase (or the first
                                blockdev-mirror) shows in the logs
  --bandwidth RATE              virsh migrate --bandwidth, e.g. 1MiB/s (also the mirror's speed)`;

function choice<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): RealResult<T> {
  if (value === undefined) return ok(fallback);
  if ((allowed as readonly string[]).includes(value)) return ok(value as T);
  return fail('scenario-invalid', `--${flag} must be one of ${allowed.join(', ')} (got '${value}')`);
}

/** `vda:32MiB:qcow2,vdb:16MiB:raw`; the format may be `qcow2+backing`. */
export function parseDisks(text: string): RealResult<RealDisk[]> {
  const disks: RealDisk[] = [];
  for (const item of text.split(',')) {
    const [name = '', size = '', format = 'qcow2', ...rest] = item.trim().split(':');
    if (rest.length > 0 || name === '' || size === '') return fail('scenario-invalid', `--disks: '${item}' is not name:size:format`);
    const bytes = parseSize(size);
    if (!bytes.ok) return fail('scenario-invalid', `--disks: ${bytes.error.message}`);
    const kind = choice(format, ['qcow2', 'raw', 'qcow2+backing'] as const, 'disks format', 'qcow2');
    if (!kind.ok) return kind;
    const diskFormat: DiskFormat = kind.value === 'raw' ? 'raw' : 'qcow2';
    disks.push({ name, sizeBytes: bytes.value, format: diskFormat, backing: kind.value === 'qcow2+backing' });
  }
  return ok(disks);
}

function bandwidth(text: string | undefined): RealResult<number | null> {
  if (text === undefined) return ok(null);
  const rate = parseRate(text);
  if (!rate.ok) return fail('scenario-invalid', `--bandwidth: ${rate.error.message}`);
  // virsh takes whole MiB/s; round a smaller rate up so that a limit asked for stays a limit.
  return ok(Math.max(1, Math.ceil(rate.value / mebibyte)));
}

export function scenarioFromFlags(values: ScenarioFlagValues): RealResult<RealScenario> {
  const copyStorage = choice<CopyStorage>(values['copy-storage'], ['all', 'inc', 'none'], 'copy-storage', defaultScenario.copyStorage);
  const mode = choice<MigrationMode>(values.mode, ['regular', 'p2p', 'tunnelled'], 'mode', defaultScenario.mode);
  const graphics = choice<Graphics>(values.graphics, ['none', 'vnc', 'spice'], 'graphics', defaultScenario.graphics);
  const destination = choice<DestinationDisk>(values['destination-disk'], ['precreated', 'missing', 'pool'], 'destination-disk', 'precreated');
  const abortPoint = values.abort === undefined ? ok(null)
    : choice<AbortPoint>(values.abort, ['begin', 'prepare', 'perform', 'mirror', 'finish'], 'abort', 'mirror');
  const offline = values.offline ?? false;
  const guest = choice<GuestState>(values.guest, ['running', 'defined', 'shut-off'], 'guest', offline ? 'shut-off' : 'running');
  const disks = values.disks === undefined ? ok(defaultScenario.disks) : parseDisks(values.disks);
  const speed = bandwidth(values.bandwidth);
  if (!copyStorage.ok) return copyStorage;
  if (!mode.ok) return mode;
  if (!graphics.ok) return graphics;
  if (!destination.ok) return destination;
  if (!abortPoint.ok) return abortPoint;
  if (!guest.ok) return guest;
  if (!disks.ok) return disks;
  if (!speed.ok) return speed;
  const migrateDisks = values['migrate-disks']?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? null;
  const scenario: RealScenario = {
    copyStorage: copyStorage.value, mode: mode.value, disks: disks.value, migrateDisks, persistent: values.persistent ?? false,
    offline, unsafe: values.unsafe ?? false, tls: values.tls ?? false, graphics: graphics.value, guest: guest.value,
    destinationDisk: destination.value, abort: abortPoint.value, bandwidthMiBPerSecond: speed.value,
  };
  const problems = scenarioProblems(scenario);
  return problems.length === 0 ? ok(scenario) : fail('scenario-invalid', problems.join('; '));
}
