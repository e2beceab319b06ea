// Real fuzz cases drawn by fast-check from a seed: a point, a variant and the fuzzer's own
// cookie mutators (structure edits weighted over byte edits, as the handshake fuzzer weighs its
// faults). `nbd-port` focuses on the one check a designer's strict build adds: the <nbd> port
// set to the values that hit the port parser at its edges, in the Begin or Prepare cookie.
import fc from 'fast-check';
import { byteEditsArbitrary } from '../../fuzz/mutators/bytes.js';
import { structureEditsArbitrary, type StructureEdit } from '../../fuzz/mutators/structure.js';
import { fuzzPoints, variants, type FuzzPoint, type RealFuzzCase, type Variant } from './fuzz-case.js';

export const focuses = ['all', 'nbd-port'] as const;
export type Focus = (typeof focuses)[number];

/**
 * Port values at the parser's edges (virStrToLong_i, then QEMU's %u): out of range either way,
 * zero and empty, signs and spaces, not a number, and two free ports in range. Not the
 * destination's incoming-migration port: a silent peer there costs a whole run timeout.
 */
export const portValues: readonly string[] = ['70000', '65536', '65535', '-5', '-1', '0', '', '+5', ' 5', '0x10', '12a', '2147483648', '1', '49154'];

/** Fractions that pick the <nbd> child of a cookie's root (set by the caller from the cookie's layout). */
export type NbdTarget = (point: FuzzPoint, variant: Variant) => readonly number[] | null;

function portEdit(target: readonly number[], value: string): StructureEdit {
  return { kind: 'set-attribute', target, name: 'port', value };
}

export function realFuzzCaseArbitrary(focus: Focus, nbdTarget: NbdTarget): fc.Arbitrary<RealFuzzCase> {
  const variant = fc.constantFrom(...variants);
  if (focus === 'nbd-port') {
    return fc.record({ point: fc.constantFrom<FuzzPoint>('begin', 'prepare'), variant: fc.constant<Variant>('plain'), value: fc.constantFrom(...portValues) })
      .map(({ point, variant: v, value }) => ({ point, variant: v, fault: { kind: 'mutate' as const, edits: [portEdit(nbdTarget(point, v) ?? [0], value)] } }));
  }
  return fc.record({
    point: fc.constantFrom(...fuzzPoints),
    variant,
    fault: fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('mutate' as const), edits: structureEditsArbitrary }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('corrupt' as const), edits: byteEditsArbitrary }) },
    ),
  });
}

/** The first `count` cases of a seed (fast-check's sample: the same list for the same seed). */
export function sampleCases(focus: Focus, nbdTarget: NbdTarget, seed: number, count: number): RealFuzzCase[] {
  return fc.sample(realFuzzCaseArbitrary(focus, nbdTarget), { seed, numRuns: count });
}
