// The event queue of the simulated world: a binary heap ordered by (time, sequence), so that
// events at the same instant run in the order they were scheduled (FoundationDB's FIFO
// tie-break). Times are integers in nanoseconds.

export interface QueuedEvent<E> {
  readonly timeNs: number;
  readonly sequence: number;
  readonly event: E;
}

export class EventQueue<E> {
  private readonly heap: QueuedEvent<E>[] = [];
  private sequence = 0;

  get size(): number {
    return this.heap.length;
  }

  push(timeNs: number, event: E): QueuedEvent<E> {
    if (!Number.isSafeInteger(timeNs) || timeNs < 0) throw new RangeError(`event time must be a non-negative integer ns, got ${timeNs}`);
    const entry = { timeNs, sequence: this.sequence++, event };
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    return entry;
  }

  peek(): QueuedEvent<E> | undefined {
    return this.heap[0];
  }

  pop(): QueuedEvent<E> | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top !== undefined && last !== undefined && this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private before(a: QueuedEvent<E>, b: QueuedEvent<E>): boolean {
    return a.timeNs < b.timeNs || (a.timeNs === b.timeNs && a.sequence < b.sequence);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    const item = heap[index];
    if (item === undefined) return;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as QueuedEvent<E>;
      if (!this.before(item, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = item;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const size = heap.length;
    const item = heap[index];
    if (item === undefined) return;
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.before(heap[right] as QueuedEvent<E>, heap[child] as QueuedEvent<E>)) child = right;
      const below = heap[child] as QueuedEvent<E>;
      if (!this.before(below, item)) break;
      heap[i] = below;
      i = child;
    }
    heap[i] = item;
  }
}
