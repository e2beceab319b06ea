// The `<statistics>` children in formatting order (`qemuMigrationCookieStatisticsXMLFormat`).
// `gate` names the field whose presence decides whether a group is written: libvirt writes
// `memory_normal*` only with `memory_constant` (ram_duplicate_set) and the `compression_*`
// fields only with `compression_cache` (xbzrle_set).
import { v, type Version } from '../version.js';

export type StatisticsKind = 'u64' | 'i64' | 'int';

export interface StatisticsField {
  readonly name: string;
  readonly kind: StatisticsKind;
  /** Written only when set (delta, downtime, setup_time, and the group gates). */
  readonly optional: boolean;
  readonly gate?: string;
  readonly since: Version;
}

const base = v('1.2.9');
const field = (name: string, extra: Partial<StatisticsField> = {}): StatisticsField =>
  ({ name, kind: 'u64', optional: false, since: base, ...extra });

export const statisticsFields = [
  field('started'), field('stopped'), field('sent'),
  field('delta', { kind: 'i64', optional: true }),
  field('time_elapsed'),
  field('downtime', { optional: true }), field('setup_time', { optional: true }),
  field('memory_total'), field('memory_processed'), field('memory_remaining'), field('memory_bps'),
  field('memory_constant', { optional: true }),
  field('memory_normal', { gate: 'memory_constant' }), field('memory_normal_bytes', { gate: 'memory_constant' }),
  field('memory_dirty_rate'), field('memory_iteration'),
  field('memory_postcopy_requests', { since: v('5.0.0') }), field('memory_page_size', { since: v('3.9.0') }),
  field('disk_total'), field('disk_processed'), field('disk_remaining'), field('disk_bps'),
  field('compression_cache', { optional: true }),
  field('compression_bytes', { gate: 'compression_cache' }), field('compression_pages', { gate: 'compression_cache' }),
  field('compression_cache_misses', { gate: 'compression_cache' }), field('compression_overflow', { gate: 'compression_cache' }),
  field('auto_converge_throttle', { kind: 'int' }),
] as const;

export type StatisticsName = (typeof statisticsFields)[number]['name'];
