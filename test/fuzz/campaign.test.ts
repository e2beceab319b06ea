// Goal: a short fixed-seed campaign over both targets finds nothing wrong with libvirt's peers,
// reaches the coverage that matters (every phase, fault kind and review case), reports libvirt's
// known findings with strict fixing each, and is reproducible: the same seed gives the same
// campaign. Method: run the campaign runner directly with fixed budgets.
import { describe, expect, it } from 'vitest';
import { frozenClock } from '../support/clock.js';
import { runTargetCampaign } from '../../src/fuzz/campaign/runner.js';
import { cookieTarget, coverageKinds, coverageKindsByTarget, handshakeTarget } from '../../src/fuzz/targets.js';
import { missingRequired } from '../../src/fuzz/campaign/coverage.js';
import { libvirtPolicy, strictPolicy } from '../../src/model/policy.js';
import { readProjectFile } from '../support/corpus.js';

const options = { policies: [libvirtPolicy, strictPolicy], peers: {}, decisionTable: true, now: frozenClock,
  corpus: [readProjectFile('corpus/cookies/valid/libvirt-9.0-begin.xml'), readProjectFile('corpus/cookies/valid/libvirt-9.0-prepare.xml')] };

describe('fixed-seed fuzz campaign', () => {
  const handshake = runTargetCampaign(handshakeTarget(options), { seed: 20261125, budget: { timeMs: null, runs: 2500 }, now: options.now });
  const cookie = runTargetCampaign(cookieTarget(options), { seed: 20261125, budget: { timeMs: null, runs: 4000 }, now: options.now });

  it('finds no failure in libvirt\'s peers', () => {
    expect(handshake.failure?.failures ?? []).toEqual([]);
    expect(cookie.failure?.failures ?? []).toEqual([]);
    expect(handshake.runs).toBe(2500);
    expect(cookie.runs).toBe(4000);
  });

  it('reaches every phase, fault kind, policy and review case', () => {
    const required = ['phase:begin', 'phase:prepare', 'phase:perform', 'phase:finish', 'phase:confirm', 'storage:nbd', 'storage:legacy', 'storage:none',
      'code:nbd-not-set-up', 'fault:drop', 'fault:duplicate', 'fault:delay', 'fault:replay', 'fault:corrupt', 'fault:mutate', 'fault:crash',
      'policy:libvirt', 'policy:strict', 'cell:1/legacy', 'cell:2/legacy', 'cell:3/legacy', 'cell:4/legacy', 'cell:5/nbd'];
    expect(missingRequired(required, handshake.coverage, new Map())).toEqual([]);
    expect(missingRequired(['code:xml-malformed', 'code:duplicate-element', 'code:accepted', 'mutation:structure', 'mutation:bytes'], cookie.coverage, new Map())).toEqual([]);
  });

  it('reports only the coverage kinds each target is listed with (coverageKindsByTarget), and those lists cover every kind', () => {
    const kindsOf = (coverage: typeof handshake.coverage): string[] => Object.keys(coverage.byKind()).sort();
    expect(kindsOf(handshake.coverage)).toEqual([...coverageKindsByTarget.handshake].sort());
    expect(kindsOf(cookie.coverage)).toEqual([...coverageKindsByTarget.cookie].sort());
    expect([...new Set([...coverageKindsByTarget.cookie, ...coverageKindsByTarget.handshake])].sort()).toEqual([...coverageKinds].sort());
  });

  it('reports libvirt\'s known findings, each fixed by strict', () => {
    const oracles = new Set(handshake.known.map((k) => k.oracle));
    expect(oracles.has('nbd-server-left-running')).toBe(true);
    expect(oracles.has('accepted-invalid-cookie')).toBe(true);
    for (const k of handshake.known) expect(k.notFixedByStrict, `${k.oracle}: ${k.explanation}`).toBe(0);
  });

  it('is reproducible: the same seed gives the same campaign', () => {
    const again = runTargetCampaign(handshakeTarget(options), { seed: 20261125, budget: { timeMs: null, runs: 2500 }, now: options.now });
    expect(again.coverage.entries()).toEqual(handshake.coverage.entries());
    expect(again.known).toEqual(handshake.known);
  });
});
