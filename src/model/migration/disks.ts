// Which disks a storage migration copies (`qemuMigrationHasAnyStorageMigrationDisks` and
// `qemuMigrationAnyCopyDisk` in qemu_migration.c): by default every disk that is neither shared
// nor read-only; with `--migrate-disks`, exactly those listed.
import type { DiskConfig, DomainConfig, MigrationRequest } from './types.js';

export function storageRequested(request: MigrationRequest): boolean {
  return request.copyStorage !== 'none';
}

export function copiedDisks(domain: DomainConfig, request: MigrationRequest): DiskConfig[] {
  if (!storageRequested(request)) return [];
  if (request.migrateDisks !== null) {
    const wanted = new Set(request.migrateDisks);
    return domain.disks.filter((disk) => wanted.has(disk.target));
  }
  return domain.disks.filter((disk) => !disk.shared && !disk.readonly);
}

/** The drive alias libvirt names each disk's NBD export after (`qemuBlockExportAddNBD`). */
export function exportName(domain: DomainConfig, target: string): string {
  const index = domain.disks.findIndex((disk) => disk.target === target);
  return `drive-virtio-disk${index < 0 ? target : index}`;
}
