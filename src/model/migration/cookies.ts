// The cookies each phase writes and how it reads the one it receives, per libvirt era (the flags
// the phase functions of src/qemu/qemu_migration.c pass to qemuMigrationCookieFormat and
// qemuMigrationCookieParse, and what a real libvirt 9.0 pair was seen to exchange,
// docs/evidence.md E1). Cookies always cross
// between the sides as XML text, formatted by the sender's libvirt and parsed by the receiver's.
import { capabilitiesKnownAt } from '../cookie/capabilities.js';
import { flagKnownAt, type CookieFlag, type ParsePhase } from '../cookie/flags.js';
import { formatCookie } from '../cookie/format.js';
import { parseCookieShared } from '../cookie/parse-shared.js';
import type { Cookie, CookieCapabilities, CookieNbd, CookieStatistics } from '../cookie/types.js';
import { emptyCookie } from '../cookie/types.js';
import { statisticsFields } from '../cookie/statistics.js';
import type { CookieError } from '../cookie/errors.js';
import { atLeast, v, type Version } from '../version.js';
import { featureDecisions } from './feature-sentences.js';
import type { Decision, DomainConfig, EffectReport, OutgoingCookie, Phase, PhaseContext, PhaseError } from './types.js';

/** QEMU release that first offered each migration capability (QAPI `MigrationCapability`, approx.). */
const qemuCapabilitySince: Readonly<Record<string, string>> = {
  xbzrle: '1.2.0', 'auto-converge': '1.6.0', 'rdma-pin-all': '2.0.0', events: '2.4.0', 'postcopy-ram': '2.6.0',
  compress: '2.4.0', 'pause-before-switchover': '2.11.0', 'late-block-activate': '3.0.0', multifd: '4.0.0',
  'dirty-bitmaps': '3.0.0', 'return-path': '2.5.0', 'zero-copy-send': '7.1.0',
};

/**
 * Never in the cookie: qemuMigrationCapsCheck (qemu_migration_params.c) clears `events` from
 * priv->migrationCaps, which qemuMigrationCookieAddCaps copies ("Migration events capability must
 * always be enabled, clearing it from migration capabilities bitmap ensures it won't be touched
 * anywhere else"); the real 9.0 pair's Begin and Prepare cookies list every other one
 * (corpus/real/a-copy-storage-all.json).
 */
const neverAdvertised: ReadonlySet<string> = new Set(['events']);

/** `<capabilities>` as `qemuMigrationCookieAddCaps` fills it; `auto` per `qemuMigrationParamsAlwaysOn`. */
function capabilitiesFor(ctx: PhaseContext, side: 'source' | 'target'): CookieCapabilities {
  const { libvirt, qemu } = ctx.self.profile;
  const automatic = side === 'source' ? 'pause-before-switchover' : 'late-block-activate';
  const caps = capabilitiesKnownAt(libvirt)
    .filter((name) => !neverAdvertised.has(name))
    .filter((name) => atLeast(qemu, v(qemuCapabilitySince[name] ?? '99.0.0')))
    .map((name) => ({ name, auto: name === automatic }));
  return { caps };
}

function header(ctx: PhaseContext): Cookie {
  return emptyCookie({ name: ctx.domain.name, uuid: ctx.domain.uuid, hostname: ctx.self.hostname, hostuuid: ctx.self.hostUuid });
}

function knows(ctx: PhaseContext, flag: CookieFlag): boolean {
  return flagKnownAt(flag, ctx.self.profile.libvirt);
}

/** `qemuMigrationCookieAddNBD`: the local port and this side's disk capacities (from 1.2.11). */
function nbdElement(ctx: PhaseContext, port: number): CookieNbd {
  const disks = atLeast(ctx.self.profile.libvirt, v('1.2.11'))
    ? ctx.domain.disks.map((disk) => ({ target: disk.target, capacity: BigInt(disk.capacityBytes) })) : [];
  return { port, disks };
}

function write(ctx: PhaseContext, cookie: Cookie, flags: readonly CookieFlag[]): OutgoingCookie {
  return { xml: formatCookie(cookie, flags.filter((flag) => knows(ctx, flag)), { libvirt: ctx.self.profile.libvirt }) };
}

const guestCpu = { xml: "<cpu mode='custom' match='exact' check='full'>\n  <model fallback='forbid'>qemu64</model>\n  <feature policy='require' name='x2apic'/>\n  <feature policy='require' name='hypervisor'/>\n</cpu>" };

/** Begin (`qemuMigrationSrcBeginXML`): lockstate feature, `<nbd>` when offered, CPU, capabilities. */
export function beginCookie(ctx: PhaseContext, offerNbd: boolean): OutgoingCookie {
  const features = ['lockstate', ...(offerNbd && ctx.policy.nbdMandatory ? ['nbd'] : [])];
  const cookie: Cookie = {
    ...header(ctx), features,
    nbd: offerNbd ? nbdElement(ctx, 0) : null,
    // A shut-off domain has no CPU of its own to describe, and an offline migration negotiates
    // no capabilities (qemuMigrationSrcBeginPhase: CAPS unless VIR_MIGRATE_OFFLINE).
    cpu: knows(ctx, 'cpu') && !ctx.request.offline ? guestCpu : null,
    capabilities: ctx.request.offline ? null : capabilitiesFor(ctx, 'source'),
  };
  return write(ctx, cookie, ctx.request.offline ? ['lockstate'] : ['lockstate', 'nbd', 'cpu', 'capabilities']);
}

/** Prepare reply: graphics for SPICE, capabilities, and `<nbd port>` only when a server was started. */
export function prepareCookie(ctx: PhaseContext, nbdPort: number | null): OutgoingCookie {
  const cookie: Cookie = {
    ...header(ctx),
    features: nbdPort !== null && ctx.policy.nbdMandatory ? ['nbd'] : [],
    graphics: ctx.domain.graphics === 'spice' && !ctx.request.offline ? { type: 'spice', port: 5900, listen: '0.0.0.0', tlsPort: -1, tlsSubject: null } : null,
    nbd: nbdPort === null ? null : nbdElement(ctx, nbdPort),
    capabilities: ctx.request.offline ? null : capabilitiesFor(ctx, 'target'),
  };
  return write(ctx, cookie, ctx.request.offline ? [] : ['graphics', 'nbd', 'capabilities']);
}

/** A fixed epoch for cookie timestamps, so traces do not depend on the wall clock. */
const epochMs = 1_764_104_400_000n;

/**
 * Figures QEMU's query-migrate reports once a migration completed, which libvirt keeps only when
 * they are there (qemuMonitorJSONGetMigrationStatsReply: downtime_set, setup_time_set,
 * ram_duplicate_set) and then writes (qemuMigrationCookieStatisticsXMLFormat), with the QEMU
 * release that added each to MigrationInfo (approx.). QEMU 7.2 reports all of them: the real
 * 9.0 pair's Perform and Finish cookies carry downtime, setup_time and memory_constant/normal/
 * normal_bytes (corpus/real/a-copy-storage-all.json). The Finish cookie re-writes the source's
 * figures (qemuMigrationCookieStatisticsXMLParse of the Perform cookie); this side's QEMU stands in
 * for the source's.
 */
const reportedSince: readonly { readonly fields: readonly string[]; readonly qemu: string }[] = [
  { fields: ['downtime'], qemu: '1.3.0' },
  { fields: ['setup_time'], qemu: '1.6.0' },
  { fields: ['memory_constant', 'memory_normal', 'memory_normal_bytes'], qemu: '1.2.0' },
];

const pageBytes = 4096n;

function statistics(ctx: PhaseContext, report: EffectReport, delta: bigint | null): CookieStatistics {
  const values: Record<string, bigint | null> = {};
  for (const field of statisticsFields) values[field.name] = field.optional || 'gate' in field ? null : 0n;
  const elapsed = BigInt(Math.round(report.elapsedMs));
  const ram = BigInt(report.ramBytes);
  Object.assign(values, {
    started: epochMs, stopped: epochMs + elapsed, sent: epochMs + elapsed, time_elapsed: elapsed, delta,
    memory_total: ram, memory_processed: ram, memory_remaining: 0n,
    memory_page_size: pageBytes, disk_total: BigInt(report.diskBytes), disk_processed: BigInt(report.diskBytes), disk_remaining: 0n,
  });
  // The simulated guest's RAM is sent page by page as normal pages; no downtime or set-up is timed apart.
  const reported: Record<string, bigint> = { downtime: 0n, setup_time: 0n, memory_constant: 0n, memory_normal: ram / pageBytes, memory_normal_bytes: ram };
  for (const group of reportedSince) {
    if (!atLeast(ctx.self.profile.qemu, v(group.qemu))) continue;
    for (const name of group.fields) values[name] = reported[name] ?? 0n;
  }
  return values as CookieStatistics;
}

function domainXml(domain: DomainConfig): { xml: string } {
  const disks = domain.disks.map((disk, i) => [
    "    <disk type='file' device='disk'>", "      <driver name='qemu' type='qcow2'/>",
    `      <source file='/var/lib/libvirt/images/${domain.name}-${i}.qcow2'/>`, `      <target dev='${disk.target}' bus='virtio'/>`, '    </disk>',
  ].join('\n'));
  return { xml: [`<domain type='kvm'>`, `  <name>${domain.name}</name>`, `  <uuid>${domain.uuid}</uuid>`,
    `  <memory unit='KiB'>${Math.floor(domain.memoryBytes / 1024)}</memory>`, '  <devices>', ...disks, '  </devices>', '</domain>'].join('\n') };
}

/** Perform (`qemuMigrationSrcRun`): NBD with port 0 when storage was migrated, statistics, persistent def. */
export function performCookie(ctx: PhaseContext, storageMigration: boolean, report: EffectReport): OutgoingCookie {
  const features = [...(ctx.request.persistent ? ['persistent'] : []), ...(storageMigration && ctx.policy.nbdMandatory ? ['nbd'] : [])];
  const cookie: Cookie = {
    ...header(ctx), features,
    domain: ctx.request.persistent ? domainXml(ctx.domain) : null,
    // The source "steals" the port before formatting (qemuMigrationSrcNBDStorageCopy), so 0.
    nbd: storageMigration ? nbdElement(ctx, 0) : null,
    statistics: statistics(ctx, report, null),
  };
  return write(ctx, cookie, ['persistent', 'nbd', 'network', 'statistics']);
}

/** Finish (`qemuMigrationDstFinish`): statistics only. */
export function finishCookie(ctx: PhaseContext, report: EffectReport): OutgoingCookie {
  // An offline migration ran no job, so there are no statistics to send (qemuMigrationCookieAddStatistics needs jobData).
  if (ctx.request.offline) return write(ctx, header(ctx), []);
  return write(ctx, { ...header(ctx), statistics: statistics(ctx, report, -7n) }, ['statistics']);
}

export type CookieRead = {
  readonly ok: true; readonly cookie: Cookie; readonly warnings: readonly CookieError[];
  /** Elements the receiver did not read (unknown, or outside this phase's and version's mask). */
  readonly ignored: readonly string[];
  /** What the phase made of the cookie's mandatory features, when it is worth saying (sentences.ts). */
  readonly decisions: readonly Decision[];
} | { readonly ok: false; readonly error: PhaseError };

/** The cookie each receiving phase reads, by the name the phase's sentences give it. */
const cookieNames: Readonly<Record<Exclude<Phase, 'begin'>, string>> = { prepare: 'Begin', perform: 'Prepare reply', finish: 'Perform', confirm: 'Finish' };

/** Parses an incoming cookie as this side's libvirt does in `phase`. */
export function readCookie(ctx: PhaseContext, phase: Exclude<Phase, 'begin'>, xml: string, storageMigration = true): CookieRead {
  const version: Version = ctx.self.profile.libvirt;
  const result = parseCookieShared(xml, {
    phase: phase as ParsePhase, policy: ctx.policy.cookiePolicy, libvirt: version,
    domain: { name: ctx.domain.name, uuid: ctx.domain.uuid }, localHostUuid: ctx.self.hostUuid,
    localHostname: ctx.self.hostname, storageMigration, duplicateNbd: ctx.policy.duplicateNbd,
    portRangeCheck: ctx.policy.portRangeCheck,
  });
  if (result.ok) {
    return {
      ok: true, cookie: result.cookie, warnings: result.warnings, ignored: result.ignored,
      decisions: featureDecisions(ctx, result.uncheckedFeatures, result.warnings, cookieNames[phase]),
    };
  }
  const first = result.errors[0] ?? { code: 'xml-malformed', message: 'cookie refused', path: '/' };
  return { ok: false, error: { code: first.code, message: first.message, phase } };
}
