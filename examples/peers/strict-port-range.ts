// The strict port-range check of scripts/patches/libvirt-9.0-nbd-port-strict.patch, as a peer
// plug-in: the same change to libvirt's cookie parser (qemuMigrationCookieNBDXMLParse), tried in
// the simulator before (or instead of) building libvirt. Whichever side parses an <nbd> - the
// destination in Prepare (the Begin cookie) and Finish (the Perform cookie), the source in
// Perform (the Prepare reply) - refuses a port that parses as an int but is not a TCP port, and
// an empty port attribute, with the patch's texts; anything else goes to libvirt's own phase.
//
// Try it:  npx migsim fuzz --target handshake --peer examples/peers/strict-port-range.ts --time 20s
// On the real pair the patched build gives the same verdicts (docs/real.md, "A designer's own build").
import { parseCInt, readXml, type Phase, type PeerPlugin, type PhaseError } from 'migsim/fuzz';

const portMin = 1;
const portMax = 65535;

/** The patch's verdict on a cookie's <nbd port> (string(./nbd/@port): the first port attribute in document order), or null. */
export function strictPortRefusal(cookie: string | null, phase: Phase): PhaseError | null {
  if (cookie === null) return null;
  const read = readXml(cookie);
  if (!read.ok) return null;
  const ports = read.document.root.children.flatMap((child) => (child.kind === 'element' && child.name === 'nbd' && !child.inNamespace
    ? child.attributes.filter((a) => a.name === 'port' && !a.prefixed).map((a) => a.value) : []));
  const text = ports[0];
  if (text === undefined) return null;
  if (text === '') return { code: 'malformed-nbd-port', message: "Malformed nbd port ''", phase };
  const port = parseCInt(text);
  // Not a number at all: libvirt's own parser refuses it (Malformed nbd port).
  if (port === null || (port >= portMin && port <= portMax)) return null;
  return { code: 'nbd-port-out-of-range', message: `nbd port '${text}' is outside ${portMin}..${portMax}`, phase };
}

const refused = (error: PhaseError) => ({
  ok: false as const, error, effects: [],
  decisions: [{ text: `refuses the cookie: ${error.message}`, rule: 'scripts/patches/libvirt-9.0-nbd-port-strict.patch (qemuMigrationCookieNBDXMLParse)' }],
});

const plugin: PeerPlugin = {
  name: 'strict port range',
  source: (libvirt) => ({
    ...libvirt,
    name: 'strict port range source',
    perform: (ctx, state, cookie) => {
      const refusal = strictPortRefusal(cookie, 'perform');
      return refusal ? refused(refusal) : libvirt.perform(ctx, state, cookie);
    },
  }),
  target: (libvirt) => ({
    ...libvirt,
    name: 'strict port range destination',
    prepare: (ctx, cookie) => {
      const refusal = strictPortRefusal(cookie, 'prepare');
      return refusal ? refused(refusal) : libvirt.prepare(ctx, cookie);
    },
    finish: (ctx, state, cookie, cancelled) => {
      const refusal = cancelled ? null : strictPortRefusal(cookie, 'finish');
      return refusal ? { ...refused(refusal), effects: [{ kind: 'stop-qemu' as const }] } : libvirt.finish(ctx, state, cookie, cancelled);
    },
  }),
  // Fault-free runs never carry such a port, so they still end exactly as libvirt's do.
  keepsLibvirtOutcomes: true,
};

export default plugin;
