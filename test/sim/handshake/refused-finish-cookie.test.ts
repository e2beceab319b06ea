// Goal: a Finish cookie the source's Confirm refuses, after a Finish that succeeded, ends as the
// real libvirt 9.0 pair ended it (corpus/real/rewrite-uuid-finish.json: p2p, the Finish reply
// named another domain): the migration completes, Confirm fails before stopping the source QEMU,
// and the p2p source daemon resumes the guest, so it runs on both hosts - libvirt's known finding.
// Through the client (regular) nothing resumes it: the source keeps a paused QEMU (the invariant
// source-left-paused, libvirt's known finding there). Under the
// strict policy (finish-cookie-refused=stop) Confirm still refuses the cookie but stops the
// source QEMU. Method: the real pair's scenario simulated with the same edit of the Finish cookie.
import { describe, expect, it } from 'vitest';
import { judgeHandshake } from '../../../src/fuzz/oracles/handshake.js';
import { libvirtPolicy, parsePolicySpec, strictPolicy, type DesignerPolicy } from '../../../src/model/policy.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import type { MigrationMode } from '../../../src/model/migration/types.js';
import { realPair, realRecord } from '../../support/real-records.js';

const otherUuid = '00000000-0000-0000-0000-000000000001';

function run(mode: MigrationMode, policy: DesignerPolicy) {
  const scenario = buildScenario({
    ...realPair, copyStorage: 'all', mode, policy,
    interceptor: (m) => ({ action: 'deliver', xml: m.phase === 'finish' ? m.xml.replace(/<uuid>[^<]*<\/uuid>/, `<uuid>${otherUuid}</uuid>`) : m.xml }),
  });
  const result = simulateHandshake(scenario);
  return { result, judgement: judgeHandshake(scenario, result, { faultFree: false, decisionTable: false }) };
}

const confirmOf = (result: ReturnType<typeof simulateHandshake>) => result.phases.find((p) => p.phase === 'confirm' && !p.cancelled);

describe('a Finish cookie refused by Confirm', () => {
  it('p2p under libvirt: completed, the guest resumed on the source too (as the real pair did), a known finding', () => {
    const real = realRecord('rewrite-uuid-finish');
    const { result, judgement } = run('p2p', libvirtPolicy);
    expect(real.outcome).toEqual({ result: 'completed', storage: 'nbd' });
    expect(result.outcome).toEqual({ result: 'completed', storage: 'nbd', error: null });
    expect(confirmOf(result)?.error?.code).toBe('uuid-mismatch');
    expect([real.end.source.domain, real.end.target.domain]).toEqual(['running', 'running']);
    expect(result.final.source).toMatchObject({ running: true, paused: false });
    expect(result.final.target).toMatchObject({ running: true, paused: false });
    expect(judgement.failures).toEqual([]);
    expect(judgement.known.map((k) => [k.oracle, k.source])).toEqual([['domain-not-on-one-side', expect.stringContaining('qemuMigrationSrcRestoreDomainState')]]);
  });

  it('regular under libvirt: completed, the source QEMU left paused - libvirt\'s known source-left-paused', () => {
    const { result, judgement } = run('regular', libvirtPolicy);
    expect(result.outcome.result).toBe('completed');
    expect(confirmOf(result)?.ok).toBe(false);
    expect(result.final.source).toMatchObject({ running: true, paused: true });
    expect(result.findings.map((f) => [f.invariant, f.resource])).toEqual([['source-left-paused', 'source:qemu']]);
    expect(judgement.failures).toEqual([]);
    expect(judgement.known.map((k) => k.oracle)).toEqual(['source-left-paused']);
  });

  it('finish-cookie-refused=stop (strict has it): refused, the source QEMU stopped, the guest on the destination only', () => {
    const stop = parsePolicySpec('libvirt,finish-cookie-refused=stop');
    expect(stop.ok).toBe(true);
    for (const policy of [strictPolicy, stop.ok ? stop.policy : libvirtPolicy]) {
      for (const mode of ['p2p', 'regular'] as const) {
        const { result, judgement } = run(mode, policy);
        expect(result.outcome.result).toBe('completed');
        expect(confirmOf(result)?.error?.code).toBe('uuid-mismatch');
        expect(result.final.source.running).toBe(false);
        expect(judgement.failures).toEqual([]);
        expect(judgement.known).toEqual([]);
      }
    }
  });
});
