// One cookie fuzz case: a base cookie (generated for some libvirt era, or taken from the seed
// corpus), an optional list of byte or structure edits, and the parse context (which phase,
// which libvirt, whether the local domain and host match). Serialises to JSON for replay.
import fc from 'fast-check';
import type { Cookie } from '../../model/cookie/types.js';
import type { ParsePhase } from '../../model/cookie/flags.js';
import { formatVersion, type Version } from '../../model/version.js';
import { byteEditsArbitrary, type ByteEdit } from '../mutators/bytes.js';
import { structureEditsArbitrary, type StructureEdit } from '../mutators/structure.js';
import { cookieArbitrary, cookieEraVersions } from './cookie.js';

export type CookieBase =
  | { readonly kind: 'generated'; readonly version: string; readonly cookie: Cookie }
  | { readonly kind: 'corpus'; readonly index: number }
  /** A corpus cookie inlined into a case file, so that the file replays without the corpus. */
  | { readonly kind: 'text'; readonly xml: string };

export type CookieMutation =
  | { readonly kind: 'none' }
  | { readonly kind: 'bytes'; readonly edits: readonly ByteEdit[] }
  | { readonly kind: 'structure'; readonly edits: readonly StructureEdit[] };

export interface CookieCase {
  readonly base: CookieBase;
  readonly mutation: CookieMutation;
  readonly phase: ParsePhase | 'all';
  /** libvirt version of the parsing side (for a generated base: the one that wrote it). */
  readonly libvirt: string;
  readonly domainMatches: boolean;
  readonly sameHost: boolean;
}

// One arbitrary per era, built once: building them inside chain() would rebuild one per value.
const generatedBase: fc.Arbitrary<CookieBase> = fc.oneof(...cookieEraVersions.map((version: Version) =>
  cookieArbitrary(version).map((cookie): CookieBase => ({ kind: 'generated', version: formatVersion(version), cookie }))));

export function cookieCaseArbitrary(corpusSize: number): fc.Arbitrary<CookieCase> {
  // Corpus bases are cheap; generated ones cost a typed cookie and a format. Two to one keeps
  // every era's grammar in play while spending most of the time on mutations.
  const base = corpusSize > 0
    ? fc.oneof({ weight: 1, arbitrary: generatedBase }, { weight: 2, arbitrary: fc.nat({ max: corpusSize - 1 }).map((index) => ({ kind: 'corpus' as const, index })) })
    : generatedBase;
  return fc.record({
    base,
    mutation: fc.oneof(
      { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('bytes' as const), edits: byteEditsArbitrary }) },
      { weight: 4, arbitrary: fc.record({ kind: fc.constant('structure' as const), edits: structureEditsArbitrary }) },
    ),
    phase: fc.constantFrom<ParsePhase | 'all'>('begin', 'prepare', 'perform', 'finish', 'confirm', 'all'),
    libvirt: fc.constantFrom(...cookieEraVersions.map(formatVersion)),
    domainMatches: fc.boolean(),
    sameHost: fc.boolean(),
  }).map((item) => (item.base.kind === 'generated' ? { ...item, libvirt: item.base.version } : item));
}

/** A corpus cookie case with one part of a fresh one: its mutation, phase, libvirt or identity. */
export function spliceCookieCases(base: CookieCase, donor: CookieCase, choice: number): CookieCase {
  switch (choice % 4) {
    case 0: return { ...base, mutation: donor.mutation };
    case 1: return { ...base, phase: donor.phase };
    case 2: return base.base.kind === 'generated' ? base : { ...base, libvirt: donor.libvirt };
    default: return { ...base, domainMatches: donor.domainMatches, sameHost: donor.sameHost };
  }
}
