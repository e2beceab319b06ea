// Benchmark of the NBD block-stream model: simulated seconds per wall second for the issue's
// scale case, a 1 TiB disk at 64 KiB granularity (16 M chunks) mirrored for an hour of virtual
// time while the guest writes 40 MiB/s of random 64 KiB writes (target: under 5 s of wall time).
// The link is 10 Gbit/s with a 20 ms round trip, so the bulk pass takes about 36 minutes (QEMU
// 7.2 completes a window of requests only after its last reply, src/sim/stream/reply-completion.ts)
// and the rest of the hour is the dirty phase, which never becomes READY (a write every 1.6 ms, a copy
// takes 20 ms): the whole hour is simulated. Run with `npm run bench -- stream`.
import { performance } from 'node:perf_hooks';
import { formatBytes, formatDurationNs, formatRate } from '../src/model/units.js';
import { simulateMirror, type MirrorScenario } from '../src/sim/stream/index.js';

const MiB = 2 ** 20;
const TiB = 2 ** 40;
const hourNs = 3600e9;
const wallTargetSeconds = 5;

const cases: readonly { readonly name: string; readonly scenario: MirrorScenario }[] = [
  {
    name: '1 TiB, 10 Gbit/s, RTT 20 ms, 40 MiB/s random 64 KiB writes, 1 h',
    scenario: {
      diskBytes: TiB, bandwidthBytesPerSecond: 10e9 / 8, rttNs: 20e6, durationNsMax: hourNs, seed: 1,
      guestWrites: { rateBytesPerSecond: 40 * MiB, writeSizeBytes: 64 * 1024, pattern: 'random' },
    },
  },
  {
    name: '1 TiB, 10 Gbit/s, RTT 1 ms, 40 MiB/s hot-spot writes (converges)',
    scenario: {
      diskBytes: TiB, bandwidthBytesPerSecond: 10e9 / 8, rttNs: 1e6, durationNsMax: hourNs, seed: 1,
      guestWrites: { rateBytesPerSecond: 40 * MiB, writeSizeBytes: 64 * 1024, pattern: 'hotspot' },
    },
  },
];

for (const { name, scenario } of cases) {
  const started = performance.now();
  const result = simulateMirror(scenario);
  const wallSeconds = (performance.now() - started) / 1000;
  const ratio = result.simulatedSeconds / wallSeconds;
  const verdict = result.converged ? `READY after ${formatDurationNs((result.readySeconds ?? 0) * 1e9)}` : 'not READY';
  process.stdout.write(`${name}\n`);
  process.stdout.write(`  ${verdict}; ${formatBytes(result.bytesTransferred)} sent at ${formatRate(result.throughputBytesPerSecond)}, ${result.operations} operations, ${result.events} events\n`);
  process.stdout.write(`  simulated ${result.simulatedSeconds.toFixed(0)} s in ${wallSeconds.toFixed(2)} s of wall time: ${ratio.toFixed(0)} simulated seconds per wall second\n`);
  if (scenario.durationNsMax === hourNs && !result.converged) {
    const hourWallSeconds = (3600 / result.simulatedSeconds) * wallSeconds;
    process.stdout.write(`  an hour of simulated mirror with writes: ${hourWallSeconds.toFixed(2)} s wall (target < ${wallTargetSeconds} s: ${hourWallSeconds < wallTargetSeconds ? 'met' : 'NOT met'})\n`);
  }
}
