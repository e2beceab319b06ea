// Samples of a run over virtual time: bytes still to copy and the throughput since the previous
// sample. The sampler owns no events: it is told when the run is about to change (before each
// reply is handled) and then records every sampling instant that has passed, with the state as
// it was at that instant (nothing changed since the previous event). So samples fall on an
// exact grid and the sampler never adds to the event queue. The interval starts at 100 ms; whenever more than `samplesMax` samples
// pile up, neighbours are merged pairwise and the interval doubles, so an hour-long run and a
// one-second run both give a few hundred points, the same ones for the same scenario.
import { nsPerSecond, type SimWorld } from '../world.js';

export interface TimelineSample {
  readonly seconds: number;
  readonly remainingDirtyBytes: number;
  readonly throughputBytesPerSecond: number;
}

export interface TimelineProbe {
  /** QEMU's "remaining" at `atNs` (no later than now): dirty + in flight + active write bytes in flight. */
  readonly remainingBytes: (atNs: number) => number;
  /** Payload bytes acknowledged by the target so far. */
  readonly ackedBytes: () => number;
}

const firstIntervalNs = 100_000_000;

export class TimelineSampler {
  private readonly samples: TimelineSample[] = [];
  private intervalNs = firstIntervalNs;
  private nextNs = firstIntervalNs;
  private lastNs = 0;
  private lastAckedBytes = 0;

  constructor(private readonly world: SimWorld, private readonly probe: TimelineProbe, private readonly samplesMax = 400) {}

  start(): void {
    const nowNs = this.world.nowNs;
    this.samples.push({ seconds: nowNs / nsPerSecond, remainingDirtyBytes: this.probe.remainingBytes(nowNs), throughputBytesPerSecond: 0 });
    this.lastNs = nowNs;
    this.nextNs = nowNs + this.intervalNs;
  }

  /** Called before the state changes: records the sampling instants passed since the last event. */
  observe(): void {
    while (this.world.nowNs >= this.nextNs) this.record(this.nextNs);
  }

  /** Records what is left to record and a last sample now; returns the timeline. */
  finish(): readonly TimelineSample[] {
    this.observe();
    if (this.world.nowNs > this.lastNs) this.record(this.world.nowNs);
    return this.samples;
  }

  private record(atNs: number): void {
    const acked = this.probe.ackedBytes();
    const throughput = ((acked - this.lastAckedBytes) * nsPerSecond) / (atNs - this.lastNs);
    this.samples.push({ seconds: atNs / nsPerSecond, remainingDirtyBytes: this.probe.remainingBytes(atNs), throughputBytesPerSecond: throughput });
    this.lastNs = atNs;
    this.lastAckedBytes = acked;
    if (this.samples.length > this.samplesMax) this.compact();
    this.nextNs = atNs + this.intervalNs;
  }

  /** Merges samples 1+2, 3+4, ... (sample 0 is the start), weighting throughput by span, and doubles the interval. */
  private compact(): void {
    const merged: TimelineSample[] = this.samples.slice(0, 1);
    for (let i = 1; i < this.samples.length; i += 2) {
      const a = this.samples[i];
      const b = this.samples[i + 1];
      if (a === undefined) break;
      if (b === undefined) {
        merged.push(a);
        break;
      }
      const spanA = a.seconds - (this.samples[i - 1]?.seconds ?? 0);
      const spanB = b.seconds - a.seconds;
      const throughput = (a.throughputBytesPerSecond * spanA + b.throughputBytesPerSecond * spanB) / (spanA + spanB);
      merged.push({ seconds: b.seconds, remainingDirtyBytes: b.remainingDirtyBytes, throughputBytesPerSecond: throughput });
    }
    this.samples.splice(0, this.samples.length, ...merged);
    this.intervalNs *= 2;
  }
}
