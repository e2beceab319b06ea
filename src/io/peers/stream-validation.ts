// The block-stream model checked against real copiers. For each copier (a headless QEMU's
// blockdev-mirror, and migsim's own NBD client replaying the same stream) the loopback link is
// first calibrated: its bandwidth with a deep queue and no delay, and its per-request latency
// with one 1 MiB request at a time behind a short delay; loopback is CPU-bound software, so both
// are measured, not assumed (shared/spec §3.3). Then cases with nbdkit's delay filter (one delay per request = the
// round trip the model's serviceTime stands for) are run and predicted by simulateMirror with
// the calibrated link. Only latency-bound cases are held to the tolerance: loopback bandwidth
// swings ±50 % (shared/spec §3.3), a 50 ms round trip does not.
import { simulateMirror } from '../../sim/stream/index.js';
import { runStream, writeRandomImage, type Copier } from './stream-runs.js';

const mebibyte = 1024 * 1024;
/** The floor for the calibrated latency: loopback's bare round trip (shared/spec §3.3, ≈ 61 µs). */
const loopbackRttNsMin = 60_000;
/** A case is latency-bound when the model's window rate is at most this share of the link. */
const latencyBoundShareMax = 0.5;
/** NBD request header bytes, which the model also puts on the link (doc/proto.md "Request message"). */
const requestHeaderBytes = 28;

export interface StreamCase {
  readonly name: string;
  readonly delayMs: number;
  readonly bufSizeBytes: number;
  readonly diskBytes: number;
}

/** Deep queue, no delay: the copy runs as fast as the loopback allows. */
export const bandwidthCase: StreamCase = { name: 'loopback-bandwidth', delayMs: 0, bufSizeBytes: 16 * mebibyte, diskBytes: 256 * mebibyte };
/**
 * One 1 MiB request in flight behind a short delay: each request costs the link's latency, its
 * transfer and the delay. The delay lets the copier go idle between requests, as it does in the
 * latency-bound cases; waking up again costs a copier such as QEMU (whose source reads go through
 * a thread pool) milliseconds on a busy VM that an undelayed run never shows.
 */
export const latencyCase: StreamCase = { name: 'request-latency', delayMs: 5, bufSizeBytes: mebibyte, diskBytes: 32 * mebibyte };

/** Round trips and buf-sizes (one, four and sixteen 1 MiB ops per window); each about 1–2 s. */
export const streamCases: readonly StreamCase[] = [
  { name: 'rtt20-buf1M', delayMs: 20, bufSizeBytes: mebibyte, diskBytes: 48 * mebibyte },
  { name: 'rtt50-buf4M', delayMs: 50, bufSizeBytes: 4 * mebibyte, diskBytes: 96 * mebibyte },
  { name: 'rtt100-buf4M', delayMs: 100, bufSizeBytes: 4 * mebibyte, diskBytes: 64 * mebibyte },
  { name: 'rtt200-buf16M', delayMs: 200, bufSizeBytes: 16 * mebibyte, diskBytes: 128 * mebibyte },
];

export interface LinkCalibration {
  readonly bandwidthBytesPerSecond: number;
  readonly rttNs: number;
}

export type Verdict = 'calibration' | 'within' | 'outside' | 'not-asserted' | 'failed';

export interface ValidationRow {
  readonly caseName: string;
  readonly copier: Copier;
  readonly delayMs: number;
  readonly bufSizeBytes: number;
  readonly diskBytes: number;
  readonly realSeconds: number | null;
  readonly modelSeconds: number | null;
  /** real / model. */
  readonly ratio: number | null;
  /** 'latency' when asserted, else the model's bulk bound ('link', 'window', ...). */
  readonly bound: string;
  readonly asserted: boolean;
  readonly verdict: Verdict;
  readonly note: string;
}

export interface ValidationSettings {
  /** Allowed |real/model − 1|, e.g. 0.15. */
  readonly tolerance: number;
  /** Runs per case; the fastest is kept, since interference on a shared machine only slows. */
  readonly repeats: number;
  readonly copiers: readonly Copier[];
  readonly onRow?: (row: ValidationRow) => void;
}

export async function validateStream(settings: ValidationSettings): Promise<ValidationRow[]> {
  const images = new Map<number, Awaited<ReturnType<typeof writeRandomImage>>>();
  // QEMU insists on equal sizes ("Source and target image have different sizes", mirror_run),
  // so each disk size gets its own random source file.
  const imageOf = async (sizeBytes: number): Promise<string> => {
    const image = images.get(sizeBytes) ?? (await writeRandomImage(sizeBytes));
    images.set(sizeBytes, image);
    return image.path;
  };
  const rows: ValidationRow[] = [];
  const push = (row: ValidationRow): void => {
    rows.push(row);
    settings.onRow?.(row);
  };
  try {
    for (const copier of settings.copiers) {
      const bandwidth = await measure(bandwidthCase, copier, await imageOf(bandwidthCase.diskBytes), settings.repeats);
      const latency = await measure(latencyCase, copier, await imageOf(latencyCase.diskBytes), settings.repeats);
      const link = calibrate(bandwidth, latency);
      push(row(bandwidthCase, copier, bandwidth, link, 'calibration', settings.tolerance));
      push(row(latencyCase, copier, latency, link, 'calibration', settings.tolerance));
      for (const streamCase of streamCases) {
        const real = await measure(streamCase, copier, await imageOf(streamCase.diskBytes), settings.repeats);
        push(row(streamCase, copier, real, link, 'case', settings.tolerance));
      }
    }
  } finally {
    for (const image of images.values()) await image.remove();
  }
  return rows;
}

type Measured = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly message: string };

async function measure(streamCase: StreamCase, copier: Copier, sourcePath: string, repeats: number): Promise<Measured> {
  let best: number | null = null;
  for (let attempt = 0; attempt < repeats; attempt += 1) {
    const real = await runStream({ copier, diskBytes: streamCase.diskBytes, bufSizeBytes: streamCase.bufSizeBytes, delayMs: streamCase.delayMs, sourcePath, timeoutMs: 30_000 });
    if (!real.ok) return { ok: false, message: `${real.error.code}: ${real.error.message}` };
    best = best === null ? real.seconds : Math.min(best, real.seconds);
  }
  return { ok: true, seconds: best as number };
}

/**
 * Bandwidth from the deep-queue run; latency from the one-request run, whose every 1 MiB request
 * costs rtt + (header + 1 MiB) / bandwidth + delay in the model (src/sim/stream/link.ts, server.ts).
 */
export function calibrate(bandwidth: Measured, latency: Measured): LinkCalibration | null {
  if (!bandwidth.ok || !latency.ok) return null;
  const bandwidthBytesPerSecond = bandwidthCase.diskBytes / bandwidth.seconds;
  const requests = latencyCase.diskBytes / latencyCase.bufSizeBytes;
  const transferSeconds = (requestHeaderBytes + latencyCase.bufSizeBytes) / bandwidthBytesPerSecond;
  const delaySeconds = latencyCase.delayMs / 1000;
  const rttNs = Math.round(Math.max(loopbackRttNsMin / 1e9, latency.seconds / requests - transferSeconds - delaySeconds) * 1e9);
  return { bandwidthBytesPerSecond, rttNs };
}

function row(streamCase: StreamCase, copier: Copier, real: Measured, link: LinkCalibration | null, kind: 'calibration' | 'case', tolerance: number): ValidationRow {
  const base = { caseName: streamCase.name, copier, delayMs: streamCase.delayMs, bufSizeBytes: streamCase.bufSizeBytes, diskBytes: streamCase.diskBytes };
  const failed = (note: string): ValidationRow =>
    ({ ...base, realSeconds: real.ok ? real.seconds : null, modelSeconds: null, ratio: null, bound: '?', asserted: kind === 'case', verdict: 'failed', note });
  if (!real.ok) return failed(real.message);
  if (!link) return failed('no calibration: a loopback run failed');
  const model = simulateMirror({
    diskBytes: streamCase.diskBytes, bandwidthBytesPerSecond: link.bandwidthBytesPerSecond, rttNs: link.rttNs,
    serviceTimeNs: streamCase.delayMs * 1_000_000, bufSizeBytes: streamCase.bufSizeBytes,
  });
  const modelSeconds = model.readySeconds;
  const ratio = modelSeconds ? real.seconds / modelSeconds : null;
  const latencyBound = kind === 'case' && model.bounds.windowBytesPerSecond <= latencyBoundShareMax * model.bounds.linkBytesPerSecond;
  const bound = latencyBound ? 'latency' : model.bounds.bulkBound;
  const note = `link ${(link.bandwidthBytesPerSecond / mebibyte).toFixed(0)} MiB/s, ${(link.rttNs / 1e6).toFixed(2)} ms per request; window ${(model.bounds.windowBytes / mebibyte).toFixed(0)} MiB`;
  const common = { ...base, realSeconds: real.seconds, modelSeconds, ratio, bound, note };
  if (kind === 'calibration') return { ...common, asserted: false, verdict: 'calibration' };
  if (!latencyBound || ratio === null) return { ...common, asserted: false, verdict: 'not-asserted' };
  return { ...common, asserted: true, verdict: Math.abs(ratio - 1) <= tolerance ? 'within' : 'outside' };
}
