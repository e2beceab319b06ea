// `migsim real replay FILE`: a failing real fuzz case run on the real pair again, from a clean
// reset, with the receiver handed exactly the bytes the case delivered, and judged the same way.
import { performance } from 'node:perf_hooks';
import { libvirtPolicy } from '../../model/policy.js';
import { ok, type RealResult } from '../errors.js';
import { runScenario } from '../run.js';
import { bytesOf, type RealCaseFile } from './case-file.js';
import { fuzzLimits, type CaseResult } from './campaign.js';
import { judgeCase } from './judge.js';
import { verbatimRewrite, type Delivery } from './mutation.js';

export async function replayRealCase(scratch: string, file: RealCaseFile): Promise<RealResult<CaseResult>> {
  const started = performance.now();
  const { case: item, scenario, deliveredBase64 } = file.real;
  const delivery: Delivery = { sent: null, delivered: null };
  const run = await runScenario({
    scratch, scenario, rewrite: verbatimRewrite(item.point, bytesOf(deliveredBase64), delivery), runTimeoutMs: fuzzLimits.caseTimeoutMs,
    bounds: { abortCommandMs: fuzzLimits.abortCommandMs, abortGraceMs: fuzzLimits.abortGraceMs, settleMs: fuzzLimits.settleMs },
  });
  if (!run.ok) return run;
  const record = run.value;
  const outcome = record.outcome.result === 'completed' ? `completed (${record.outcome.storage})` : `failed in ${record.outcome.error.phase} [${record.outcome.error.code}]`;
  const base = { index: 1, item, durationMs: Math.round(performance.now() - started), outcome, caseFile: null, proxyErrors: record.rpc?.errors ?? [], deliveredBase64: deliveredBase64 };
  if (delivery.delivered === null) return ok({ ...base, judgement: null, harnessError: `the proxy never saw the ${item.point} cookie` });
  const judgement = judgeCase(item, record, delivery.delivered, file.policies[0] ?? libvirtPolicy);
  return ok({ ...base, judgement, harnessError: null });
}
