// Perform on the source (`qemuMigrationSrcRun`): read the Prepare reply, then either mirror the
// disks into the destination's NBD server, fall back to QEMU's old block migration (`migrate`
// with blk/inc, libvirt 1.0.3–8.6 and every older source), or fail; then migrate the RAM.
import { atLeast, formatVersion, v } from '../version.js';
import { qemuTooOld } from '../versions/profile.js';
import type { CookieNbd } from '../cookie/types.js';
import { performCookie, readCookie, type CookieRead } from './cookies.js';
import { elementFact } from './sentences.js';
import { unsupportedFlagRefusal } from './request-checks.js';
import { exportName } from './disks.js';
import { phaseError } from './errors.js';
import type { SourceState } from './begin.js';
import type { Decision, Effect, PhaseContext, PhaseOutcome, StoragePath } from './types.js';

const portMin = 1;
const portMax = 65535;

/** What `qemuMonitorJSONMigrate` passes for blk/inc: always booleans before 8.7, else only when set. */
function blockFlags(ctx: PhaseContext, blk: boolean, inc: boolean): { blk: boolean | null; inc: boolean | null } {
  if (blk || inc || ctx.self.profile.behaviour.sendsBlockMigrationFlags) return { blk, inc };
  return { blk: null, inc: null };
}

function outcome(ctx: PhaseContext, state: SourceState, storageMigration: boolean, path: StoragePath,
  decisions: Decision[], effects: Effect[]): PhaseOutcome<SourceState> {
  const next: SourceState = { ...state, storagePath: path };
  return {
    ok: true, decisions, effects,
    complete: (report) => ({ ok: true, state: next, cookie: ctx.protocol === 'v3' ? performCookie(ctx, storageMigration, report) : null, decisions: [] }),
  };
}

function fail(code: string, message: string, decisions: Decision[]): PhaseOutcome<SourceState> {
  return { ok: false, error: phaseError(code, message, 'perform'), decisions, effects: [] };
}

function nbdPlan(ctx: PhaseContext, state: SourceState, nbd: CookieNbd, decisions: Decision[]): PhaseOutcome<SourceState> {
  const { behaviour, qemuCaps, libvirt } = ctx.self.profile;
  // The parser already refuses explicit ports outside the range under this policy; what is left is
  // an <nbd> without a port, which libvirt would turn into a connection to port 0.
  if (ctx.policy.portRangeCheck && (nbd.port < portMin || nbd.port > portMax)) {
    return fail('nbd-port-missing', "the Prepare reply's <nbd> gives no port to connect to", decisions);
  }
  if (ctx.request.tls && !atLeast(libvirt, v('4.4.0'))) return fail('nbd-tls-source-unsupported', 'NBD migration with TLS is not supported', decisions);
  const command = (behaviour.blockdev && qemuCaps.has('blockdev')) || ctx.request.tls ? 'blockdev-mirror' : 'drive-mirror';
  const sync = ctx.request.copyStorage === 'inc' ? 'top' : 'full';
  decisions.push({
    text: `mirrors ${state.copyDisks.join(', ')} with ${command} (sync ${sync}) to the NBD server at ${ctx.peerAddress}:${nbd.port}${ctx.request.tls ? ' over TLS' : ''}`,
    rule: 'qemuMigrationSrcNBDStorageCopy: host from the migration URI, port = first port attribute in the cookie',
  });
  const effects: Effect[] = state.copyDisks.map((disk) => ({
    kind: 'mirror-start', command, disk, host: ctx.peerAddress, port: nbd.port, export: exportName(ctx.domain, disk), sync,
    connectTimeoutMs: ctx.policy.connectTimeoutMs, tls: ctx.request.tls,
  }));
  effects.push({ kind: 'mirror-wait-ready', timeoutMs: ctx.policy.readyTimeoutMs }, { kind: 'migrate', ...blockFlags(ctx, false, false) }, { kind: 'mirror-complete' });
  return outcome(ctx, state, true, 'nbd', decisions, effects);
}

function fallbackPlan(ctx: PhaseContext, state: SourceState, read: Extract<CookieRead, { ok: true }> | null, decisions: Decision[]): PhaseOutcome<SourceState> {
  const { behaviour } = ctx.self.profile;
  const mode = !behaviour.nbd ? 'legacy' : ctx.policy.fallback === 'era' ? behaviour.fallback : ctx.policy.fallback;
  const why = ctx.protocol === 'v2' ? 'protocol v2 carries no cookie' : elementFact(ctx, read, 'nbd', 'Prepare reply');
  if (mode === 'fail') {
    decisions.push({ text: `${why}: no NBD server to mirror into, and no fallback`, rule: 'qemuMigrationSrcRun (blk/inc fallback removed, 8.7 refactor)' });
    return fail('nbd-not-set-up', 'migration of non-shared disks requested but NBD is not set up', decisions);
  }
  const inc = ctx.request.copyStorage === 'inc';
  decisions.push({
    text: `${why}: falls back to QEMU block migration (migrate with ${inc ? 'inc' : 'blk'})`,
    rule: behaviour.nbd ? "qemuMigrationRun: \"Destination doesn't support NBD server Falling back to previous implementation.\"" : 'libvirt < 1.0.3 always copies storage with blk/inc',
  });
  return outcome(ctx, state, true, 'legacy', decisions, [{ kind: 'migrate', ...blockFlags(ctx, !inc, inc) }]);
}

export function sourcePerform(ctx: PhaseContext, state: SourceState, cookieXml: string | null): PhaseOutcome<SourceState> {
  const decisions: Decision[] = [];
  // In v2 there is no Begin, so this is the source's first chance to refuse flags and its QEMU.
  const unsupported = ctx.protocol === 'v2' ? unsupportedFlagRefusal(ctx, 'perform') : null;
  if (unsupported) return { ok: false, error: unsupported, decisions, effects: [] };
  if (ctx.protocol === 'v2' && qemuTooOld(ctx.self.profile)) {
    const { libvirt, qemu, behaviour } = ctx.self.profile;
    return fail('qemu-too-old', `libvirt ${formatVersion(libvirt)} does not run QEMU ${formatVersion(qemu)} (minimum ${behaviour.qemuMin ? formatVersion(behaviour.qemuMin) : '?'})`, decisions);
  }
  let storageMigration = state.storageMigration;
  if (storageMigration && ctx.request.copyStorage === 'inc' && ctx.self.profile.behaviour.incrementalCopySkipped && ctx.policy.storageFlags === 'era') {
    storageMigration = false;
    decisions.push({ text: '--copy-storage-inc alone is tested against the wrong flag: storage is silently not copied', rule: 'da69f4b208 (7.3.0), fixed f58349c9c6 (7.6.0)' });
  }
  let read: Extract<CookieRead, { ok: true }> | null = null;
  if (cookieXml !== null) {
    const result = readCookie(ctx, 'perform', cookieXml, storageMigration);
    if (!result.ok) return { ok: false, error: result.error, decisions, effects: [] };
    read = result;
    decisions.push(...read.decisions);
  }
  const nbd: CookieNbd | null = read?.cookie.nbd ?? null;
  if (!storageMigration) return outcome(ctx, state, false, 'none', decisions, [{ kind: 'migrate', ...blockFlags(ctx, false, false) }]);
  if (nbd && ctx.self.profile.behaviour.nbd) return nbdPlan(ctx, state, nbd, decisions);
  return fallbackPlan(ctx, state, read, decisions);
}
