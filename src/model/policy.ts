// Designer policies: named switches a protocol designer flips to try a change to the handshake,
// applied to both sides. `libvirt` reproduces libvirt as it is; `strict` is the bundle of fixes for
// every unsafe behaviour migsim's oracles name (docs/evidence.md E2): strict cookie parsing
// (duplicates, unknown elements, port range, negative capacities), a destination that stops the NBD
// server it started whatever the Perform cookie says, a bounded wait for the NBD connection,
// storage flags tested correctly, a source that stays paused when the Finish reply is lost, and
// one that stops when its Confirm refuses the Finish cookie of a migration that succeeded.
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
  /**
   * What the source does when its Confirm refuses the Finish cookie although Finish succeeded:
   * libvirt's Confirm fails before it stops the source QEMU, its caller only warns ("Guest %s
   * probably left in 'paused' state on source") and reports success, and a p2p source daemon then
   * resumes the paused guest, which now runs on both hosts (`libvirt`); `stop` stops the source
   * QEMU anyway, since the domain runs on the destination whatever the cookie says.
   */
  readonly finishCookieRefused: 'libvirt' | 'stop';
}

export const libvirtPolicy: DesignerPolicy = {
  name: 'libvirt', cookiePolicy: 'libvirt', duplicateNbd: 'first-match', portRangeCheck: false, nbdOfferGate: 'none',
  nbdMandatory: false, fallback: 'era', nbdServerStop: 'era', connectTimeoutMs: null, readyTimeoutMs: null, storageFlags: 'era', lostFinish: 'resume', finishCookieRefused: 'libvirt',
};

export const strictPolicy: DesignerPolicy = {
  name: 'strict', cookiePolicy: 'strict', duplicateNbd: 'reject', portRangeCheck: true, nbdOfferGate: 'none',
  nbdMandatory: false, fallback: 'era', nbdServerStop: 'own-state', connectTimeoutMs: 30_000, readyTimeoutMs: null, storageFlags: 'fixed', lostFinish: 'pause', finishCookieRefused: 'stop',
};

export const policyPresets: ReadonlyMap<string, DesignerPolicy> = new Map([['libvirt', libvirtPolicy], ['strict', strictPolicy]]);

export interface Switch {
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
  ['finish-cookie-refused', { key: 'finishCookieRefused', values: ['libvirt', 'stop'], help: 'source whose Confirm refuses the Finish cookie after Finish succeeded: as libvirt (p2p resumes the guest) or stop it', read: (x) => x }],
  ['connect-timeout', { key: 'connectTimeoutMs', values: ['none', 'MS'], help: 'bound on the NBD connect wait, in ms', read: (x) => (x === 'none' ? null : Number(x)) }],
  ['ready-timeout', { key: 'readyTimeoutMs', values: ['none', 'MS'], help: 'bound on the wait for the mirrors to get READY, in ms (then cancel and fail)', read: (x) => (x === 'none' ? null : Number(x)) }],
]);

export type PolicyParse = { readonly ok: true; readonly policy: DesignerPolicy } | { readonly ok: false; readonly message: string };

/**
 * The switch a key names: its one spelling (`nbd-gate`), or the DesignerPolicy field it sets
 * (`nbdOfferGate`), which older policy files and specs used and which is still accepted.
 */
export function switchNamed(key: string): [name: string, entry: Switch] | null {
  for (const [name, entry] of policySwitches) if (name === key || entry.key === key) return [name, entry];
  return null;
}

/** The text a switch takes for this policy's value: `on`, `off`, `none`, `30000`, `feature-bit`... */
export function switchValue(policy: DesignerPolicy, name: string): string {
  const entry = policySwitches.get(name);
  if (!entry) return '';
  const value = policy[entry.key];
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value === null ? 'none' : String(value);
}

/** Every switch with this policy's value, by the switches' one spelling. */
export function switchValues(policy: DesignerPolicy): Record<string, string> {
  return Object.fromEntries([...policySwitches.keys()].map((name) => [name, switchValue(policy, name)]));
}

/** Milliseconds for a timeout switch: a whole number up to a day, or `none`. */
const timeoutMsMax = 24 * 60 * 60 * 1000;

function validValue(entry: Switch, value: string): boolean {
  if (!entry.values.includes('MS')) return entry.values.includes(value);
  return value === 'none' || (/^\d{1,9}$/.test(value) && Number(value) <= timeoutMsMax);
}

const switchList = (): string => [...policySwitches.keys()].map((k) => `${k}=`).join(', ');

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
    const named = switchNamed(key);
    if (!named || value === undefined) {
      return { ok: false, message: `unknown policy '${part}' (presets: ${[...policyPresets.keys()].join(', ')}; switches: ${switchList()})` };
    }
    const [name, entry] = named;
    if (!validValue(entry, value)) {
      const allowed = entry.values.includes('MS') ? `none or a number of milliseconds up to ${timeoutMsMax}` : entry.values.join('|');
      return { ok: false, message: `policy ${name} must be ${allowed} (got '${value}')` };
    }
    policy = { ...policy, [entry.key]: entry.read(value) };
    changed.push(`${name}=${value}`);
  }
  const name = changed.length === 0 ? policy.name : `${policy.name.split('+')[0] ?? policy.name}+${changed.join('+')}`;
  return { ok: true, policy: { ...policy, name } };
}

/**
 * A policy from a JSON object `{ "base": "libvirt", "fallback": "fail", "port-range": true, ... }`:
 * keys are switch names (or the DesignerPolicy fields they set), values as the switch takes them,
 * or true/false for on/off and null for none.
 */
export function policyFromJson(json: unknown): PolicyParse {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, message: 'a policy file must hold a JSON object' };
  const record = json as Record<string, unknown>;
  const base = record['base'] ?? 'libvirt';
  if (typeof base !== 'string' || !policyPresets.has(base)) return { ok: false, message: `"base" must be one of ${[...policyPresets.keys()].join(', ')}` };
  if (record['name'] !== undefined && typeof record['name'] !== 'string') return { ok: false, message: '"name" must be a string' };
  const parts: string[] = [base];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'base' || key === 'name') continue;
    const named = switchNamed(key);
    if (!named) return { ok: false, message: `unknown policy key '${key}' (switches: ${switchList()})` };
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean' && value !== null) return { ok: false, message: `policy ${named[0]} must be a string, number, boolean or null` };
    const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : value === null ? 'none' : String(value);
    if (text.includes(',')) return { ok: false, message: `policy ${named[0]} must be ${named[1].values.join('|')} (got '${text}')` };
    parts.push(`${named[0]}=${text}`);
  }
  const parsed = parsePolicySpec(parts.join(','));
  if (parsed.ok && typeof record['name'] === 'string') return { ok: true, policy: { ...parsed.policy, name: record['name'] } };
  return parsed;
}
