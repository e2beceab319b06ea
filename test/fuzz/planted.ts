// Deliberately faulty peers, each a small plausible bug in a libvirt-like implementation written
// against the PeerPlugin API, and the oracles that can catch it (every one of them: with all of
// them switched off the same campaign must find nothing, test/fuzz/planted.test.ts). Together
// they cover every class of the fuzzer: blame by differential, the scenario dimensions, each
// say-vs-do oracle, the strict simulated QEMU, and replay (a stateful plug-in, a throwing one).
import type { PeerPlugin } from '../../src/fuzz/plugin.js';
import { flagKnownAt } from '../../src/model/cookie/flags.js';
import type { Effect, PhaseOutcome } from '../../src/model/migration/types.js';

export interface PlantedBug {
  readonly plugin: PeerPlugin;
  /** Every oracle that can catch it. */
  readonly caughtBy: readonly string[];
  /** The class of the fuzzer it exercises (docs/fuzz.md, "Planted bugs"). */
  readonly dimension: string;
}

/** A phase outcome with its effects rewritten (the decisions and completion kept). */
function withEffects<S>(outcome: PhaseOutcome<S>, rewrite: (effects: readonly Effect[]) => Effect[]): PhaseOutcome<S> {
  return outcome.ok ? { ...outcome, effects: rewrite(outcome.effects) } : outcome;
}

/** A phase outcome whose cookie is rewritten as it is sent. */
function withCookie<S>(outcome: PhaseOutcome<S>, rewrite: (xml: string) => string): PhaseOutcome<S> {
  if (!outcome.ok) return outcome;
  return {
    ...outcome,
    complete: (report) => {
      const done = outcome.complete(report);
      return done.ok && done.cookie ? { ...done, cookie: { xml: rewrite(done.cookie.xml) } } : done;
    },
  };
}

const withoutNbd = (xml: string): string => xml.replace(/ {2}<nbd[^>]*\/>\n| {2}<nbd[\s\S]*?<\/nbd>\n/g, '');

/** The source reads the Prepare reply with "last <nbd> wins": a duplicate overrides the port. */
export const duplicateOverridesPort: PeerPlugin = {
  name: 'duplicate <nbd> overrides the port',
  source: (libvirt) => ({ ...libvirt, perform: (ctx, state, cookie) => libvirt.perform({ ...ctx, policy: { ...ctx.policy, duplicateNbd: 'last-wins' } }, state, cookie) }),
};

/** The destination starts its NBD server without checking that its QEMU has one. */
export const serverWithoutQemuSupport: PeerPlugin = {
  name: 'NBD server started without QEMU support',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => libvirt.prepare({
      ...ctx, self: { ...ctx.self, profile: { ...ctx.self.profile, behaviour: { ...ctx.self.profile.behaviour, destinationNbdGate: null } } },
    }, cookie),
  }),
};

/** Prepare fails after starting the NBD server (for an incremental copy) and does not clean up. */
export const serverLeftAfterFailedPrepare: PeerPlugin = {
  name: 'NBD server left running when Prepare fails',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => {
      const outcome = libvirt.prepare(ctx, cookie);
      if (!outcome.ok || ctx.request.copyStorage !== 'inc' || !outcome.effects.some((e) => e.kind === 'nbd-server-start')) return outcome;
      return { ok: false, decisions: outcome.decisions, effects: outcome.effects, error: { code: 'storage-precreation-failed', message: 'cannot pre-create the incremental target', phase: 'prepare' } };
    },
  }),
};

/** The destination ignores mandatory features it does not know. */
export const unknownMandatoryFeatureAccepted: PeerPlugin = {
  name: 'unknown mandatory feature accepted',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => libvirt.prepare(ctx, cookie === null ? null
      : cookie.replace(/<feature name='([^']*)'\/>/g, (whole, name: string) => (flagKnownAt(name, ctx.self.profile.libvirt) ? whole : ''))),
  }),
};

/** The source falls back to blk/inc for an incremental copy although the destination started its server. */
export const fallbackDespiteServer: PeerPlugin = {
  name: 'falls back to blk after the destination started its server',
  source: (libvirt) => ({
    ...libvirt,
    perform: (ctx, state, cookie) => {
      if (cookie === null || ctx.request.copyStorage !== 'inc' || !/<nbd[\s/>]/.test(cookie)) return libvirt.perform(ctx, state, cookie);
      return libvirt.perform({ ...ctx, policy: { ...ctx.policy, fallback: 'legacy' } }, state, withoutNbd(cookie));
    },
  }),
};

/** The destination's Finish forgets to stop the NBD server (it claims to behave like libvirt). */
export const finishKeepsServer: PeerPlugin = {
  name: 'Finish never stops the NBD server',
  target: (libvirt) => ({
    ...libvirt,
    finish: (ctx, state, cookie, cancelled) => withEffects(libvirt.finish(ctx, state, cookie, cancelled), (effects) => effects.filter((e) => e.kind !== 'nbd-server-stop')),
  }),
};

/** The source formats its Perform cookie without <nbd>, though it mirrored over NBD. */
export const performCookieWithoutNbd: PeerPlugin = {
  name: 'Perform cookie without <nbd> after an NBD copy',
  source: (libvirt) => ({ ...libvirt, perform: (ctx, state, cookie) => withCookie(libvirt.perform(ctx, state, cookie), withoutNbd) }),
};

/** A deliberate protocol change (not libvirt-like) with a slip: the Prepare reply names the next port. */
export const wrongPortAdvertised: PeerPlugin = {
  name: 'Prepare reply advertises the wrong port',
  keepsLibvirtOutcomes: false,
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => withCookie(libvirt.prepare(ctx, cookie), (xml) => xml.replace(/<nbd port='(\d+)'/, (_w, port: string) => `<nbd port='${Number(port) + 1}'`)),
  }),
};

/** The source mirrors only the first disk it should copy. */
export const firstDiskOnly: PeerPlugin = {
  name: 'mirrors only the first disk',
  source: (libvirt) => ({
    ...libvirt,
    perform: (ctx, state, cookie) => withEffects(libvirt.perform(ctx, state, cookie), (effects) => {
      const first = effects.find((e) => e.kind === 'mirror-start');
      return effects.filter((e) => e.kind !== 'mirror-start' || e === first);
    }),
  }),
};

/** The destination starts its NBD server without TLS even under --tls. */
export const serverWithoutTls: PeerPlugin = {
  name: 'NBD server without TLS under --tls',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => withEffects(libvirt.prepare(ctx, cookie), (effects) => effects.map((e) => (e.kind === 'nbd-server-start' ? { ...e, tls: false } : e))),
  }),
};

/** Both sides drop TLS for the NBD copy: a silent downgrade that works. */
export const silentTlsDowngrade: PeerPlugin = {
  name: 'NBD copy silently without TLS',
  target: serverWithoutTls.target,
  source: (libvirt) => ({
    ...libvirt,
    perform: (ctx, state, cookie) => withEffects(libvirt.perform(ctx, state, cookie), (effects) => effects.map((e) => (e.kind === 'mirror-start' ? { ...e, tls: false } : e))),
  }),
};

/** The destination exports every disk, ignoring --migrate-disks and shared storage. */
export const exportsEveryDisk: PeerPlugin = {
  name: 'exports every disk',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => libvirt.prepare({ ...ctx, request: { ...ctx.request, migrateDisks: ctx.domain.disks.map((d) => d.target) } }, cookie),
  }),
};

/** The source always mirrors with sync=top, also for --copy-storage-all over a backing chain. */
export const syncTopAlways: PeerPlugin = {
  name: 'blockdev-mirror always with sync=top',
  source: (libvirt) => ({
    ...libvirt,
    perform: (ctx, state, cookie) => withEffects(libvirt.perform(ctx, state, cookie), (effects) => effects.map((e) => (e.kind === 'mirror-start' ? { ...e, sync: 'top' } : e))),
  }),
};

/** The destination always puts its NBD server on 49153, whatever holds that port. */
export const fixedNbdPort: PeerPlugin = {
  name: 'NBD server always on port 49153',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => libvirt.prepare({ ...ctx, self: { ...ctx.self, portsInUse: [] } }, cookie),
  }),
};

/** A failed migration's Finish removes the domain but leaves the incoming QEMU paused. */
export const incomingLeftOnCancel: PeerPlugin = {
  name: 'cancelled Finish leaves the incoming QEMU',
  target: (libvirt) => ({
    ...libvirt,
    finish: (ctx, state, cookie, cancelled) => withEffects(libvirt.finish(ctx, state, cookie, cancelled), (effects) => (cancelled ? effects.filter((e) => e.kind !== 'stop-qemu') : [...effects])),
  }),
};

/** The destination ignores --persistent. */
export const notPersistent: PeerPlugin = {
  name: '--persistent ignored',
  target: (libvirt) => ({
    ...libvirt,
    finish: (ctx, state, cookie, cancelled) => withEffects(libvirt.finish(ctx, state, cookie, cancelled), (effects) => effects.filter((e) => e.kind !== 'define-domain')),
  }),
};

/** The source skips the safety check that --unsafe overrides. */
export const ignoresUnsafeCheck: PeerPlugin = {
  name: 'no "Unsafe migration" check',
  source: (libvirt) => ({ ...libvirt, begin: (ctx) => libvirt.begin({ ...ctx, request: { ...ctx.request, unsafe: true } }) }),
};

/** The destination starts QEMU for an offline migration. */
export const offlineStartsQemu: PeerPlugin = {
  name: 'offline Prepare starts QEMU',
  target: (libvirt) => ({ ...libvirt, prepare: (ctx, cookie) => libvirt.prepare({ ...ctx, request: { ...ctx.request, offline: false } }, cookie) }),
};

/** The source's clean-up of a failed Perform (an abort, a refused NBD connection) and its cancelled Confirm forget the block jobs. */
export const mirrorsLeftOnCancel: PeerPlugin = {
  name: 'failed Perform leaves the mirrors',
  source: (libvirt) => ({
    ...libvirt,
    performFailed: () => [{ kind: 'resume' }],
    confirm: (ctx, state, cookie, cancelled) => withEffects(libvirt.confirm(ctx, state, cookie, cancelled), (effects) => effects.filter((e) => e.kind !== 'mirror-cancel')),
  }),
};

/** The destination creates pool volumes with the capacity read as KiB. */
export const poolCapacityInKib: PeerPlugin = {
  name: 'pre-created volume 1024 times too small',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => withEffects(libvirt.prepare(ctx, cookie), (effects) => effects.map((e) => (e.kind === 'create-volume' ? { ...e, capacityBytes: Math.floor(e.capacityBytes / 1024) } : e))),
  }),
};

/** The destination sends nbd-server-start once per disk. */
export const serverStartPerDisk: PeerPlugin = {
  name: 'nbd-server-start per disk',
  target: (libvirt) => ({
    ...libvirt,
    prepare: (ctx, cookie) => withEffects(libvirt.prepare(ctx, cookie), (effects) => effects.flatMap((e) => {
      const start = effects.find((x) => x.kind === 'nbd-server-start');
      return e.kind === 'nbd-export-add' && start && e !== effects.find((x) => x.kind === 'nbd-export-add') ? [start, e] : [e];
    })),
  }),
};

/** The destination's Finish always stops an NBD server, started or not. */
export const alwaysStopsServer: PeerPlugin = {
  name: 'Finish always stops an NBD server',
  target: (libvirt) => ({
    ...libvirt,
    finish: (ctx, state, cookie, cancelled) => withEffects(libvirt.finish(ctx, state, cookie, cancelled),
      (effects) => (cancelled || effects.some((e) => e.kind === 'nbd-server-stop') ? [...effects] : [{ kind: 'nbd-server-stop' }, ...effects])),
  }),
};

/** The source throws on a tunnelled storage migration (an unhandled case in its code). */
export const throwsOnTunnelledStorage: PeerPlugin = {
  name: 'throws on tunnelled storage',
  source: (libvirt) => ({
    ...libvirt,
    perform: (ctx, state, cookie) => {
      if (ctx.request.mode === 'tunnelled' && ctx.request.copyStorage !== 'none') throw new TypeError('tunnel.nbdHost is undefined');
      return libvirt.perform(ctx, state, cookie);
    },
  }),
};

export const plantedBugs: readonly PlantedBug[] = [
  // Reading the last port, the source mirrors to a port nothing listens on, or one the destination
  // never offered, and may wait there for ever (unbounded-wait, blamed on the plug-in by differential).
  { plugin: duplicateOverridesPort, caughtBy: ['view-mismatch', 'verdict-mismatch', 'mirror-target-not-offered', 'unbounded-wait'], dimension: 'cookie reading' },
  { plugin: serverWithoutQemuSupport, caughtBy: ['wrong-nbd-server-decision', 'decision-table-mismatch'], dimension: 'fallback rules' },
  { plugin: serverLeftAfterFailedPrepare, caughtBy: ['nbd-server-left-running', 'incoming-left-paused', 'side-effect-on-reject', 'decision-table-mismatch', 'say-do-nbd-port'], dimension: 'clean-up' },
  // Accepting the cookie takes the run past the Prepare where libvirt's peers stop: what happens
  // on that path (a server stopped that was never started, a later cookie accepted) is blamed on
  // the plug-in with the divergence named (blame.ts divergenceSentence), so those oracles catch it too.
  { plugin: unknownMandatoryFeatureAccepted, caughtBy: ['verdict-mismatch', 'say-do-stop-unstarted', 'accepted-invalid-cookie'], dimension: 'cookie reading' },
  { plugin: fallbackDespiteServer, caughtBy: ['wrong-storage-path', 'decision-table-mismatch', 'say-do-nbd-stop', 'nbd-server-left-running'], dimension: 'fallback rules' },
  { plugin: finishKeepsServer, caughtBy: ['nbd-server-left-running', 'say-do-nbd-stop'], dimension: 'blame by differential; say-vs-do: stop vs start' },
  { plugin: performCookieWithoutNbd, caughtBy: ['say-do-perform-nbd', 'nbd-server-left-running'], dimension: 'blame by differential; say-vs-do: Perform cookie vs path' },
  { plugin: wrongPortAdvertised, caughtBy: ['say-do-nbd-port', 'unbounded-wait', 'view-mismatch', 'mirror-target-not-offered', 'nbd-server-left-running', 'incoming-left-paused'], dimension: 'blame without the decision table; say-vs-do: port' },
  { plugin: firstDiskOnly, caughtBy: ['disk-selection', 'disks-differ'], dimension: 'several disks' },
  { plugin: serverWithoutTls, caughtBy: ['tls-downgrade', 'decision-table-mismatch'], dimension: '--tls' },
  { plugin: silentTlsDowngrade, caughtBy: ['tls-downgrade'], dimension: '--tls' },
  { plugin: exportsEveryDisk, caughtBy: ['say-do-exports', 'decision-table-mismatch'], dimension: 'say-vs-do: exports vs disks; --migrate-disks' },
  { plugin: syncTopAlways, caughtBy: ['disks-differ'], dimension: 'backing chains (sync modes)' },
  { plugin: fixedNbdPort, caughtBy: ['decision-table-mismatch', 'say-do-nbd-port'], dimension: 'NBD port allocation' },
  { plugin: incomingLeftOnCancel, caughtBy: ['incoming-left-paused', 'nbd-server-left-running', 'domain-not-on-one-side'], dimension: 'strict QEMU: incoming QEMU left paused' },
  { plugin: notPersistent, caughtBy: ['definition-not-persistent'], dimension: '--persistent, --offline' },
  { plugin: ignoresUnsafeCheck, caughtBy: ['decision-table-mismatch', 'domain-not-on-one-side'], dimension: '--unsafe' },
  { plugin: offlineStartsQemu, caughtBy: ['incoming-left-paused', 'decision-table-mismatch', 'domain-not-on-one-side'], dimension: '--offline' },
  { plugin: mirrorsLeftOnCancel, caughtBy: ['mirror-left-running'], dimension: 'abort (domjobabort)' },
  { plugin: poolCapacityInKib, caughtBy: ['decision-table-mismatch'], dimension: 'destination disks from a storage pool' },
  { plugin: serverStartPerDisk, caughtBy: ['decision-table-mismatch', 'incoming-left-paused', 'nbd-server-left-running', 'say-do-exports'], dimension: 'strict QEMU: one NBD server' },
  { plugin: alwaysStopsServer, caughtBy: ['say-do-stop-unstarted'], dimension: 'say-vs-do: stop vs start' },
  { plugin: throwsOnTunnelledStorage, caughtBy: ['threw'], dimension: 'a throwing peer (replay prints the stack)' },
];
