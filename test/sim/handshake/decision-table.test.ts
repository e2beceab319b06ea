// Goal: the simulator ends every fault-free migration where the decision table of
// src/fuzz/oracles/decision-table.ts (written from libvirt's history, apart from the phase code) says it should, for any pair of
// profiles, storage mode, migration mode and designer policy; and under the strict policy every
// invariant holds. Method: fast-check over generated profiles (libvirt and QEMU releases of
// every era, with random capability switches), requests and policies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CopyStorage, MigrationMode } from '../../../src/model/migration/types.js';
import { libvirtPolicy, parsePolicySpec, strictPolicy, type DesignerPolicy } from '../../../src/model/policy.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import { predict } from '../../../src/fuzz/oracles/decision-table.js';
import { profileArbitrary } from '../../../src/fuzz/arbitraries/profile.js';

const policyArbitrary: fc.Arbitrary<DesignerPolicy> = fc.oneof(
  fc.constant(libvirtPolicy),
  fc.constant(strictPolicy),
  fc.record({
    base: fc.constantFrom('libvirt', 'strict'),
    gate: fc.constantFrom('nbd-gate=none', 'nbd-gate=feature-bit'),
    fallback: fc.constantFrom('fallback=era', 'fallback=legacy', 'fallback=fail'),
    mandatory: fc.constantFrom('nbd-mandatory=on', 'nbd-mandatory=off'),
    stop: fc.constantFrom('nbd-stop=era', 'nbd-stop=own-state'),
  }).map((p) => {
    const parsed = parsePolicySpec([p.base, p.gate, p.fallback, p.mandatory, p.stop].join(','));
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.policy;
  }),
);

const askArbitrary = fc.record({
  copyStorage: fc.constantFrom<CopyStorage>('all', 'inc', 'none'),
  mode: fc.constantFrom<MigrationMode>('regular', 'p2p', 'tunnelled'),
  policy: policyArbitrary,
  seed: fc.nat(),
});

describe('handshake simulator vs the decision table', () => {
  it('ends every migration where the decision table says', () => {
    fc.assert(fc.property(profileArbitrary, profileArbitrary, askArbitrary, (source, target, ask) => {
      const run = simulateHandshake(buildScenario({ source, target, ...ask }));
      const expected = predict(source, target, ask);
      const actual = run.outcome.result === 'completed'
        ? { result: 'completed', storage: run.outcome.storage }
        : { result: 'failed', code: run.outcome.error.code, phase: run.outcome.error.phase };
      expect(actual, `${source.name} → ${target.name} ${ask.copyStorage} ${ask.mode} ${ask.policy.name}`).toEqual(expected);
    }), { numRuns: 3000, seed: 303 });
  });

  it('keeps every invariant under the strict policy', () => {
    fc.assert(fc.property(profileArbitrary, profileArbitrary, askArbitrary, (source, target, ask) => {
      const run = simulateHandshake(buildScenario({ source, target, ...ask, policy: strictPolicy }));
      expect(run.findings.map((f) => f.message)).toEqual([]);
    }), { numRuns: 2000, seed: 304 });
  });

  it('reports only the invariants real libvirt breaks under the libvirt policy', () => {
    const known = new Set(['nbd-server-left-running', 'disks-differ']);
    fc.assert(fc.property(profileArbitrary, profileArbitrary, askArbitrary, (source, target, ask) => {
      const run = simulateHandshake(buildScenario({ source, target, ...ask, policy: libvirtPolicy }));
      for (const finding of run.findings) expect(known.has(finding.invariant), finding.message).toBe(true);
    }), { numRuns: 2000, seed: 305 });
  });
});
