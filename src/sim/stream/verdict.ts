// Naming what limited a mirror run and, when it never became READY, saying why in a sentence
// built from the bounds (see bounds.ts) and what the run observed.
import { formatBytes, formatDurationNs, formatRate } from '../../model/units.js';
import type { LimitedBy, MirrorBounds } from './bounds.js';
import type { ResolvedMirrorScenario } from './scenario.js';

export interface RunObservation {
  readonly converged: boolean;
  readonly readyNs: number | null;
  readonly endNs: number;
  /** When the first pass had claimed the whole disk, or null if it never did. */
  readonly bulkClaimedNs: number | null;
  readonly remainingBytes: number;
}

/** Guest writes dirtied chunks faster than the job could make the disk clean. */
function writesDelayedReady(s: ResolvedMirrorScenario, seen: RunObservation): boolean {
  if (s.guestWrites === null || s.copyMode !== 'background') return false;
  if (!seen.converged) return seen.bulkClaimedNs !== null;
  if (seen.readyNs === null || seen.bulkClaimedNs === null) return false;
  // READY well after the bulk pass finished: the dirty phase, i.e. the writes, set the pace.
  return seen.readyNs - seen.bulkClaimedNs > 0.25 * Math.max(1, seen.bulkClaimedNs - s.startupNs);
}

export function limitedBy(s: ResolvedMirrorScenario, bounds: MirrorBounds, seen: RunObservation): LimitedBy {
  return writesDelayedReady(s, seen) ? 'dirty-rate' : bounds.bulkBound;
}

function boundText(bounds: MirrorBounds): string {
  switch (bounds.bulkBound) {
    case 'link':
      // With QEMU's reply completion the link idles for each window's last round trip.
      return bounds.bulkBytesPerSecond < bounds.linkBytesPerSecond
        ? `the link's ${formatRate(bounds.linkBytesPerSecond)}, idle for each window's last round trip (${formatRate(bounds.bulkBytesPerSecond)})`
        : `the link's ${formatRate(bounds.linkBytesPerSecond)}`;
    case 'speed-limit':
      return `the speed limit of ${formatRate(bounds.speedLimitBytesPerSecond ?? 0)}`;
    case 'window':
    case 'service-time':
      return `${formatBytes(bounds.windowBytes)} in flight per ${formatDurationNs(bounds.opRoundTripNs)} round trip = ${formatRate(bounds.windowBytesPerSecond)}`;
  }
}

/** Why a run that did not converge never became READY. */
export function notConvergedReason(s: ResolvedMirrorScenario, bounds: MirrorBounds, seen: RunObservation): string {
  const remaining = formatBytes(seen.remainingBytes);
  if (seen.bulkClaimedNs === null) {
    return `the bulk copy did not finish: ${remaining} of ${formatBytes(s.diskBytes)} still to copy at about ${formatRate(bounds.bulkBytesPerSecond)}, bound by ${boundText(bounds)}`;
  }
  const writes = s.guestWrites;
  const writesEndNs = writes?.durationNs ?? Number.POSITIVE_INFINITY;
  if (writes === null || s.copyMode !== 'background' || writesEndNs < seen.endNs) {
    return `the dirty data was still draining when the time ran out (${remaining} left)`;
  }
  if (bounds.newDirtyBytesPerSecond >= bounds.dirtyDrainBytesPerSecond) {
    return `guest writes dirty ${formatRate(bounds.newDirtyBytesPerSecond)} but scattered dirty chunks drain at only ${formatRate(bounds.dirtyDrainBytesPerSecond)} `
      + `(16 × ${formatBytes(bounds.dirtyOpBytes)} per round trip); ${remaining} still dirty`;
  }
  return `a guest write lands every ${formatDurationNs(bounds.writeGapNs ?? 0)} while a copy operation takes ${formatDurationNs(bounds.dirtyOpRoundTripNs)}, `
    + `so there was never an instant with nothing dirty and nothing in flight (${remaining} dirty at the end)`;
}
