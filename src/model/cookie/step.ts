// The result of one step of cookie parsing: a value, or the error that stops the parse (libvirt
// stops at its first error, so one is enough).
import type { CookieError, CookieErrorCode } from './errors.js';

export type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CookieError };

export function ok<T>(value: T): Step<T> {
  return { ok: true, value };
}

export function refuse(code: CookieErrorCode, message: string, path: string): { readonly ok: false; readonly error: CookieError } {
  return { ok: false, error: { code, message, path } };
}

/** Path of a child element, e.g. `childPath('/qemu-migration', 'nbd')`. */
export function childPath(parent: string, name: string): string {
  return `${parent}/${name}`;
}
