// Sentences about what a received cookie holds, built from the facts of the parse (what the
// receiver read, and what it ignored and why), so that a decision never says a cookie lacks an
// element the cookie shown plainly carries: libvirt 1.0.2 does not "see no <nbd>", it predates
// <nbd> (121d4cfb9a, 1.0.3) and ignores the element.
import { flagKnownAt, flagSince, type CookieFlag } from '../cookie/flags.js';
import { formatVersion } from '../version.js';
import type { CookieRead } from './cookies.js';
import type { PhaseContext } from './types.js';

const elementOfFlag: Readonly<Partial<Record<CookieFlag, string>>> = { nbd: 'nbd', persistent: 'domain', graphics: 'graphics' };

/** What the receiving phase made of `<element>` in the cookie it got: read, absent, or ignored (and why). */
export function elementFact(ctx: PhaseContext, read: Extract<CookieRead, { ok: true }> | null, flag: CookieFlag, cookieName: string): string {
  const element = `<${elementOfFlag[flag] ?? flag}>`;
  if (read === null) return `there is no ${cookieName} cookie (protocol v2), so no ${element}`;
  if (!read.ignored.includes(elementOfFlag[flag] ?? flag)) return `the ${cookieName} cookie has no ${element}`;
  const { libvirt } = ctx.self.profile;
  if (!flagKnownAt(flag, libvirt)) {
    const since = flagSince(flag);
    return `the ${cookieName} cookie carries ${element}, but libvirt ${formatVersion(libvirt)} predates it (${element} since ${formatVersion(since)}) and ignores it`;
  }
  return `the ${cookieName} cookie carries ${element}, which this phase does not read`;
}
