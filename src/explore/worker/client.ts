// The page's side of the simulation worker: one worker per lane (handshake runs, the stream
// model, the matrix), so that a long stream model never holds up the next run. The worker is
// the page's own script started again from a blob: URL (the page stays one offline file; its
// CSP allows `worker-src blob:` and nothing else). Starting a worker takes a while, so a lane
// starts its worker after the task that first needs it (the page draws first) unless the job is
// urgent. Where no worker can start, the same jobs run in the page, one task each.
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
  private starting = false;
  /** True once the worker answered: from then on a worker error is not a reason to fall back. */
  private answered = false;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly url: () => string | null) {}

  submit(id: number, pending: Pending, urgent: boolean): void {
    this.pending.set(id, pending);
    if (this.worker) this.worker.postMessage({ id, job: pending.job } satisfies ToWorker);
    else this.start(urgent);
  }

  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const [, job] of this.pending) job.reject(new Cancelled('cancelled'));
    this.pending.clear();
  }

  /** Starts the worker (now, or after the current task) and sends it whatever waits. */
  private start(urgent: boolean): void {
    if (this.starting) return;
    this.starting = true;
    const run = (): void => {
      this.starting = false;
      const url = this.url();
      try {
        this.worker = url === null ? null : new Worker(url);
      } catch {
        this.worker = null;
      }
      const worker = this.worker;
      if (!worker) {
        for (const [id, job] of this.pending) this.runHere(id, job);
        return;
      }
      worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        if (!this.answered) this.fallBack(worker);
      };
      for (const [id, job] of this.pending) worker.postMessage({ id, job: job.job } satisfies ToWorker);
    };
    if (urgent) run();
    else setTimeout(run, 0);
  }

  /** A worker that cannot start (a browser without blob: workers): its jobs run in the page instead. */
  private fallBack(worker: Worker): void {
    worker.terminate();
    if (this.worker === worker) this.worker = null;
    for (const [id, job] of this.pending) this.runHere(id, job);
  }

  private receive(message: FromWorker): void {
    this.answered = true;
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
  private url: string | null | undefined;
  private nextId = 1;

  /** `source`: the page's own script, or null to run every job in the page. */
  constructor(private readonly source: (() => string) | null) {}

  /** The worker's script as a blob: URL, made once, when the first worker starts. */
  private workerUrl(): string | null {
    if (this.url !== undefined) return this.url;
    const source = this.source?.() ?? null;
    this.url = source !== null && typeof Worker === 'function' && typeof Blob === 'function'
      ? URL.createObjectURL(new Blob([source], { type: 'text/javascript' })) : null;
    return this.url;
  }

  /**
   * Runs a job on a lane. A lane's first job starts its worker after the current task, unless
   * `urgent` (the page has nothing to draw before the answer).
   */
  submit<K extends Job['kind']>(lane: Lane, job: Extract<Job, { kind: K }>, progress: (fraction: number) => void = () => undefined, urgent = false): Promise<Replies[K]> {
    const runner = this.lanes.get(lane) ?? new LaneRunner(() => this.workerUrl());
    this.lanes.set(lane, runner);
    return new Promise<Replies[K]>((resolve, reject) => {
      runner.submit(this.nextId++, { job, resolve: resolve as (value: unknown) => void, reject, progress }, urgent);
    });
  }

  /** Stops whatever the lane is computing (its worker is ended and a new one starts with the next job). */
  cancel(lane: Lane): void {
    this.lanes.get(lane)?.cancel();
  }
}
