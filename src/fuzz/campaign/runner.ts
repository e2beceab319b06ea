// A fuzz campaign: fast-check drives a target's arbitrary until the time or run budget is spent
// or an oracle fails; then it shrinks the failing case, and a delta-debugging pass (minimize.ts)
// drops what the failure does not need. A case that reaches new coverage joins a feedback corpus
// (feedback.ts) that about one case in four is spliced from, rare cells first. Every case's
// coverage and known findings are counted (during the campaign only, not while shrinking), and
// progress is reported about once a second. The wall clock comes in through `now` so that tests
// can control it.
import fc from 'fast-check';
import type { FuzzTarget } from '../targets.js';
import type { OracleFailure } from '../oracles/types.js';
import { Coverage } from './coverage.js';
import { FeedbackCorpus } from './feedback.js';
import { minimize } from './minimize.js';

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
  /** Simplifications the delta-debugging pass made after fast-check's shrinking. */
  readonly minimizeSteps: number;
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
  /** The cases that reached new coverage (the feedback corpus), to seed a later campaign. */
  readonly corpusEntries: readonly C[];
}

export interface CampaignOptions<C = unknown> {
  readonly seed: number;
  readonly budget: CampaignBudget;
  /** Replays a fast-check path instead of generating (with the seed it was found with). */
  readonly path?: string;
  readonly now: () => number;
  readonly onProgress?: (progress: Progress) => void;
  /** Called once, at the first failing case, before shrinking (benchmarks stop their clock here). */
  readonly onFirstFailure?: () => void;
  /** Cases from an earlier campaign's corpus, run first (counted as cases) to seed the feedback corpus. */
  readonly initialCorpus?: readonly C[];
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

/** One case in four is spliced from the feedback corpus, when there is one. */
type Directive = { readonly pick: number; readonly choice: number } | null;
const directiveArbitrary: fc.Arbitrary<Directive> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ pick: fc.nat(), choice: fc.nat() }) },
);

/** Judges a case; a throw from a target (which should never happen) is a failure, not a crash. */
function judged<C>(target: FuzzTarget<C>, item: C): ReturnType<FuzzTarget<C>['judge']> {
  try {
    return target.judge(item);
  } catch (error) {
    return { failures: [{ oracle: 'threw', message: error instanceof Error ? error.stack ?? error.message : String(error) }], known: [], coverage: [] };
  }
}

export function runTargetCampaign<C>(target: FuzzTarget<C>, options: CampaignOptions<C>): TargetCampaign<C> {
  const coverage = new Coverage();
  const corpus = new FeedbackCorpus<C>();
  const known = new Map<string, KnownSummary>();
  const started = options.now();
  let runs = 0;
  let failed = false;
  let lastReport = started;
  // The case of the last failing call: fast-check's counterexample is the last value that failed,
  // and its spliced case must be taken as it was run (the corpus the splice drew on has grown since).
  let lastFailing: { item: C } | null = null;
  const effective = ([fresh, directive]: [C, Directive]): C => {
    if (directive === null || !target.splice) return fresh;
    const base = corpus.choose(directive.pick, coverage);
    return base === null ? fresh : target.splice(base, fresh, directive.choice);
  };
  // Seed cases run first, as libFuzzer runs its corpus before it mutates: they count, and they join
  // the feedback corpus when they reach something new; a seed that fails is the campaign's failure.
  for (const seed of options.initialCorpus ?? []) {
    const report = judged(target, seed);
    runs += 1;
    corpus.consider(seed, report.coverage, coverage);
    coverage.add(report.coverage);
    recordKnown(known, report);
    if (report.failures.length > 0) {
      options.onFirstFailure?.();
      return finished(target, { runs, elapsedMs: options.now() - started, interrupted: false, known, coverage, corpus }, {
        target: target.name, seed: options.seed, path: '', shrinks: 0, ...minimized(target, seed),
      });
    }
  }
  const property = fc.property(target.arbitrary, directiveArbitrary, (fresh, directive) => {
    const item = effective([fresh, directive]);
    const report = judged(target, item);
    if (report.failures.length > 0) lastFailing = { item };
    if (failed) return report.failures.length === 0; // shrinking: do not count
    runs += 1;
    corpus.consider(item, report.coverage, coverage);
    coverage.add(report.coverage);
    recordKnown(known, report);
    if (report.failures.length > 0) {
      failed = true;
      options.onFirstFailure?.();
    }
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
    failure = {
      target: target.name, seed: details.seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks,
      // (TypeScript does not see the property's closure assign it.)
      ...minimized(target, (lastFailing as { item: C } | null)?.item ?? effective(details.counterexample as unknown as [C, Directive])),
    };
  }
  return finished(target, { runs, elapsedMs, interrupted: details.interrupted, known, coverage, corpus }, failure);
}

/** The delta-debugging pass over a failing case, and what the minimal case fails with. */
function minimized<C>(target: FuzzTarget<C>, item: C): { minimizeSteps: number; item: C; failures: readonly OracleFailure[] } {
  const primary = judged(target, item).failures[0]?.oracle;
  const reduce = target.reduce;
  const minimal = reduce && primary !== undefined
    ? minimize(item, reduce, (candidate) => judged(target, candidate).failures.some((f) => f.oracle === primary))
    : { item, steps: 0 };
  return { minimizeSteps: minimal.steps, item: minimal.item, failures: judged(target, minimal.item).failures };
}

interface Tally<C> {
  readonly runs: number;
  readonly elapsedMs: number;
  readonly interrupted: boolean;
  readonly known: ReadonlyMap<string, KnownSummary>;
  readonly coverage: Coverage;
  readonly corpus: FeedbackCorpus<C>;
}

function finished<C>(target: FuzzTarget<C>, tally: Tally<C>, failure: CampaignFailure<C> | null): TargetCampaign<C> {
  return {
    target: target.name, runs: tally.runs, elapsedMs: tally.elapsedMs, interrupted: tally.interrupted, failure,
    known: [...tally.known.values()], coverage: tally.coverage, corpusEntries: tally.corpus.items(),
  };
}
