// The worker's side: each job is the same call the CLI makes (runExplore, simulateMirror,
// computeMatrix), run off the page's main thread so that a long model never freezes the page.
// `doJob` is also what the page runs in place when it cannot start a worker.
import { mirrorChart } from '../../render/stream-report.js';
import { simulateMirror } from '../../sim/stream/index.js';
import { computeMatrix } from '../matrix-model.js';
import { isRun, plainResult, runExplore } from '../simulate.js';
import { streamScenario } from '../stream-model.js';
import type { FromWorker, Job, Replies, RunReply, StreamReply, ToWorker } from './protocol.js';

function run(job: Extract<Job, { kind: 'run' }>): RunReply {
  const done = runExplore(job.state, job.policy ? { policy: job.policy } : {});
  return isRun(done) ? { ok: true, result: plainResult(done.result) } : { ok: false, problems: done.problems };
}

function stream(job: Extract<Job, { kind: 'stream' }>): StreamReply {
  const checked = streamScenario(job.settings);
  if (!checked.ok) return { ok: false, message: checked.problems.map((p) => `${p.field}: ${p.message}`).join('; ') };
  const result = simulateMirror(checked.scenario);
  return { ok: true, result, chart: mirrorChart(result, null) };
}

export async function doJob<K extends Job['kind']>(job: Extract<Job, { kind: K }>, progress: (fraction: number) => void): Promise<Replies[K]> {
  const done: Job = job;
  switch (done.kind) {
    case 'run': return run(done) as Replies[K];
    case 'stream': return stream(done) as Replies[K];
    case 'matrix': return (await computeMatrix(done.request, progress, () => false)) as Replies[K];
  }
}

/** The part of a dedicated worker's global scope the worker uses. */
export interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

export function serveWorker(scope: WorkerScope): void {
  scope.onmessage = (event) => {
    const { id, job } = event.data;
    doJob(job, (fraction) => scope.postMessage({ id, kind: 'progress', fraction })).then(
      (value) => scope.postMessage({ id, kind: 'done', value }),
      (error: unknown) => scope.postMessage({ id, kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  };
}
