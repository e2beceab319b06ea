// A first-in first-out queue of small non-negative integers in a fixed ring: the NBD reply
// hand-off (reply-completion.ts) moves a few request slots through its queues for every reply,
// millions of times in a 1 TiB run, so it must not allocate.

export class IntQueue {
  private readonly items: Int32Array;
  private head = 0;
  private count = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.items.length) throw new RangeError('IntQueue is full');
    this.items[(this.head + this.count) % this.items.length] = value;
    this.count += 1;
  }

  /** The oldest value, removed; -1 when empty. */
  shift(): number {
    if (this.count === 0) return -1;
    const value = this.items[this.head] ?? -1;
    this.head = (this.head + 1) % this.items.length;
    this.count -= 1;
    return value;
  }
}
