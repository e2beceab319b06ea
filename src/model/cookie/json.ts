// A JSON view of a cookie: 64-bit numbers become decimal strings (JSON numbers lose precision
// above 2^53), everything else keeps its shape. `cookie.nbd` is null when no `<nbd>` was taken.
import type { Cookie } from './types.js';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = toJsonValue(inner);
    return out;
  }
  return String(value);
}

export function cookieToJson(cookie: Cookie): JsonValue {
  return toJsonValue(cookie);
}
