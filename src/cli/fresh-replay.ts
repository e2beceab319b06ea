// The isolation check for plug-ins: before a failure found with a peer plug-in is reported, its
// case file is replayed in a fresh process (a new instance of every module, the plug-in's
// included). A plug-in that keeps state between cases (a counter, a cache) can fail a case only
// after the cases before it; replayed alone, such a case passes, and the report says so with
// both runs instead of handing over a case file that "no longer fails".
import { spawn } from 'node:child_process';
import { packagePath } from './package-root.js';

/** How long the fresh replay may take before it is abandoned (then nothing is concluded). */
export const freshReplayTimeoutMs = 120_000;
/** Output kept at most from the fresh process. */
const outputBytesMax = 16 * 1024 * 1024;

export type FreshVerdict =
  | { readonly ok: true; readonly failures: readonly { readonly oracle: string; readonly message: string }[] }
  | { readonly ok: false; readonly why: string };

export function replayInFreshProcess(caseFile: string, peer: string): Promise<FreshVerdict> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [packagePath('bin', 'migsim.js'), 'replay', caseFile, '--peer', peer, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => void (out.length < outputBytesMax && (out += chunk.toString('utf8'))));
    child.stderr.on('data', (chunk: Buffer) => void (err.length < outputBytesMax && (err += chunk.toString('utf8'))));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ ok: false, why: `the fresh replay took over ${freshReplayTimeoutMs} ms` });
    }, freshReplayTimeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ ok: false, why: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        const parsed = JSON.parse(out) as { oracleFailures?: { oracle: string; message: string }[] };
        done({ ok: true, failures: parsed.oracleFailures ?? [] });
      } catch {
        done({ ok: false, why: `the fresh replay exited ${code ?? '?'}: ${err.trim().split('\n').pop() ?? ''}` });
      }
    });
  });
}
