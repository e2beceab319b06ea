// Goal: the fuzzer catches each deliberately faulty peer of ./planted.ts within 20,000 cases at a
// fixed seed, names it by one of the oracles that can catch it, blames the plug-in (never
// "libvirt's known finding"), and its case replays; and each such test depends on its oracles:
// with every oracle of a bug switched off, neither its shrunk case nor a campaign of the same
// seed finds it any more. The number of cases each bug took is printed (and docs/fuzz.md has the
// figures over five seeds from `npm run bench -- bugs`).
import { describe, expect, it } from 'vitest';
import { runTargetCampaign } from '../../src/fuzz/campaign/runner.js';
import { applyPlugin } from '../../src/fuzz/plugin.js';
import { handshakeTarget, type TargetOptions } from '../../src/fuzz/targets.js';
import { libvirtPolicy } from '../../src/model/policy.js';
import type { HandshakeCase } from '../../src/fuzz/arbitraries/handshake-case.js';
import { frozenClock } from '../support/clock.js';
import { plantedBugs, type PlantedBug } from './planted.js';

const casesMax = 20_000;
const seed = 2026;

function options(bug: PlantedBug, disabledOracles?: ReadonlySet<string>): TargetOptions {
  const applied = applyPlugin(bug.plugin);
  return { policies: [libvirtPolicy], peers: applied.peers, decisionTable: applied.decisionTable, corpus: [], now: frozenClock, ...(disabledOracles ? { disabledOracles } : {}) };
}

describe('planted bugs', () => {
  it.each(plantedBugs.map((bug) => [bug.plugin.name, bug] as const))('finds: %s', (_name, bug) => {
    const target = handshakeTarget(options(bug));
    const campaign = runTargetCampaign<HandshakeCase>(target, { seed, budget: { timeMs: null, runs: casesMax }, now: frozenClock });
    expect(campaign.failure, `not found in ${casesMax} cases`).not.toBeNull();
    const failures = campaign.failure?.failures ?? [];
    const oracles = failures.map((f) => f.oracle);
    expect(oracles.some((o) => bug.caughtBy.includes(o)), `caught by ${oracles.join(', ')}`).toBe(true);
    const item = campaign.failure?.item as HandshakeCase;
    // The shrunk case replays: judged again, it fails the same way.
    expect(target.judge(item).failures.map((f) => f.oracle)).toEqual(oracles);
    // Switched off, the oracles that catch this bug see nothing in the same case, nor in a campaign.
    // The outcome differential (outcome-differs: the plug-in ends a case unlike libvirt's own peers)
    // is the backstop behind every oracle, so it is switched off with them: what is shown here is
    // that the bug's own oracles catch it, and name it.
    const blind = handshakeTarget(options(bug, new Set([...bug.caughtBy, 'outcome-differs'])));
    expect(blind.judge(item).failures).toEqual([]);
    const again = runTargetCampaign<HandshakeCase>(blind, { seed, budget: { timeMs: null, runs: Math.min(casesMax, 2 * campaign.runs + 200) }, now: frozenClock });
    expect(again.failure?.failures ?? [], 'still caught with its oracles off').toEqual([]);
    console.log(`planted bug "${bug.plugin.name}" (${bug.dimension}): found after ${campaign.runs} cases by ${oracles.join(', ')}; shrunk ${campaign.failure?.shrinks ?? 0} times`);
  });

  it('does not flag libvirt\'s own peers in the same campaigns', () => {
    const target = handshakeTarget({ policies: [libvirtPolicy], peers: {}, decisionTable: true, corpus: [], now: frozenClock });
    const campaign = runTargetCampaign<HandshakeCase>(target, { seed, budget: { timeMs: null, runs: 5000 }, now: frozenClock });
    expect(campaign.failure?.failures ?? []).toEqual([]);
  });
});
