// The explorer's state in the URL hash, readable in a bug report:
//   #src=libvirt=12.5.0,qemu=9.2.0&dst=libvirt=1.0.2,qemu=1.3.0&storage=all&mode=regular
//    &policy=strict&seed=1&edit=prepare:bad-port&disk=10GiB&bw=1GiB/s&rtt=1ms&dirty=0
//    &copy=background&step=3&at=9&open=prepare
// Every field is optional on the way in (the default fills it) and a field that does not read
// is reported, not guessed. Values are checked against the model's own parsers in app.ts.
import type { CopyStorage, MigrationMode, Phase } from '../model/migration/types.js';
import { decodeEdit, encodeEdit, phases, type CookieEdit } from './edits.js';
import { defaultState, type CopyMode, type ExploreState } from './state.js';

/** Characters left as they are in values, so specs like `libvirt=9.0.0,qemu=7.2.0,-nbd-server` stay readable. */
function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%(2C|3D|2F|3A|40|2B)/g, (m) => decodeURIComponent(m));
}

function decodeValue(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function encodeState(state: ExploreState): string {
  const pairs: [string, string][] = [
    ['src', encodeValue(state.source)], ['dst', encodeValue(state.target)], ['storage', state.storage], ['mode', state.mode],
    ['policy', encodeValue(state.policy)], ['seed', String(state.seed)],
    ...state.edits.map((edit): [string, string] => ['edit', encodeEdit(edit)]),
    ['disk', encodeValue(state.stream.disk)], ['bw', encodeValue(state.stream.bandwidth)], ['rtt', encodeValue(state.stream.rtt)],
    ['dirty', encodeValue(state.stream.dirty)], ['copy', state.stream.copyMode],
  ];
  if (state.step !== null) pairs.push(['step', String(state.step)]);
  if (state.at !== null) pairs.push(['at', String(state.at)]);
  if (state.open !== null) pairs.push(['open', state.open]);
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

export interface DecodedHash {
  readonly state: ExploreState;
  /** Fields present but unreadable; the default was used instead. */
  readonly problems: readonly string[];
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** Raw `key=value` pairs; `edit` may repeat. */
function pairsOf(hash: string): [string, string][] {
  return hash.replace(/^#/, '').split('&').filter((p) => p !== '').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
  });
}

function editsOf(raw: readonly string[], problems: string[]): CookieEdit[] {
  const edits: CookieEdit[] = [];
  for (const text of raw) {
    const edit = decodeEdit(text);
    if (edit && !edits.some((e) => e.phase === edit.phase)) edits.push(edit);
    else problems.push(`edit '${text}'`);
  }
  return edits.sort((a, b) => phases.indexOf(a.phase) - phases.indexOf(b.phase));
}

function openOf(value: string | undefined, problems: string[]): Phase | null {
  if (value === undefined) return null;
  const phase = oneOf(value, phases);
  if (phase === undefined) problems.push(`open '${value}'`);
  return phase ?? null;
}

export function decodeState(hash: string): DecodedHash {
  const problems: string[] = [];
  const values = new Map<string, string>();
  const edits: string[] = [];
  for (const [key, raw] of pairsOf(hash)) {
    if (key === 'edit') edits.push(raw);
    else values.set(key, decodeValue(raw) ?? '');
  }
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const value = values.get(key);
    if (value === undefined) return fallback;
    const known = oneOf(value, allowed);
    if (known === undefined) problems.push(`${key} '${value}'`);
    return known ?? fallback;
  };
  const count = (key: string): number | null | undefined => {
    const value = values.get(key);
    if (value === undefined) return undefined;
    if (/^\d{1,15}$/.test(value)) return Number(value);
    problems.push(`${key} '${value}'`);
    return null;
  };
  const d = defaultState;
  const text = (key: string, fallback: string): string => values.get(key) ?? fallback;
  const state: ExploreState = {
    source: text('src', d.source), target: text('dst', d.target),
    storage: pick<CopyStorage>('storage', ['all', 'inc', 'none'], d.storage),
    mode: pick<MigrationMode>('mode', ['regular', 'p2p', 'tunnelled'], d.mode),
    policy: text('policy', d.policy), seed: count('seed') ?? d.seed, edits: editsOf(edits, problems),
    stream: {
      disk: text('disk', d.stream.disk), bandwidth: text('bw', d.stream.bandwidth), rtt: text('rtt', d.stream.rtt),
      dirty: text('dirty', d.stream.dirty), copyMode: pick<CopyMode>('copy', ['background', 'write-blocking'], d.stream.copyMode),
    },
    step: count('step') ?? null,
    at: count('at') ?? null,
    open: openOf(values.get('open'), problems),
  };
  return { state, problems };
}
