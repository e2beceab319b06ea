// Goal: the log parser turns real libvirt 9.0 debug logs into the phases, cookies and QMP
// commands that libvirt-cookie.md §11 describes for the same scenarios.
// Method: parse the two recorded excerpts in corpus/real/logs (completed copy, abort during the
// mirror); the expectations are the spec's account of a real run, written down independently
// of the parser; a few hand-made lines pin the entry format edge cases.
import { describe, expect, it } from 'vitest';
import { parseLogEntries } from '../../src/real/log-entries.js';
import { cancelledFrom, cookieFromMessage, recordFromLogs, type LogRecord } from '../../src/real/log-record.js';
import { readProjectFile } from '../support/corpus.js';

function record(directory: string): LogRecord {
  const source = parseLogEntries(readProjectFile(`corpus/real/logs/${directory}/source.log`));
  const target = parseLogEntries(readProjectFile(`corpus/real/logs/${directory}/target.log`));
  const startMs = Math.min(source[0]?.timeMs ?? 0, target[0]?.timeMs ?? 0);
  return recordFromLogs(source, target, startMs);
}

const commands = (r: LogRecord, side: 'source' | 'target', phase: string): string[] =>
  r.qmp.filter((c) => c.side === side && c.phase === phase).map((c) => c.command);

describe('log entries', () => {
  it('joins continuation lines to their entry and keeps a CR inside a message', () => {
    const text = [
      '2026-12-03 18:58:16.796+0000: 8822: debug : qemuMigrationCookieFormat:1485 : cookielen=11 cookie=<a>',
      '</a>',
      '',
      '2026-12-03 18:58:19.709+0000: 8811: info : qemuMonitorSend:861 : QEMU_MONITOR_SEND_MSG: mon=0x1 msg={"execute":"cont","id":"libvirt-1"}\r',
      ' fd=-1',
      '',
    ].join('\n');
    const entries = parseLogEntries(text);
    expect(entries.map((e) => [e.function, e.thread, e.level])).toEqual([['qemuMigrationCookieFormat', 8822, 'debug'], ['qemuMonitorSend', 8811, 'info']]);
    expect(entries[0]?.message).toBe('cookielen=11 cookie=<a>\n</a>\n');
    expect(entries[1]?.message).toBe('QEMU_MONITOR_SEND_MSG: mon=0x1 msg={"execute":"cont","id":"libvirt-1"}\r\n fd=-1');
    expect(entries[1]?.timeMs).toBe(Date.UTC(2026, 11, 3, 18, 58, 19, 709));
  });

  it('reads cookies as sent and as parsed, and a missing cookie as none', () => {
    expect(cookieFromMessage('cookielen=10 cookie=<a>\n</a>\n')).toEqual({ kind: 'sent', cookie: { lengthBytes: 10, xml: '<a>\n</a>\n', complete: true } });
    expect(cookieFromMessage("cookielen=10 cookie='<a>\n</a>\n'")).toEqual({ kind: 'parsed', cookie: { lengthBytes: 10, xml: '<a>\n</a>\n', complete: true } });
    expect(cookieFromMessage("cookielen=0 cookie='<null>'")).toEqual({ kind: 'parsed', cookie: null });
    expect(cookieFromMessage('cookielen=99 cookie=<a/>')?.cookie?.complete).toBe(false);
  });

  it('tells a clean-up Confirm or Finish from a normal one', () => {
    expect(cancelledFrom('vm=0x1, flags=0x141, cancelled=1')).toBe(true);
    expect(cancelledFrom('vm=0x1, flags=0x141, cancelled=0')).toBe(false);
    expect(cancelledFrom('cookieinlen=0, cookieout=0x1, cookieoutlen=0x2, flags=0x41, retcode=1')).toBe(true);
    expect(cancelledFrom('driver=0x1, vm=0x2')).toBeNull();
  });
});

describe('a completed --copy-storage-all migration (corpus a)', () => {
  const r = record('a-copy-storage-all');

  it('runs the five v3 phases in order, each on its side', () => {
    expect(r.phases.map((p) => `${p.phase}/${p.side}`)).toEqual(['begin/source', 'prepare/target', 'perform/source', 'finish/target', 'confirm/source']);
    expect(r.phases.every((p) => p.cancelled !== true)).toBe(true);
  });

  it('logs each cookie whole, and each arrives byte-identical to what was sent', () => {
    const [begin, prepare, perform, finish, confirm] = r.phases;
    for (const p of r.phases) for (const c of [p.cookieSent, p.cookieParsed]) if (c) expect(c.complete).toBe(true);
    expect(begin?.cookieParsed).toBeNull();
    expect(prepare?.cookieParsed).toEqual(begin?.cookieSent);
    expect(perform?.cookieParsed).toEqual(prepare?.cookieSent);
    expect(finish?.cookieParsed).toEqual(perform?.cookieSent);
    expect(confirm?.cookieParsed).toEqual(finish?.cookieSent);
    expect(confirm?.cookieSent).toBeNull();
  });

  it('has the cookie shapes of spec §11: <nbd> without port from the source, with port from the destination', () => {
    const [begin, prepare, perform, finish] = r.phases;
    expect(begin?.cookieSent?.xml).toMatch(/<nbd>\s*<disk target='vda' capacity='33554432'\/>/);
    expect(prepare?.cookieSent?.xml).toMatch(/<nbd port='\d+'>/);
    expect(perform?.cookieSent?.xml).toMatch(/<nbd>/);
    expect(perform?.cookieSent?.xml).toMatch(/<statistics>/);
    expect(finish?.cookieSent?.xml).not.toMatch(/<nbd/);
    expect(begin?.cookieSent?.xml).toMatch(/<hostname>hosta<\/hostname>/);
    expect(prepare?.cookieSent?.xml).toMatch(/<hostname>hostb<\/hostname>/);
  });

  it('sends the NBD path of QMP commands of spec §11, each in its phase', () => {
    const prepare = commands(r, 'target', 'prepare');
    expect(prepare.filter((c) => ['nbd-server-start', 'block-export-add', 'migrate-incoming'].includes(c))).toEqual(['nbd-server-start', 'block-export-add', 'migrate-incoming']);
    const perform = commands(r, 'source', 'perform').filter((c) => ['blockdev-add', 'blockdev-mirror', 'migrate', 'block-job-cancel', 'migrate-continue'].includes(c));
    expect(perform).toEqual(['blockdev-add', 'blockdev-add', 'blockdev-mirror', 'migrate', 'block-job-cancel', 'migrate-continue']);
    expect(commands(r, 'target', 'finish').filter((c) => ['nbd-server-stop', 'cont'].includes(c))).toEqual(['nbd-server-stop', 'cont']);
  });

  it('keeps the commands\' arguments: the NBD client node, the mirror, the export', () => {
    const nbdNode = r.qmp.find((c) => c.command === 'blockdev-add' && JSON.stringify(c.arguments).includes('"driver":"nbd"'));
    expect(nbdNode?.arguments).toMatchObject({ server: { type: 'inet', host: '10.250.0.2' }, export: 'drive-virtio-disk0' });
    expect(r.qmp.find((c) => c.command === 'blockdev-mirror')?.arguments).toMatchObject({ sync: 'full', 'job-id': 'drive-virtio-disk0' });
    expect(r.qmp.find((c) => c.command === 'block-export-add')?.arguments).toMatchObject({ type: 'nbd', writable: true, name: 'drive-virtio-disk0' });
    expect(r.qmp.some((c) => c.command.startsWith('query-') || c.command.startsWith('qom-'))).toBe(false);
  });

  it('sees the mirror READY before the switchover', () => {
    const names = r.events.filter((e) => e.side === 'source').map((e) => e.event);
    expect(names.indexOf('BLOCK_JOB_READY')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('BLOCK_JOB_READY')).toBeLessThan(names.indexOf('STOP'));
  });
});

describe('domjobabort during the mirror (corpus l)', () => {
  const r = record('l-abort-mirror');

  it('ends with a Finish that gets no cookie and sends none, and no Confirm', () => {
    expect(r.phases.map((p) => `${p.phase}/${p.side}`)).toEqual(['begin/source', 'prepare/target', 'perform/source', 'finish/target']);
    const finish = r.phases.at(-1);
    expect(finish?.cookieParsed).toBeNull();
    expect(finish?.cookieSent).toBeNull();
    expect(finish?.cancelled).toBe(true);
  });

  it('cancels the migration and force-cancels the mirror on the source', () => {
    const perform = r.qmp.filter((c) => c.side === 'source' && c.phase === 'perform');
    expect(perform.map((c) => c.command)).toContain('migrate_cancel');
    expect(perform.find((c) => c.command === 'block-job-cancel')?.arguments).toEqual({ device: 'drive-virtio-disk0', force: true });
    expect(perform.map((c) => c.command)).not.toContain('migrate');
    expect(r.events.some((e) => e.event === 'BLOCK_JOB_CANCELLED')).toBe(true);
  });
});

describe('numbers JSON cannot hold', () => {
  it('keeps the logged text of a command whose integers pass 2^53', () => {
    const r = record('a-copy-storage-all');
    const mirror = r.qmp.find((c) => c.command === 'blockdev-mirror');
    expect(mirror?.raw).toContain('"speed":9223372036853727232');
    expect(r.qmp.find((c) => c.command === 'nbd-server-start')?.raw).toBeUndefined();
  });
});
