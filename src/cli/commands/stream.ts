// `migsim stream`: how long an NBD storage migration takes on a link, and whether it ever
// becomes READY while the guest keeps writing (the simulated mirror of src/sim/stream).
// Exit 0 when the mirror became READY, 1 when it did not within the time limit, 2 on usage errors.
import { writeFile } from 'node:fs/promises';
import {
  checkLegacyScenario, checkMirrorScenario, replyCompletions, runMirror, simulateLegacyBlockMigration, type CopyMode, type LegacyResult,
  type LegacyScenario, type MirrorScenario, type WritePattern,
} from '../../sim/stream/index.js';
import { defineCommand, exits, option, toggle, type Command, type CommandSpec, type Values } from '../command.js';
import { exitCode, reason, UsageError, type CliIo } from '../io.js';
import { checkWritableFile } from '../paths.js';
import { modelRefusal } from '../scenario-flags.js';
import { legacyText, mirrorChart, mirrorText, streamJson } from '../../render/stream-report.js';
import { commandSummaries } from '../summaries.js';
import { choice, count, fraction, rate, seed, size, span, text } from '../values.js';

const writePatterns: readonly WritePattern[] = ['random', 'sequential', 'hotspot'];

const flags = {
  'disk-size': option('SIZE', size(1), 'disk size, e.g. 10GiB, 1TiB (required)'),
  'data-fraction': option('F', fraction(), 'share of the disk holding data, 0..1 (default 1; the rest is WRITE_ZEROES)'),
  bandwidth: option('RATE', rate(null), 'link bandwidth, e.g. 1GiB/s, 10Gbit/s, 800Mbit/s (required)'),
  rtt: option('DURATION', span(0), 'network round trip, e.g. 1ms, 250us, 0 (required)'),
  'service-time': option('DURATION', span(0), 'server time per request (default 0)'),
  'server-threads': option('N', count(1, 1_000_000), 'requests the server serves at once (default unlimited)'),
  'buf-size': option('SIZE', size(1), 'mirror buf-size (default 16MiB)'),
  granularity: option('SIZE', size(512, 64 * 1024 * 1024), 'dirty bitmap granularity, a power of 2 in 512B..64MiB (default 64KiB)'),
  'speed-limit': option('RATE', rate('unlimited'), "the job's speed (default 0 = unlimited)"),
  'target-unmap': toggle('the target writes zeroes with unmap: zeroes not rate-limited, pre-zero pass'),
  startup: option('DURATION', span(0), 'time before the first copy (connect, job start; default 0)'),
  'dirty-rate': option('RATE', rate('no guest writes'), 'guest write rate (default 0 = no writes)'),
  'write-size': option('SIZE', size(1), 'guest write size (default 64KiB)'),
  'write-pattern': option('P', choice(writePatterns), 'random | sequential | hotspot (default random)'),
  'write-queue-depth': option('N', count(1, 1_000_000), 'guest writes outstanding at once (default 8; matters in write-blocking)'),
  'write-duration': option('DURATION', span(0), 'guest writes stop after this long (default: never)'),
  'copy-mode': option('M', choice<CopyMode>(['background', 'write-blocking']), 'background | write-blocking (default background)'),
  'reply-completion': option('R', choice(replyCompletions), "qemu-7.2 (a window of requests completes after its last reply, as QEMU\n7.1-7.2's NBD client does) | on-arrival (each on its reply; default qemu-7.2)"),
  duration: option('DURATION', span(1), 'give up after this much virtual time (default max(1h, 3 x bulk time))'),
  seed: option('N|COMMIT', seed(), 'seed of the guest writes (default 0)'),
  json: toggle('print the result as one JSON object (readySeconds, converged, timeline, ...)'),
  svg: option('FILE', text('a file path, or - for standard output'), 'draw remaining dirty data and throughput over time (FILE - for stdout)'),
  compare: option('legacy', choice(['legacy'] as const), "also run QEMU's old in-stream block migration (migrate -b) on the same link"),
  'ram-size': option('SIZE', size(0), 'with --compare: RAM sent in the same stream (default 0)'),
  'ram-dirty-rate': option('RATE', rate('no RAM writes'), 'with --compare: RAM dirty rate (default 0)'),
  'max-bandwidth': option('RATE', rate(null), 'with --compare: migration max-bandwidth (default 128MiB/s)'),
};

export const streamSpec: CommandSpec<typeof flags> = {
  name: 'stream',
  summary: commandSummaries.stream,
  positionals: null,
  description: `Simulates QEMU's mirror job copying a disk into the destination's NBD server (block/mirror.c)
and reports the time to READY, bytes sent, throughput and what limited it. Sizes take B, KiB, MiB,
GiB, TiB (binary), kB, MB, GB (decimal) or a bare K/M/G (binary). Rates take B/s units or bits:
Mbit/s, Gbit/s, Gbps (decimal). Durations take ns, us, ms, s, m, h; a bare 0 needs no unit. A
scenario the model cannot simulate in reasonable time is refused in one line.`,
  flags,
  exits: exits('the mirror became READY', 'it did not within the time limit'),
  schema: 'stream',
  check: (values) => {
    if (values['disk-size'] === undefined) return "--disk-size is required (see 'migsim stream --help')";
    if (values.bandwidth === undefined) return "--bandwidth is required (see 'migsim stream --help')";
    if (values.rtt === undefined) return "--rtt is required (see 'migsim stream --help')";
    if (values.json && values.svg === '-') return '--svg - and --json both write to standard output; give --svg a file';
    const legacyOnly = (['ram-size', 'ram-dirty-rate', 'max-bandwidth'] as const).find((flag) => values[flag] !== undefined);
    return legacyOnly !== undefined && values.compare === undefined ? `--${legacyOnly} needs --compare legacy` : null;
  },
};

type StreamValues = Values<typeof flags>;

function mirrorScenario(v: StreamValues): MirrorScenario {
  const rateBytes = v['dirty-rate'] ?? 0;
  return {
    diskBytes: v['disk-size'] ?? 0, dataFraction: v['data-fraction'], bandwidthBytesPerSecond: v.bandwidth ?? 0, rttNs: v.rtt ?? 0,
    serviceTimeNs: v['service-time'], serverThreads: v['server-threads'], bufSizeBytes: v['buf-size'], granularityBytes: v.granularity,
    speedLimitBytesPerSecond: v['speed-limit'] ?? null, targetZeroesWithUnmap: v['target-unmap'], startupNs: v.startup,
    copyMode: v['copy-mode'] ?? 'background', replyCompletion: v['reply-completion'] ?? 'qemu-7.2',
    guestWrites: rateBytes === 0 ? null : {
      rateBytesPerSecond: rateBytes, writeSizeBytes: v['write-size'] ?? 64 * 1024, pattern: v['write-pattern'] ?? 'random',
      durationNs: v['write-duration'], queueDepth: v['write-queue-depth'],
    },
    durationNsMax: v.duration, seed: v.seed,
  };
}

function legacyScenario(v: StreamValues, m: MirrorScenario, durationNsMax: number): LegacyScenario {
  return {
    diskBytes: m.diskBytes, dataFraction: m.dataFraction, bandwidthBytesPerSecond: m.bandwidthBytesPerSecond, rttNs: m.rttNs,
    maxBandwidthBytesPerSecond: v['max-bandwidth'], ramBytes: v['ram-size'], ramDirtyBytesPerSecond: v['ram-dirty-rate'],
    guestWrites: m.guestWrites, durationNsMax, seed: m.seed,
  };
}

/** Writes a text file; injected so that tests need not touch the disk. */
export type TextFileWriter = (path: string, text: string) => Promise<void>;

/** The command, with the way it writes `--svg` files injected (the CLI's io only reads). */
export function makeStreamCommand(writeText: TextFileWriter = (path, text) => writeFile(path, text, 'utf8')): Command {
  return defineCommand(streamSpec, async (values, _positionals, io) => {
    if (values.svg !== undefined && values.svg !== '-') await checkWritableFile(values.svg, 'svg');
    const mirror = mirrorScenario(values);
    const check = checkMirrorScenario(mirror);
    if (!check.ok) throw modelRefusal(check.problems.map((p) => p.message).join('; '));
    const legacyInput = values.compare === undefined ? null : legacyScenario(values, mirror, check.scenario.durationNsMax);
    const legacyProblems = legacyInput === null ? [] : checkLegacyScenario(legacyInput);
    if (legacyProblems.length > 0) throw modelRefusal(legacyProblems.join('; '), 'the legacy block migration (--compare legacy)');
    const result = runMirror(check.scenario);
    const legacy: LegacyResult | null = legacyInput === null ? null : simulateLegacyBlockMigration(legacyInput);
    if (values.svg !== undefined) await writeSvg(values.svg, mirrorChart(result, legacy), io, writeText);
    if (values.json) io.out(JSON.stringify(streamJson(result, legacy)) + '\n');
    else if (values.svg !== '-') io.out(mirrorText(result) + (legacy === null ? '' : legacyText(legacy)));
    return result.converged ? exitCode.ok : exitCode.failed;
  });
}

async function writeSvg(path: string, svg: string, io: CliIo, writeText: TextFileWriter): Promise<void> {
  if (path === '-') return io.out(svg);
  try {
    await writeText(path, svg);
  } catch (error) {
    throw new UsageError(`--svg: cannot write ${path}: ${reason(error)}`, 'cannot-write');
  }
}

export const streamCommand = makeStreamCommand();
