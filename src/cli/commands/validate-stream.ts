// `migsim validate-stream`: the block-stream model against the real thing (see
// src/io/peers/stream-validation.ts for the method). Prints real and model seconds to READY per
// case and copier, with their ratio.
// Exit: 0 every latency-bound case within tolerance, 1 one is not (or a run failed), 2 a needed
// program is missing or bad usage.
import { firstMissing, type PeerProgram } from '../../io/peers/programs.js';
import type { Copier } from '../../io/peers/stream-runs.js';
import { realStreamPeers, validateStream, type StreamPeers, type ValidationRow } from '../../real/stream-validation.js';
import { defineCommand, option, toggle, type Command, type CommandSpec } from '../command.js';
import { exitCode, type CliIo } from '../io.js';
import type { ValidateStreamJson } from '../schemas/validate-stream.js';
import { commandSummaries } from '../summaries.js';
import { choice, count } from '../values.js';

const mebibyte = 1024 * 1024;

const flags = {
  tolerance: option('PERCENT', count(1, 100), 'how far a latency-bound case may be from the model (default 15)'),
  repeats: option('N', count(1, 5), 'rounds of every run; the fastest of each is kept (default 3)'),
  'extra-rounds': option('N', count(0, 5), 'more rounds while a case is outside (default 2)'),
  copier: option('WHO', choice(['all', 'qemu', 'migsim'] as const), 'all | qemu | migsim (default all)'),
  json: toggle('print the rows as one JSON object'),
};

export const validateStreamSpec: CommandSpec<typeof flags> = {
  name: 'validate-stream',
  summary: commandSummaries['validate-stream'],
  positionals: null,
  description: `Runs QEMU blockdev-mirror and migsim's NBD client into nbdkit memory with the delay filter (one
delay per request stands for the round trip), and the same cases in the model (simulateMirror,
with each copier's way of completing NBD replies), and prints real and model seconds to READY
with their ratio. Two runs per copier calibrate the link: its bandwidth (deep queue, no delay)
and its per-request latency (one request at a time). Latency-bound cases must be within the
tolerance. Every run goes once per round and the fastest of each is kept (interference only
slows a run). Run it alone: other CPU load slows the real side. Needs the Debian packages
nbdkit and qemu-system-x86.`,
  flags,
  exits: [[0, 'every latency-bound case within the tolerance'], [1, 'a case outside it, or a run failed'], [2, 'a program is missing, or a usage error']],
  schema: 'validate-stream',
};

/** What the command needs from the machine, injectable for tests. */
export interface ValidateStreamDeps {
  /** The first of the programs that is not installed, or null. */
  readonly missing: (programs: readonly PeerProgram[]) => { readonly message: string } | null;
  readonly peers: StreamPeers;
}

export const realValidateStreamDeps: ValidateStreamDeps = { missing: firstMissing, peers: realStreamPeers };

export function makeValidateStreamCommand(deps: ValidateStreamDeps): Command {
  return defineCommand(validateStreamSpec, async (values, _positionals, io) => {
    const tolerancePercent = values.tolerance ?? 15;
    const repeats = values.repeats ?? 3;
    const choice = values.copier ?? 'all';
    const copiers: readonly Copier[] = choice === 'all' ? ['qemu', 'migsim'] : [choice];
    const missing = deps.missing(choice === 'migsim' ? ['nbdkit'] : ['nbdkit', 'qemu-system-x86_64']);
    if (missing) {
      io.err(`migsim validate-stream: ${missing.message}\n`);
      const json: ValidateStreamJson = { ok: false, error: { code: 'program-missing', message: missing.message }, tolerancePercent, repeats, rounds: 0, failures: 0, rows: [] };
      if (values.json) io.out(JSON.stringify(json) + '\n');
      return exitCode.usage;
    }
    const onProgress = io.interactive ? (message: string): void => io.err(`  ${message}\n`) : undefined;
    const { rows, rounds } = await validateStream({ tolerance: tolerancePercent / 100, repeats, extraRounds: values['extra-rounds'] ?? 2, copiers, onProgress, peers: deps.peers });
    const failed = rows.filter((row) => row.verdict === 'outside' || row.verdict === 'failed').length;
    const json: ValidateStreamJson = { ok: failed === 0, error: null, tolerancePercent, repeats, rounds, failures: failed, rows };
    if (values.json) io.out(JSON.stringify(json, null, 2) + '\n');
    else io.out(formatTable(rows, tolerancePercent, failed, rounds));
    return failed === 0 ? exitCode.ok : exitCode.failed;
  });
}

/** The command; tests pass fake peers as `deps`. */
export function validateStreamCommand(args: readonly string[], io: CliIo, deps: ValidateStreamDeps = realValidateStreamDeps): Promise<number> {
  return makeValidateStreamCommand(deps)(args, io);
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
