// The CLI's only contact with the outside world, injected so that commands can be tested
// without a process: output streams, files and standard input.
import { readFile } from 'node:fs/promises';
import type { CliErrorCode } from '../errors/cli.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readBytes(path: string): Promise<Uint8Array>;
  /** Whether stdout is an interactive terminal (progress output is shown only then). */
  readonly interactive: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let pipeGuarded = false;

/**
 * A reader that stops early (`migsim matrix --csv | head`) closes the pipe: the rest of the output
 * has nobody to read it, so the command ends quietly instead of dying on EPIPE with a stack.
 */
function endQuietlyOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}

export function processIo(): CliIo {
  endQuietlyOnClosedPipe();
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readBytes: async (path) => (path === '-' ? readStdin() : new Uint8Array(await readFile(path))),
    interactive: process.stdout.isTTY === true,
    env: process.env,
  };
}

/** Exit codes shared by every command. */
export const exitCode = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * A usage or I/O problem: printed as one line, exit code 2. Thrown inside a command and caught
 * only by main(), which prints it; its code is one of docs/errors.md's "Command line" rows.
 */
export class UsageError extends Error {
  constructor(message: string, readonly code: CliErrorCode = 'bad-value') {
    super(message);
  }
}

/** The message of anything thrown, on one line (a file system error's text, a plug-in's throw). */
export function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
