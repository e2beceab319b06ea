// What a fuzz campaign leaves behind, the same for one run, one CI shard, a worker thread or the
// merge of several: the summary (printed, as text or JSON, and written to OUT/summary.json so that
// `fuzz merge` can add shards up) and the feedback corpus (OUT/corpus/*.json, one file per case
// that reached new coverage, for the next campaign's --corpus).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Coverage, missingRequired } from '../fuzz/campaign/coverage.js';
import { corpusEntryFile } from '../fuzz/campaign/corpus-entry.js';
import type { TargetCampaign } from '../fuzz/campaign/runner.js';
import type { FuzzJson } from './schemas/fuzz.js';
import { reason, type CliIo } from './io.js';
import { makeDirs } from './paths.js';

export const summaryFileName = 'summary.json';
export const corpusDirName = 'corpus';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly total: number;
}

/** A failure's case file and the command that replays it (null when nothing failed). */
export interface Written {
  readonly file: string;
  readonly replay: string;
}

export function summaryJson(campaigns: readonly TargetCampaign<unknown>[], required: readonly string[], written: Written | null, seed: number, shard: Shard | null): FuzzJson {
  const coverage = new Coverage();
  for (const c of campaigns) coverage.merge(c.coverage);
  const runs = campaigns.reduce((n, c) => n + c.runs, 0);
  const seconds = campaigns.reduce((n, c) => n + c.elapsedMs, 0) / 1000;
  return {
    seed, shards: shard ? [shard] : [], runs, durationSeconds: seconds, runsPerSecond: Math.round(runs / Math.max(0.001, seconds)),
    failures: campaigns.filter((c) => c.failure).length,
    failedCases: campaigns.flatMap((c) => (c.failure ? [{
      target: c.target, oracle: c.failure.failures[0]?.oracle ?? '', message: c.failure.failures[0]?.message ?? '',
      seed: c.failure.seed, path: c.failure.path, caseFile: written?.file ?? null, replay: written?.replay ?? null,
    }] : [])),
    targets: campaigns.map((c) => ({ target: c.target, runs: c.runs, durationSeconds: c.elapsedMs / 1000, failures: c.failure ? 1 : 0, coverage: c.coverage.byKind() })),
    knownFindings: campaigns.flatMap((c) => c.known.map((k) => ({ target: c.target, ...k }))),
    coverage: coverage.byKind(), missingCoverage: missingRequired(required, coverage, new Map(campaigns.map((c) => [c.target, c.coverage]))),
  };
}

export function summaryText(summary: FuzzJson): string {
  const lines: string[] = [];
  if (summary.shards.length > 0) lines.push(`shards: ${summary.shards.map((s) => `${s.index}/${s.total}`).join(', ')}`);
  for (const t of summary.targets) {
    lines.push(`${t.target}: ${t.runs} cases in ${t.durationSeconds.toFixed(1)} s (${Math.round(t.runs / Math.max(0.001, t.durationSeconds))}/s), ${t.failures > 0 ? 'FAILED' : 'no failure'}`);
    for (const k of summary.knownFindings.filter((known) => known.target === t.target)) {
      const strict = k.fixedByStrict + k.notFixedByStrict > 0 ? `; strict fixes ${k.fixedByStrict}/${k.fixedByStrict + k.notFixedByStrict}` : '';
      lines.push(`  known finding ${k.oracle} ×${k.count} (${k.source})${strict}: ${k.explanation}`);
    }
  }
  lines.push('coverage:', Coverage.fromByKind(summary.coverage).text());
  if (summary.missingCoverage.length > 0) lines.push(`MISSING required coverage: ${summary.missingCoverage.join(', ')}`);
  for (const f of summary.failedCases) lines.push(`FAILED ${f.target} [${f.oracle}]: ${f.message.split('\n')[0] ?? ''}`, `  replay: ${f.replay ?? `seed ${f.seed}, path ${f.path} (no case file)`}`);
  return lines.join('\n') + '\n';
}

/**
 * Writes OUT/summary.json and one OUT/corpus file per feedback-corpus case. A write that fails is
 * said on standard error and does not change the campaign's verdict (the summary is printed anyway).
 */
export async function writeOutputs(outDir: string, summary: FuzzJson, campaigns: readonly TargetCampaign<unknown>[], corpus: readonly string[], io: CliIo): Promise<void> {
  try {
    await makeDirs(outDir);
    await writeFile(join(outDir, summaryFileName), JSON.stringify(summary, null, 2) + '\n');
    const entries = campaigns.flatMap((c) => c.corpusEntries.map((item) => corpusEntryFile(c.target as 'cookie' | 'handshake', item, corpus)));
    if (entries.length === 0) return;
    await makeDirs(join(outDir, corpusDirName));
    for (const entry of entries) await writeFile(join(outDir, corpusDirName, entry.name), entry.text);
  } catch (error) {
    io.err(`migsim fuzz: cannot write the summary or corpus under ${outDir}: ${reason(error)}\n`);
  }
}
