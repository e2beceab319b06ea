// `real diff`: a real run and the simulation of the same scenario compared aspect by aspect -
// the outcome and error, the phases that ran (so whether Confirm runs after a failure), every
// cookie element by element, the NBD path as QMP commands in order, and the end state. Each
// difference names what differs and, when a deliberate deviation explains it, that deviation.
import type { Phase, Side } from '../../model/migration/types.js';
import { compareCookies, type CookieDifference } from './cookie-diff.js';
import { opaqueSubtrees } from './deviations.js';
import type { HostEnd, NbdStep, RunPhase, RunRecord } from './run-record.js';

export type DiffAspect = 'outcome' | 'phases' | 'cookie' | 'nbd' | 'end';

export interface RunDifference {
  readonly aspect: DiffAspect;
  readonly where: string;
  readonly real: string;
  readonly simulated: string;
  /** The deliberate deviation that explains it, or null: a difference to fix. */
  readonly deviation: string | null;
}

export interface RunDiff {
  readonly differences: readonly RunDifference[];
  /** Values kept out of the cookie comparison, by mask rule. */
  readonly masked: Readonly<Record<string, number>>;
}

const phaseLetter: Readonly<Record<Phase, string>> = { begin: 'B', prepare: 'P', perform: 'Pf', finish: 'F', confirm: 'C' };

export function phaseLabel(p: Pick<RunPhase, 'phase' | 'cancelled'>): string {
  return `${phaseLetter[p.phase]}${p.cancelled ? '(x)' : ''}`;
}

export function stepLabel(step: NbdStep): string {
  const detail = Object.entries(step.detail).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${step.side === 'source' ? 'S' : 'T'} ${step.command}${detail ? ` ${detail}` : ''}`;
}

/** libvirt's error class that virsh prints before the text (virErrorMsg); the catalogues hold the text after it. */
const errorClass = /^(internal error|operation failed|operation aborted|Requested operation is not valid|unsupported configuration|Operation not supported|invalid argument|XML error): /;

function errorText(message: string): string {
  return message.replace(errorClass, '');
}

function outcomeDifferences(real: RunRecord, sim: RunRecord): RunDifference[] {
  const out: RunDifference[] = [];
  const add = (where: string, a: string, b: string): void => {
    if (a !== b) out.push({ aspect: 'outcome', where, real: a, simulated: b, deviation: null });
  };
  add('result', real.outcome.result, sim.outcome.result);
  if (real.outcome.result === 'completed' && sim.outcome.result === 'completed') add('storage', real.outcome.storage ?? '-', sim.outcome.storage ?? '-');
  const [a, b] = [real.outcome.error, sim.outcome.error];
  if (a && b) {
    add('error code', a.code, b.code);
    add('error phase', a.phase, b.phase);
    add('error message', errorText(a.message), errorText(b.message));
  }
  return out;
}

function phaseDifferences(real: RunRecord, sim: RunRecord): RunDifference[] {
  const label = (phases: readonly RunPhase[]): string => phases.map((p) => `${phaseLabel(p)}${p.side === 'source' ? '' : ''}`).join(' ');
  const [a, b] = [label(real.phases), label(sim.phases)];
  const out: RunDifference[] = [];
  if (a !== b) out.push({ aspect: 'phases', where: 'phases run', real: a, simulated: b, deviation: null });
  for (const [i, p] of real.phases.entries()) {
    const q = sim.phases[i];
    if (!q || q.phase !== p.phase || q.cancelled !== p.cancelled) continue;
    const parsed = (x: RunPhase): string => (x.cookieParsed === null ? 'none' : 'a cookie');
    if (parsed(p) !== parsed(q)) out.push({ aspect: 'phases', where: `${phaseLabel(p)} parses`, real: parsed(p), simulated: parsed(q), deviation: null });
  }
  return out;
}

function cookieDifferences(real: RunRecord, sim: RunRecord, masked: Record<string, number>): RunDifference[] {
  const out: RunDifference[] = [];
  const used = new Set<number>();
  for (const p of real.phases) {
    const index = sim.phases.findIndex((q, i) => !used.has(i) && q.phase === p.phase && q.side === p.side && q.cancelled === p.cancelled);
    if (index < 0) continue;
    used.add(index);
    const q = sim.phases[index] as RunPhase;
    const where = `${phaseLabel(p)} cookie`;
    if ((p.cookieSent === null) !== (q.cookieSent === null)) {
      out.push({ aspect: 'cookie', where: `${where} sent`, real: p.cookieSent === null ? 'none' : 'a cookie', simulated: q.cookieSent === null ? 'none' : 'a cookie', deviation: null });
      continue;
    }
    if (p.cookieSent === null || q.cookieSent === null) continue;
    const comparison = compareCookies(p.cookieSent, q.cookieSent, opaqueSubtrees);
    for (const [rule, count] of Object.entries(comparison.masked)) masked[rule] = (masked[rule] ?? 0) + count;
    out.push(...comparison.differences.map((d: CookieDifference) => ({
      aspect: 'cookie' as const, where: `${where} ${d.kind} ${d.path}`, real: d.real ?? '-', simulated: d.simulated ?? '-', deviation: null,
    })));
  }
  return out;
}

function nbdDifferences(real: RunRecord, sim: RunRecord): RunDifference[] {
  const [a, b] = [real.nbd.map(stepLabel), sim.nbd.map(stepLabel)];
  if (a.join('\n') === b.join('\n')) return [];
  const first = a.findIndex((step, i) => step !== b[i]);
  const at = first < 0 ? a.length : first;
  return [{ aspect: 'nbd', where: `QMP sequence from step ${at + 1}`, real: a.slice(at).join('; ') || '(end)', simulated: b.slice(at).join('; ') || '(end)', deviation: null }];
}

function endDifferences(real: RunRecord, sim: RunRecord): RunDifference[] {
  const out: RunDifference[] = [];
  for (const side of ['source', 'target'] as const satisfies readonly Side[]) {
    const [a, b]: [HostEnd, HostEnd] = [real.end[side], sim.end[side]];
    for (const key of ['domain', 'persistent', 'nbdServer', 'blockJobs'] as const) {
      // null: the real host could not tell (e.g. a hung job holds the state lock); nothing to compare.
      if (a[key] === null && key !== 'persistent') continue;
      if (String(a[key]) !== String(b[key])) out.push({ aspect: 'end', where: `${side} ${key}`, real: String(a[key]), simulated: String(b[key]), deviation: null });
    }
  }
  if (String(real.copiedDisksIdentical) !== String(sim.copiedDisksIdentical)) {
    out.push({ aspect: 'end', where: 'copied disks identical', real: String(real.copiedDisksIdentical), simulated: String(sim.copiedDisksIdentical), deviation: null });
  }
  return out;
}

export function diffRuns(real: RunRecord, sim: RunRecord): RunDiff {
  const masked: Record<string, number> = {};
  const differences = [
    ...outcomeDifferences(real, sim), ...phaseDifferences(real, sim), ...cookieDifferences(real, sim, masked), ...nbdDifferences(real, sim), ...endDifferences(real, sim),
  ];
  return { differences, masked };
}
