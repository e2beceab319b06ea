// The cookie feature flags (`qemuMigrationCookieFlag` in src/qemu/qemu_migration_cookie.h) and
// the masks each migration phase passes to `qemuMigrationCookieParse`. A flag's bit is its
// position in the enum; the string is what appears in `<feature name='...'/>`.
import { atLeast, v, type Version } from '../version.js';

export const cookieFlags = [
  'graphics', 'lockstate', 'persistent', 'network', 'nbd', 'statistics', 'memory-hotplug',
  'cpu-hotplug', 'cpu', 'allowReboot', 'capabilities', 'block-dirty-bitmaps',
] as const;

export type CookieFlag = (typeof cookieFlags)[number];

/** A set of cookie flags as libvirt's bit mask. */
export type FlagMask = number;

/**
 * First libvirt release whose `qemuMigrationCookieFlag` enum has the flag (qemu_migration_cookie.h),
 * from the commit that added it: graphics 72de0d2819, lockstate 7474560bef, persistent c42e1c3947,
 * network 694d0c520b, nbd 121d4cfb9a, statistics 5d6fb96338, memory-hotplug 136f3de411,
 * cpu-hotplug 48e3d42889, cpu 48bc3053b8, allowReboot e859da6f42, capabilities 40ced93b01,
 * block-dirty-bitmaps f5cd60d478.
 */
const flagSinceTable: Readonly<Record<CookieFlag, Version>> = {
  graphics: v('0.9.2'), lockstate: v('0.9.2'), persistent: v('0.9.7'), network: v('1.0.0'), nbd: v('1.0.3'),
  statistics: v('1.2.9'), 'memory-hotplug': v('1.2.18'), 'cpu-hotplug': v('2.2.0'), cpu: v('3.5.0'),
  allowReboot: v('3.9.0'), capabilities: v('4.3.0'), 'block-dirty-bitmaps': v('7.1.0'),
};

export const allFlagsMask: FlagMask = (1 << cookieFlags.length) - 1;

export function flagBit(flag: CookieFlag): FlagMask {
  return 1 << cookieFlags.indexOf(flag);
}

export function maskOf(flags: readonly CookieFlag[]): FlagMask {
  return flags.reduce((mask, flag) => mask | flagBit(flag), 0);
}

export function hasFlag(mask: FlagMask, flag: CookieFlag): boolean {
  return (mask & flagBit(flag)) !== 0;
}

export function flagsOf(mask: FlagMask): CookieFlag[] {
  return cookieFlags.filter((flag) => hasFlag(mask, flag));
}

export function isCookieFlag(name: string): name is CookieFlag {
  return (cookieFlags as readonly string[]).includes(name);
}

/** Whether libvirt `version`'s `qemuMigrationCookieFlagTypeFromString` knows `name`. */
/** The first libvirt release whose enum has the flag. */
export function flagSince(flag: CookieFlag): Version {
  return flagSinceTable[flag];
}

export function flagKnownAt(name: string, version: Version): name is CookieFlag {
  return isCookieFlag(name) && atLeast(version, flagSinceTable[name]);
}

/** The flags whose element a given libvirt version can format and parse at all. */
/** Masks are asked for on every parse; they depend on a few releases only, so each is computed once. */
const maskCacheMax = 4096;
const maskCache = new Map<string, FlagMask>();

function cachedMask(key: string, compute: () => FlagMask): FlagMask {
  const hit = maskCache.get(key);
  if (hit !== undefined) return hit;
  const mask = compute();
  if (maskCache.size < maskCacheMax) maskCache.set(key, mask);
  return mask;
}

const versionKey = (version: Version): string => `${version.major}.${version.minor}.${version.micro}`;

export function flagsKnownAt(version: Version): FlagMask {
  return cachedMask(`known|${versionKey(version)}`, () => maskOf(cookieFlags.filter((flag) => flagKnownAt(flag, version))));
}

/** The phase whose `qemuMigrationCookieParse` call reads the cookie. */
export type ParsePhase = 'begin' | 'prepare' | 'perform' | 'finish' | 'confirm';

interface MaskEntry {
  readonly flag: CookieFlag;
  readonly since: Version;
  /** First release that no longer passes the flag. */
  readonly until?: Version;
}

// What each phase passes when it parses its incoming cookie (the flags of its
// qemuMigrationCookieParse call in src/qemu/qemu_migration.c; the history from the commits adding
// each flag, memory-hotplug in Prepare from f59808b724, 1.3.0, NBD in Finish from c3012a023f, 1.2.11).
// Begin has no incoming cookie, so nothing is requested: any <feature> is unsupported there.
const parseMasks: Readonly<Record<ParsePhase, readonly MaskEntry[]>> = {
  begin: [],
  // qemuMigrationDstPrepareFresh / qemuMigrationDstPrepareAny.
  prepare: [
    { flag: 'lockstate', since: v('0.9.2') }, { flag: 'nbd', since: v('1.0.3') },
    { flag: 'memory-hotplug', since: v('1.3.0') }, { flag: 'cpu-hotplug', since: v('2.2.0') },
    { flag: 'cpu', since: v('3.5.0') }, { flag: 'allowReboot', since: v('3.9.0'), until: v('7.7.0') },
    { flag: 'capabilities', since: v('4.3.0') }, { flag: 'block-dirty-bitmaps', since: v('7.1.0') },
  ],
  // qemuMigrationSrcRun; NBD only when the source asked for storage migration.
  perform: [
    { flag: 'graphics', since: v('0.9.2') }, { flag: 'nbd', since: v('1.0.3') },
    { flag: 'capabilities', since: v('4.3.0') }, { flag: 'block-dirty-bitmaps', since: v('7.1.0') },
  ],
  // qemuMigrationDstFinish: PERSISTENT always ("Some older versions of libvirt always send
  // persistent XML"); NBD from 1.2.11, when Finish began stopping the NBD server itself.
  finish: [
    { flag: 'persistent', since: v('0.9.7') }, { flag: 'network', since: v('1.0.0') },
    { flag: 'statistics', since: v('1.2.9') }, { flag: 'nbd', since: v('1.2.11') },
  ],
  // qemuMigrationSrcConfirmPhase.
  confirm: [{ flag: 'statistics', since: v('1.2.9') }],
};

export interface PhaseMaskOptions {
  /** Perform only: whether the source asked for storage migration (NBD is then requested). */
  readonly storageMigration?: boolean;
}

/** The mask `phase` of libvirt `version` passes to the cookie parser. */
export function phaseParseMask(phase: ParsePhase, version: Version, options: PhaseMaskOptions = {}): FlagMask {
  const storage = options.storageMigration ?? true;
  return cachedMask(`${phase}|${versionKey(version)}|${storage}`, () => parseMasks[phase]
    .filter((entry) => atLeast(version, entry.since) && !(entry.until && atLeast(version, entry.until)))
    .filter((entry) => !(phase === 'perform' && entry.flag === 'nbd' && !storage))
    .reduce((mask, entry) => mask | flagBit(entry.flag), 0));
}
