// Goal: the hierarchical dirty bitmap answers exactly like a plain array of booleans, for any
// sequence of range operations, including across word and summary-level boundaries.
// Method: fast-check drives both with random set/clear ranges on random sizes and compares
// every query; plus hand-picked edges (last partial word, 2^20 chunks, a full 1 TiB disk).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirtyBitmap } from '../../../src/sim/stream/bitmap.js';

class ReferenceBitmap {
  readonly bits: boolean[];
  constructor(readonly chunkCount: number) {
    this.bits = new Array<boolean>(chunkCount).fill(false);
  }
  set(first: number, count: number, value: boolean): number {
    let changed = 0;
    for (let i = first; i < Math.min(first + count, this.chunkCount); i += 1) {
      if (this.bits[i] !== value) changed += 1;
      this.bits[i] = value;
    }
    return changed;
  }
  next(from: number): number {
    for (let i = from; i < this.chunkCount; i += 1) if (this.bits[i]) return i;
    return -1;
  }
  run(first: number, max: number): number {
    let n = 0;
    while (n < max && first + n < this.chunkCount && this.bits[first + n]) n += 1;
    return n;
  }
  count(): number {
    return this.bits.filter(Boolean).length;
  }
}

const operation = (size: number) => fc.record({
  set: fc.boolean(),
  first: fc.integer({ min: 0, max: size - 1 }),
  count: fc.integer({ min: 0, max: Math.min(size, 3000) }),
});

describe('DirtyBitmap', () => {
  it('matches a boolean array for random range operations', () => {
    const scenario = fc.integer({ min: 1, max: 5000 }).chain((size) => fc.tuple(fc.constant(size), fc.array(operation(size), { maxLength: 40 }),
      fc.array(fc.integer({ min: 0, max: size - 1 }), { minLength: 1, maxLength: 20 })));
    fc.assert(fc.property(scenario, ([size, ops, probes]) => {
      const bitmap = new DirtyBitmap(size);
      const reference = new ReferenceBitmap(size);
      for (const op of ops) {
        const changed = op.set ? bitmap.setRange(op.first, op.count) : bitmap.clearRange(op.first, op.count);
        expect(changed).toBe(reference.set(op.first, op.count, op.set));
        expect(bitmap.dirtyCount).toBe(reference.count());
      }
      for (const probe of probes) {
        expect(bitmap.nextDirty(probe)).toBe(reference.next(probe));
        expect(bitmap.isDirty(probe)).toBe(reference.bits[probe]);
        expect(bitmap.dirtyRunLength(probe, 100)).toBe(reference.run(probe, 100));
      }
    }), { numRuns: 200 });
  });

  it('finds a lone dirty chunk far away through the summary levels', () => {
    const bitmap = new DirtyBitmap(2 ** 20);
    bitmap.setRange(2 ** 20 - 1, 1);
    expect(bitmap.nextDirty(0)).toBe(2 ** 20 - 1);
    expect(bitmap.nextDirty(2 ** 20 - 1)).toBe(2 ** 20 - 1);
    bitmap.clearRange(2 ** 20 - 1, 1);
    expect(bitmap.nextDirty(0)).toBe(-1);
    expect(bitmap.dirtyCount).toBe(0);
  });

  it('holds a 1 TiB disk at 64 KiB granularity (16 M chunks) in about 2 MiB and fills it at once', () => {
    const chunks = 2 ** 24;
    const bitmap = new DirtyBitmap(chunks);
    expect(bitmap.setRange(0, chunks)).toBe(chunks);
    expect(bitmap.dirtyRunLength(12345, 256)).toBe(256);
    expect(bitmap.clearRange(0, chunks - 1)).toBe(chunks - 1);
    expect(bitmap.nextDirty(0)).toBe(chunks - 1);
  });

  it('refuses chunk counts it cannot hold', () => {
    expect(() => new DirtyBitmap(0)).toThrow(RangeError);
    expect(() => new DirtyBitmap(2 ** 28 + 1)).toThrow(RangeError);
  });
});
