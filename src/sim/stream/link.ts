// The network between the source QEMU's NBD client and the destination's NBD server: one TCP
// connection with a bottleneck bandwidth (bytes leave one after another, first in first out)
// and a round-trip time split evenly between the two directions. Replies are 16-byte simple
// replies (NBD doc/proto.md "Simple reply message"), so the reverse direction costs only its
// propagation delay. Times are integer nanoseconds, computed with + - * / only, so a scenario
// gives the same numbers on every machine.
import { nsPerSecond, type SimWorld } from '../world.js';

export interface LinkConfig {
  readonly bandwidthBytesPerSecond: number;
  readonly rttNs: number;
}

export class Link {
  private busyUntilNs = 0;
  private wireBytes = 0;

  constructor(private readonly world: SimWorld, readonly config: LinkConfig) {}

  /** Bytes put on the wire so far, headers included. */
  get wireBytesSent(): number {
    return this.wireBytes;
  }

  get oneWayNs(): number {
    return Math.round(this.config.rttNs / 2);
  }

  /** Time to serialise `bytes` onto the link. */
  serialisationNs(bytes: number): number {
    return Math.round((bytes * nsPerSecond) / this.config.bandwidthBytesPerSecond);
  }

  /**
   * Queues `bytes` behind everything already sent and returns the instant the last byte
   * reaches the far end (end of serialisation plus the one-way delay).
   */
  send(bytes: number): number {
    const startNs = Math.max(this.world.nowNs, this.busyUntilNs);
    this.busyUntilNs = startNs + this.serialisationNs(bytes);
    this.wireBytes += bytes;
    return this.busyUntilNs + this.oneWayNs;
  }
}
