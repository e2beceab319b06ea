// What a legacy block migration (`migrate -b`) is asked to model, and its checks: shared by the
// simulation (legacy.ts) and the migration state it drives (legacy-migration.ts), so that neither
// imports the other.
import type { GuestWrites } from './scenario.js';

export interface LegacyScenario {
  readonly diskBytes: number;
  /** 0..1, default 1; zero chunks cost only their header when `zeroBlocks` is on. */
  readonly dataFraction?: number;
  readonly bandwidthBytesPerSecond: number;
  readonly rttNs: number;
  /** The migration's `max-bandwidth`; default 128 MiB/s (migration/options.c MAX_THROTTLE). */
  readonly maxBandwidthBytesPerSecond?: number;
  /** The TCP window the stream can keep in flight; default 4 MiB (Linux tcp_wmem maximum). */
  readonly tcpWindowBytes?: number;
  /** Capability `zero-blocks`: all-zero chunks are sent as a header only (ZERO_BLOCK); default false. */
  readonly zeroBlocks?: boolean;
  /** Guest RAM migrated in the same stream; default 0 (storage only). */
  readonly ramBytes?: number;
  readonly ramDirtyBytesPerSecond?: number;
  /** The migration's `downtime-limit`; default 300 ms. */
  readonly downtimeLimitNs?: number;
  readonly guestWrites?: GuestWrites | null;
  /** Give up after this much virtual time; default max(1 h, 3 × the bulk time). */
  readonly durationNsMax?: number;
  readonly seed?: number;
}

export type LegacyLimitedBy = 'link' | 'max-bandwidth' | 'tcp-window' | 'dirty-rate';

/** The scenario's problems, as sentences; empty when it can run. */
export function checkLegacyScenario(s: LegacyScenario): string[] {
  const problems: string[] = [];
  const whole = (n: number | undefined, min: number): boolean => n === undefined || (Number.isSafeInteger(n) && n >= min);
  const rate = (n: number | undefined): boolean => n === undefined || (Number.isFinite(n) && n > 0);
  if (!whole(s.diskBytes, 1)) problems.push('disk size must be a whole number of bytes, at least 1');
  if (s.dataFraction !== undefined && !(s.dataFraction >= 0 && s.dataFraction <= 1)) problems.push('data fraction must be between 0 and 1');
  if (!rate(s.bandwidthBytesPerSecond) || !rate(s.maxBandwidthBytesPerSecond)) problems.push('bandwidths must be positive rates');
  if (!whole(s.rttNs, 0) || !whole(s.downtimeLimitNs, 0) || !whole(s.durationNsMax, 1)) problems.push('times must be whole nanoseconds');
  if (!whole(s.tcpWindowBytes, 1) || !whole(s.ramBytes, 0)) problems.push('TCP window and RAM size must be whole bytes');
  if (s.ramDirtyBytesPerSecond !== undefined && !(s.ramDirtyBytesPerSecond >= 0)) problems.push('RAM dirty rate must be at least 0');
  return problems;
}
