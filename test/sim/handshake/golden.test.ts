// Goal: a fixed scenario's trace never changes by accident, and the same seed always gives the
// same trace (determinism across runs, machines and Node versions). Method: the five review
// cases of the tour, as libvirt 1.0.3 shipped and as today's libvirt behaves, each pinned by the
// stable hash of its full trace (every phase, cookie, decision and effect with virtual time).
// An intended change of behaviour updates these hashes in the same commit, with the reason
// (print the new ones with: npx tsx scripts/pin-golden.ts).
import { describe, expect, it } from 'vitest';
import { reviewPairs } from '../../../src/sim/review-cases.js';
import { parseSideSpec } from '../../../src/model/versions/profile.js';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import { traceHash } from '../../../src/sim/handshake/trace.js';

const golden: readonly [number, 'then' | 'today', string][] = [
  [1, 'then', 'b6a38dbe63f3f325'],
  [1, 'today', 'e9cc02328532c359'],
  [2, 'then', '4fe25f3a56c6e0b9'],
  [2, 'today', '8fe6a26a557ba069'],
  [3, 'then', '4698a5eae78376c7'],
  [3, 'today', '944603c4d42fef1f'],
  [4, 'then', '51d777fe55de6924'],
  [4, 'today', 'ee8276f6333c0c10'],
  [5, 'then', '6b83f81c9cf1f623'],
  [5, 'today', '6df5339a1b54ad90'],
];

function scenario(seedCase: number, era: 'then' | 'today', seed = 1) {
  const item = reviewPairs.find((c) => c.seedCase === seedCase);
  if (!item) throw new Error(`no tour case ${seedCase}`);
  const [source, target] = item[era].map((spec) => {
    const parsed = parseSideSpec(spec);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.profile;
  }) as [ReturnType<typeof parseSideSpec> extends { profile: infer P } ? P : never, never];
  return buildScenario({ source, target, copyStorage: 'all', seed });
}

describe('golden traces of the five review cases', () => {
  it.each(golden)('case %i (%s) hashes to %s', (seedCase, era, hash) => {
    expect(simulateHandshake(scenario(seedCase, era)).traceHash).toBe(hash);
  });

  it('gives the same trace for the same seed, event for event', () => {
    for (const seed of [1, 2, 99]) {
      const a = simulateHandshake(scenario(5, 'today', seed));
      const b = simulateHandshake(scenario(5, 'today', seed));
      expect(b.trace).toEqual(a.trace);
      expect(traceHash(b.trace)).toBe(a.traceHash);
    }
  });

  it('lets the seed change timing and guest writes, not the outcome', () => {
    const a = simulateHandshake(scenario(5, 'today', 1));
    const b = simulateHandshake(scenario(5, 'today', 2));
    expect(b.outcome).toEqual(a.outcome);
    expect(b.traceHash).not.toBe(a.traceHash);
  });
});
