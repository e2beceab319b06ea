// The NBD block-stream model: QEMU's mirror job copying a disk into the destination's NBD
// server, and QEMU's old in-stream block migration for comparison. See docs/stream.md.
export { simulateMirror, runMirror, type MirrorResult } from './simulate.js';
export {
  checkMirrorScenario, replyCompletions, type CopyMode, type GuestWrites, type MirrorScenario, type ReplyCompletion, type ResolvedGuestWrites,
  type ResolvedMirrorScenario, type ScenarioCheck, type ScenarioProblem, type WritePattern,
} from './scenario.js';
export { mirrorBounds, type BulkBound, type LimitedBy, type MirrorBounds } from './bounds.js';
export type { TimelineSample } from './timeline.js';
export { DirtyBitmap, bitmapChunksMax } from './bitmap.js';
export {
  checkLegacyScenario, simulateLegacyBlockMigration, type LegacyLimitedBy, type LegacyResult, type LegacyScenario,
} from './legacy.js';
export { calibrationGroups, runCalibration, type AnchorKind, type CalibrationCase, type CalibrationGroup, type CalibrationRow } from './calibration.js';
export { solveIncreasing } from './calibration-fit.js';
