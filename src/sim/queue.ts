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
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const a = this.heap[i];
      const b = this.heap[parent];
      if (a === undefined || b === undefined || !this.before(a, b)) break;
      this.heap[i] = b;
      this.heap[parent] = a;
      i = parent;
    }
  }

  private siftDown(index: number): void {
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      const at = (k: number): QueuedEvent<E> | undefined => this.heap[k];
      const s = at(smallest);
      const l = at(left);
      if (l !== undefined && s !== undefined && this.before(l, s)) smallest = left;
      const r = at(right);
      const m = at(smallest);
      if (r !== undefined && m !== undefined && this.before(r, m)) smallest = right;
      if (smallest === i) return;
      const a = at(i);
      const b = at(smallest);
      if (a === undefined || b === undefined) return;
      this.heap[i] = b;
      this.heap[smallest] = a;
      i = smallest;
    }
  }
}
