// `migsim validate-stream`: the block-stream model against the real thing (see
// src/io/peers/stream-validation.ts for the method). Prints real and model seconds to READY per
// case and copier, with their ratio.
// Exit: 0 every latency-bound case within tolerance, 1 one is not (or a run failed), 2 a needed
// program is missing or bad usage.
import { firstMissing, type PeerProgram } from '../../io/peers/programs.js';
import type { Copier } from '../../io/peers/stream-runs.js';
import { realStreamPeers, validateStream, type StreamPeers, type ValidationRow } from '../../real/stream-validation.js';
import { integerOption, oneOf, parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';

const mebibyte = 1024 * 1024;

export const validateStreamUsage = `usage: migsim validate-stream [--json] [--tolerance PERCENT] [--repeats N] [--extra-rounds N] [--copier all|qemu|migsim]

Runs QEMU blockdev-mirror and migsim's NBD client into nbdkit memory with the delay filter (one
delay per request stands for the round trip), and the same cases in the model (simulateMirror,
with each copier's way of completing NBD replies), and prints real and model seconds to READY
with their ratio. Two runs per copier calibrate the link: its bandwidth (deep queue, no delay)
and its per-request latency (one request at a time). Latency-bound cases must be within the
tolerance (default 15 %). Every run goes once per round, --repeats rounds (default 3), and the
fastest of each is kept (interference only slows a run); while a case is outside, up to
--extra-rounds more rounds run (default 2). Run it alone: other CPU load slows the real side.
Exit 0 all within, 1 one outside or a run failed, 2 a program is missing (Debian packages nbdkit
and qemu-system-x86) or bad usage.
`;

/** What the command needs from the machine, injectable for tests. */
export interface ValidateStreamDeps {
  /** The first of the programs that is not installed, or null. */
  readonly missing: (programs: readonly PeerProgram[]) => { readonly message: string } | null;
  readonly peers: StreamPeers;
}

export const realValidateStreamDeps: ValidateStreamDeps = { missing: firstMissing, peers: realStreamPeers };

export async function validateStreamCommand(args: readonly string[], io: CliIo, deps: ValidateStreamDeps = realValidateStreamDeps): Promise<number> {
  const { values } = parse(args, {
    'json': { type: 'boolean' }, 'tolerance': { type: 'string' }, 'repeats': { type: 'string' }, 'extra-rounds': { type: 'string' },
    'copier': { type: 'string' }, 'help': { type: 'boolean' },
  }, 0);
  if (values.help) {
    io.out(validateStreamUsage);
    return exitCode.ok;
  }
  const tolerancePercent = integerOption(values.tolerance, '--tolerance', 15);
  if (tolerancePercent < 1 || tolerancePercent > 100) throw new UsageError('--tolerance must be between 1 and 100');
  const repeats = integerOption(values.repeats, '--repeats', 3);
  if (repeats < 1 || repeats > 5) throw new UsageError('--repeats must be between 1 and 5');
  const extraRounds = integerOption(values['extra-rounds'], '--extra-rounds', 2);
  if (extraRounds < 0 || extraRounds > 5) throw new UsageError('--extra-rounds must be between 0 and 5');
  const choice = oneOf(values.copier, ['all', 'qemu', 'migsim'] as const, '--copier', 'all');
  const copiers: readonly Copier[] = choice === 'all' ? ['qemu', 'migsim'] : [choice];
  const missing = deps.missing(choice === 'migsim' ? ['nbdkit'] : ['nbdkit', 'qemu-system-x86_64']);
  if (missing) {
    io.err(`migsim validate-stream: ${missing.message}\n`);
    if (values.json) io.out(JSON.stringify({ ok: false, missing: missing.message, rows: [] }) + '\n');
    return exitCode.usage;
  }
  const onProgress = io.interactive ? (message: string): void => io.err(`  ${message}\n`) : undefined;
  const { rows, rounds } = await validateStream({ tolerance: tolerancePercent / 100, repeats, extraRounds, copiers, onProgress, peers: deps.peers });
  const failed = rows.filter((row) => row.verdict === 'outside' || row.verdict === 'failed').length;
  if (values.json) io.out(JSON.stringify({ ok: failed === 0, tolerancePercent, repeats, rounds, rows }, null, 2) + '\n');
  else io.out(formatTable(rows, tolerancePercent, failed, rounds));
  return failed === 0 ? exitCode.ok : exitCode.failed;
}

export function formatTable(rows: readonly ValidationRow[], tolerancePercent: number, failed: number, rounds: number): string {
  const header = ['case', 'copier', 'disk', 'buf', 'delay', 'real s', 'model s', 'real/model', 'bound', 'verdict'];
  const lines = rows.map((r) => [
    r.caseName, r.copier, `${r.diskBytes / mebibyte} MiB`, `${r.bufSizeBytes / mebibyte} MiB`, `${r.delayMs} ms`,
    r.realSeconds?.toFixed(3) ?? '-', r.modelSeconds?.toFixed(3) ?? '-', r.ratio?.toFixed(2) ?? '-', r.bound,
    r.verdict + (r.verdict === 'failed' || r.caseName === 'request-latency' ? ` (${r.note})` : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const summary = failed === 0 ? `every latency-bound case within ${tolerancePercent} %` : `${failed} case(s) outside ${tolerancePercent} % or failed`;
  return [render(header), ...lines.map(render), '', `${summary} (fastest of each run over ${rounds} round${rounds === 1 ? '' : 's'})`, ''].join('\n');
}
