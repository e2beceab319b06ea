// `real diff` as text: per scenario the two outcomes, the phases, the NBD path's length, the
// masked values by rule, then every difference (real against simulated), and a last line with
// the count no deviation explains.
import { phaseLabel, type RunDifference } from './diff.js';
import type { ScenarioDiff } from './compare.js';
import type { RunRecord } from './run-record.js';
import type { RealScenario } from '../scenario.js';

/** A scenario as the `real run` flags that make it, for a record read from a file or a scenario given by flags. */
export function scenarioSummary(s: RealScenario): string {
  const disks = s.disks.map((d) => `${d.name}:${d.sizeBytes / (1024 * 1024)}MiB:${d.format}${d.backing ? '+backing' : ''}`).join(',');
  const switches = (['persistent', 'offline', 'unsafe', 'tls'] as const).filter((k) => s[k]).map((k) => `--${k}`);
  return [`--copy-storage ${s.copyStorage}`, `--mode ${s.mode}`, `--disks ${disks}`, ...(s.migrateDisks ? [`--migrate-disks ${s.migrateDisks.join(',')}`] : []),
    ...switches, ...(s.graphics !== 'none' ? [`--graphics ${s.graphics}`] : []), ...(s.guest !== (s.offline ? 'shut-off' : 'running') ? [`--guest ${s.guest}`] : []),
    ...(s.destinationDisk !== 'precreated' ? [`--destination-disk ${s.destinationDisk}`] : []),
    ...(s.abort ? [`--abort ${s.abort}`] : []), ...(s.bandwidthMiBPerSecond !== null ? [`--bandwidth ${s.bandwidthMiBPerSecond}MiB/s`] : [])].join(' ');
}

export interface NamedDiff {
  readonly name: string;
  readonly flags: string;
  readonly diff: ScenarioDiff;
}

function outcome(record: RunRecord): string {
  const o = record.outcome;
  return o.result === 'completed' ? `completed (${o.storage ?? '-'})` : `failed in ${o.error?.phase ?? '?'} [${o.error?.code ?? '?'}]`;
}

function difference(d: RunDifference): string {
  const why = d.deviation === null ? '' : `  (deviation ${d.deviation})`;
  return `    [${d.aspect}] ${d.where}${why}\n        real:      ${d.real}\n        simulated: ${d.simulated}\n`;
}

export function scenarioText(item: NamedDiff): string {
  const { diff } = item;
  const masked = Object.entries(diff.masked).map(([rule, count]) => `${rule} ${count}`).join(', ') || 'nothing';
  const count = diff.differences.length;
  return `${item.name} ${item.flags}\n`
    + `    real ${outcome(diff.real)}; simulated ${outcome(diff.simulated)}\n`
    + `    phases ${diff.real.phases.map(phaseLabel).join(' ') || '-'}; NBD path ${diff.real.nbd.length} QMP commands; masked: ${masked}\n`
    + `    ${count === 0 ? 'no differences' : `${count} difference${count === 1 ? '' : 's'}, ${diff.unexplained} unexplained`}\n`
    + diff.differences.map(difference).join('');
}

export function summaryLine(items: readonly NamedDiff[]): string {
  const unexplained = items.reduce((sum, i) => sum + i.diff.unexplained, 0);
  const explained = items.reduce((sum, i) => sum + i.diff.differences.length - i.diff.unexplained, 0);
  return `${items.length} scenario${items.length === 1 ? '' : 's'}: ${unexplained} unexplained difference${unexplained === 1 ? '' : 's'}, ${explained} explained by deliberate deviations\n`;
}
