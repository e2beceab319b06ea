// The destination's NBD server: each request takes a fixed service time once it has arrived
// (disk or CPU work; nbdkit's delay filter, `delay-write=50ms`, is exactly this). By default the
// server serves every request at once, as nbdkit `-t 64` does for QEMU's 16 requests; with
// `threads` set, requests beyond that many wait first in first out, as nbdkit's worker threads
// do (server/connections.c handles one request per thread).

export interface ServerConfig {
  readonly serviceTimeNs: number;
  /** Concurrent requests served; null for unlimited. */
  readonly threads: number | null;
}

export class NbdServer {
  private readonly threadFreeAtNs: number[];

  constructor(readonly config: ServerConfig) {
    this.threadFreeAtNs = config.threads === null ? [] : new Array<number>(config.threads).fill(0);
  }

  /** The instant a request arriving at `arrivalNs` has been served. Arrivals come in time order. */
  serve(arrivalNs: number): number {
    if (this.threadFreeAtNs.length === 0) return arrivalNs + this.config.serviceTimeNs;
    let thread = 0;
    for (let i = 1; i < this.threadFreeAtNs.length; i += 1) {
      if ((this.threadFreeAtNs[i] ?? 0) < (this.threadFreeAtNs[thread] ?? 0)) thread = i;
    }
    const startNs = Math.max(arrivalNs, this.threadFreeAtNs[thread] ?? 0);
    const doneNs = startNs + this.config.serviceTimeNs;
    this.threadFreeAtNs[thread] = doneNs;
    return doneNs;
  }
}
