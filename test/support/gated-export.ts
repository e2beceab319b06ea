// An export that holds its first writes until `threshold` of them are pending at once, then lets
// everything through. It replaces a service delay in the queue-depth tests: the server can only
// see N requests in flight if the client really sends N without waiting for replies, and the gate
// makes that overlap certain instead of likely (a delay merely makes it probable, and loses the
// race on a busy machine). A client that never reaches the threshold leaves the gate shut, so the
// mirror stalls and `opened` never resolves: the test fails on its own timeout, never passes.
import type { BackendResult, ExportBackend } from '../../src/io/nbd/export-backend.js';

export interface GatedExport extends ExportBackend {
  /** Resolves once `threshold` writes were pending together. */
  readonly opened: Promise<void>;
  /** The most writes the backend ever held at once. */
  pendingMax(): number;
}

export function gatedExport(inner: ExportBackend, threshold: number): GatedExport {
  let pending = 0;
  let most = 0;
  let open = false;
  const waiting: (() => void)[] = [];
  let markOpened: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  async function gate<T>(run: () => Promise<BackendResult<T>>): Promise<BackendResult<T>> {
    pending += 1;
    most = Math.max(most, pending);
    if (!open && pending >= threshold) {
      open = true;
      markOpened();
      for (const release of waiting.splice(0)) release();
    }
    if (!open) await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await run();
    } finally {
      pending -= 1;
    }
  }
  return {
    sizeBytes: inner.sizeBytes,
    tracksAllocation: inner.tracksAllocation,
    opened,
    pendingMax: () => most,
    read: (offset, length) => inner.read(offset, length),
    write: (offset, data) => gate(() => inner.write(offset, data)),
    writeZeroes: (offset, length, noHole) => gate(() => inner.writeZeroes(offset, length, noHole)),
    trim: (offset, length) => inner.trim(offset, length),
    flush: () => inner.flush(),
    extents: (offset, length) => inner.extents(offset, length),
    close: () => inner.close(),
  };
}
