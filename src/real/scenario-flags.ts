// The scenario flags of `migsim real run` and `real diff`, as the command line has read them
// (src/cli/real-scenario-flags.ts), turned into a RealScenario: the defaults filled in, the
// bandwidth in virsh's whole MiB/s, and the scenario checked as a whole without throwing - a
// scenario the pair cannot run is a `scenario-invalid` error naming the flag.
import type { CopyStorage, MigrationMode } from '../model/migration/types.js';
import { parseSize } from '../model/units.js';
import { fail, ok, type RealResult } from './errors.js';
import {
  defaultScenario, mebibyte, scenarioProblems, type AbortPoint, type DestinationDisk, type GuestState, type Graphics,
  type RealDisk, type RealScenario,
} from './scenario.js';

/** Flag values as read, keyed by flag name; absent (or a switch not given) means the default. */
export interface ScenarioFlagValues {
  readonly 'copy-storage'?: CopyStorage | undefined;
  readonly 'mode'?: MigrationMode | undefined;
  readonly 'disks'?: readonly RealDisk[] | undefined;
  readonly 'migrate-disks'?: readonly string[] | undefined;
  readonly 'persistent'?: boolean;
  readonly 'offline'?: boolean;
  readonly 'unsafe'?: boolean;
  readonly 'tls'?: boolean;
  readonly 'graphics'?: Graphics | undefined;
  readonly 'abort'?: AbortPoint | undefined;
  readonly 'destination-disk'?: DestinationDisk | undefined;
  readonly 'guest'?: GuestState | undefined;
  /** Bytes per second (`1MiB/s`), as every rate flag reads. */
  readonly 'bandwidth'?: number | undefined;
}

export const diskFormats = ['qcow2', 'raw', 'qcow2+backing'] as const;

/** One disk of `--disks`: `vda:32MiB`, `vdb:16MiB:raw`, `vdc:8MiB:qcow2+backing` (qcow2 when no format is given). */
export function parseDisk(item: string): { readonly ok: true; readonly value: RealDisk } | { readonly ok: false; readonly why: string } {
  const [name = '', size = '', format = 'qcow2', ...rest] = item.split(':');
  if (rest.length > 0 || name === '' || size === '') return { ok: false, why: 'is not NAME:SIZE[:FORMAT]' };
  const bytes = parseSize(size);
  if (!bytes.ok) return { ok: false, why: `has no size such as 32MiB ('${size}')` };
  if (!(diskFormats as readonly string[]).includes(format)) return { ok: false, why: `has format '${format}', not ${diskFormats.join(', ')}` };
  return { ok: true, value: { name, sizeBytes: bytes.value, format: format === 'raw' ? 'raw' : 'qcow2', backing: format === 'qcow2+backing' } };
}

/** virsh takes whole MiB/s; a smaller rate is rounded up so that a limit asked for stays a limit. */
function bandwidthMiBPerSecond(bytesPerSecond: number | undefined): number | null {
  return bytesPerSecond === undefined ? null : Math.max(1, Math.ceil(bytesPerSecond / mebibyte));
}

export function scenarioFromFlags(values: ScenarioFlagValues): RealResult<RealScenario> {
  const offline = values.offline ?? false;
  const scenario: RealScenario = {
    copyStorage: values['copy-storage'] ?? defaultScenario.copyStorage,
    mode: values.mode ?? defaultScenario.mode,
    disks: values.disks ?? defaultScenario.disks,
    migrateDisks: values['migrate-disks'] ?? null,
    persistent: values.persistent ?? false,
    offline,
    unsafe: values.unsafe ?? false,
    tls: values.tls ?? false,
    graphics: values.graphics ?? defaultScenario.graphics,
    guest: values.guest ?? (offline ? 'shut-off' : 'running'),
    destinationDisk: values['destination-disk'] ?? defaultScenario.destinationDisk,
    abort: values.abort ?? null,
    bandwidthMiBPerSecond: bandwidthMiBPerSecond(values.bandwidth),
  };
  const problems = scenarioProblems(scenario);
  return problems.length === 0 ? ok(scenario) : fail('scenario-invalid', problems.join('; '));
}
