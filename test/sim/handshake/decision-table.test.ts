// Goal: the simulator ends every fault-free migration where the decision table of
// ./oracle.ts (written from the spec, apart from the phase code) says it should, for any pair of
// profiles, storage mode, migration mode and designer policy; and under the strict policy every
// invariant holds. Method: fast-check over generated profiles (libvirt and QEMU releases of
// every era, with random capability switches), requests and policies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CopyStorage, MigrationMode } from '../../../src/model/migration/types.js';
import { libvirtPolicy, parsePolicySpec, strictPolicy, type DesignerPolicy } from '../../../src/model/policy.js';
import { buildProfile, type SideProfile } from '../../../src/model/versions/profile.js';
import { qemuCapabilities } from '../../../src/model/versions/qemu.js';
import { v } from '../../../src/model/version.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import { predict } from './oracle.js';

const libvirtReleases = ['0.9.1', '0.9.2', '1.0.2', '1.0.3', '1.0.6', '1.1.2', '1.2.0', '1.2.11', '1.3.0', '4.3.0', '5.3.0', '5.10.0',
  '6.9.0', '6.10.0', '7.4.0', '7.6.0', '8.6.0', '8.7.0', '9.0.0', '9.1.0', '10.0.0', '12.5.0'];
const qemuReleases = ['1.2.0', '1.3.0', '2.6.0', '4.1.0', '4.2.0', '6.0.0', '7.2.0', '8.2.0', '9.0.0', '9.1.0', '9.2.0'];

export const profileArbitrary: fc.Arbitrary<SideProfile> = fc.record({
  libvirt: fc.constantFrom(...libvirtReleases),
  qemu: fc.constantFrom(...qemuReleases),
  switches: fc.subarray([...qemuCapabilities]).chain((caps) => fc.tuple(...caps.map((cap) => fc.constantFrom(`+${cap}`, `-${cap}`)))),
}).map(({ libvirt, qemu, switches }) => {
  const built = buildProfile({ libvirt: v(libvirt), qemu: v(qemu), switches: fc.sample(fc.constant(switches), 1)[0] ?? [] });
  if (!built.ok) throw new Error(built.message);
  return built.profile;
});

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
