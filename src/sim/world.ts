// The deterministic world every simulation runs in: one virtual clock (integer nanoseconds),
// one event queue ordered by (time, sequence), and one seeded PRNG stream per subsystem. It is
// the single injected context through which simulated code gets time and randomness; nothing
// under src/sim reads the wall clock or Math.random (enforced by lint).
import { Prng, PrngStreams } from './prng.js';
import { EventQueue } from './queue.js';

export interface SimEvent {
  readonly label: string;
  readonly run: () => void;
}

export interface WorldLimits {
  /**
   * Work units (events processed plus work charged outside the queue, such as guest writes
   * applied in a batch) before a run stops: the budget that keeps every model loop bounded.
   */
  readonly eventsMax: number;
  /** Virtual time after which a run stops. */
  readonly timeNsMax: number;
}

export const defaultWorldLimits: WorldLimits = { eventsMax: 50_000_000, timeNsMax: Number.MAX_SAFE_INTEGER };

export type RunStop = 'idle' | 'events-max' | 'time-max' | 'stopped';

export const nsPerMs = 1_000_000;
export const nsPerSecond = 1_000_000_000;

export class SimWorld {
  private readonly queue = new EventQueue<SimEvent>();
  private readonly streams: PrngStreams;
  private timeNs = 0;
  private events = 0;
  private charged = 0;
  private stopRequested = false;
  readonly limits: WorldLimits;

  constructor(readonly seed: number, limits: Partial<WorldLimits> = {}) {
    this.streams = new PrngStreams(seed);
    this.limits = { ...defaultWorldLimits, ...limits };
  }

  get nowNs(): number {
    return this.timeNs;
  }

  get eventsProcessed(): number {
    return this.events;
  }

  /** Events processed plus work charged: what counts against `eventsMax`. */
  get workDone(): number {
    return this.events + this.charged;
  }

  /** Counts work done outside the event queue against the budget. */
  charge(units: number): void {
    this.charged += units;
  }

  /** Whether the work budget is spent (the run loop then returns 'events-max'). */
  get budgetSpent(): boolean {
    return this.events + this.charged >= this.limits.eventsMax;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** The generator of a named subsystem (for example `link`, `guest-writes`, `mutator`). */
  random(stream: string): Prng {
    return this.streams.get(stream);
  }

  at(timeNs: number, label: string, run: () => void): void {
    if (timeNs < this.timeNs) throw new RangeError(`cannot schedule '${label}' in the past (${timeNs} < ${this.timeNs})`);
    this.queue.push(Math.round(timeNs), { label, run });
  }

  after(delayNs: number, label: string, run: () => void): void {
    this.at(this.timeNs + Math.max(0, Math.round(delayNs)), label, run);
  }

  /** Asks the run loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Runs one event; false when the queue is empty. */
  step(): boolean {
    const next = this.queue.pop();
    if (next === undefined) return false;
    this.timeNs = next.timeNs;
    this.events += 1;
    next.event.run();
    return true;
  }

  /** Runs until the queue is empty, a limit is reached, or stop() is called. */
  run(untilNs: number = this.limits.timeNsMax): RunStop {
    this.stopRequested = false;
    for (;;) {
      const next = this.queue.peek();
      if (next === undefined) return 'idle';
      if (next.timeNs > untilNs || next.timeNs > this.limits.timeNsMax) {
        this.timeNs = Math.max(this.timeNs, Math.min(untilNs, this.limits.timeNsMax));
        return 'time-max';
      }
      if (this.budgetSpent) return 'events-max';
      this.step();
      if (this.stopRequested) return 'stopped';
    }
  }
}

export { Prng };
