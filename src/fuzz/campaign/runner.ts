// A fuzz campaign: fast-check drives a target's arbitrary until the time or run budget is spent
// or an oracle fails; then it shrinks the failing case. Every case's coverage and known findings
// are counted (during the campaign only, not while shrinking), and progress is reported about
// once a second. The wall clock comes in through `now` so that tests can control it.
import fc from 'fast-check';
import type { FuzzTarget } from '../targets.js';
import type { OracleFailure } from '../oracles/handshake.js';
import { Coverage } from './coverage.js';

export interface CampaignBudget {
  /** Stop after this much wall time (null: no time limit). */
  readonly timeMs: number | null;
  /** Stop after this many cases (null: no count limit). */
  readonly runs: number | null;
}

export interface Progress {
  readonly target: string;
  readonly runs: number;
  readonly elapsedMs: number;
  readonly failures: number;
  readonly coverageItems: number;
}

export interface CampaignFailure<C> {
  readonly target: string;
  readonly seed: number;
  /** fast-check's replay path of the shrunk counterexample. */
  readonly path: string;
  readonly shrinks: number;
  readonly item: C;
  readonly failures: readonly OracleFailure[];
}

export interface KnownSummary {
  readonly oracle: string;
  readonly count: number;
  readonly explanation: string;
  readonly source: string;
  readonly example: string;
  readonly fixedByStrict: number;
  readonly notFixedByStrict: number;
}

export interface TargetCampaign<C> {
  readonly target: string;
  readonly runs: number;
  readonly elapsedMs: number;
  readonly interrupted: boolean;
  readonly failure: CampaignFailure<C> | null;
  readonly known: readonly KnownSummary[];
  readonly coverage: Coverage;
}

export interface CampaignOptions {
  readonly seed: number;
  readonly budget: CampaignBudget;
  /** Replays a fast-check path instead of generating (with the seed it was found with). */
  readonly path?: string;
  readonly now: () => number;
  readonly onProgress?: (progress: Progress) => void;
}

function recordKnown(table: Map<string, KnownSummary>, report: ReturnType<FuzzTarget<unknown>['judge']>): void {
  for (const finding of report.known) {
    const key = `${finding.oracle}|${finding.source}`;
    const entry = table.get(key) ?? { oracle: finding.oracle, count: 0, explanation: finding.explanation, source: finding.source, example: finding.message, fixedByStrict: 0, notFixedByStrict: 0 };
    table.set(key, {
      ...entry, count: entry.count + 1,
      fixedByStrict: entry.fixedByStrict + (finding.fixedByStrict === true ? 1 : 0),
      notFixedByStrict: entry.notFixedByStrict + (finding.fixedByStrict === false ? 1 : 0),
    });
  }
}

export function runTargetCampaign<C>(target: FuzzTarget<C>, options: CampaignOptions): TargetCampaign<C> {
  const coverage = new Coverage();
  const known = new Map<string, KnownSummary>();
  const started = options.now();
  let runs = 0;
  let failed = false;
  let lastReport = started;
  const property = fc.property(target.arbitrary, (item) => {
    const report = target.judge(item);
    if (failed) return report.failures.length === 0; // shrinking: do not count
    runs += 1;
    coverage.add(report.coverage);
    recordKnown(known, report);
    if (report.failures.length > 0) failed = true;
    if (options.onProgress && (runs & 63) === 0 && options.now() - lastReport >= 1000) {
      lastReport = options.now();
      options.onProgress({ target: target.name, runs, elapsedMs: lastReport - started, failures: 0, coverageItems: coverage.size });
    }
    return report.failures.length === 0;
  });
  const plugins = options.budget.timeMs === null ? [] : [fc.interruptAfterTimeLimit(options.budget.timeMs)];
  const details = fc.check(property, {
    seed: options.seed, numRuns: options.budget.runs ?? Number.MAX_SAFE_INTEGER, plugins,
    ...(options.path ? { path: options.path, endOnFailure: true } : {}),
  });
  const elapsedMs = options.now() - started;
  let failure: CampaignFailure<C> | null = null;
  if (details.failed && details.counterexample) {
    const item = (details.counterexample as unknown as [C])[0];
    failure = {
      target: target.name, seed: details.seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks,
      item, failures: target.judge(item).failures,
    };
  }
  return { target: target.name, runs, elapsedMs, interrupted: details.interrupted, failure, known: [...known.values()], coverage };
}
