// `real fuzz`: cases drawn from a seed run one after another on the real pair, each from a clean
// reset (run.ts resets both hosts and checks the guest is gone), each bounded in time (a silent
// port ends in the run timeout, then domjobabort, then virsh killed), each judged (judge.ts).
// The campaign stops at the run count or when the time budget is spent; a failing case is
// written as a case file. The loop is bounded by casesMax whatever the budget.
import { performance } from 'node:perf_hooks';
import type { DesignerPolicy } from '../../model/policy.js';
import { fail, ok, type RealErrorCode, type RealResult } from '../errors.js';
import type { Provenance } from '../record.js';
import { runScenario } from '../run.js';
import { sampleCases, type Focus } from './arbitrary.js';
import { realCaseFile, type RealCaseFile } from './case-file.js';
import { caseScenario, type RealFuzzCase } from './fuzz-case.js';
import { judgeCase, type CaseJudgement } from './judge.js';
import { caseRewrite, nbdTargetIn, type Delivery } from './mutation.js';

export const fuzzLimits = {
  /** Cases one campaign runs at most, whatever its budget. */
  casesMax: 1000,
  /** A case's `virsh migrate` before the harness aborts it (a good run takes 3-5 s). */
  caseTimeoutMs: 20_000,
  /** domjobabort's own bound and the grace after it, once a case timed out. */
  abortCommandMs: 5_000,
  abortGraceMs: 5_000,
  /** The wait for both daemons to end their jobs after a case. */
  settleMs: 10_000,
} as const;

export interface FuzzOptions {
  readonly scratch: string;
  readonly seed: number;
  readonly budget: { readonly timeMs: number | null; readonly runs: number | null };
  readonly policy: DesignerPolicy;
  readonly focus: Focus;
  readonly caseTimeoutMs?: number;
  /** Called after each case (progress); may write the case file. */
  readonly onCase?: (result: CaseResult) => Promise<void> | void;
}

export interface CaseResult {
  readonly index: number;
  readonly item: RealFuzzCase;
  readonly durationMs: number;
  readonly outcome: string;
  readonly judgement: CaseJudgement | null;
  readonly harnessError: string | null;
  /** For a failing case: the file that replays it. */
  readonly caseFile: RealCaseFile | null;
  readonly proxyErrors: readonly string[];
  /** The bytes the receiver got (base64), so that a campaign's JSON can be judged again under another policy. */
  readonly deliveredBase64: string | null;
}

export interface FuzzCampaign {
  readonly results: readonly CaseResult[];
  readonly elapsedMs: number;
  readonly provenance: Provenance | null;
}

/** Harness errors that no later case can escape: the campaign stops with them (exit 2) instead of counting. */
const fatalCodes: ReadonlySet<RealErrorCode> = new Set(['hosts-not-up', 'state-invalid', 'not-root', 'program-missing']);

async function runCase(options: FuzzOptions, item: RealFuzzCase, index: number): Promise<{ result: CaseResult; provenance: Provenance | null; fatal?: RealResult<never> }> {
  const started = performance.now();
  const delivery: Delivery = { sent: null, delivered: null };
  const scenario = caseScenario(item.variant);
  const run = await runScenario({
    scratch: options.scratch, scenario, rewrite: caseRewrite(item, delivery), runTimeoutMs: options.caseTimeoutMs ?? fuzzLimits.caseTimeoutMs,
    bounds: { abortCommandMs: fuzzLimits.abortCommandMs, abortGraceMs: fuzzLimits.abortGraceMs, settleMs: fuzzLimits.settleMs },
  });
  const durationMs = Math.round(performance.now() - started);
  const base = { index, item, durationMs, caseFile: null, deliveredBase64: delivery.delivered === null ? null : Buffer.from(delivery.delivered).toString('base64') };
  if (!run.ok) {
    return { result: { ...base, outcome: 'harness error', judgement: null, harnessError: run.error.message, proxyErrors: [] }, provenance: null,
      ...(fatalCodes.has(run.error.code) ? { fatal: fail(run.error.code, run.error.message) } : {}) };
  }
  const record = run.value;
  const proxyErrors = record.rpc?.errors ?? [];
  const outcome = record.outcome.result === 'completed' ? `completed (${record.outcome.storage})` : `failed in ${record.outcome.error.phase} [${record.outcome.error.code}]`;
  if (delivery.sent === null || delivery.delivered === null) {
    return { result: { ...base, outcome, judgement: null, harnessError: `the proxy never saw the ${item.point} cookie`, proxyErrors }, provenance: record.provenance };
  }
  const judgement = judgeCase(item, record, delivery.delivered, options.policy);
  const caseFile = judgement.failure === null ? null : realCaseFile({
    item, index, seed: options.seed, policy: options.policy, scenario, sent: delivery.sent, delivered: delivery.delivered, judgement, provenance: record.provenance,
  });
  return { result: { ...base, outcome, judgement, harnessError: null, caseFile, proxyErrors }, provenance: record.provenance };
}

export async function runFuzzCampaign(options: FuzzOptions): Promise<RealResult<FuzzCampaign>> {
  const started = performance.now();
  const count = Math.min(options.budget.runs ?? fuzzLimits.casesMax, fuzzLimits.casesMax);
  const cases = sampleCases(options.focus, nbdTargetIn, options.seed, count);
  const results: CaseResult[] = [];
  let provenance: Provenance | null = null;
  for (const [index, item] of cases.entries()) {
    const timeMs = options.budget.timeMs;
    if (timeMs !== null && performance.now() - started >= timeMs) break;
    const { result, provenance: seen, fatal } = await runCase(options, item, index + 1);
    if (fatal) return fatal;
    provenance ??= seen;
    results.push(result);
    await options.onCase?.(result);
  }
  return ok({ results, elapsedMs: Math.round(performance.now() - started), provenance });
}
