// Fault schedules for the link and the hosts: what happens to each cookie on its way (dropped,
// duplicated, delayed, replayed from an earlier phase, corrupted byte by byte, or rewritten
// structurally), and a host crashing just before one of its phases.
import fc from 'fast-check';
import type { Phase, Side } from '../../model/migration/types.js';
import type { CookieDelivery, CookieInFlight, CookieInterceptor } from '../../sim/handshake/scenario.js';
import { applyByteEdits, byteEditsArbitrary, type ByteEdit } from '../mutators/bytes.js';
import { applyStructureEdits, mutableFromXml, structureEditsArbitrary, type StructureEdit } from '../mutators/structure.js';

export type CookieFault =
  | { readonly kind: 'drop' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'replay'; readonly earlier: number }
  | { readonly kind: 'corrupt'; readonly edits: readonly ByteEdit[] }
  | { readonly kind: 'mutate'; readonly edits: readonly StructureEdit[] };

export type FaultKind = CookieFault['kind'] | 'crash';

/** The phase whose cookie a fault applies to (the cookie that phase sends). */
export const cookiePhases = ['begin', 'prepare', 'perform', 'finish'] as const;
export type CookiePhase = (typeof cookiePhases)[number];

export interface FaultSchedule {
  readonly cookies: Readonly<Partial<Record<CookiePhase, CookieFault>>>;
  readonly crash: { readonly side: Side; readonly before: Phase } | null;
}

export const noFaults: FaultSchedule = { cookies: {}, crash: null };

export const cookieFaultArbitrary: fc.Arbitrary<CookieFault> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delay' as const), ms: fc.constantFrom(1, 100, 5_000, 60_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), earlier: fc.nat({ max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('corrupt' as const), edits: byteEditsArbitrary }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('mutate' as const), edits: structureEditsArbitrary }) },
);

/**
 * Which cookies a case changes: none, exactly one (a fault on one cookie is then seen through,
 * not masked by another earlier in the run), or any set (swarm testing, Groce et al. ISSTA 2012).
 */
const faultedPhases: fc.Arbitrary<readonly CookiePhase[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant([]) },
  { weight: 5, arbitrary: fc.constantFrom(...cookiePhases).map((phase) => [phase]) },
  { weight: 3, arbitrary: fc.subarray([...cookiePhases]) },
);

export const faultScheduleArbitrary: fc.Arbitrary<FaultSchedule> = fc.record({
  cookies: faultedPhases.chain((phases) => fc.tuple(...phases.map(() => cookieFaultArbitrary))
    .map((faults) => Object.fromEntries(phases.map((phase, i) => [phase, faults[i]])) as Partial<Record<CookiePhase, CookieFault>>)),
  // A host crash in one case of eight: it ends the run, so a frequent one would starve the later
  // phases. (fc.option's freq is the odds of *nil*, 1 in freq: freq 8 made crashes 7 in 8.)
  crash: fc.oneof(
    { weight: 7, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.oneof(
      fc.record({ side: fc.constant<Side>('source'), before: fc.constantFrom<Phase>('perform', 'confirm') }),
      fc.record({ side: fc.constant<Side>('target'), before: fc.constantFrom<Phase>('prepare', 'finish') }),
    ) },
  ),
});

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

function deliver(cookie: CookieInFlight, fault: CookieFault): CookieDelivery {
  switch (fault.kind) {
    case 'drop': return { action: 'drop', note: 'dropped' };
    case 'duplicate': return { action: 'deliver', xml: cookie.xml, note: 'duplicated (the RPC layer drops the copy)' };
    case 'delay': return { action: 'deliver', xml: cookie.xml, delayMs: fault.ms, note: `delayed ${fault.ms} ms` };
    case 'replay': {
      const earlier = cookie.earlier[fault.earlier % Math.max(1, cookie.earlier.length)];
      return earlier ? { action: 'deliver', xml: earlier.xml, note: `replayed the ${earlier.phase} cookie` } : { action: 'deliver', xml: cookie.xml };
    }
    case 'corrupt':
      return { action: 'deliver', xml: decoder.decode(applyByteEdits(encoder.encode(cookie.xml), fault.edits)), note: 'corrupted bytes' };
    case 'mutate': {
      const tree = mutableFromXml(cookie.xml);
      return tree ? { action: 'deliver', xml: applyStructureEdits(tree, fault.edits), note: 'rewritten' } : { action: 'deliver', xml: cookie.xml };
    }
  }
}

/** The link behaviour a schedule describes. */
export function interceptorFor(schedule: FaultSchedule): CookieInterceptor | null {
  if (Object.keys(schedule.cookies).length === 0) return null;
  return (cookie) => {
    const fault = schedule.cookies[cookie.phase as CookiePhase];
    return fault ? deliver(cookie, fault) : { action: 'deliver', xml: cookie.xml };
  };
}

export function faultKinds(schedule: FaultSchedule): FaultKind[] {
  const kinds: FaultKind[] = Object.values(schedule.cookies).map((fault) => fault.kind);
  return schedule.crash ? [...kinds, 'crash'] : kinds;
}
