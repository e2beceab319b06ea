// Goal: the event queue pops in (time, sequence) order whatever the push order, so that events at
// the same instant run in the order they were scheduled. Method: random pushes and interleaved
// pops, checked against a stable sort.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/queue.js';

describe('EventQueue', () => {
  it('pops in time order, FIFO among equal times', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat({ max: 20 }), fc.boolean()), { maxLength: 200 }), (ops) => {
      const queue = new EventQueue<number>();
      const model: { timeNs: number; id: number }[] = [];
      const popped: number[] = [];
      const expected: number[] = [];
      ops.forEach(([timeNs, pop], id) => {
        queue.push(timeNs, id);
        model.push({ timeNs, id });
        if (pop) {
          model.sort((a, b) => a.timeNs - b.timeNs || a.id - b.id);
          expected.push(model.shift()?.id ?? -1);
          popped.push(queue.pop()?.event ?? -1);
        }
      });
      model.sort((a, b) => a.timeNs - b.timeNs || a.id - b.id);
      for (const item of model) {
        expected.push(item.id);
        popped.push(queue.pop()?.event ?? -1);
      }
      expect(popped).toEqual(expected);
      expect(queue.size).toBe(0);
    }), { numRuns: 500, seed: 5 });
  });

  it('refuses negative or fractional times', () => {
    const queue = new EventQueue<string>();
    expect(() => queue.push(-1, 'x')).toThrow(RangeError);
    expect(() => queue.push(1.5, 'x')).toThrow(RangeError);
  });
});
