// Prepare on the destination (`qemuMigrationDstPrepareDirect` → `qemuMigrationDstPrepareAny` →
// `qemuMigrationDstPrepareFresh` / `qemuMigrationDstPrepareActive`): take a port for the incoming
// stream, read the Begin cookie, check and pre-create the disks it names, start QEMU with
// -incoming, start the NBD server when the source offered `<nbd>` and storage migration was asked
// for, and reply. An offline migration starts no QEMU: it only takes over the definition.
import type { Cookie } from '../cookie/types.js';
import { formatVersion } from '../version.js';
import { qemuTooOld } from '../versions/profile.js';
import { prepareCookie, readCookie, type CookieRead } from './cookies.js';
import { copiedDisks, exportName, storageRequested } from './disks.js';
import { phaseError } from './errors.js';
import { PortAllocator } from './ports.js';
import { precreateStorage } from './precreate.js';
import { unsupportedFlagRefusal } from './request-checks.js';
import { elementFact } from './sentences.js';
import type { Decision, Effect, PhaseContext, PhaseError, PhaseOutcome } from './types.js';

export interface TargetState {
  readonly nbdServerStarted: boolean;
  readonly nbdPort: number | null;
  readonly exports: readonly string[];
}

/** The first port of libvirt's migration port range goes to the incoming stream; NBD takes the next. */
export const nbdPortDefault = 49153;

type ReadCookie = Extract<CookieRead, { ok: true }>;

function failed(error: PhaseError, decisions: Decision[], effects: Effect[] = []): PhaseOutcome<TargetState> {
  return { ok: false, error, decisions, effects };
}

/** Whether to start the NBD server, or why not (`qemuMigrationDstStartNBDServer` and its callers). */
function nbdServerDecision(ctx: PhaseContext, read: ReadCookie | null, cookie: Cookie | null): { start: boolean; decision: Decision | null; error?: PhaseError } {
  if (!cookie?.nbd) {
    const text = storageRequested(ctx.request) || read?.ignored.includes('nbd') ? `${elementFact(ctx, read, 'nbd', 'Begin')}: no NBD server` : null;
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
  const tls = ctx.request.tls ? ' over TLS (the migration TLS credentials)' : '';
  return { start: true, decision: { text: `the Begin cookie offers <nbd> and storage migration was asked: starts an NBD server${tls} and exports each disk to copy, writable`, rule: 'qemuMigrationDstStartNBDServer' } };
}

/** The NBD server and its exports, on the next free port of the range. */
function nbdEffects(ctx: PhaseContext, ports: PortAllocator): { effects: Effect[]; exports: string[]; port: number } | PhaseError {
  const disks = copiedDisks(ctx.domain, ctx.request);
  const readonly = disks.find((disk) => disk.readonly);
  if (readonly) return phaseError('readonly-disk', `Cannot migrate empty or read-only disk ${readonly.target}`, 'prepare');
  const port = ports.acquire('prepare');
  if (typeof port !== 'number') return port;
  // The server listens where incoming migration does (`::` by default; the QMP log of
  // docs/evidence.md E1).
  const effects: Effect[] = [{ kind: 'nbd-server-start', host: '::', port, tls: ctx.request.tls }];
  const exports: string[] = [];
  for (const disk of disks) {
    const name = exportName(ctx.domain, disk.target);
    exports.push(name);
    effects.push({ kind: 'nbd-export-add', name, disk: disk.target });
  }
  return { effects, exports, port };
}

/** An offline migration (qemuMigrationDstPrepareAny with VIR_MIGRATE_OFFLINE): no QEMU, a bare reply. */
function offlinePrepare(ctx: PhaseContext, cookieXml: string | null): PhaseOutcome<TargetState> {
  const decisions: Decision[] = [{ text: 'offline migration: no QEMU is started here, only the definition moves', rule: 'qemuMigrationDstPrepareAny (VIR_MIGRATE_OFFLINE)' }];
  if (cookieXml !== null) {
    const read = readCookie(ctx, 'prepare', cookieXml);
    if (!read.ok) return failed(read.error, decisions);
    decisions.push(...read.decisions);
  }
  const state: TargetState = { nbdServerStarted: false, nbdPort: null, exports: [] };
  return { ok: true, decisions, effects: [], complete: () => ({ ok: true, state, cookie: cookieXml === null ? null : prepareCookie(ctx, null), decisions: [] }) };
}

export function targetPrepare(ctx: PhaseContext, cookieXml: string | null): PhaseOutcome<TargetState> {
  const unsupported = unsupportedFlagRefusal(ctx, 'prepare');
  if (unsupported) return failed(unsupported, []);
  if (ctx.request.offline) return offlinePrepare(ctx, cookieXml);
  const { profile } = ctx.self;
  const decisions: Decision[] = [];
  const ports = new PortAllocator(ctx.self);
  const incomingPort = ports.acquire('prepare');
  if (typeof incomingPort !== 'number') return failed(incomingPort, decisions);
  let read: ReadCookie | null = null;
  if (cookieXml !== null) {
    const result = readCookie(ctx, 'prepare', cookieXml);
    if (!result.ok) return failed(result.error, decisions);
    read = result;
    decisions.push(...read.decisions);
  }
  const cookie = read?.cookie ?? null;
  const storage = precreateStorage(ctx, cookie?.nbd ?? null);
  if (!storage.ok) return failed(storage.error, decisions);
  decisions.push(...storage.decisions);
  // The cookie is read before the domain's QEMU is even probed (qemuMigrationDstPrepareAny).
  if (qemuTooOld(profile)) {
    const min = profile.behaviour.qemuMin ? formatVersion(profile.behaviour.qemuMin) : '?';
    return failed(phaseError('qemu-too-old', `libvirt ${formatVersion(profile.libvirt)} does not run QEMU ${formatVersion(profile.qemu)} (minimum ${min})`, 'prepare'), decisions);
  }
  const server = nbdServerDecision(ctx, read, cookie);
  if (server.decision) decisions.push(server.decision);
  if (server.error) return failed(server.error, decisions);
  const effects: Effect[] = [...storage.effects, { kind: 'start-incoming', port: incomingPort }];
  let exports: string[] = [];
  let nbdPort: number | null = null;
  if (server.start) {
    const nbd = nbdEffects(ctx, ports);
    if ('code' in nbd) return failed(nbd, decisions);
    effects.push(...nbd.effects);
    exports = nbd.exports;
    nbdPort = nbd.port;
  }
  const state: TargetState = { nbdServerStarted: server.start, nbdPort, exports };
  const reply = cookieXml === null ? null : prepareCookie(ctx, state.nbdPort);
  return { ok: true, decisions, effects, complete: () => ({ ok: true, state, cookie: reply, decisions: [] }) };
}
