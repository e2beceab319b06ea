// What a libvirt release does during storage migration, as named knobs derived from its version
// (src/qemu/qemu_migration.c and its history, NEWS.rst). Every boundary cites the commit or release
// note it comes from; "inferred" marks a boundary bounded by evidence rather than read in a commit.
// A profile file can override any knob to describe a hypothetical libvirt.
import { atLeast, v, type Version } from '../version.js';
import type { QemuCapability } from './qemu.js';

export type TunnelledStorageRule =
  /** 1.0.3–1.0.5: NBD silently skipped, blk/inc through the tunnel (121d4cfb9a). */
  | 'legacy-without-nbd'
  /** 1.0.6–1.1.1: refused (98bbda00cf). */
  | 'refuse'
  /** 1.1.2 on, and with -drive QEMU later: VIR_WARN and blk/inc (5de58d87c8, rhbz#979477). */
  | 'warn-legacy'
  /** 6.10.0–9.0.x with -blockdev: Begin reports the error but returns its cookie; Prepare fails (observed on 9.0, docs/evidence.md E1). */
  | 'begin-reports-prepare-fails'
  /** Today (read in ≥ 9.3 sources): Begin fails (f8867ddb05 fully effective). */
  | 'begin-fails';

export interface LibvirtBehaviour {
  /** Migration protocol v3 with cookies (0.9.2, 2d5caf7a25); older releases speak only v2. */
  readonly protocolV3: boolean;
  /** Extensible-parameter migration APIs (1.1.0, c0762b6518). */
  readonly params: boolean;
  /** Knows the `<nbd>` cookie element and NBD storage migration (1.0.3, 121d4cfb9a). */
  readonly nbd: boolean;
  /** The source QEMU capability Begin requires before offering `<nbd>`; null when assumed. */
  readonly sourceNbdGate: QemuCapability | null;
  /** The destination QEMU capability Prepare requires before starting its NBD server. */
  readonly destinationNbdGate: QemuCapability | null;
  /** What Perform does when storage was asked for and the Prepare reply has no `<nbd>`. */
  readonly fallback: 'legacy' | 'fail';
  /** When the destination stops its NBD server. */
  readonly nbdServerStop: 'never' | 'when-perform-cookie-has-nbd';
  readonly tunnelledStorage: TunnelledStorageRule;
  /** `qemuMonitorJSONMigrate` always passes `blk`/`inc`, even false, which QEMU ≥ 9.1 refuses. */
  readonly sendsBlockMigrationFlags: boolean;
  /** 7.3.0–7.5.x: `--copy-storage-inc` alone copies nothing (da69f4b208, fixed f58349c9c6). */
  readonly incrementalCopySkipped: boolean;
  /** Drives QEMU ≥ 4.2 with -blockdev and so mirrors with blockdev-mirror (5.10.0/6.0.0). */
  readonly blockdev: boolean;
  /** The oldest QEMU this libvirt runs a domain with. */
  readonly qemuMin: Version | null;
}

export const libvirtBehaviourKnobs = [
  'protocolV3', 'params', 'nbd', 'sourceNbdGate', 'destinationNbdGate', 'fallback', 'nbdServerStop',
  'tunnelledStorage', 'sendsBlockMigrationFlags', 'incrementalCopySkipped', 'blockdev', 'qemuMin',
] as const;

function sourceNbdGate(version: Version): QemuCapability | null {
  if (atLeast(version, v('5.3.0'))) return null; // 72e88ca0a2: drive-mirror assumed
  if (atLeast(version, v('1.2.0'))) return 'drive-mirror'; // b2f31af701
  return 'nbd-server'; // e9a6704f99 (1.0.3)
}

function tunnelledStorage(version: Version): TunnelledStorageRule {
  if (atLeast(version, v('9.1.0'))) return 'begin-fails'; // inferred: 9.0 observed quirk, >= 9.3 read fixed
  if (atLeast(version, v('6.10.0'))) return 'begin-reports-prepare-fails';
  if (atLeast(version, v('1.1.2'))) return 'warn-legacy';
  if (atLeast(version, v('1.0.6'))) return 'refuse';
  return 'legacy-without-nbd';
}

/** Minimum QEMU per libvirt release, from NEWS.rst ("Removed features"). */
const qemuMinimums: readonly (readonly [string, string])[] = [
  ['12.4.0', '7.2.0'], // "qemu: Bump minimum version to QEMU-7.2"
  ['11.2.0', '6.2.0'], // "Remove support for qemu-6.1 and older"
  ['10.6.0', '5.2.0'], // "qemu: Require QEMU-5.2.0 or newer"
  ['8.7.0', '4.2.0'], // "qemu: Remove support for QEMU < 4.2"
  ['8.3.0', '3.1.0'], // "qemu: Remove support for QEMU < 3.1"
  ['7.4.0', '2.11.0'], // "... bumped from 1.5 to 2.11"
  ['4.0.0', '1.5.0'], // inferred: the 1.5 floor 7.4.0 mentions predates it by years; its release is not recorded
];

function qemuMin(version: Version): Version | null {
  const entry = qemuMinimums.find(([since]) => atLeast(version, v(since)));
  return entry ? v(entry[1]) : null;
}

/** The behaviour of a libvirt release. */
export function libvirtBehaviourAt(version: Version): LibvirtBehaviour {
  const nbd = atLeast(version, v('1.0.3'));
  return {
    protocolV3: atLeast(version, v('0.9.2')),
    params: atLeast(version, v('1.1.0')),
    nbd,
    sourceNbdGate: nbd ? sourceNbdGate(version) : null,
    // Inferred: the destination-side check went with the source-side one once every supported
    // QEMU had nbd-server-start (X_QEMU_CAPS_NBD_SERVER in today's qemu_capabilities.c).
    destinationNbdGate: nbd && !atLeast(version, v('5.3.0')) ? 'nbd-server' : null,
    // Inferred: qemuMigrationSrcRun still falls back to blk/inc in 8.x sources and not in ≥ 9.3
    // ones; NEWS 8.8.0 fixes storage migration broken by the 8.7 refactor (libvirt#373), so it most
    // likely went then.
    fallback: atLeast(version, v('8.7.0')) ? 'fail' : 'legacy',
    // c3012a023f (1.2.11): Finish parses <nbd> and stops the server; nothing stopped it before.
    nbdServerStop: atLeast(version, v('1.2.11')) ? 'when-perform-cookie-has-nbd' : 'never',
    tunnelledStorage: tunnelledStorage(version),
    sendsBlockMigrationFlags: !atLeast(version, v('8.7.0')), // inferred: gone by the newest source read
    incrementalCopySkipped: atLeast(version, v('7.3.0')) && !atLeast(version, v('7.6.0')),
    blockdev: atLeast(version, v('5.10.0')),
    qemuMin: qemuMin(version),
  };
}
