// The page's side of the simulation worker: one worker per lane (handshake runs, the stream
// model, the matrix), so that a long stream model never holds up the next run. The worker is
// the page's own script started again from a blob: URL (the page stays one offline file; its
// CSP allows `worker-src blob:` and nothing else). Where no worker can start, the same jobs
// run in the page, one task each.
import { doJob } from './serve.js';
import type { FromWorker, Job, Replies, ToWorker } from './protocol.js';

export type Lane = 'run' | 'stream' | 'matrix';

/** A job given up because a newer one replaced it (see SimClient.cancel). */
export class Cancelled extends Error {}

interface Pending {
  readonly job: Job;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly progress: (fraction: number) => void;
}

class LaneRunner {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private started = false;

  constructor(private url: string | null) {}

  submit(id: number, pending: Pending): void {
    this.pending.set(id, pending);
    const worker = this.ensureWorker();
    if (worker) worker.postMessage({ id, job: pending.job } satisfies ToWorker);
    else this.runHere(id, pending);
  }

  warm(): void {
    this.ensureWorker();
  }

  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const [, job] of this.pending) job.reject(new Cancelled('cancelled'));
    this.pending.clear();
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.url === null) return this.worker;
    try {
      const worker = new Worker(this.url);
      worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.fallBack();
      };
      this.worker = worker;
    } catch {
      this.worker = null;
    }
    return this.worker;
  }

  /** A worker that cannot start (a browser without blob: workers): its jobs run in the page instead. */
  private fallBack(): void {
    if (this.started) return;
    this.worker?.terminate();
    this.worker = null;
    this.url = null;
    for (const [id, job] of this.pending) this.runHere(id, job);
  }

  private receive(message: FromWorker): void {
    this.started = true;
    const job = this.pending.get(message.id);
    if (!job) return;
    if (message.kind === 'progress') return job.progress(message.fraction);
    this.pending.delete(message.id);
    if (message.kind === 'done') job.resolve(message.value);
    else job.reject(new Error(message.message));
  }

  private runHere(id: number, pending: Pending): void {
    setTimeout(() => {
      if (this.pending.get(id) !== pending) return;
      doJob(pending.job, pending.progress).then((value) => {
        if (this.pending.delete(id)) pending.resolve(value);
      }, (error: unknown) => {
        if (this.pending.delete(id)) pending.reject(error instanceof Error ? error : new Error(String(error)));
      });
    }, 0);
  }
}

export class SimClient {
  private readonly lanes = new Map<Lane, LaneRunner>();
  private readonly url: string | null;
  private nextId = 1;

  /** `source`: the page's own script, or null to run every job in the page. */
  constructor(source: string | null) {
    this.url = source !== null && typeof Worker === 'function' && typeof Blob === 'function'
      ? URL.createObjectURL(new Blob([source], { type: 'text/javascript' })) : null;
  }

  /** Starts a lane's worker now, so that it has read its script by the time the first job comes. */
  warm(lane: Lane): void {
    this.runner(lane).warm();
  }

  private runner(lane: Lane): LaneRunner {
    const runner = this.lanes.get(lane) ?? new LaneRunner(this.url);
    this.lanes.set(lane, runner);
    return runner;
  }

  submit<K extends Job['kind']>(lane: Lane, job: Extract<Job, { kind: K }>, progress: (fraction: number) => void = () => undefined): Promise<Replies[K]> {
    const runner = this.runner(lane);
    return new Promise<Replies[K]>((resolve, reject) => {
      runner.submit(this.nextId++, { job, resolve: resolve as (value: unknown) => void, reject, progress });
    });
  }

  /** Stops whatever the lane is computing (its worker is ended and a new one starts with the next job). */
  cancel(lane: Lane): void {
    this.lanes.get(lane)?.cancel();
  }
}
