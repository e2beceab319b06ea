// Starting and stopping a real peer as a child process. A peer is ready when it has written its
// pid file and (optionally) accepts a connection; it is stopped by PID (SIGTERM, then SIGKILL
// after a grace period). Every live peer is also killed when this process exits, so that a
// failed or interrupted test never leaves a server behind.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { peerError, type PeerError } from './errors.js';

export interface PeerProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with a description of how the process ended ("exit code 0", "signal SIGTERM"). */
  readonly exited: Promise<string>;
  output(): string;
  stop(): Promise<void>;
}

export interface LaunchSpec {
  readonly name: string;
  readonly program: string;
  readonly args: readonly string[];
  /** Written by the peer once it listens (nbdkit -P, qemu-nbd --pid-file); null: ready at spawn. */
  readonly pidFile: string | null;
  /** An extra readiness check, e.g. a connect probe. */
  readonly probe?: () => Promise<boolean>;
  readonly timeoutMs: number;
}

export type LaunchOutcome = { readonly ok: true; readonly peer: PeerProcess } | { readonly ok: false; readonly error: PeerError };

const live = new Set<number>();
let exitHookInstalled = false;
const outputBytesMax = 64 * 1024;
const stopGraceMs = 3000;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of live) killQuietly(pid, 'SIGKILL');
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export async function launchPeer(spec: LaunchSpec): Promise<LaunchOutcome> {
  installExitHook();
  const child = spawn(spec.program, [...spec.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    if (output.length < outputBytesMax) output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let ended: string | null = null;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve((ended = signal ? `signal ${signal}` : `exit code ${code ?? '?'}`)));
    child.once('error', (error) => resolve((ended = `spawn error ${error.message}`)));
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    return { ok: false, error: peerError('peer-start-failed', `${spec.name} did not start: ${ended ?? 'no pid'}`) };
  }
  live.add(pid);
  const peer: PeerProcess = { name: spec.name, pid, exited, output: () => output, stop: () => stopPid(pid, exited) };
  const ready = await waitReady(spec, () => ended);
  if (ready) {
    await peer.stop();
    const error = ready.code === 'peer-exited' ? peerError('peer-exited', `${spec.name} exited with ${ended ?? '?'}: ${output.trim().slice(0, 500)}`) : ready;
    return { ok: false, error };
  }
  return { ok: true, peer };
}

async function waitReady(spec: LaunchSpec, ended: () => string | null): Promise<PeerError | null> {
  const deadline = Date.now() + spec.timeoutMs;
  while (Date.now() < deadline) {
    if (ended() !== null) return peerError('peer-exited', spec.name);
    if (await pidFileWritten(spec.pidFile) && (!spec.probe || (await spec.probe()))) return null;
    await sleep(20);
  }
  return peerError('peer-timeout', `${spec.name} did not become ready within ${spec.timeoutMs} ms`);
}

async function pidFileWritten(path: string | null): Promise<boolean> {
  if (path === null) return true;
  try {
    return /^\d+\s*$/.test(await readFile(path, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after the grace period. */
async function stopPid(pid: number, exited: Promise<string>): Promise<void> {
  if (!live.has(pid)) return;
  killQuietly(pid, 'SIGTERM');
  const outcome = await Promise.race([exited, sleep(stopGraceMs).then(() => null)]);
  if (outcome === null) {
    killQuietly(pid, 'SIGKILL');
    await exited;
  }
  live.delete(pid);
}

/** PIDs of peers started and not yet stopped (tests assert this is empty afterwards). */
export function livePeerPids(): readonly number[] {
  return [...live];
}
