// The named rules that mask a cookie value which naturally differs between a real run and the
// simulation of the same scenario. A rule masks a value (an attribute's or an element's text),
// never an element: the element, its position and its attributes are still compared. The
// identities (names, UUIDs, host names, addresses) need no rule: the simulation is given the
// real pair's (sim-scenario.ts), so they are compared as they are. docs/real.md lists these.

export interface MaskRule {
  readonly name: string;
  /** Why the value differs, with the libvirt or QEMU function that produces it. */
  readonly reason: string;
  /** Element names from the root (`qemu-migration`, `statistics`, `downtime`). */
  readonly matches: (path: readonly string[], attribute: string | null) => boolean;
}

const under = (path: readonly string[], ...prefix: string[]): boolean => prefix.every((name, i) => path[i] === name);

export const maskRules: readonly MaskRule[] = [
  {
    name: 'statistics-values',
    reason: "timings and counters of the run (QEMU's query-migrate figures that qemuMigrationCookieStatisticsXMLFormat writes): started, stopped, downtime, bytes, pages, rates",
    matches: (path, attribute) => attribute === null && path.length === 3 && under(path, 'qemu-migration', 'statistics'),
  },
  {
    name: 'guest-cpu-features',
    reason: 'the features libvirt adds to the guest CPU model (virCPUUpdateLive: what the host CPU and accelerator give qemu64; TCG on the real pair)',
    matches: (path, attribute) => attribute === 'name' && path.length === 3 && under(path, 'qemu-migration', 'cpu', 'feature'),
  },
];

export function maskFor(path: readonly string[], attribute: string | null): MaskRule | null {
  return maskRules.find((rule) => rule.matches(path, attribute)) ?? null;
}
