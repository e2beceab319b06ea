// A command whose exit status matters (virsh migrate, qemu-img compare) and that the harness
// may have to stop before it ends: its PID is known at once, its output is kept (bounded), and
// its end is a promise with the exit code and duration. Stopped by PID only.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface ChildResult {
  /** null when it ended by a signal or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly spawnError: string | null;
}

export interface TrackedChild {
  readonly pid: number | null;
  readonly done: Promise<ChildResult>;
  kill(): void;
}

const outputBytesMax = 1024 * 1024;

export function startChild(program: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): TrackedChild {
  const startMs = performance.now();
  const child = spawn(program, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    if (stdout.length < outputBytesMax) stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < outputBytesMax) stderr += chunk.toString('utf8');
  });
  const done = new Promise<ChildResult>((resolve) => {
    const finish = (exitCode: number | null, signal: string | null, spawnError: string | null): void =>
      resolve({ exitCode, signal, stdout, stderr, durationMs: Math.round(performance.now() - startMs), spawnError });
    child.once('error', (error) => finish(null, null, error.message));
    child.once('close', (code, signal) => finish(code, signal, null));
  });
  const pid = child.pid ?? null;
  return {
    pid, done,
    kill: () => {
      if (pid === null || child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** Runs to the end, killed after `timeoutMs`. */
export async function runChild(program: string, args: readonly string[], timeoutMs: number): Promise<ChildResult & { readonly timedOut: boolean }> {
  const child = startChild(program, args);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill();
  }, timeoutMs);
  const result = await child.done;
  clearTimeout(timer);
  return { ...result, timedOut };
}
