// `migsim fuzz --workers N`: N worker threads on one machine, each a shard of the campaign with
// the whole --time and --runs budget (as N CI jobs would be), their summaries and corpora then
// merged as `fuzz merge` merges CI shards. Each thread loads its own copy of every module (and of
// the plug-in), so the threads share nothing but the file system.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FuzzJson } from './schemas/fuzz.js';
import { gatherCorpus, mergeSummaries, readSummary } from './fuzz-merge.js';
import type { Shard } from './fuzz-output.js';
import { UsageError, type CliIo } from './io.js';

/** What a worker thread (fuzz-worker.ts) posts: its standard error, then its exit code. */
export interface WorkerMessage {
  readonly kind: 'err' | 'done';
  readonly text?: string;
  readonly code?: number;
}

/** Threads at most (more than the cores only slows each one). */
export const workersMax = 64;

/** Run from the TypeScript sources (npm run dev, tsx): the thread needs tsx's loader too, which it does not inherit. */
const fromSource = import.meta.url.endsWith('.ts');
/** The worker's entry: the compiled .js next to this file, or the .ts source under tsx. */
const workerEntry = new URL(fromSource ? './fuzz-worker.ts' : './fuzz-worker.js', import.meta.url);

/** From the sources, a one-line module that registers tsx in the thread and then imports the entry. */
function startWorker(args: readonly string[]): Worker {
  if (!fromSource) return new Worker(workerEntry, { workerData: { args } });
  const boot = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}); register(); await import(${JSON.stringify(workerEntry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { args } });
}

function runWorker(number: number, args: readonly string[], io: CliIo): Promise<number> {
  return new Promise((done, fail) => {
    const worker = startWorker(args);
    let code: number | null = null;
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'err' && message.text !== undefined) io.err(message.text.replace(/^(?=.)/gm, `[worker ${number}] `));
      if (message.kind === 'done') code = message.code ?? 2;
    });
    worker.on('error', (error) => fail(new UsageError(`worker ${number} could not run: ${error.message}`, 'bad-arguments')));
    worker.on('exit', () => done(code ?? 2));
  });
}

/** Worker `w` (1-based) of `count`, inside shard K/N of a CI split: shard (K-1)*count + w of N*count. */
export function workerShard(w: number, count: number, outer: Shard | null): Shard {
  const base = outer ?? { index: 1, total: 1 };
  return { index: (base.index - 1) * count + w, total: base.total * count };
}

export interface WorkersResult {
  readonly summary: FuzzJson;
  readonly dirs: readonly string[];
  /** Threads that ended with a usage error or a crash (their summary is missing). */
  readonly broken: readonly number[];
}

/**
 * Runs `count` threads with `args` (the user's arguments without --workers, --shard, --out,
 * --junit or --json), each writing under OUT/workers/W, then merges what they wrote into OUT.
 */
export async function runWorkers(args: readonly string[], count: number, outer: Shard | null, outDir: string, required: readonly string[], io: CliIo): Promise<WorkersResult> {
  const dirs = Array.from({ length: count }, (_, i) => join(outDir, 'workers', String(i + 1)));
  const codes = await Promise.all(dirs.map((dir, i) => {
    const shard = workerShard(i + 1, count, outer);
    return runWorker(i + 1, [...args, '--shard', `${shard.index}/${shard.total}`, '--out', dir, '--json'], io);
  }));
  const broken = codes.flatMap((code, i) => (code === 0 || code === 1 ? [] : [i + 1]));
  const summaries: FuzzJson[] = [];
  for (const [i, dir] of dirs.entries()) if (!broken.includes(i + 1)) summaries.push(await readSummary(dir));
  const summary = mergeSummaries(summaries, required);
  await gatherCorpus(dirs, outDir);
  return { summary, dirs, broken };
}
