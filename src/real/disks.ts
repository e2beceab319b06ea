// The guest's disk files on both hosts. The source's get a recognisable pattern (qemu-io writes
// a different byte per disk, in the base image and in the overlay for `qcow2+backing`), so that
// `qemu-img compare -U` of source and destination after a migration says whether the copy is
// the guest's data. The destination's are prepared as the scenario says: created with qemu-img,
// left missing, or left to libvirt and a dir pool (qemuMigrationDstPrecreateStorage).
import { copyFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { runChild } from './child.js';
import { command, steps } from './command.js';
import { limits } from './constants.js';
import { backingPath, diskPath } from './domain-xml.js';
import type { RealResult } from './errors.js';
import { outsidePath, type HostLayout } from './layout.js';
import type { ToolPaths } from './preconditions.js';
import { copiedDisks, mebibyte, type RealDisk, type RealScenario } from './scenario.js';

/** The pattern byte of disk number `index` (0x5a, 0x5b...), and of its base image. */
export function patternByte(index: number, layer: 'top' | 'base'): number {
  return (layer === 'top' ? 0x5a : 0xa5) + index;
}

/** qemu-io commands writing the pattern: the first MiB and one in the middle (base: the second MiB). */
export function patternCommands(disk: RealDisk, index: number, layer: 'top' | 'base'): string[] {
  const byte = `0x${patternByte(index, layer).toString(16)}`;
  if (layer === 'base') return [`write -P ${byte} ${mebibyte} ${mebibyte}`];
  return [`write -P ${byte} 0 ${mebibyte}`, `write -P ${byte} ${Math.floor(disk.sizeBytes / 2 / mebibyte) * mebibyte} ${mebibyte}`];
}

function qemuIo(tools: ToolPaths, format: string, path: string, writes: readonly string[]): () => Promise<RealResult<unknown>> {
  return () => command(tools['qemu-io'], ['-f', format, ...writes.flatMap((w) => ['-c', w]), path]);
}

/** Creates one disk (with its base when it has one); the backing name is relative so it resolves inside and outside the namespace. */
function createDisk(tools: ToolPaths, host: HostLayout, disk: RealDisk): (() => Promise<RealResult<unknown>>)[] {
  const path = outsidePath(host, diskPath(disk));
  const size = String(disk.sizeBytes);
  if (!disk.backing) return [() => command(tools['qemu-img'], ['create', '-q', '-f', disk.format, path, size])];
  return [() => command(tools['qemu-img'], ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', basename(backingPath(disk)), path, size])];
}

export function prepareSourceDisks(tools: ToolPaths, host: HostLayout, scenario: RealScenario): Promise<RealResult<null>> {
  return steps(scenario.disks.flatMap((disk, index) => {
    const base = outsidePath(host, backingPath(disk));
    const baseSteps = disk.backing ? [
      () => command(tools['qemu-img'], ['create', '-q', '-f', 'qcow2', base, String(disk.sizeBytes)]),
      qemuIo(tools, 'qcow2', base, patternCommands(disk, index, 'base')),
    ] : [];
    return [...baseSteps, ...createDisk(tools, host, disk), qemuIo(tools, disk.format, outsidePath(host, diskPath(disk)), patternCommands(disk, index, 'top'))];
  }));
}

/**
 * The destination's files before Prepare. A base image is data both hosts already have (that is
 * what --copy-storage-inc assumes), so it is copied whatever the mode; the disk itself is
 * created only for `precreated`.
 */
export function prepareDestinationDisks(tools: ToolPaths, source: HostLayout, target: HostLayout, scenario: RealScenario): Promise<RealResult<null>> {
  return steps(scenario.disks.flatMap((disk) => [
    ...(disk.backing ? [async () => {
      await copyFile(outsidePath(source, backingPath(disk)), outsidePath(target, backingPath(disk)));
      return { ok: true as const, value: null };
    }] : []),
    ...(scenario.destinationDisk === 'precreated' ? createDisk(tools, target, disk) : []),
  ]));
}

export type DiskComparison = 'identical' | 'different' | 'missing' | 'error';

export interface DiskReport {
  readonly name: string;
  /** Whether the scenario asks to copy it (storage copy and --migrate-disks), whatever then happened. */
  readonly copyRequested: boolean;
  readonly comparison: DiskComparison;
  readonly detail: string;
}

/** `qemu-img compare -U` (no lock: the guest may still run) of each disk's source and destination file. */
export async function compareDisks(tools: ToolPaths, source: HostLayout, target: HostLayout, scenario: RealScenario): Promise<DiskReport[]> {
  const requested = new Set(copiedDisks(scenario).map((d) => d.name));
  const reports: DiskReport[] = [];
  for (const disk of scenario.disks) {
    const result = await runChild(tools['qemu-img'], ['compare', '-U', outsidePath(source, diskPath(disk)), outsidePath(target, diskPath(disk))], limits.commandTimeoutMs);
    const text = `${result.stdout}${result.stderr}`.trim().split('\n')[0] ?? '';
    // qemu-img compare exits 0 identical, 1 different, 2 on an error such as a missing file.
    const comparison: DiskComparison = result.exitCode === 0 ? 'identical' : result.exitCode === 1 ? 'different'
      : /No such file|Could not open/.test(text) ? 'missing' : 'error';
    reports.push({ name: disk.name, copyRequested: requested.has(disk.name), comparison, detail: text });
  }
  return reports;
}
