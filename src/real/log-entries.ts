// libvirtd's debug log split into entries. libvirt writes each message as
// `<time>: <thread>: <level> : <function>:<line> : <text>` (virLogFormatString); a message that
// contains newlines (a cookie from qemuMigrationCookieFormat, a domain XML) continues on the
// following lines, which do not start with a time stamp. Pure: text in, entries out.

export interface LogEntry {
  /** Milliseconds since the epoch, from the entry's UTC time stamp. */
  readonly timeMs: number;
  readonly thread: number;
  readonly level: 'debug' | 'info' | 'warning' | 'error';
  readonly function: string;
  readonly message: string;
}

/** Bounds on one log: entries kept, and characters of one message. */
export const logLimits = { entriesMax: 200_000, messageCharsMax: 256 * 1024 } as const;

const headPattern = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})([+-]\d\d)(\d\d): (\d+): (debug|info|warning|error) : ([A-Za-z0-9_]+):\d+ : ([^\n]*)$/;

export function parseLogEntries(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  let current: { head: Omit<LogEntry, 'message'>; lines: string[]; chars: number } | null = null;
  const flush = (): void => {
    if (current !== null && entries.length < logLimits.entriesMax) entries.push({ ...current.head, message: current.lines.join('\n') });
  };
  // A log ends with a newline; it terminates the last entry and does not belong to its message.
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  for (const line of body.split('\n')) {
    const head = headPattern.exec(line);
    if (head) {
      flush();
      const [, date, time, zoneHours, zoneMinutes, thread, level, fn, message] = head;
      const timeMs = Date.parse(`${date}T${time}${zoneHours}:${zoneMinutes}`);
      current = { head: { timeMs, thread: Number(thread), level: level as LogEntry['level'], function: fn ?? '' }, lines: [message ?? ''], chars: 0 };
    } else if (current !== null && current.chars < logLimits.messageCharsMax) {
      current.lines.push(line);
      current.chars += line.length + 1;
    }
  }
  flush();
  return entries;
}
