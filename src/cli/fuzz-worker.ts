// One thread of `migsim fuzz --workers N`: runs the fuzz command on the arguments the parent
// gave it (its own --shard and --out), with standard error sent to the parent line by line and
// standard output dropped (the parent prints the merged summary).
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from './fuzz-workers.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

const { args } = workerData as { readonly args: readonly string[] };
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);
const io: CliIo = {
  out: () => undefined,
  err: (text) => post({ kind: 'err', text }),
  readBytes: async (path) => new Uint8Array(await readFile(path)),
  interactive: false,
  env: {},
};
try {
  post({ kind: 'done', code: await main(['fuzz', ...args], io) });
} catch (error) {
  post({ kind: 'err', text: `${error instanceof Error ? error.stack ?? error.message : String(error)}\n` });
  post({ kind: 'done', code: 2 });
}
