// Replaying a case file: the same target, policies and peer plug-in as the campaign that wrote
// it, judged by the same oracles, with the run shown in full (the handshake trace, or the cookie
// and both policies' verdicts).
import { faultFree, scenarioForCase, type HandshakeCase } from '../../fuzz/arbitraries/handshake-case.js';
import type { CookieCase } from '../../fuzz/arbitraries/cookie-case.js';
import type { CaseFile } from '../../fuzz/campaign/case-file.js';
import { judgeHandshake } from '../../fuzz/oracles/handshake.js';
import { applyPlugin, loadPeerPlugin } from '../../fuzz/plugin.js';
import { cookieInput, cookieTarget } from '../../fuzz/targets.js';
import { libvirtPolicy } from '../../model/policy.js';
import { traceText } from '../../render/handshake.js';
import { simulateHandshake } from '../../sim/handshake/run.js';
import { exitCode, UsageError, type CliIo } from '../io.js';

async function pluginOf(file: CaseFile): Promise<ReturnType<typeof applyPlugin>> {
  if (!file.peer) return applyPlugin(null);
  try {
    return applyPlugin(await loadPeerPlugin(file.peer));
  } catch (error) {
    throw new UsageError(`the case file's peer ${file.peer}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function replayCase(file: CaseFile, io: CliIo, json: boolean): Promise<number> {
  const applied = await pluginOf(file);
  if (file.target === 'handshake') {
    const item = file.case as HandshakeCase;
    const policy = file.policies[item.policy % Math.max(1, file.policies.length)] ?? libvirtPolicy;
    const scenario = scenarioForCase(item, policy, applied.peers);
    const result = simulateHandshake(scenario);
    const judgement = judgeHandshake(scenario, result, { faultFree: faultFree(item), decisionTable: file.decisionTable });
    if (json) io.out(JSON.stringify({ case: item, outcome: result.outcome, findings: result.findings, ...judgement }, null, 2) + '\n');
    else io.out(`${traceText(scenario, result)}\n${verdict(judgement.failures)}`);
    return judgement.failures.length > 0 ? exitCode.failed : exitCode.ok;
  }
  const item = file.case as CookieCase;
  const target = cookieTarget({ policies: file.policies, peers: applied.peers, decisionTable: file.decisionTable, corpus: [], now: () => performance.now() });
  const report = target.judge(item);
  const input = cookieInput(item, []);
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  if (json) io.out(JSON.stringify({ case: item, input: text, failures: report.failures, known: report.known }, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2) + '\n');
  else io.out(`cookie (${text.length} characters, parsed by phase ${item.phase} of libvirt ${item.libvirt}):\n${text.slice(0, 4000)}${text.length > 4000 ? '\n[...]' : ''}\n\n${verdict(report.failures)}`);
  return report.failures.length > 0 ? exitCode.failed : exitCode.ok;
}

function verdict(failures: readonly { oracle: string; message: string }[]): string {
  if (failures.length === 0) return 'replay: no oracle fails now\n';
  return failures.map((f) => `replay: FAILS [${f.oracle}] ${f.message}`).join('\n') + '\n';
}
