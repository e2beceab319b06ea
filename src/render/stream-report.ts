// What `migsim stream` prints: a short human report of a mirror run (and of the legacy block
// migration beside it), the JSON document, and the chart of remaining dirty data and
// throughput over time.
import { formatBytes, formatDurationNs, formatRate } from '../model/units.js';
import type { LegacyResult, MirrorResult } from '../sim/stream/index.js';
import { renderLineChart, type AxisUnit, type ChartSeries } from './svg-chart.js';

const nsPerSecond = 1e9;

function scenarioLines(r: MirrorResult): string[] {
  const s = r.scenario;
  const data = s.dataFraction >= 1 ? 'all data' : `${Math.round(s.dataFraction * 1000) / 10} % data, the rest zeroes`;
  const service = s.serviceTimeNs > 0 ? `, server ${formatDurationNs(s.serviceTimeNs)} per request` : '';
  const speed = s.speedLimitBytesPerSecond === null ? 'no speed limit' : `speed ${formatRate(s.speedLimitBytesPerSecond)}`;
  const w = s.guestWrites;
  const writes = w === null ? 'guest writes: none'
    : `guest writes: ${formatRate(w.rateBytesPerSecond)} of ${formatBytes(w.writeSizeBytes)} ${w.pattern} writes`
      + `${w.durationNs === null ? '' : ` for ${formatDurationNs(w.durationNs)}`}${s.copyMode === 'write-blocking' ? `, queue depth ${w.queueDepth}` : ''}`;
  return [
    `NBD mirror of a ${formatBytes(s.diskBytes)} disk (${data}) over ${formatRate(s.bandwidthBytesPerSecond)}, RTT ${formatDurationNs(s.rttNs)}${service}`,
    `  job: buf-size ${formatBytes(s.bufSizeBytes)}, granularity ${formatBytes(s.granularityBytes)}, copy-mode ${s.copyMode}, ${speed}`
      + `, replies complete ${s.replyCompletion === 'qemu-7.2' ? 'per window (QEMU 7.2 NBD client)' : 'on arrival'}`,
    `  ${writes}`,
  ];
}

const boundNames = {
  link: 'the link', window: 'the in-flight window over the round trip', 'service-time': 'the server time per request',
  'speed-limit': 'the speed limit', 'dirty-rate': 'the guest\'s dirty rate',
} as const;

function boundsLine(r: MirrorResult): string {
  const b = r.bounds;
  const parts = [
    `link ${formatRate(b.linkBytesPerSecond)}`,
    `window ${formatBytes(b.windowBytes)} per ${formatDurationNs(b.opRoundTripNs)} = ${formatRate(b.windowBytesPerSecond)}`,
    `speed limit ${b.speedLimitBytesPerSecond === null ? 'none' : formatRate(b.speedLimitBytesPerSecond)}`,
  ];
  if (r.scenario.guestWrites !== null && r.scenario.copyMode === 'background') {
    parts.push(`dirty drain ${formatRate(b.dirtyDrainBytesPerSecond)} vs new dirty ${formatRate(b.newDirtyBytesPerSecond)}`);
  }
  return `  bounds: ${parts.join(' · ')}`;
}

export function mirrorText(r: MirrorResult): string {
  const lines = scenarioLines(r);
  lines.push('');
  if (r.converged && r.readySeconds !== null) lines.push(`READY after ${formatDurationNs(r.readySeconds * nsPerSecond)}`);
  else lines.push(`did not converge within ${formatDurationNs(r.simulatedSeconds * nsPerSecond)}: ${r.reason ?? 'unknown reason'}`);
  lines.push(`  sent ${formatBytes(r.bytesTransferred)} (${formatBytes(r.copiedBytes)} copied by the job, ${formatBytes(r.zeroedBytes)} as WRITE_ZEROES) in ${r.operations} operations`);
  if (r.bulkSeconds !== null) lines.push(`  bulk pass claimed the whole disk after ${formatDurationNs(r.bulkSeconds * nsPerSecond)}`);
  lines.push(`  effective throughput ${formatRate(r.throughputBytesPerSecond)}, limited by ${boundNames[r.limitedBy]} (${r.limitedBy})`);
  lines.push(boundsLine(r));
  const w = r.scenario.guestWrites;
  if (w !== null) {
    const latency = r.worstWriteLatencySeconds === null ? '' : `, worst write latency ${formatDurationNs(r.worstWriteLatencySeconds * nsPerSecond)}`;
    lines.push(`  guest writes achieved ${formatRate(r.guestWriteBytesPerSecond)} of ${formatRate(w.rateBytesPerSecond)} asked${latency}`);
  }
  return lines.join('\n') + '\n';
}

export function legacyText(l: LegacyResult): string {
  const lines = ['', 'legacy block migration (migrate -b) over the same link:'];
  if (l.completed && l.completedSeconds !== null) {
    lines.push(`  completed after ${formatDurationNs(l.completedSeconds * nsPerSecond)} (downtime ${formatDurationNs((l.downtimeSeconds ?? 0) * nsPerSecond)})`);
  } else {
    lines.push(`  did not complete: ${l.reason ?? 'unknown reason'}`);
  }
  lines.push(`  stream ${formatRate(l.streamBytesPerSecond)} limited by ${l.limitedBy}; sent ${formatBytes(l.blockBytesTransferred)} of disk and ${formatBytes(l.ramBytesTransferred)} of RAM`);
  return lines.join('\n') + '\n';
}

function byteUnit(max: number, suffix = ''): AxisUnit {
  const units: [number, string][] = [[2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  const [divisor, unit] = units.find(([d]) => max >= d) ?? [1, 'B'];
  return { divisor, unit: unit + suffix };
}

function timeUnit(maxSeconds: number): AxisUnit {
  if (maxSeconds >= 7200) return { divisor: 3600, unit: 'h' };
  if (maxSeconds >= 180) return { divisor: 60, unit: 'min' };
  return { divisor: 1, unit: 's' };
}

export function mirrorChart(r: MirrorResult, legacy: LegacyResult | null): string {
  const remaining = (t: MirrorResult['timeline']): ChartSeries['points'] => t.map((p) => ({ x: p.seconds, y: p.remainingDirtyBytes }));
  const series: ChartSeries[] = [
    { name: 'NBD mirror: remaining dirty', axis: 'left', color: '#c0392b', points: remaining(r.timeline) },
    { name: 'NBD mirror: throughput', axis: 'right', color: '#2c6fbb', points: r.timeline.map((p) => ({ x: p.seconds, y: p.throughputBytesPerSecond })) },
  ];
  if (legacy) series.push({ name: 'migrate -b: remaining', axis: 'left', color: '#8e44ad', dash: '6 4', points: remaining(legacy.timeline) });
  const maxOf = (values: number[]): number => values.reduce((a, b) => Math.max(a, b), 0);
  const lefts = series.filter((s) => s.axis === 'left').flatMap((s) => s.points.map((p) => p.y));
  const rights = series.filter((s) => s.axis === 'right').flatMap((s) => s.points.map((p) => p.y));
  const markers = r.readySeconds === null ? [] : [{ x: r.readySeconds, label: `READY ${formatDurationNs(r.readySeconds * nsPerSecond)}` }];
  return renderLineChart({
    title: `NBD mirror of ${formatBytes(r.scenario.diskBytes)} over ${formatRate(r.scenario.bandwidthBytesPerSecond)}, RTT ${formatDurationNs(r.scenario.rttNs)}`,
    subtitle: r.converged ? `READY after ${formatDurationNs((r.readySeconds ?? 0) * nsPerSecond)}, limited by ${r.limitedBy}` : `not READY within ${formatDurationNs(r.simulatedSeconds * nsPerSecond)} (${r.limitedBy})`,
    xLabel: 'virtual time', xUnit: timeUnit(maxOf(series.flatMap((s) => s.points.map((p) => p.x)))),
    leftLabel: 'remaining dirty', leftUnit: byteUnit(maxOf(lefts)),
    rightLabel: 'throughput', rightUnit: byteUnit(maxOf(rights), '/s'),
    series,
    markers,
  });
}

type TimelineJson = readonly { readonly atSeconds: number; readonly remainingDirtyBytes: number; readonly throughputBytesPerSecond: number }[];

/** `migsim stream --json` (docs/schemas/stream.schema.json): the result, time points named by their unit. */
export type StreamJson = Omit<MirrorResult, 'timeline'> & {
  readonly timeline: TimelineJson;
  readonly legacy: (Omit<LegacyResult, 'timeline'> & { readonly timeline: TimelineJson }) | null;
};

function timelineJson(samples: MirrorResult['timeline']): TimelineJson {
  return samples.map(({ seconds, ...rest }) => ({ atSeconds: seconds, ...rest }));
}

export function streamJson(result: MirrorResult, legacy: LegacyResult | null): StreamJson {
  return {
    ...result, timeline: timelineJson(result.timeline),
    legacy: legacy === null ? null : { ...legacy, timeline: timelineJson(legacy.timeline) },
  };
}
