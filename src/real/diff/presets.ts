// The scenarios of issue 13 item 6, each once, by letter: what the real pair runs and `simulate`
// must express too. `real diff --preset a,c,d,l` runs a few of them; `--preset all` every one.
// Each is a `real run` command line (its scenario flags, as a user types them), so that a report
// can print it to be run again, and the command line reads it as it reads the user's own flags.

export interface Preset {
  readonly letter: string;
  readonly title: string;
  /** The scenario flags, word by word (`['--copy-storage', 'none', '--unsafe']`). */
  readonly flags: readonly string[];
}

const words = (line: string): string[] => line.split(' ');

export const presets: readonly Preset[] = [
  { letter: 'a', title: 'regular, --copy-storage-all', flags: words('--copy-storage all') },
  { letter: 'b', title: 'regular, --copy-storage-inc (qcow2 overlay on a base both hosts have)', flags: words('--copy-storage inc --disks vda:32MiB:qcow2+backing') },
  { letter: 'c', title: 'no storage copy, --unsafe', flags: words('--copy-storage none --unsafe') },
  { letter: 'd', title: 'no storage copy without --unsafe (refused in Begin)', flags: words('--copy-storage none') },
  { letter: 'e', title: 'p2p, storage all, --persistent', flags: words('--mode p2p --persistent') },
  { letter: 'f', title: 'graphics SPICE', flags: words('--graphics spice') },
  { letter: 'g', title: 'two disks, --migrate-disks vda (--unsafe: vdb stays behind)', flags: words('--disks vda:32MiB:qcow2,vdb:16MiB:raw --migrate-disks vda --unsafe') },
  { letter: 'h', title: '--offline --persistent of a shut-off domain', flags: words('--offline --persistent --copy-storage none') },
  { letter: 'i', title: 'p2p tunnelled with storage copy', flags: words('--mode tunnelled') },
  { letter: 'j', title: 'destination disk missing, no pool', flags: words('--destination-disk missing') },
  { letter: 'k', title: 'destination disk pre-created by a dir pool', flags: words('--destination-disk pool') },
  { letter: 'l', title: 'domjobabort during the mirror (1 MiB/s, so the mirror is still running)', flags: words('--abort mirror --bandwidth 1MiB/s') },
];

/** `a,c,d` or `all` → the presets, in the order given; or why not (for the value's one-line error). */
export function parsePresets(text: string): { readonly ok: true; readonly value: Preset[] } | { readonly ok: false; readonly why: string } {
  if (text.trim() === 'all') return { ok: true, value: [...presets] };
  const chosen: Preset[] = [];
  const letters = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const letter of letters) {
    const preset = presets.find((p) => p.letter === letter);
    if (!preset) return { ok: false, why: letters.length === 1 ? 'is not a preset' : `has '${letter}', which is not a preset` };
    if (!chosen.includes(preset)) chosen.push(preset);
  }
  return chosen.length > 0 ? { ok: true, value: chosen } : { ok: false, why: 'names no preset' };
}

/** The flags as a command line, for reports (`--copy-storage none --unsafe`). */
export function flagsText(preset: Preset): string {
  return preset.flags.join(' ');
}
