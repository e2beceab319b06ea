// Deliberately faulty peers, each a small plausible bug in a libvirt-like implementation, used
// to show that the fuzzer finds them (test/fuzz/planted.test.ts).
import type { PeerPlugin } from '../../src/fuzz/plugin.js';
import { flagKnownAt } from '../../src/model/cookie/flags.js';

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
      const withoutNbd = cookie.replace(/ {2}<nbd[^>]*\/>\n| {2}<nbd[\s\S]*?<\/nbd>\n/g, '');
      return libvirt.perform({ ...ctx, policy: { ...ctx.policy, fallback: 'legacy' } }, state, withoutNbd);
    },
  }),
};

export const plantedBugs: readonly { readonly plugin: PeerPlugin; readonly caughtBy: readonly string[] }[] = [
  { plugin: duplicateOverridesPort, caughtBy: ['view-mismatch', 'verdict-mismatch'] },
  { plugin: serverWithoutQemuSupport, caughtBy: ['wrong-nbd-server-decision', 'decision-table-mismatch'] },
  { plugin: serverLeftAfterFailedPrepare, caughtBy: ['nbd-server-left-running'] },
  { plugin: unknownMandatoryFeatureAccepted, caughtBy: ['verdict-mismatch'] },
  { plugin: fallbackDespiteServer, caughtBy: ['wrong-storage-path', 'decision-table-mismatch'] },
];
