// Designer policies: named switches a protocol designer flips to try a change to the handshake,
// applied to both sides. `libvirt` reproduces libvirt as it is; `strict` is the bundle of fixes for
// every unsafe behaviour migsim's oracles name (docs/evidence.md E2): strict cookie parsing
// (duplicates, unknown elements, port range, negative capacities), a destination that stops the NBD
// server it started whatever the Perform cookie says, a bounded wait for the NBD connection,
// storage flags tested correctly, and a source that stays paused when the Finish reply is lost.
import type { CookiePolicy, DuplicateNbdRule } from './cookie/context.js';

export interface DesignerPolicy {
  readonly name: string;
  /** How both sides parse cookies. */
  readonly cookiePolicy: CookiePolicy;
  readonly duplicateNbd: DuplicateNbdRule;
  /** Refuse NBD ports outside 1..65535 (in the parser and before connecting). */
  readonly portRangeCheck: boolean;
  /** `feature-bit`: the source offers `<nbd>` only to a peer advertising a (new) NBD driver feature bit. */
  readonly nbdOfferGate: 'none' | 'feature-bit';
  /** Declare `nbd` as a mandatory `<feature>` whenever `<nbd>` is sent. */
  readonly nbdMandatory: boolean;
  /** What the source does without an `<nbd>` reply: as its libvirt era does, or always fall back / fail. */
  readonly fallback: 'era' | 'legacy' | 'fail';
  /** When the destination stops its NBD server: as its era does, or whenever it started one. */
  readonly nbdServerStop: 'era' | 'own-state';
  /** Give up connecting to the NBD server after this long; null waits forever (libvirt). */
  readonly connectTimeoutMs: number | null;
  /**
   * Give up waiting for the mirrors to become READY after this long and cancel them; null waits
   * for as long as the jobs run (libvirt: qemuMigrationSrcNBDStorageCopy has no timeout).
   */
  readonly readyTimeoutMs: number | null;
  /** `fixed`: Perform tests the storage flags correctly even where an era got it wrong (7.3–7.5). */
  readonly storageFlags: 'era' | 'fixed';
  /**
   * What the source does when the Finish reply never arrives: libvirt treats it as a failed
   * Finish and resumes the guest (`resume`), though the destination may already run it; `pause`
   * keeps the source paused for the administrator instead.
   */
  readonly lostFinish: 'resume' | 'pause';
}

export const libvirtPolicy: DesignerPolicy = {
  name: 'libvirt', cookiePolicy: 'libvirt', duplicateNbd: 'first-match', portRangeCheck: false, nbdOfferGate: 'none',
  nbdMandatory: false, fallback: 'era', nbdServerStop: 'era', connectTimeoutMs: null, readyTimeoutMs: null, storageFlags: 'era', lostFinish: 'resume',
};

export const strictPolicy: DesignerPolicy = {
  name: 'strict', cookiePolicy: 'strict', duplicateNbd: 'reject', portRangeCheck: true, nbdOfferGate: 'none',
  nbdMandatory: false, fallback: 'era', nbdServerStop: 'own-state', connectTimeoutMs: 30_000, readyTimeoutMs: null, storageFlags: 'fixed', lostFinish: 'pause',
};

export const policyPresets: ReadonlyMap<string, DesignerPolicy> = new Map([['libvirt', libvirtPolicy], ['strict', strictPolicy]]);

interface Switch {
  readonly key: keyof DesignerPolicy;
  readonly values: readonly string[];
  readonly help: string;
  readonly read: (value: string) => DesignerPolicy[keyof DesignerPolicy];
}

const onOff = (value: string): boolean => value === 'on';

/** The command-line switches, `key=value`. */
export const policySwitches: ReadonlyMap<string, Switch> = new Map<string, Switch>([
  ['cookie', { key: 'cookiePolicy', values: ['libvirt', 'strict'], help: 'cookie parse policy on both sides', read: (x) => x }],
  ['duplicate-nbd', { key: 'duplicateNbd', values: ['first-match', 'last-wins', 'reject'], help: 'reading several <nbd>', read: (x) => x }],
  ['port-range', { key: 'portRangeCheck', values: ['on', 'off'], help: 'refuse NBD ports outside 1..65535', read: onOff }],
  ['nbd-gate', { key: 'nbdOfferGate', values: ['none', 'feature-bit'], help: 'offer <nbd> only to peers advertising an NBD feature bit', read: (x) => x }],
  ['nbd-mandatory', { key: 'nbdMandatory', values: ['on', 'off'], help: "send <feature name='nbd'/> with <nbd>", read: onOff }],
  ['fallback', { key: 'fallback', values: ['era', 'legacy', 'fail'], help: 'source without an <nbd> reply', read: (x) => x }],
  ['nbd-stop', { key: 'nbdServerStop', values: ['era', 'own-state'], help: 'when the destination stops its NBD server', read: (x) => x }],
  ['storage-flags', { key: 'storageFlags', values: ['era', 'fixed'], help: 'fix the 7.3–7.5 --copy-storage-inc flag test', read: (x) => x }],
  ['lost-finish', { key: 'lostFinish', values: ['resume', 'pause'], help: 'source without the Finish reply: resume the guest or keep it paused', read: (x) => x }],
  ['connect-timeout', { key: 'connectTimeoutMs', values: ['none', 'MS'], help: 'bound on the NBD connect wait, in ms', read: (x) => (x === 'none' ? null : Number(x)) }],
  ['ready-timeout', { key: 'readyTimeoutMs', values: ['none', 'MS'], help: 'bound on the wait for the mirrors to get READY, in ms (then cancel and fail)', read: (x) => (x === 'none' ? null : Number(x)) }],
]);

export type PolicyParse = { readonly ok: true; readonly policy: DesignerPolicy } | { readonly ok: false; readonly message: string };

/** Parses `strict`, `libvirt,nbd-gate=feature-bit`, `fallback=fail` (on top of `libvirt`), ... */
export function parsePolicySpec(spec: string, base: DesignerPolicy = libvirtPolicy): PolicyParse {
  let policy: DesignerPolicy = base;
  const changed: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const preset = policyPresets.get(part);
    if (preset) {
      policy = preset;
      changed.length = 0;
      continue;
    }
    const [key = '', value] = part.split('=', 2);
    const entry = policySwitches.get(key);
    if (!entry || value === undefined) {
      return { ok: false, message: `unknown policy '${part}' (presets: ${[...policyPresets.keys()].join(', ')}; switches: ${[...policySwitches.keys()].map((k) => `${k}=`).join(', ')})` };
    }
    const valid = entry.values.includes('MS') ? value === 'none' || /^\d+$/.test(value) : entry.values.includes(value);
    if (!valid) return { ok: false, message: `policy ${key} must be one of ${entry.values.join('|')} (got '${value}')` };
    policy = { ...policy, [entry.key]: entry.read(value) };
    changed.push(part);
  }
  const name = changed.length === 0 ? policy.name : `${policy.name.split('+')[0] ?? policy.name}+${changed.join('+')}`;
  return { ok: true, policy: { ...policy, name } };
}

/** A policy from a JSON object `{ "base": "libvirt", "fallback": "fail", ... }` (keys as in DesignerPolicy or the switches). */
export function policyFromJson(json: unknown): PolicyParse {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, message: 'a policy file must hold a JSON object' };
  const record = json as Record<string, unknown>;
  const parts: string[] = [typeof record['base'] === 'string' ? record['base'] : 'libvirt'];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'base' || key === 'name') continue;
    const switchKey = [...policySwitches].find(([k, s]) => k === key || s.key === key)?.[0];
    if (!switchKey) return { ok: false, message: `unknown policy key '${key}'` };
    const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : value === null ? 'none' : String(value);
    parts.push(`${switchKey}=${text}`);
  }
  const parsed = parsePolicySpec(parts.join(','));
  if (parsed.ok && typeof record['name'] === 'string') return { ok: true, policy: { ...parsed.policy, name: record['name'] } };
  return parsed;
}
