// Goal: after a failed Prepare, Confirm runs (cancelled) only when the client drives the
// migration: a p2p or tunnelled source daemon skips it, as the real libvirt 9.0 pair did
// (corpus/real/i-tunnelled-copy.json: tunnelled with storage copy fails in Prepare, phases Begin
// and Prepare only), while a regular migration failing in Prepare runs Confirm cancelled
// (corpus/real/j-destination-disk-missing.json). Method: the same two scenarios simulated on a
// 9.0 / QEMU 7.2 pair; the phase lists compared with the real records'.
import { describe, expect, it } from 'vitest';
import { simulateHandshake } from '../../../src/sim/handshake/run.js';
import { buildScenario } from '../../../src/sim/handshake/scenario.js';
import { realPair, realRecord } from '../../support/real-records.js';

const phases = (list: readonly { phase: string; cancelled: boolean | null }[]): string[] => list.map((p) => `${p.phase}${p.cancelled === true ? '(x)' : ''}`);

describe('Confirm after a failed Prepare (libvirt 9.0, real evidence)', () => {
  it('tunnelled (p2p): Begin, Prepare, no Confirm', () => {
    const real = realRecord('i-tunnelled-copy');
    const simulated = simulateHandshake(buildScenario({ ...realPair, copyStorage: 'all', mode: 'tunnelled', disks: [{ target: 'vda', capacityBytes: 32 * 1024 ** 2, readonly: false, shared: false }] }));
    expect(phases(real.phases)).toEqual(['begin', 'prepare']);
    expect(simulated.outcome.error?.phase).toBe('prepare');
    expect(phases(simulated.phases)).toEqual(phases(real.phases));
  });

  it('p2p: the same clean-up', () => {
    const simulated = simulateHandshake(buildScenario({ ...realPair, copyStorage: 'all', mode: 'p2p', destinationDisk: 'missing' }));
    expect(phases(simulated.phases)).toEqual(['begin', 'prepare']);
  });

  it('regular: Confirm runs cancelled', () => {
    const real = realRecord('j-destination-disk-missing');
    const simulated = simulateHandshake(buildScenario({ ...realPair, copyStorage: 'all', destinationDisk: 'missing' }));
    expect(phases(real.phases)).toEqual(['begin', 'prepare', 'confirm(x)']);
    expect(phases(simulated.phases)).toEqual(phases(real.phases));
  });
});
