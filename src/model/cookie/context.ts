// What the parsing side knows when it reads a cookie (the inputs of libvirt's
// `qemuMigrationCookieParse`): the phase and therefore the flag mask, the local domain and
// host, the libvirt version (the rules changed over time) and the policy.
import { flagsKnownAt, phaseParseMask, type FlagMask, type ParsePhase } from './flags.js';
import { parseVersion, type Version } from '../version.js';
import { canonicalUuid, parseUuid } from './uuid.js';

export type CookiePolicy = 'libvirt' | 'strict';

export type DuplicateNbdRule = 'first-match' | 'last-wins' | 'reject';

/** The newest libvirt release whose behaviour migsim models (libvirt NEWS.rst up to 12.5.0). */
export const newestLibvirt = '12.5.0';

export interface CookieLimits {
  /** libvirt's RPC limit REMOTE_MIGRATE_COOKIE_MAX, which counts the trailing NUL. */
  readonly cookieBytesMax: number;
  readonly depthMax: number;
  readonly nodesMax: number;
  readonly attributesPerElementMax: number;
}

export const defaultCookieLimits: CookieLimits = {
  cookieBytesMax: 4 * 1024 * 1024,
  depthMax: 32,
  nodesMax: 100_000,
  attributesPerElementMax: 64,
};

export interface ParseContext {
  /** The phase that parses the cookie, or `all` for every flag the version knows (as libvirt's unit test does). */
  readonly phase: ParsePhase | 'all';
  readonly policy?: CookiePolicy;
  /** libvirt version of the parsing side; defaults to the newest modelled. */
  readonly libvirt?: Version | string;
  /** The local domain; a comparison is skipped when its value is absent. */
  readonly domain?: { readonly name?: string; readonly uuid?: string };
  readonly localHostUuid?: string;
  /** Compared with the cookie's hostname by libvirt before 6.2.0 only. */
  readonly localHostname?: string;
  /** Perform only: whether the source asked for storage migration (default true). */
  readonly storageMigration?: boolean;
  /** Overrides the phase's mask (for simulating a hypothetical libvirt). */
  readonly mask?: FlagMask;
  /**
   * How several `<nbd>` elements are read: libvirt's XPath takes the first `port` attribute in
   * document order and merges all disks (`first-match`); `last-wins` takes the last element only;
   * `reject` refuses them. Default: `first-match` under libvirt, `reject` under strict.
   */
  readonly duplicateNbd?: DuplicateNbdRule;
  /** Refuse NBD ports outside 1..65535 (default: only under strict). */
  readonly portRangeCheck?: boolean;
  readonly limits?: Partial<CookieLimits>;
}

/** A context with every default applied and every value checked. */
export interface ResolvedContext {
  readonly phase: ParsePhase | 'all';
  readonly policy: CookiePolicy;
  readonly duplicateNbd: DuplicateNbdRule;
  readonly portRangeCheck: boolean;
  readonly libvirt: Version;
  readonly mask: FlagMask;
  readonly domainName: string | null;
  readonly domainUuid: string | null;
  readonly localHostUuid: Uint8Array | null;
  readonly localHostname: string | null;
  readonly limits: CookieLimits;
}

/** Thrown for a context the caller got wrong; peer input never causes it. */
export class ContextError extends Error {}

/** Versions as written, parsed once each (contexts are resolved for every cookie parsed). */
const versionCache = new Map<string, Version>();
const versionCacheMax = 256;

export function resolveVersion(version: Version | string | undefined): Version {
  if (version !== undefined && typeof version !== 'string') return version;
  const text = version ?? newestLibvirt;
  const cached = versionCache.get(text);
  if (cached) return cached;
  const parsed = parseVersion(text);
  if (!parsed.ok) throw new ContextError(parsed.message);
  if (versionCache.size < versionCacheMax) versionCache.set(text, parsed.version);
  return parsed.version;
}

function uuidOption(value: string | undefined, what: string): string | null {
  if (value === undefined) return null;
  const canonical = canonicalUuid(value);
  if (canonical === null) throw new ContextError(`${what} is not a UUID: '${value}'`);
  return canonical;
}

export function resolveContext(context: ParseContext): ResolvedContext {
  const libvirt = resolveVersion(context.libvirt);
  const mask = context.mask ?? (context.phase === 'all' ? flagsKnownAt(libvirt)
    : phaseParseMask(context.phase, libvirt, { storageMigration: context.storageMigration ?? true }));
  const hostUuid = context.localHostUuid === undefined ? null : parseUuid(context.localHostUuid);
  if (context.localHostUuid !== undefined && hostUuid === null) {
    throw new ContextError(`local host UUID is not a UUID: '${context.localHostUuid}'`);
  }
  const policy = context.policy ?? 'libvirt';
  return {
    phase: context.phase,
    policy,
    duplicateNbd: context.duplicateNbd ?? (policy === 'strict' ? 'reject' : 'first-match'),
    portRangeCheck: context.portRangeCheck ?? policy === 'strict',
    libvirt,
    mask,
    domainName: context.domain?.name ?? null,
    domainUuid: uuidOption(context.domain?.uuid, 'domain UUID'),
    localHostUuid: hostUuid,
    localHostname: context.localHostname ?? null,
    limits: { ...defaultCookieLimits, ...context.limits },
  };
}
