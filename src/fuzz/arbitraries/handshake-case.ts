// One handshake fuzz case: both sides, what was asked, the seed and the faults, all in a form
// that serialises to JSON, so that a failing case can be written to a file and replayed.
import fc from 'fast-check';
import type { CopyStorage, MigrationMode } from '../../model/migration/types.js';
import type { SourcePeer, TargetPeer } from '../../model/migration/peer.js';
import type { DesignerPolicy } from '../../model/policy.js';
import { buildScenario, type Scenario } from '../../sim/handshake/scenario.js';
import { faultScheduleArbitrary, interceptorFor, noFaults, type FaultSchedule } from './faults.js';
import { profileFromSpec, profileSpecArbitrary } from './profile.js';

export interface HandshakeCase {
  readonly source: string;
  readonly target: string;
  readonly copyStorage: CopyStorage;
  readonly mode: MigrationMode;
  readonly persistent: boolean;
  /** Index into the campaign's policies. */
  readonly policy: number;
  readonly seed: number;
  readonly faults: FaultSchedule;
}

export function handshakeCaseArbitrary(policies: number): fc.Arbitrary<HandshakeCase> {
  return fc.record({
    source: profileSpecArbitrary,
    target: profileSpecArbitrary,
    copyStorage: fc.constantFrom<CopyStorage>('all', 'inc', 'none'),
    mode: fc.constantFrom<MigrationMode>('regular', 'p2p', 'tunnelled'),
    persistent: fc.boolean(),
    policy: fc.nat({ max: Math.max(0, policies - 1) }),
    seed: fc.nat(),
    // Half the cases run fault-free, so that the decision table can judge them whole.
    faults: fc.oneof(fc.constant(noFaults), faultScheduleArbitrary),
  });
}

export interface PeerOverride {
  readonly source?: SourcePeer;
  readonly target?: TargetPeer;
}

export function scenarioForCase(item: HandshakeCase, policy: DesignerPolicy, peers: PeerOverride = {}): Scenario {
  return buildScenario({
    source: profileFromSpec(item.source), target: profileFromSpec(item.target), copyStorage: item.copyStorage, mode: item.mode,
    persistent: item.persistent, seed: item.seed, policy, peers, interceptor: interceptorFor(item.faults), crash: item.faults.crash,
    // The block-stream model times the storage copy the same way for every case of one shape, so
    // its (memoised) runs are shared across the campaign; the case seed drives everything else.
    storageSeed: 0,
  });
}

export function faultFree(item: HandshakeCase): boolean {
  return Object.keys(item.faults.cookies).length === 0 && item.faults.crash === null;
}
