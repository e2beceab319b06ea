// Goal: a plug-in that claims to keep libvirt's outcomes is held to them on every case, faults
// included, by running libvirt's own peers on the same case (blame.ts outcomeDifference); the
// decision table alone judges only fault-free cases. A plug-in that declares a protocol change
// (keepsLibvirtOutcomes: false) is not. Method: a destination that refuses every Prepare whose
// Begin cookie carries the guest's CPU definition, judged on a case with a delayed Begin cookie (a fault that
// changes nothing libvirt does) and on a fault-free one.
import { describe, expect, it } from 'vitest';
import type { HandshakeCase } from '../../src/fuzz/arbitraries/handshake-case.js';
import { phaseError } from '../../src/model/migration/errors.js';
import { applyPlugin, type PeerPlugin } from '../../src/fuzz/plugin.js';
import { handshakeTarget } from '../../src/fuzz/targets.js';
import { libvirtPolicy } from '../../src/model/policy.js';
import { frozenClock } from '../support/clock.js';

const refusesCpu = (keepsLibvirtOutcomes: boolean): PeerPlugin => ({
  name: 'refuses a guest CPU', keepsLibvirtOutcomes,
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => (cookie?.includes('<cpu') === true
      ? { ok: false, decisions: [], effects: [], error: phaseError('no-cpu', 'a guest CPU definition is not taken here', 'prepare') }
      : libvirt.prepare(ctx, cookie)),
  }),
});

const item = (delayed: boolean): HandshakeCase => ({
  source: 'libvirt=9.0.0,qemu=7.2.0', target: 'libvirt=9.0.0,qemu=7.2.0', copyStorage: 'all', mode: 'regular', persistent: false, policy: 0, seed: 1,
  faults: { cookies: delayed ? { begin: { kind: 'delay', ms: 1 } } : {}, crash: null },
});

function oracles(plugin: PeerPlugin, delayed: boolean): string[] {
  const applied = applyPlugin(plugin);
  const target = handshakeTarget({ policies: [libvirtPolicy], peers: applied.peers, decisionTable: applied.decisionTable, corpus: [], now: frozenClock });
  return target.judge(item(delayed)).failures.map((f) => f.oracle);
}

describe('the outcome differential', () => {
  it('catches a plug-in that keeps libvirt\'s outcomes but ends a faulted case differently', () => {
    expect(oracles(refusesCpu(true), true)).toEqual(['outcome-differs']);
  });

  it('names both outcomes and the way out', () => {
    const applied = applyPlugin(refusesCpu(true));
    const target = handshakeTarget({ policies: [libvirtPolicy], peers: applied.peers, decisionTable: true, corpus: [], now: frozenClock });
    const message = target.judge(item(true)).failures[0]?.message ?? '';
    expect(message).toMatch(/^libvirt's own peers end this case completed \(storage: nbd\); with your destination it failed in prepare with no-cpu/);
    expect(message).toContain('keepsLibvirtOutcomes: false');
  });

  it('on a fault-free case the decision table catches it too', () => {
    expect(oracles(refusesCpu(true), false)).toEqual(expect.arrayContaining(['decision-table-mismatch', 'outcome-differs']));
  });

  it('leaves a declared protocol change alone', () => {
    expect(oracles(refusesCpu(false), true)).toEqual([]);
    expect(oracles(refusesCpu(false), false)).toEqual([]);
  });
});
