// Running a short-lived peer tool (nbdinfo, nbdcopy, qemu-img) to completion, with a timeout
// after which it is killed by PID, and its wall-clock time measured.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { peerError, type PeerError } from './errors.js';

export type RunOutcome =
  | { readonly ok: true; readonly stdout: string; readonly stderr: string; readonly elapsedSeconds: number }
  | { readonly ok: false; readonly error: PeerError; readonly stdout: string; readonly stderr: string };

const outputBytesMax = 4 * 1024 * 1024;

export function runProgram(program: string, args: readonly string[], timeoutMs: number): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const startMs = performance.now();
    const child = spawn(program, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < outputBytesMax) stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < outputBytesMax) stderr += chunk.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, error: peerError('peer-start-failed', `${program} did not start: ${error.message}`), stdout, stderr });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const elapsedSeconds = (performance.now() - startMs) / 1000;
      if (timedOut) resolve({ ok: false, error: peerError('peer-timeout', `${program} did not finish within ${timeoutMs} ms`), stdout, stderr });
      else if (code === 0) resolve({ ok: true, stdout, stderr, elapsedSeconds });
      else resolve({ ok: false, error: peerError('peer-command-failed', `${program} failed with ${signal ?? `exit code ${code}`}: ${stderr.trim().slice(0, 500)}`), stdout, stderr });
    });
  });
}
