// One `virsh migrate`, bounded. A silent NBD peer blocks the source's blockdev-add with no
// timeout (spec libvirt-cookie.md §12), so after runTimeoutMs the harness asks libvirt to abort
// (virsh domjobabort), gives it abortGraceMs, then kills virsh by PID. An abort asked for by the
// scenario is sent when the log shows its point (log-watch.ts), not after a delay.
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, type ChildResult } from './child.js';
import { guestName, limits } from './constants.js';
import { socketUri, type ScratchLayout } from './layout.js';
import { abortMarkers, LogTail } from './log-watch.js';
import { markerEnvironment } from './ownership.js';
import type { AbortPoint } from './scenario.js';
import { virsh } from './virsh.js';

export interface AbortReport {
  readonly point: AbortPoint | 'timeout';
  /** Whether the point was seen in the log (always true for a timeout). */
  readonly triggered: boolean;
  readonly afterMs: number | null;
  /** domjobabort's result: `ok`, or its error text. */
  readonly result: string | null;
}

export interface MigrateResult extends ChildResult {
  readonly pid: number | null;
  readonly timedOut: boolean;
  /** virsh was killed after domjobabort did not end the migration in time. */
  readonly killed: boolean;
  readonly abort: AbortReport | null;
  readonly startedAtMs: number;
}

export interface MigrateSpec {
  readonly virsh: string;
  readonly layout: ScratchLayout;
  readonly argv: readonly string[];
  readonly abortAt: AbortPoint | null;
  readonly runTimeoutMs: number;
  /** Told virsh's PID at once, so that a harness killed mid-run leaves it in the state file for `down`. */
  readonly onPid: (pid: number) => Promise<void>;
  /** domjobabort's own bound and the grace after it (default limits.commandTimeoutMs, limits.abortGraceMs). */
  readonly abortCommandMs?: number;
  readonly abortGraceMs?: number;
}

async function domjobabort(spec: MigrateSpec): Promise<string> {
  const result = await virsh({ virsh: spec.virsh, host: spec.layout.hosts.A }, ['domjobabort', guestName], spec.abortCommandMs ?? limits.commandTimeoutMs);
  return result.ok ? 'ok' : result.error.message;
}

/** Polls the marked log until the point shows, the migration ends, or the run times out. */
async function abortAtPoint(spec: MigrateSpec, point: AbortPoint, ended: () => boolean, startedAtMs: number): Promise<AbortReport> {
  const marker = abortMarkers[point];
  const tail = new LogTail(marker.side === 'source' ? spec.layout.hosts.A.log : spec.layout.hosts.B.log);
  const deadline = startedAtMs + spec.runTimeoutMs;
  while (!ended() && Date.now() < deadline) {
    if ((await tail.lines()).some((line) => marker.pattern.test(line))) {
      const afterMs = Date.now() - startedAtMs;
      return { point, triggered: true, afterMs, result: await domjobabort(spec) };
    }
    await sleep(limits.pollIntervalMs);
  }
  return { point, triggered: false, afterMs: null, result: null };
}

export async function runMigrate(spec: MigrateSpec): Promise<MigrateResult> {
  const startedAtMs = Date.now();
  // The marker makes an orphaned virsh (its harness killed) provably the harness's for `down`.
  const child = startChild(spec.virsh, ['-c', socketUri(spec.layout.hosts.A), ...spec.argv], markerEnvironment(spec.layout.scratch));
  if (child.pid !== null) await spec.onPid(child.pid);
  let ended = false;
  const done = child.done.then((result) => {
    ended = true;
    return result;
  });
  const watcher = spec.abortAt === null ? Promise.resolve(null) : abortAtPoint(spec, spec.abortAt, () => ended, startedAtMs);
  const timers = new AbortController();
  const timer = sleep(spec.runTimeoutMs, 'timeout' as const, { signal: timers.signal }).catch(() => 'cancelled' as const);
  const first = await Promise.race([done, timer]);
  timers.abort();
  if (first !== 'timeout' && first !== 'cancelled') return { ...first, pid: child.pid, timedOut: false, killed: false, abort: await watcher, startedAtMs };
  const abortResult = await domjobabort(spec);
  const graceTimers = new AbortController();
  const afterAbort = await Promise.race([done, sleep(spec.abortGraceMs ?? limits.abortGraceMs, 'grace' as const, { signal: graceTimers.signal }).catch(() => 'cancelled' as const)]);
  graceTimers.abort();
  const killed = afterAbort === 'grace';
  if (killed) child.kill();
  const result = await done;
  await watcher;
  return { ...result, pid: child.pid, timedOut: true, killed, abort: { point: 'timeout', triggered: true, afterMs: spec.runTimeoutMs, result: abortResult }, startedAtMs };
}
