// One real fuzz case: which cookie is changed in flight (the Begin, Prepare, Perform or Finish
// cookie of a p2p migration, each on its way to the other daemon), how (the fuzzer's structure or byte
// mutators, as a cookie fault of src/fuzz/arbitraries/faults.ts), and the guest variant, which
// decides what the cookies hold (a persistent definition in Perform, SPICE graphics in Prepare).
// The same case is a handshake fuzz case with that one fault, so `migsim replay` can run it in
// the simulator.
import type { CookieFault } from '../../fuzz/arbitraries/faults.js';
import type { HandshakeCase } from '../../fuzz/arbitraries/handshake-case.js';
import { defaultScenario, mebibyte, type RealScenario } from '../scenario.js';
import { realPairSide } from '../diff/sim-scenario.js';

/** The cookies the proxy can change: each by the phase that sends it. */
export const fuzzPoints = ['begin', 'prepare', 'perform', 'finish'] as const;
export type FuzzPoint = (typeof fuzzPoints)[number];

/** The phase that parses each point's cookie, and on which side. */
export const receiverOf: Readonly<Record<FuzzPoint, { readonly phase: 'prepare' | 'perform' | 'finish' | 'confirm'; readonly side: 'source' | 'target' }>> = {
  begin: { phase: 'prepare', side: 'target' },
  prepare: { phase: 'perform', side: 'source' },
  perform: { phase: 'finish', side: 'target' },
  finish: { phase: 'confirm', side: 'source' },
};

export const variants = ['plain', 'persistent', 'spice'] as const;
export type Variant = (typeof variants)[number];

/** Only the fuzzer's two kinds that change a cookie's content. */
export type ContentFault = Extract<CookieFault, { kind: 'mutate' | 'corrupt' }>;

export interface RealFuzzCase {
  readonly point: FuzzPoint;
  readonly fault: ContentFault;
  readonly variant: Variant;
}

/** A small disk keeps each case short: the mirror of 16 MiB takes a fraction of a second. */
const fuzzDisk = { name: 'vda', sizeBytes: 16 * mebibyte, format: 'qcow2', backing: false } as const;

/** The migration every case runs: p2p (so the proxy sits on the link), storage copied over NBD. */
export function caseScenario(variant: Variant): RealScenario {
  return {
    ...defaultScenario, mode: 'p2p', copyStorage: 'all', disks: [fuzzDisk],
    persistent: variant === 'persistent', graphics: variant === 'spice' ? 'spice' : 'none',
  };
}

/** The case as a handshake fuzz case (one cookie fault), for `migsim replay` in the simulator. */
export function handshakeCaseFor(item: RealFuzzCase): HandshakeCase {
  const scenario = caseScenario(item.variant);
  return {
    source: realPairSide, target: realPairSide, copyStorage: scenario.copyStorage, mode: scenario.mode, persistent: scenario.persistent,
    policy: 0, seed: 1, faults: { cookies: { [item.point]: item.fault }, crash: null },
    scenario: { disks: `${fuzzDisk.name}:${fuzzDisk.sizeBytes / mebibyte}MiB:${fuzzDisk.format}:local`, graphics: scenario.graphics },
  };
}
