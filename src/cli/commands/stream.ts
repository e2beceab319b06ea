// `migsim stream`: how long an NBD storage migration takes on a link, and whether it ever
// becomes READY while the guest keeps writing (the simulated mirror of src/sim/stream).
// Exit 0 when the mirror became READY, 1 when it did not within the time limit, 2 on usage errors.
import { writeFile } from 'node:fs/promises';
import { parseDurationNs, parseRate, parseSize, type UnitResult } from '../../model/units.js';
import { parseSeed } from '../../sim/prng.js';
import {
  checkLegacyScenario, checkMirrorScenario, replyCompletions, runMirror, simulateLegacyBlockMigration, type CopyMode, type LegacyResult,
  type LegacyScenario, type MirrorScenario, type ReplyCompletion, type WritePattern,
} from '../../sim/stream/index.js';
import { oneOf, parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';
import { legacyText, mirrorChart, mirrorText } from '../../render/stream-report.js';

export const streamUsage = `usage:
  migsim stream --disk-size SIZE --bandwidth RATE --rtt DURATION [options]

Simulates QEMU's mirror job copying a disk into the destination's NBD server (block/mirror.c)
and reports the time to READY, bytes sent, throughput and what limited it.

  --disk-size SIZE          disk size, e.g. 10GiB, 1TiB (required)
  --data-fraction F         share of the disk holding data, 0..1 (default 1; the rest is WRITE_ZEROES)
  --bandwidth RATE          link bandwidth, e.g. 1GiB/s, 10Gbit/s, 800Mbit/s (required)
  --rtt DURATION            network round trip, e.g. 1ms, 250us (required)
  --service-time DURATION   server time per request (default 0)
  --server-threads N        requests the server serves at once (default unlimited)
  --buf-size SIZE           mirror buf-size (default 16MiB)
  --granularity SIZE        dirty bitmap granularity, power of 2 in 512B..64MiB (default 64KiB)
  --speed-limit RATE        the job's speed (default 0 = unlimited)
  --target-unmap            the target writes zeroes with unmap: zeroes not rate-limited, pre-zero pass
  --startup DURATION        time before the first copy (connect, job start; default 0)
  --dirty-rate RATE         guest write rate (default 0 = no writes)
  --write-size SIZE         guest write size (default 64KiB)
  --write-pattern P         random | sequential | hotspot (default random)
  --write-queue-depth N     guest writes outstanding at once (default 8; matters in write-blocking)
  --write-duration DURATION guest writes stop after this long (default: never)
  --copy-mode M             background | write-blocking (default background)
  --reply-completion R      qemu-7.2 (a window of requests completes after its last reply, as QEMU
                            7.1-7.2's NBD client does) | on-arrival (each on its reply; default qemu-7.2)
  --duration DURATION       give up after this much virtual time (default max(1h, 3 x bulk time))
  --seed N                  seed of the guest writes (a number or a commit hash; default 0)
  --json                    print the result as JSON (readySeconds, converged, timeline, ...)
  --svg FILE                draw remaining dirty data and throughput over time (FILE - for stdout)
  --compare legacy          also run QEMU's old in-stream block migration (migrate -b) on the same link
  --ram-size SIZE           with --compare: RAM sent in the same stream (default 0)
  --ram-dirty-rate RATE     with --compare: RAM dirty rate (default 0)
  --max-bandwidth RATE      with --compare: migration max-bandwidth (default 128MiB/s)

Sizes take B, KiB, MiB, GiB, TiB (binary), kB, MB, GB (decimal) or a bare K/M/G (binary).
Rates take B/s units or bits: Mbit/s, Gbit/s, Gbps (decimal). Durations take ns, us, ms, s, m, h.
Exit 0 READY, 1 not READY within the time limit, 2 usage error.
`;

const options = {
  'disk-size': { type: 'string' }, 'data-fraction': { type: 'string' }, bandwidth: { type: 'string' }, rtt: { type: 'string' },
  'service-time': { type: 'string' }, 'server-threads': { type: 'string' }, 'buf-size': { type: 'string' },
  granularity: { type: 'string' }, 'speed-limit': { type: 'string' }, 'target-unmap': { type: 'boolean' },
  startup: { type: 'string' }, 'dirty-rate': { type: 'string' }, 'write-size': { type: 'string' },
  'write-pattern': { type: 'string' }, 'write-queue-depth': { type: 'string' }, 'write-duration': { type: 'string' },
  'copy-mode': { type: 'string' }, 'reply-completion': { type: 'string' }, duration: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' },
  svg: { type: 'string' }, compare: { type: 'string' }, 'ram-size': { type: 'string' }, 'ram-dirty-rate': { type: 'string' },
  'max-bandwidth': { type: 'string' }, help: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse<typeof options>>['values'];

function unit(parser: (text: string) => UnitResult, name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const result = parser(text);
  if (!result.ok) throw new UsageError(`--${name}: ${result.error.message}`);
  return result.value;
}

function required(parser: (text: string) => UnitResult, name: string, text: string | undefined): number {
  const value = unit(parser, name, text);
  if (value === undefined) throw new UsageError(`--${name} is required (see migsim stream --help)`);
  return value;
}

function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw new UsageError(`--${name} must be a whole number, at least 1 (got '${text}')`);
  return Number(text);
}

function fraction(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new UsageError(`--data-fraction must be a number from 0 to 1 (got '${text}')`);
  return value;
}

function seedOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = parseSeed(text);
  if (seed === null) throw new UsageError(`--seed must be a number or a commit hash (got '${text}')`);
  return seed;
}

function guestWrites(v: Values): MirrorScenario['guestWrites'] {
  const rate = unit(parseRate, 'dirty-rate', v['dirty-rate']) ?? 0;
  if (rate === 0) return null;
  return {
    rateBytesPerSecond: rate,
    writeSizeBytes: unit(parseSize, 'write-size', v['write-size']) ?? 64 * 1024,
    pattern: oneOf<WritePattern>(v['write-pattern'], ['random', 'sequential', 'hotspot'], '--write-pattern', 'random'),
    durationNs: unit(parseDurationNs, 'write-duration', v['write-duration']),
    queueDepth: count('write-queue-depth', v['write-queue-depth']),
  };
}

function mirrorScenario(v: Values): MirrorScenario {
  return {
    diskBytes: required(parseSize, 'disk-size', v['disk-size']),
    dataFraction: fraction(v['data-fraction']),
    bandwidthBytesPerSecond: required(parseRate, 'bandwidth', v.bandwidth),
    rttNs: required(parseDurationNs, 'rtt', v.rtt),
    serviceTimeNs: unit(parseDurationNs, 'service-time', v['service-time']),
    serverThreads: count('server-threads', v['server-threads']),
    bufSizeBytes: unit(parseSize, 'buf-size', v['buf-size']),
    granularityBytes: unit(parseSize, 'granularity', v.granularity),
    speedLimitBytesPerSecond: unit(parseRate, 'speed-limit', v['speed-limit']) ?? null,
    targetZeroesWithUnmap: v['target-unmap'] ?? false,
    startupNs: unit(parseDurationNs, 'startup', v.startup),
    copyMode: oneOf<CopyMode>(v['copy-mode'], ['background', 'write-blocking'], '--copy-mode', 'background'),
    replyCompletion: oneOf<ReplyCompletion>(v['reply-completion'], replyCompletions, '--reply-completion', 'qemu-7.2'),
    guestWrites: guestWrites(v),
    durationNsMax: unit(parseDurationNs, 'duration', v.duration),
    seed: seedOf(v.seed),
  };
}

function legacyScenario(v: Values, m: MirrorScenario, durationNsMax: number): LegacyScenario {
  return {
    diskBytes: m.diskBytes, dataFraction: m.dataFraction, bandwidthBytesPerSecond: m.bandwidthBytesPerSecond, rttNs: m.rttNs,
    maxBandwidthBytesPerSecond: unit(parseRate, 'max-bandwidth', v['max-bandwidth']),
    ramBytes: unit(parseSize, 'ram-size', v['ram-size']),
    ramDirtyBytesPerSecond: unit(parseRate, 'ram-dirty-rate', v['ram-dirty-rate']),
    guestWrites: m.guestWrites, durationNsMax, seed: m.seed,
  };
}

/** Writes a text file; injected so that tests need not touch the disk. */
export type TextFileWriter = (path: string, text: string) => Promise<void>;

/** The command, with the way it writes `--svg` files injected (the CLI's io only reads). */
export function makeStreamCommand(writeText: TextFileWriter = (path, text) => writeFile(path, text, 'utf8')) {
  return async function streamCommand(args: readonly string[], io: CliIo): Promise<number> {
    const { values } = parse(args, options, 0);
    if (values.help) {
      io.out(streamUsage);
      return exitCode.ok;
    }
    if (values.json && values.svg === '-') throw new UsageError('--svg - and --json both write to standard output; give --svg a file');
    const compare = values.compare === undefined ? null : oneOf(values.compare, ['legacy'] as const, '--compare', 'legacy');
    const check = checkMirrorScenario(mirrorScenario(values));
    if (!check.ok) throw new UsageError(check.problems.map((p) => p.message).join('; '));
    const legacyInput = compare === null ? null : legacyScenario(values, mirrorScenario(values), check.scenario.durationNsMax);
    const legacyProblems = legacyInput === null ? [] : checkLegacyScenario(legacyInput);
    if (legacyProblems.length > 0) throw new UsageError(`--compare legacy: ${legacyProblems.join('; ')}`);
    const result = runMirror(check.scenario);
    const legacy: LegacyResult | null = legacyInput === null ? null : simulateLegacyBlockMigration(legacyInput);
    if (values.svg !== undefined) await writeSvg(values.svg, mirrorChart(result, legacy), io, writeText);
    if (values.json) io.out(JSON.stringify(legacy === null ? result : { ...result, legacy }) + '\n');
    else if (values.svg !== '-') io.out(mirrorText(result) + (legacy === null ? '' : legacyText(legacy)));
    return result.converged ? exitCode.ok : exitCode.failed;
  };
}

async function writeSvg(path: string, svg: string, io: CliIo, writeText: TextFileWriter): Promise<void> {
  if (path === '-') return io.out(svg);
  try {
    await writeText(path, svg);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const streamCommand = makeStreamCommand();
