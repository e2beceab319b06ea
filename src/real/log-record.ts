// What one migration did, read from the two hosts' libvirtd debug logs: which phases ran where
// (each phase function logs on entry), the cookie each phase parsed and the one it sent
// (qemuMigrationCookieParse / qemuMigrationCookieFormat, src/qemu/qemu_migration_cookie.c), the
// QMP commands sent to QEMU (qemuMonitorSend's QEMU_MONITOR_SEND_MSG), QEMU's events and the
// errors libvirt logged. Pure: log entries in, a typed record out.
import type { Phase, Side } from '../model/migration/types.js';
import type { LogEntry } from './log-entries.js';

export interface LoggedCookie {
  /** libvirt's `cookielen`, which counts the trailing NUL. */
  readonly lengthBytes: number;
  readonly xml: string;
  /** Whether the text logged is exactly cookielen - 1 bytes (the NUL), i.e. the log kept it whole. */
  readonly complete: boolean;
}

export interface PhaseRun {
  readonly phase: Phase;
  readonly side: Side;
  /** Milliseconds after the migration command started. */
  readonly atMs: number;
  readonly cookieParsed: LoggedCookie | null;
  readonly cookieSent: LoggedCookie | null;
  /**
   * Finish and Confirm also run to clean up after a failure: Confirm logs `cancelled=1`
   * (qemuMigrationSrcConfirm), Finish a non-zero `retcode` (qemuMigrationDstFinish). null: not logged.
   */
  readonly cancelled: boolean | null;
}

export interface QmpCommand {
  readonly side: Side;
  readonly phase: Phase | null;
  readonly atMs: number;
  readonly command: string;
  readonly arguments: unknown;
  /** The command as logged, kept when it has integers beyond 2^53 that JSON.parse rounds (e.g. speed 9223372036853727232). */
  readonly raw?: string;
}

export interface QmpEvent {
  readonly side: Side;
  readonly phase: Phase | null;
  readonly atMs: number;
  readonly event: string;
  readonly data: unknown;
}

export interface LoggedError {
  readonly side: Side;
  readonly phase: Phase | null;
  readonly atMs: number;
  readonly function: string;
  readonly message: string;
}

export interface LogRecord {
  readonly phases: readonly PhaseRun[];
  readonly qmp: readonly QmpCommand[];
  readonly events: readonly QmpEvent[];
  readonly errors: readonly LoggedError[];
}

/**
 * The function that logs first when a phase starts, per side (libvirt 9.0 src/qemu/qemu_migration.c).
 * The p2p driver (qemuMigrationSrcPerformPeer2Peer3) and the client API entry
 * (qemuMigrationSrcPerform) are deliberately absent: they wrap Begin, so they mark no phase.
 */
const phaseOf: Readonly<Record<Side, readonly [RegExp, Phase][]>> = {
  source: [
    [/^qemuMigrationSrcBeginPhase$/, 'begin'],
    [/^qemuMigrationSrc(PerformNative|PerformTunnel|Run)$/, 'perform'],
    [/^qemuMigrationSrcConfirm(Phase)?$/, 'confirm'],
  ],
  target: [
    [/^qemuMigrationDstPrepare/, 'prepare'],
    [/^qemuMigrationDstFinish/, 'finish'],
  ],
};

/** QMP commands that only read state; left out of the record (libvirt polls them by the hundred). */
export function isQueryCommand(name: string): boolean {
  return name.startsWith('query-') || name.startsWith('qom-') || name === 'device-list-properties';
}

/** Events that only report progress; the rest (BLOCK_JOB_*, MIGRATION, STOP, RESUME...) are kept. */
const noisyEvents = new Set(['JOB_STATUS_CHANGE', 'MIGRATION_PASS']);

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** A cookie logged by qemuMigrationCookieFormat / qemuMigrationCookieParse; `cookie` null when there was none (`cookielen=0 cookie='<null>'`). */
export function cookieFromMessage(message: string): { readonly kind: 'sent' | 'parsed'; readonly cookie: LoggedCookie | null } | null {
  const sent = /^cookielen=(\d+) cookie=([\s\S]*)$/.exec(message);
  const parsed = /^cookielen=(\d+) cookie='([\s\S]*)'$/.exec(message);
  const match = parsed ?? sent;
  if (!match) return null;
  const lengthBytes = Number(match[1]);
  const xml = match[2] ?? '';
  const kind = parsed ? 'parsed' : 'sent';
  if (lengthBytes === 0) return { kind, cookie: null };
  return { kind, cookie: { lengthBytes, xml, complete: byteLength(xml) + 1 === lengthBytes } };
}

/** Whether the phase function's entry says it is cleaning up after a failure. */
export function cancelledFrom(message: string): boolean | null {
  const confirm = /(?:^|, )cancelled=(\d+)/.exec(message);
  if (confirm) return confirm[1] !== '0';
  const finish = /, retcode=(-?\d+)/.exec(message);
  return finish ? finish[1] !== '0' : null;
}

/** The JSON text after `key` up to the end of its line. */
function jsonTextAfter(message: string, key: string): string | null {
  const start = message.indexOf(key);
  if (start < 0) return null;
  const rest = message.slice(start + key.length);
  const end = rest.search(/[\r\n]/);
  return end < 0 ? rest : rest.slice(0, end);
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const unsafeInteger = /[:\[,]\s*-?\d{16,}/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface SideLog {
  readonly side: Side;
  readonly entries: readonly LogEntry[];
}

function readSide({ side, entries }: SideLog, startMs: number, into: { phases: PhaseRun[]; qmp: QmpCommand[]; events: QmpEvent[]; errors: LoggedError[] }): void {
  let current: { run: PhaseRun; index: number } | null = null;
  const phaseNow = (): Phase | null => current?.run.phase ?? null;
  for (const entry of entries) {
    const atMs = entry.timeMs - startMs;
    const marker = phaseOf[side].find(([pattern]) => pattern.test(entry.function));
    if (marker && marker[1] !== phaseNow()) {
      current = { run: { phase: marker[1], side, atMs, cookieParsed: null, cookieSent: null, cancelled: cancelledFrom(entry.message) }, index: into.phases.length };
      into.phases.push(current.run);
    } else if (marker && current && current.run.cancelled === null) {
      current.run = { ...current.run, cancelled: cancelledFrom(entry.message) };
      into.phases[current.index] = current.run;
    }
    if (entry.function === 'qemuMigrationCookieFormat' || entry.function === 'qemuMigrationCookieParse') {
      const found = cookieFromMessage(entry.message);
      if (found && current) {
        current.run = found.kind === 'sent' ? { ...current.run, cookieSent: found.cookie } : { ...current.run, cookieParsed: found.cookie };
        into.phases[current.index] = current.run;
      }
    } else if (entry.message.startsWith('QEMU_MONITOR_SEND_MSG:')) {
      const raw = jsonTextAfter(entry.message, ' msg=');
      const msg = parseJson(raw);
      if (isRecord(msg) && typeof msg.execute === 'string' && !isQueryCommand(msg.execute)) {
        const exact = raw !== null && unsafeInteger.test(raw) ? { raw } : {};
        into.qmp.push({ side, phase: phaseNow(), atMs, command: msg.execute, arguments: msg.arguments ?? null, ...exact });
      }
    } else if (entry.message.startsWith('QEMU_MONITOR_RECV_EVENT:')) {
      const event = parseJson(jsonTextAfter(entry.message, ' event='));
      if (isRecord(event) && typeof event.event === 'string' && !noisyEvents.has(event.event)) {
        into.events.push({ side, phase: phaseNow(), atMs, event: event.event, data: event.data ?? null });
      }
    } else if (entry.level === 'error') {
      into.errors.push({ side, phase: phaseNow(), atMs, function: entry.function, message: entry.message });
    }
  }
}

/** The record of one migration; `startMs` (epoch ms) is when the migration command started. */
export function recordFromLogs(source: readonly LogEntry[], target: readonly LogEntry[], startMs: number): LogRecord {
  const into = { phases: [] as PhaseRun[], qmp: [] as QmpCommand[], events: [] as QmpEvent[], errors: [] as LoggedError[] };
  readSide({ side: 'source', entries: source }, startMs, into);
  readSide({ side: 'target', entries: target }, startMs, into);
  const byTime = <T extends { readonly atMs: number }>(list: T[]): T[] => list.sort((a, b) => a.atMs - b.atMs);
  return { phases: byTime(into.phases), qmp: byTime(into.qmp), events: byTime(into.events), errors: byTime(into.errors) };
}
