// A run record as text for a terminal: the outcome, the phases with their cookies' sizes, the
// QMP commands of the NBD path, each host's end state and the disk comparison.
import type { RealRecord } from './record.js';

/** The QMP commands that make up NBD storage migration (spec libvirt-cookie.md §11). */
export const nbdPathCommands = new Set([
  'nbd-server-start', 'block-export-add', 'blockdev-add', 'blockdev-mirror', 'block-job-cancel', 'nbd-server-stop',
  'migrate', 'migrate-incoming', 'migrate_cancel', 'migrate-continue', 'cont', 'blockdev-del', 'drive-mirror', 'nbd-server-add',
]);

export function summaryText(record: RealRecord): string {
  const { outcome } = record;
  const head = outcome.result === 'completed' ? `completed (storage: ${outcome.storage})`
    : `failed in ${outcome.error.phase}: [${outcome.error.code}] ${outcome.error.message}`;
  const phases = record.phases.map((p) =>
    `  ${String(p.atMs).padStart(6)} ms  ${p.phase.padEnd(8)} ${p.side.padEnd(7)} parsed ${p.cookieParsed ? `${p.cookieParsed.lengthBytes} B` : '-'}, sent ${p.cookieSent ? `${p.cookieSent.lengthBytes} B` : '-'}`);
  const qmp = record.qmp.filter((c) => nbdPathCommands.has(c.command)).map((c) => `  ${c.side.padEnd(7)} ${c.command}`);
  const end = (['source', 'target'] as const).map((side) => {
    const e = record.end[side];
    const jobs = e.blockJobs === null ? '-' : String(e.blockJobs.length);
    const exports = e.blockExports === null ? '-' : String(e.blockExports.length);
    const ports = e.listeningPorts.map((p) => `${p.port}/${p.process}`).join(' ') || 'none';
    return `  ${side.padEnd(7)} ${e.domain}${e.persistent === null ? '' : e.persistent ? ', persistent' : ', transient'}; block jobs ${jobs}, exports ${exports}, listening ${ports}`;
  });
  const disks = record.disks.map((d) => `  ${d.name.padEnd(5)} ${d.copyRequested ? 'to copy' : 'not to copy'}: ${d.comparison} (${d.detail})`);
  const abort = record.abort ? [`abort at ${record.abort.point}: ${record.abort.triggered ? `sent after ${record.abort.afterMs} ms: ${record.abort.result}` : 'point never seen'}`] : [];
  const rpc = record.rpc === null ? [] : [
    'RPC proxy:', ...record.rpc.events.map((e) => `  ${e.point} cookie (${e.procedure} ${e.direction}): ${e.cookieAfter === null ? 'passed unchanged' : 'REWRITTEN'}`),
    ...record.rpc.errors.map((e) => `  error: ${e}`),
  ];
  return [
    `virsh ${record.virshArgv.join(' ')}`, `outcome: ${head}`, ...abort, ...rpc,
    'phases:', ...phases, `confirm: ${record.confirm}`,
    'QMP (NBD path):', ...(qmp.length > 0 ? qmp : ['  none']), 'end state:', ...end, 'disks:', ...disks,
    `took ${record.durationMs} ms (total ${record.timings.totalMs} ms)`, '',
  ].join('\n');
}
