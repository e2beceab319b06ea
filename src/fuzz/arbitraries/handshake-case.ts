// One handshake fuzz case: both sides, what was asked, the seed and the faults, all in a form
// that serialises to JSON, so that a failing case can be written to a file and replayed.
import fc from 'fast-check';
import type { CopyStorage, MigrationMode } from '../../model/migration/types.js';
import type { SourcePeer, TargetPeer } from '../../model/migration/peer.js';
import type { DesignerPolicy } from '../../model/policy.js';
import { buildScenario, type Scenario } from '../../sim/handshake/scenario.js';
import { faultScheduleArbitrary, interceptorFor, noFaults, type FaultSchedule } from './faults.js';
import { profileFromSpec, profileSpecArbitrary } from './profile.js';
import { featureDisks, scenarioFeaturesArbitrary, type ScenarioFeatures } from './scenario-features.js';

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
  /** Disks, --migrate-disks, --tls, graphics, offline, unsafe, abort, destination images, ports (absent in older case files). */
  readonly scenario?: ScenarioFeatures;
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
    scenario: scenarioFeaturesArbitrary,
  });
}

export interface PeerOverride {
  readonly source?: SourcePeer;
  readonly target?: TargetPeer;
}

export function scenarioForCase(item: HandshakeCase, policy: DesignerPolicy, peers: PeerOverride = {}): Scenario {
  const features = item.scenario ?? {};
  const disks = featureDisks(features);
  return buildScenario({
    source: profileFromSpec(item.source), target: profileFromSpec(item.target), copyStorage: item.copyStorage, mode: item.mode,
    persistent: item.persistent, seed: item.seed, policy, peers, interceptor: interceptorFor(item.faults), crash: item.faults.crash,
    ...(disks ? { disks } : {}),
    migrateDisks: features.migrateDisks ?? null, tls: features.tls ?? false,
    ...(features.graphics !== undefined ? { graphics: features.graphics === 'none' ? null : features.graphics } : {}),
    offline: features.offline ?? false, unsafe: features.unsafe ?? false, abort: features.abort ?? null,
    destinationDisk: features.destinationDisk ?? 'precreated', portsInUse: features.portsInUse ?? [],
    // The block-stream model times the storage copy the same way for every case of one shape, so
    // its (memoised) runs are shared across the campaign; the case seed drives everything else.
    storageSeed: 0,
    // The fuzzer never shows the hosts' state per step; not recording it saves a fifth of a case.
    recordHostStates: false,
  });
}

/** No fault on the link or the hosts, and no abort by the user: the decision table can judge it whole. */
export function faultFree(item: HandshakeCase): boolean {
  return Object.keys(item.faults.cookies).length === 0 && item.faults.crash === null && (item.scenario?.abort ?? null) === null;
}

/** The fields a splice can take from the donor: the top-level ones, then each scenario feature. */
const spliceFields = ['source', 'target', 'copyStorage', 'mode', 'persistent', 'seed', 'faults', 'scenario'] as const;

/**
 * A corpus case with one part of a fresh one: a top-level field, or one feature of its scenario
 * (coverage feedback, src/fuzz/campaign/feedback.ts). `choice` picks the part.
 */
export function spliceHandshakeCases(base: HandshakeCase, donor: HandshakeCase, choice: number): HandshakeCase {
  const features = Object.keys(donor.scenario ?? {}) as (keyof ScenarioFeatures)[];
  const slot = choice % (spliceFields.length + features.length);
  const field = spliceFields[slot];
  if (field === 'scenario') return { ...base, scenario: donor.scenario ?? {} };
  if (field !== undefined) return { ...base, [field]: donor[field] };
  const feature = features[slot - spliceFields.length];
  if (feature === undefined) return base;
  return { ...base, scenario: { ...(base.scenario ?? {}), [feature]: donor.scenario?.[feature] } };
}
