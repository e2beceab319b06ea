// The harness's processes: started detached (they outlive a `migsim real up` that returns),
// found again through /proc, and stopped by PID only - SIGTERM, a bounded wait, then SIGKILL.
// A PID is only signalled while it still belongs to what the harness made (its network
// namespace, or a command line naming the scratch directory), so a PID the kernel reused for
// someone else's process after a crash is left alone.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { limits } from './constants.js';

export async function netnsOf(pid: number): Promise<string | null> {
  try {
    return await readlink(`/proc/${pid}/ns/net`);
  } catch {
    return null;
  }
}

export async function commandLine(pid: number): Promise<string | null> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ').trim();
  } catch {
    return null;
  }
}

/** Alive and not a zombie waiting to be reaped. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name, which may itself contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Every process whose network namespace is `netns` (at most sweepProcessesMax). */
export async function pidsInNetns(netns: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if ((await netnsOf(Number(name))) === netns) found.push(Number(name));
    if (found.length >= limits.sweepProcessesMax) break;
  }
  return found;
}

/** The child processes of `pid` (Linux /proc/PID/task/PID/children). */
export async function childrenOf(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter((s) => /^\d+$/.test(s)).map(Number);
  } catch {
    return [];
  }
}

export interface DetachedSpec {
  readonly program: string;
  readonly args: readonly string[];
  /** stdout and stderr go here (appended), never to a pipe the harness must keep reading. */
  readonly outputFile: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts a process in its own session that survives the harness; its PID, or the spawn error. */
export function startDetached(spec: DetachedSpec): Promise<{ readonly pid: number } | { readonly error: string }> {
  const fd = openSync(spec.outputFile, 'a');
  try {
    const child = spawn(spec.program, [...spec.args], { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...spec.env } });
    return new Promise((resolve) => {
      child.once('error', (error) => resolve({ error: error.message }));
      child.once('spawn', () => {
        child.unref();
        resolve(child.pid === undefined ? { error: 'no pid' } : { pid: child.pid });
      });
    });
  } finally {
    closeSync(fd);
  }
}

/** Polls `probe` until it returns a value other than null, or the deadline passes (then null). */
export async function pollUntil<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() >= deadline) return null;
    await sleep(limits.pollIntervalMs);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already.
  }
}

/** SIGTERM to every PID, SIGKILL to those still alive after the grace period; the PIDs that survived both. */
export async function stopPids(pids: readonly number[], graceMs: number = limits.stopGraceMs): Promise<number[]> {
  const alive = async (): Promise<number[]> => (await Promise.all(pids.map(async (p) => ((await isAlive(p)) ? p : null)))).filter((p) => p !== null);
  for (const pid of await alive()) signal(pid, 'SIGTERM');
  const gone = await pollUntil(async () => ((await alive()).length === 0 ? true : null), graceMs);
  if (gone) return [];
  for (const pid of await alive()) signal(pid, 'SIGKILL');
  await pollUntil(async () => ((await alive()).length === 0 ? true : null), graceMs);
  return alive();
}
