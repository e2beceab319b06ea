// Minimal cases: after fast-check's shrinking, a delta-debugging pass (Zeller's ddmin, here its
// one-at-a-time form) drops every edit, fault and scenario feature the failure does not need.
// fast-check shrinks each value towards its own simplest form, but it cannot remove a fault it
// drew or switch a feature group off, and a shrunk case often keeps a last edit that only
// happened to be there; the failure message then points at the wrong cause. A candidate is kept
// when the case still fails with the same first oracle. The pass is bounded in candidates tried.
import type { CookieCase } from '../arbitraries/cookie-case.js';
import type { HandshakeCase } from '../arbitraries/handshake-case.js';
import type { CookieFault, CookiePhase } from '../arbitraries/faults.js';
import type { ScenarioFeatures } from '../arbitraries/scenario-features.js';

/** Candidates tried at most per minimisation. */
export const minimizeTriesMax = 400;

type Reduce<C> = (item: C) => C[];

function without<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** The fault gone, or one of its edits gone. */
function faultReductions(fault: CookieFault): (CookieFault | null)[] {
  const out: (CookieFault | null)[] = [null];
  if (fault.kind === 'mutate' && fault.edits.length > 1) {
    for (let i = 0; i < fault.edits.length; i += 1) out.push({ ...fault, edits: without(fault.edits, i) });
  }
  if (fault.kind === 'corrupt' && fault.edits.length > 1) {
    for (let i = 0; i < fault.edits.length; i += 1) out.push({ ...fault, edits: without(fault.edits, i) });
  }
  return out;
}

/** Every one-step simplification of a handshake case, most radical first. */
export const handshakeReductions: Reduce<HandshakeCase> = (item) => {
  const out: HandshakeCase[] = [];
  if (item.faults.crash !== null) out.push({ ...item, faults: { ...item.faults, crash: null } });
  for (const [phase, fault] of Object.entries(item.faults.cookies) as [CookiePhase, CookieFault][]) {
    for (const reduced of faultReductions(fault)) {
      const cookies: Partial<Record<CookiePhase, CookieFault>> = { ...item.faults.cookies };
      if (reduced === null) delete cookies[phase];
      else cookies[phase] = reduced;
      out.push({ ...item, faults: { ...item.faults, cookies } });
    }
  }
  const features = item.scenario ?? {};
  for (const key of Object.keys(features) as (keyof ScenarioFeatures)[]) {
    const rest: Record<string, unknown> = { ...features };
    delete rest[key];
    out.push({ ...item, scenario: rest as ScenarioFeatures });
  }
  const disks = features.disks?.split(',') ?? [];
  if (disks.length > 1) for (let i = 0; i < disks.length; i += 1) out.push({ ...item, scenario: { ...features, disks: without(disks, i).join(',') } });
  if (item.persistent) out.push({ ...item, persistent: false });
  if (item.mode !== 'regular') out.push({ ...item, mode: 'regular' });
  if (item.seed !== 0) out.push({ ...item, seed: 0 });
  return out;
};

/** Every one-step simplification of a cookie case: one edit fewer, or no mutation at all. */
export const cookieReductions: Reduce<CookieCase> = (item) => {
  const { mutation } = item;
  if (mutation.kind === 'none') return [];
  const out: CookieCase[] = [{ ...item, mutation: { kind: 'none' } }];
  for (let i = 0; mutation.edits.length > 1 && i < mutation.edits.length; i += 1) {
    out.push({ ...item, mutation: mutation.kind === 'bytes' ? { kind: 'bytes', edits: without(mutation.edits, i) } : { kind: 'structure', edits: without(mutation.edits, i) } });
  }
  return out;
};

/**
 * Applies reductions greedily until none keeps the failure (or the budget is spent): the result
 * still fails, and no single step of `reduce` can simplify it further.
 */
export function minimize<C>(item: C, reduce: Reduce<C>, stillFails: (candidate: C) => boolean, triesMax = minimizeTriesMax): { item: C; steps: number } {
  let current = item;
  let tries = 0;
  let steps = 0;
  for (let changed = true; changed && tries < triesMax;) {
    changed = false;
    for (const candidate of reduce(current)) {
      if (tries >= triesMax) break;
      tries += 1;
      if (stillFails(candidate)) {
        current = candidate;
        steps += 1;
        changed = true;
        break;
      }
    }
  }
  return { item: current, steps };
}
