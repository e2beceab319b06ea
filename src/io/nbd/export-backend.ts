// The storage behind an export. The server validates every request before it reaches a
// backend (range, alignment, read-only), so backends only do the I/O. Failures come back as
// NBD error values, never as exceptions into the connection loop.
import { errno, type Extent } from '../../model/nbd/index.js';

export type BackendResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errno: number; readonly message: string };

export interface ExportBackend {
  readonly sizeBytes: number;
  /** Whether holes are tracked, so that `base:allocation` says something useful. */
  readonly tracksAllocation: boolean;
  read(offset: number, length: number): Promise<BackendResult<Uint8Array>>;
  write(offset: number, data: Uint8Array): Promise<BackendResult<void>>;
  writeZeroes(offset: number, length: number, noHole: boolean): Promise<BackendResult<void>>;
  trim(offset: number, length: number): Promise<BackendResult<void>>;
  flush(): Promise<BackendResult<void>>;
  extents(offset: number, length: number): Promise<BackendResult<readonly Extent[]>>;
  close(): Promise<void>;
}

export function done<T>(value: T): BackendResult<T> {
  return { ok: true, value };
}

/** An exception from the file system becomes EIO (or ENOSPC/EPERM when the cause says so). */
export function ioFailure<T>(error: unknown): BackendResult<T> {
  const code = (error as { code?: string } | null)?.code;
  const value = code === 'ENOSPC' ? errno.ENOSPC : code === 'EPERM' || code === 'EACCES' || code === 'EROFS' ? errno.EPERM : errno.EIO;
  return { ok: false, errno: value, message: error instanceof Error ? error.message : String(error) };
}
