// Everything the explorer shows follows from this one value: the two sides, what the user asked
// for, the designer policy, the seed, the cookies edited on the wire, the block-stream settings
// and where the user is in the run. The URL hash encodes all of it (hash.ts), so a shared link
// restores the same run.
import type { CopyStorage, MigrationMode, Phase } from '../model/migration/types.js';
import type { CopyMode } from '../sim/stream/index.js';
import type { CookieEdit } from './edits.js';

export type { CopyMode };

/** The block-stream panel's inputs, kept as the user typed them (the CLI's unit syntax). */
export interface StreamSettings {
  readonly disk: string;
  readonly bandwidth: string;
  readonly rtt: string;
  /** Guest write rate; `0` means no writes. */
  readonly dirty: string;
  readonly copyMode: CopyMode;
}

export interface ExploreState {
  /** Side specs exactly as `migsim simulate --source/--target` take them. */
  readonly source: string;
  readonly target: string;
  readonly storage: CopyStorage;
  readonly mode: MigrationMode;
  /** A policy spec as `--policy` takes it: `libvirt`, `strict`, `libvirt,nbd-gate=feature-bit`. */
  readonly policy: string;
  readonly seed: number;
  /** At most one edit per phase, in phase order. */
  readonly edits: readonly CookieEdit[];
  readonly stream: StreamSettings;
  /** Phases revealed; null shows the whole run. */
  readonly step: number | null;
  /**
   * The moment of the run the time slider points at (an index into the run's host snapshots,
   * steps.ts momentsOf); null: the end of the revealed phases.
   */
  readonly at: number | null;
  /** The cookie (named by the phase that sent it) whose details are open. */
  readonly open: Phase | null;
}

/** The CLI's defaults (`migsim simulate`, `migsim explain`): a libvirt 9.0 / QEMU 7.2 pair. */
export const defaultSide = 'libvirt=9.0.0,qemu=7.2.0';

/** The handshake scenario's own disk and link (buildScenario's defaults: one 10 GiB disk, 1 GiB/s, 0.5 ms each way). */
export const defaultStream: StreamSettings = { disk: '10GiB', bandwidth: '1GiB/s', rtt: '1ms', dirty: '0', copyMode: 'background' };

export const defaultState: ExploreState = {
  source: defaultSide, target: defaultSide, storage: 'all', mode: 'regular', policy: 'libvirt', seed: 1,
  edits: [], stream: defaultStream, step: null, at: null, open: null,
};

/** Fields whose change makes a different run: edits made to the old run's cookies no longer apply. */
const runDefining = ['source', 'target', 'storage', 'mode', 'seed'] as const;

/**
 * Applies a change the way the UI means it: a new run starts at its end, without old edits; a
 * step chosen without a moment shows the end of that step.
 */
export function changeState(state: ExploreState, patch: Partial<ExploreState>): ExploreState {
  const next = { ...state, ...patch, ...('step' in patch && !('at' in patch) ? { at: null } : {}) };
  const newRun = runDefining.some((key) => key in patch && patch[key] !== state[key]);
  if (!newRun) return next;
  return { ...next, edits: patch.edits ?? [], step: patch.step ?? null, at: patch.at ?? null, open: patch.open ?? null };
}
