// A cookie edited on the wire, kept small enough for a URL: either a prepared mutation by name,
// or one splice (offset, the text it replaces, the text put there) found by trimming the common
// start and end of the sent and the edited cookie. The replaced text is kept so that an edit
// that no longer fits the cookie (another policy formats it differently) is noticed, not
// applied at a wrong place.
import type { Phase } from '../model/migration/types.js';
import type { CookieInterceptor } from '../sim/handshake/scenario.js';
import { mutationNamed, mutations, type MutationName } from './mutations.js';

export type CookieEdit =
  | { readonly phase: Phase; readonly kind: 'mutation'; readonly mutation: MutationName }
  | { readonly phase: Phase; readonly kind: 'splice'; readonly at: number; readonly remove: string; readonly insert: string };

export const phases: readonly Phase[] = ['begin', 'prepare', 'perform', 'finish', 'confirm'];

/** The cookie as delivered, or null when the edit does not fit this cookie. */
export function applyEdit(edit: CookieEdit, xml: string): string | null {
  if (edit.kind === 'mutation') return mutationNamed(edit.mutation)?.apply(xml) ?? null;
  if (edit.at > xml.length || xml.slice(edit.at, edit.at + edit.remove.length) !== edit.remove) return null;
  return xml.slice(0, edit.at) + edit.insert + xml.slice(edit.at + edit.remove.length);
}

/** The edit turning `sent` into `edited`; null when they are equal. */
export function editBetween(phase: Phase, sent: string, edited: string): CookieEdit | null {
  if (sent === edited) return null;
  const named = mutations.find((m) => m.apply(sent) === edited);
  if (named) return { phase, kind: 'mutation', mutation: named.name };
  let head = 0;
  while (head < sent.length && head < edited.length && sent[head] === edited[head]) head += 1;
  let tail = 0;
  while (tail < sent.length - head && tail < edited.length - head && sent[sent.length - 1 - tail] === edited[edited.length - 1 - tail]) tail += 1;
  return { phase, kind: 'splice', at: head, remove: sent.slice(head, sent.length - tail), insert: edited.slice(head, edited.length - tail) };
}

export function describeEdit(edit: CookieEdit): string {
  if (edit.kind === 'mutation') return mutationNamed(edit.mutation)?.label ?? edit.mutation;
  const show = (text: string): string => (text === '' ? 'nothing' : JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text));
  return `replaced ${show(edit.remove)} with ${show(edit.insert)} at offset ${edit.at}`;
}

/** Percent-encoding that leaves common punctuation readable, writes spaces as + and escapes the separator `:`. */
function escapePart(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+').replace(/%(2C|3D|2F|40|27)/g, (m) => decodeURIComponent(m));
}

function unescapePart(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return null;
  }
}

/** `prepare:bad-port` or `prepare:312:49153:70000` (parts percent-encoded, spaces as +). */
export function encodeEdit(edit: CookieEdit): string {
  if (edit.kind === 'mutation') return `${edit.phase}:${edit.mutation}`;
  return `${edit.phase}:${edit.at}:${escapePart(edit.remove)}:${escapePart(edit.insert)}`;
}

export function decodeEdit(text: string): CookieEdit | null {
  const parts = text.split(':');
  const phase = phases.find((p) => p === parts[0]);
  if (!phase) return null;
  if (parts.length === 2) {
    const mutation = mutationNamed(parts[1] ?? '');
    return mutation ? { phase, kind: 'mutation', mutation: mutation.name } : null;
  }
  if (parts.length !== 4 || !/^\d{1,7}$/.test(parts[1] ?? '')) return null;
  const remove = unescapePart(parts[2] ?? '');
  const insert = unescapePart(parts[3] ?? '');
  if (remove === null || insert === null) return null;
  return { phase, kind: 'splice', at: Number(parts[1]), remove, insert };
}

/** Delivers each edited phase's cookie as edited; a cookie the edit does not fit goes through unchanged, with a note. */
export function interceptorFor(edits: readonly CookieEdit[]): CookieInterceptor | null {
  if (edits.length === 0) return null;
  return (cookie) => {
    const edit = edits.find((e) => e.phase === cookie.phase);
    if (!edit) return { action: 'deliver', xml: cookie.xml };
    const xml = applyEdit(edit, cookie.xml);
    if (xml === null) return { action: 'deliver', xml: cookie.xml, note: `edit does not fit this cookie (${describeEdit(edit)}): delivered as sent` };
    return { action: 'deliver', xml, note: `edited: ${describeEdit(edit)}` };
  };
}

/** Replaces (or with null removes) the edit of one phase. */
export function withEdit(edits: readonly CookieEdit[], phase: Phase, edit: CookieEdit | null): CookieEdit[] {
  const others = edits.filter((e) => e.phase !== phase);
  const all = edit ? [...others, edit] : others;
  return all.sort((a, b) => phases.indexOf(a.phase) - phases.indexOf(b.phase));
}
