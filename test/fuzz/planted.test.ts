// Goal: the fuzzer finds each deliberately faulty peer of ./planted.ts within a bounded number
// of cases, names it by the right oracle, and shrinks it to a small case. Method: a fixed-seed
// handshake campaign per planted bug under the libvirt policy; the number of cases it needed is
// printed (and reported in docs/fuzz.md).
import { describe, expect, it } from 'vitest';
import { frozenClock } from '../support/clock.js';
import { runTargetCampaign } from '../../src/fuzz/campaign/runner.js';
import { applyPlugin } from '../../src/fuzz/plugin.js';
import { handshakeTarget } from '../../src/fuzz/targets.js';
import { libvirtPolicy } from '../../src/model/policy.js';
import type { HandshakeCase } from '../../src/fuzz/arbitraries/handshake-case.js';
import { plantedBugs } from './planted.js';

const casesMax = 20_000;

describe('planted bugs', () => {
  it.each(plantedBugs.map((bug) => [bug.plugin.name, bug] as const))('finds: %s', (_name, bug) => {
    const applied = applyPlugin(bug.plugin);
    const target = handshakeTarget({ policies: [libvirtPolicy], peers: applied.peers, decisionTable: true, corpus: [], now: frozenClock });
    const campaign = runTargetCampaign<HandshakeCase>(target, { seed: 2026, budget: { timeMs: null, runs: casesMax }, now: frozenClock });
    expect(campaign.failure, `not found in ${casesMax} cases`).not.toBeNull();
    const oracles = campaign.failure?.failures.map((f) => f.oracle) ?? [];
    expect(oracles.some((o) => bug.caughtBy.includes(o)), `caught by ${oracles.join(', ')}`).toBe(true);
    const item = campaign.failure?.item;
    console.log(`planted bug "${bug.plugin.name}": found after ${campaign.runs} cases by ${oracles.join(', ')}; ` +
      `shrunk ${campaign.failure?.shrinks ?? 0} times to ${item?.source} → ${item?.target}, ${item?.copyStorage}, ${item?.mode}, faults ${JSON.stringify(item?.faults.cookies)}`);
  });

  it('does not flag libvirt\'s own peers in the same campaigns', () => {
    const target = handshakeTarget({ policies: [libvirtPolicy], peers: {}, decisionTable: true, corpus: [], now: frozenClock });
    const campaign = runTargetCampaign<HandshakeCase>(target, { seed: 2026, budget: { timeMs: null, runs: 3000 }, now: frozenClock });
    expect(campaign.failure?.failures ?? []).toEqual([]);
  });
});
