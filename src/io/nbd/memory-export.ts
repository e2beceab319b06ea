// A sparse in-memory export: fixed-size pages allocated on first write, so that a 4 GiB export
// that holds 64 MiB of data costs 64 MiB. Unallocated pages read as zeroes and are reported as
// holes in `base:allocation`, like nbdkit's memory plugin (nbdkit-memory-plugin(1), "sparse").
import { allocationState, type Extent } from '../../model/nbd/index.js';
import { done, type BackendResult, type ExportBackend } from './export-backend.js';

const pageBytes = 64 * 1024;

export class MemoryExport implements ExportBackend {
  readonly tracksAllocation = true;
  private readonly pages = new Map<number, Uint8Array>();

  constructor(readonly sizeBytes: number) {
    if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) throw new RangeError(`export size ${sizeBytes} is not a byte count`);
  }

  /** Bytes of pages currently allocated. */
  get allocatedBytes(): number {
    return this.pages.size * pageBytes;
  }

  readSync(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.forEachPage(offset, length, (page, pageOffset, count, outOffset) => {
      const stored = this.pages.get(page);
      if (stored) out.set(stored.subarray(pageOffset, pageOffset + count), outOffset);
    });
    return out;
  }

  writeSync(offset: number, data: Uint8Array): void {
    this.forEachPage(offset, data.length, (page, pageOffset, count, dataOffset) => {
      let stored = this.pages.get(page);
      if (!stored) {
        stored = new Uint8Array(pageBytes);
        this.pages.set(page, stored);
      }
      stored.set(data.subarray(dataOffset, dataOffset + count), pageOffset);
    });
  }

  async read(offset: number, length: number): Promise<BackendResult<Uint8Array>> {
    return done(this.readSync(offset, length));
  }

  async write(offset: number, data: Uint8Array): Promise<BackendResult<void>> {
    this.writeSync(offset, data);
    return done(undefined);
  }

  async writeZeroes(offset: number, length: number, noHole: boolean): Promise<BackendResult<void>> {
    this.forEachPage(offset, length, (page, pageOffset, count) => {
      const stored = this.pages.get(page);
      if (count === pageBytes && !noHole) this.pages.delete(page);
      else if (stored) stored.fill(0, pageOffset, pageOffset + count);
      else if (noHole) this.pages.set(page, new Uint8Array(pageBytes));
    });
    return done(undefined);
  }

  /** Trim is advisory: whole pages are dropped, partial pages are left as they are. */
  async trim(offset: number, length: number): Promise<BackendResult<void>> {
    this.forEachPage(offset, length, (page, _pageOffset, count) => {
      if (count === pageBytes) this.pages.delete(page);
    });
    return done(undefined);
  }

  async flush(): Promise<BackendResult<void>> {
    return done(undefined);
  }

  async extents(offset: number, length: number): Promise<BackendResult<readonly Extent[]>> {
    const extents: Extent[] = [];
    this.forEachPage(offset, length, (page, _pageOffset, count) => {
      const flags = this.pages.has(page) ? 0 : allocationState.hole | allocationState.zero;
      const last = extents[extents.length - 1];
      if (last && last.flags === flags && last.lengthBytes + count <= 0xffffffff) extents[extents.length - 1] = { lengthBytes: last.lengthBytes + count, flags };
      else extents.push({ lengthBytes: count, flags });
    });
    return done(extents);
  }

  async close(): Promise<void> {
    this.pages.clear();
  }

  private forEachPage(offset: number, length: number, visit: (page: number, pageOffset: number, count: number, cursor: number) => void): void {
    let cursor = 0;
    while (cursor < length) {
      const at = offset + cursor;
      const page = Math.floor(at / pageBytes);
      const pageOffset = at - page * pageBytes;
      const count = Math.min(pageBytes - pageOffset, length - cursor);
      visit(page, pageOffset, count, cursor);
      cursor += count;
    }
  }
}
