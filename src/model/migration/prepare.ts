// Prepare on the destination (`qemuMigrationDstPrepareFresh` / `qemuMigrationDstPrepareActive`):
// read the Begin cookie, check the disks it names, start QEMU with -incoming, start the NBD
// server when the source offered `<nbd>` and storage migration was asked for, and reply.
import type { Cookie } from '../cookie/types.js';
import { formatVersion } from '../version.js';
import { qemuTooOld } from '../versions/profile.js';
import { prepareCookie, readCookie } from './cookies.js';
import { copiedDisks, exportName, storageRequested } from './disks.js';
import { phaseError } from './errors.js';
import type { Decision, Effect, PhaseContext, PhaseError, PhaseOutcome } from './types.js';

export interface TargetState {
  readonly nbdServerStarted: boolean;
  readonly nbdPort: number | null;
  readonly exports: readonly string[];
}

/** The first port of libvirt's migration port range (`migration_port_min` = 49152; NBD takes the next). */
export const nbdPortDefault = 49153;

function failed(error: PhaseError, decisions: Decision[], effects: Effect[] = []): PhaseOutcome<TargetState> {
  return { ok: false, error, decisions, effects };
}

/** `qemuMigrationDstPrepareStorage`: every cookie disk must exist here, whatever the flags say. */
function checkCookieDisks(ctx: PhaseContext, cookie: Cookie): PhaseError | null {
  for (const disk of cookie.nbd?.disks ?? []) {
    if (!ctx.domain.disks.some((d) => d.target === disk.target)) {
      return phaseError('unknown-disk-target', `unable to find disk target '${disk.target}' for non-shared-storage migration`, 'prepare');
    }
  }
  return null;
}

/** Whether to start the NBD server, or why not (`qemuMigrationDstStartNBDServer` and its callers). */
function nbdServerDecision(ctx: PhaseContext, cookie: Cookie | null): { start: boolean; decision: Decision | null; error?: PhaseError } {
  if (!cookie?.nbd) {
    const text = ctx.protocol === 'v2' ? 'protocol v2 carries no cookie, so no NBD' : storageRequested(ctx.request) ? 'the Begin cookie has no <nbd>: no NBD server' : null;
    return { start: false, decision: text ? { text, rule: 'qemuMigrationDstPrepareActive: only if mig->nbd' } : null };
  }
  if (!storageRequested(ctx.request)) {
    return { start: false, decision: { text: 'the source offered <nbd> but no storage copy was asked: no server', rule: 'qemuMigrationDstPrepareActive: mig->nbd && NON_SHARED flags' } };
  }
  const { behaviour, qemuCaps } = ctx.self.profile;
  const gate = behaviour.destinationNbdGate;
  if (gate !== null && !qemuCaps.has(gate)) {
    return { start: false, decision: { text: `destination QEMU lacks ${gate}: no NBD server, no <nbd> in the reply`, rule: 'QEMU_CAPS_NBD_SERVER check (e9a6704f99)' } };
  }
  if (ctx.request.mode === 'tunnelled') {
    return { start: false, decision: null, error: phaseError('tunnelled-storage-unsupported', "argument key 'host' must not have null value", 'prepare') };
  }
  if (ctx.request.tls && !qemuCaps.has('nbd-tls')) {
    return { start: false, decision: null, error: phaseError('nbd-tls-unsupported', 'QEMU NBD server does not support TLS transport', 'prepare') };
  }
  return { start: true, decision: { text: 'starts an NBD server and exports each disk to copy, writable', rule: 'qemuMigrationDstStartNBDServer' } };
}

export function targetPrepare(ctx: PhaseContext, cookieXml: string | null): PhaseOutcome<TargetState> {
  const { profile } = ctx.self;
  const decisions: Decision[] = [];
  let cookie: Cookie | null = null;
  if (cookieXml !== null) {
    const read = readCookie(ctx, 'prepare', cookieXml);
    if (!read.ok) return failed(read.error, decisions);
    cookie = read.cookie;
    for (const warning of read.warnings) decisions.push({ text: `reports "${warning.message}" and goes on`, rule: 'qemuMigrationCookieXMLParseMandatoryFeatures before 1.3.0 (afb792bd38)' });
    const diskError = checkCookieDisks(ctx, cookie);
    if (diskError) return failed(diskError, decisions);
  }
  // The cookie is read before the domain's QEMU is even probed (qemuMigrationDstPrepareAny).
  if (qemuTooOld(profile)) {
    const min = profile.behaviour.qemuMin ? formatVersion(profile.behaviour.qemuMin) : '?';
    return failed(phaseError('qemu-too-old', `libvirt ${formatVersion(profile.libvirt)} does not run QEMU ${formatVersion(profile.qemu)} (minimum ${min})`, 'prepare'), decisions);
  }
  const server = nbdServerDecision(ctx, cookie);
  if (server.decision) decisions.push(server.decision);
  if (server.error) return failed(server.error, decisions);
  const effects: Effect[] = [{ kind: 'start-incoming' }];
  const exports: string[] = [];
  if (server.start) {
    // The server listens where incoming migration does (`::` by default: qemuMigrationDstPrepare's
    // incoming->address; nbd-server-start on libvirt 9.0, docs/evidence.md E1).
    effects.push({ kind: 'nbd-server-start', host: '::', port: nbdPortDefault, tls: ctx.request.tls });
    for (const disk of copiedDisks(ctx.domain, ctx.request)) {
      const name = exportName(ctx.domain, disk.target);
      exports.push(name);
      effects.push({ kind: 'nbd-export-add', name, disk: disk.target });
    }
  }
  const state: TargetState = { nbdServerStarted: server.start, nbdPort: server.start ? nbdPortDefault : null, exports };
  const reply = cookieXml === null ? null : prepareCookie(ctx, state.nbdPort);
  return { ok: true, decisions, effects, complete: () => ({ ok: true, state, cookie: reply, decisions: [] }) };
}
