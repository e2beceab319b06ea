// A worked peer plug-in: a source that checks the NBD port of the Prepare reply before it mirrors.
// libvirt takes the port with virStrToLong_i and hands it to QEMU formatted with %u, so -5 becomes
// 4294967291 and 70000 becomes port 4464 (observed on libvirt 9.0, docs/evidence.md E2). This
// source refuses such a reply with a clear error instead, and is otherwise libvirt's own.
//
// Try it:  npx migsim fuzz --target handshake --peer examples/peers/port-checking-source.ts --time 20s
import { parseCookie, type PeerPlugin } from 'migsim/fuzz';

const portMin = 1;
const portMax = 65535;

const plugin: PeerPlugin = {
  name: 'port-checking source',
  source: (libvirt) => ({
    ...libvirt,
    name: 'port-checking source',
    perform: (ctx, state, cookie) => {
      if (cookie !== null) {
        const parsed = parseCookie(cookie, { phase: 'perform', libvirt: ctx.self.profile.libvirt, policy: ctx.policy.cookiePolicy });
        const port = parsed.ok ? parsed.cookie.nbd?.port : undefined;
        if (port !== undefined && port !== 0 && (port < portMin || port > portMax)) {
          return {
            ok: false, effects: [],
            decisions: [{ text: `refuses NBD port ${port}: outside ${portMin}..${portMax}`, rule: 'examples/peers/port-checking-source.ts' }],
            error: { code: 'nbd-port-out-of-range', message: `nbd port '${port}' is outside ${portMin}..${portMax}`, phase: 'perform' },
          };
        }
      }
      return libvirt.perform(ctx, state, cookie);
    },
  }),
  // Fault-free runs never carry a bad port, so they still end exactly as libvirt's do.
  keepsLibvirtOutcomes: true,
};

export default plugin;
