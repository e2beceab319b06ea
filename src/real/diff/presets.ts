// The scenarios of issue 13 item 6, each once, by letter: what the real pair runs and `simulate`
// must express too. `real diff --preset a,c,d,l` runs a few of them; `--preset all` every one.
// Each is a set of the scenario flags `real run` takes (scenario-flags.ts).
import { fail, ok, type RealResult } from '../errors.js';
import type { ScenarioFlagValues } from '../scenario-flags.js';

export interface Preset {
  readonly letter: string;
  readonly title: string;
  readonly flags: ScenarioFlagValues;
}

export const presets: readonly Preset[] = [
  { letter: 'a', title: 'regular, --copy-storage-all', flags: { 'copy-storage': 'all' } },
  { letter: 'b', title: 'regular, --copy-storage-inc (qcow2 overlay on a base both hosts have)', flags: { 'copy-storage': 'inc', disks: 'vda:32MiB:qcow2+backing' } },
  { letter: 'c', title: 'no storage copy, --unsafe', flags: { 'copy-storage': 'none', unsafe: true } },
  { letter: 'd', title: 'no storage copy without --unsafe (refused in Begin)', flags: { 'copy-storage': 'none' } },
  { letter: 'e', title: 'p2p, storage all, --persistent', flags: { mode: 'p2p', persistent: true } },
  { letter: 'f', title: 'graphics SPICE', flags: { graphics: 'spice' } },
  { letter: 'g', title: 'two disks, --migrate-disks vda (--unsafe: vdb stays behind)', flags: { disks: 'vda:32MiB:qcow2,vdb:16MiB:raw', 'migrate-disks': 'vda', unsafe: true } },
  { letter: 'h', title: '--offline --persistent of a shut-off domain', flags: { offline: true, persistent: true, 'copy-storage': 'none' } },
  { letter: 'i', title: 'p2p tunnelled with storage copy', flags: { mode: 'tunnelled' } },
  { letter: 'j', title: 'destination disk missing, no pool', flags: { 'destination-disk': 'missing' } },
  { letter: 'k', title: 'destination disk pre-created by a dir pool', flags: { 'destination-disk': 'pool' } },
  { letter: 'l', title: 'domjobabort during the mirror (1 MiB/s, so the mirror is still running)', flags: { abort: 'mirror', bandwidth: '1MiB/s' } },
];

/** `a,c,d` or `all` → the presets, in the order given. */
export function parsePresets(text: string): RealResult<Preset[]> {
  if (text === 'all') return ok([...presets]);
  const chosen: Preset[] = [];
  for (const letter of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const preset = presets.find((p) => p.letter === letter);
    if (!preset) return fail('scenario-invalid', `--preset: '${letter}' is not one of ${presets.map((p) => p.letter).join(', ')} or all`);
    if (!chosen.includes(preset)) chosen.push(preset);
  }
  return chosen.length > 0 ? ok(chosen) : fail('scenario-invalid', '--preset needs at least one letter');
}

/** The flags as a command line, for reports (`--copy-storage none --unsafe`). */
export function flagsText(flags: ScenarioFlagValues): string {
  return Object.entries(flags).map(([name, value]) => (value === true ? `--${name}` : `--${name} ${String(value)}`)).join(' ');
}
