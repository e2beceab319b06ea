// The disks of a scenario written as text, the same way on every front end (`migsim simulate
// --disks`, the fuzzer's case files, `migsim real run`): a comma-separated list of
// `NAME[:SIZE][:FORMAT][:STORAGE]`, e.g. `vda:10GiB:qcow2+backing,vdb:1GiB:raw:shared`.
// NAME is a guest device name (`vda`), SIZE a size (default 10GiB), FORMAT `qcow2`, `raw` or
// `qcow2+backing` (an overlay on a backing image both hosts have), STORAGE `local` (copied when
// storage migration is asked for) or `shared` (never copied), `readonly` for a read-only disk.
import { parseSize } from '../units.js';
import type { DiskConfig, DiskFormat } from './types.js';

export interface DiskSpec {
  readonly target: string;
  readonly capacityBytes: number;
  readonly format: DiskFormat;
  readonly backing: boolean;
  /** null: as the storage mode implies (shared when no storage copy is asked for). */
  readonly shared: boolean | null;
  readonly readonly: boolean;
}

export type DiskListParse = { readonly ok: true; readonly disks: readonly DiskSpec[] } | { readonly ok: false; readonly message: string };

/** At most this many disks: libvirt has no such limit, but every front end's scenario space does. */
export const disksMax = 16;
export const diskBytesDefault = 10 * 1024 ** 3;
const targetPattern = /^[a-z][a-z0-9]{0,15}$/;

function parseOne(text: string, defaultBytes: number): { ok: true; disk: DiskSpec } | { ok: false; message: string } {
  const [target = '', ...rest] = text.split(':');
  if (!targetPattern.test(target)) return { ok: false, message: `'${target}' is not a disk name (like vda, sdb: a lowercase letter, then letters or digits)` };
  let capacityBytes = defaultBytes;
  let format: DiskFormat = 'qcow2';
  let backing = false;
  let shared: boolean | null = null;
  let readonly = false;
  for (const part of rest) {
    if (part === 'qcow2' || part === 'raw') format = part;
    else if (part === 'qcow2+backing') [format, backing] = ['qcow2', true];
    else if (part === 'shared' || part === 'local') shared = part === 'shared';
    else if (part === 'readonly') readonly = true;
    else {
      const size = parseSize(part);
      if (!size.ok) return { ok: false, message: `disk ${target}: '${part}' is neither a size nor qcow2, raw, qcow2+backing, local, shared or readonly` };
      if (size.value < 1) return { ok: false, message: `disk ${target}: size must be at least 1 byte` };
      capacityBytes = size.value;
    }
  }
  return { ok: true, disk: { target, capacityBytes, format, backing, shared, readonly } };
}

export function parseDiskList(text: string, defaultBytes = diskBytesDefault): DiskListParse {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) return { ok: false, message: 'give at least one disk, e.g. vda or vda:10GiB:qcow2' };
  if (items.length > disksMax) return { ok: false, message: `at most ${disksMax} disks (got ${items.length})` };
  const disks: DiskSpec[] = [];
  for (const item of items) {
    const parsed = parseOne(item, defaultBytes);
    if (!parsed.ok) return parsed;
    if (disks.some((d) => d.target === parsed.disk.target)) return { ok: false, message: `disk ${parsed.disk.target} is listed twice` };
    disks.push(parsed.disk);
  }
  return { ok: true, disks };
}

/** A size in the largest binary unit that divides it exactly, so that it reads back the same. */
function exactSize(bytes: number): string {
  for (const [unit, factor] of [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return `${bytes}B`;
}

/** The disk list back as text (what `parseDiskList` reads). */
export function formatDiskList(disks: readonly (DiskSpec | DiskConfig)[]): string {
  return disks.map((disk) => {
    const format = disk.backing ? 'qcow2+backing' : disk.format ?? 'qcow2';
    const storage = disk.shared === null ? [] : [disk.shared ? 'shared' : 'local'];
    return [disk.target, exactSize(disk.capacityBytes), format, ...storage, ...(disk.readonly ? ['readonly'] : [])].join(':');
  }).join(',');
}
