// Shards as one campaign: `migsim fuzz merge DIR...` after CI jobs ran `fuzz --shard K/N --out
// DIR`, and `fuzz --workers N` after its threads ran. Each shard's summary.json is read through
// its schema; counts are added, coverage and known findings merged item by item, failed cases
// listed with their replay commands, and the shards' corpus entries gathered (once each: an
// entry's file name is its content's hash) into one folder for the next campaign's --corpus.
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Coverage, missingRequired } from '../fuzz/campaign/coverage.js';
import { fuzzSchema, type FuzzJson } from './schemas/fuzz.js';
import { corpusDirName, summaryFileName } from './fuzz-output.js';
import { reason, UsageError } from './io.js';
import { makeDirs } from './paths.js';

/** Shards merged at most (as --shard allows N up to 1000). */
export const mergeShardsMax = 1000;
/** Summary bytes read at most per shard. */
const summaryBytesMax = 64 * 1024 * 1024;

export async function readSummary(dir: string): Promise<FuzzJson> {
  const path = join(dir, summaryFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${reason(error)} (each DIR is the --out of one shard)`, 'cannot-read');
  }
  if (text.length > summaryBytesMax) throw new UsageError(`${path} is larger than ${summaryBytesMax} bytes`, 'bad-value');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${reason(error)}`, 'bad-value');
  }
  const parsed = fuzzSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${path} is not a migsim fuzz summary: ${issue?.message ?? 'invalid'} at ${issue?.path.map(String).join('.') || '(the whole file)'}`, 'bad-value');
  }
  return parsed.data;
}

/** The shards as one campaign: counts added; wall time is the longest shard's (they ran side by side). */
export function mergeSummaries(shards: readonly FuzzJson[], required: readonly string[] | null = null): FuzzJson {
  const coverage = new Coverage();
  for (const shard of shards) coverage.merge(Coverage.fromByKind(shard.coverage));
  const targets = new Map<string, FuzzJson['targets'][number]>();
  // A target's own coverage is that of the shards that recorded it (summaries of older migsim have none).
  const byTarget = new Map<string, Coverage>();
  for (const t of shards.flatMap((s) => s.targets)) {
    const seen = targets.get(t.target);
    targets.set(t.target, {
      target: t.target, runs: (seen?.runs ?? 0) + t.runs, durationSeconds: Math.max(seen?.durationSeconds ?? 0, t.durationSeconds), failures: (seen?.failures ?? 0) + t.failures,
    });
    if (t.coverage !== undefined) {
      const own = byTarget.get(t.target) ?? new Coverage();
      own.merge(Coverage.fromByKind(t.coverage));
      byTarget.set(t.target, own);
    }
  }
  const known = new Map<string, FuzzJson['knownFindings'][number]>();
  for (const k of shards.flatMap((s) => s.knownFindings)) {
    const key = `${k.target}|${k.oracle}|${k.source}`;
    const seen = known.get(key);
    known.set(key, seen ? { ...seen, count: seen.count + k.count, fixedByStrict: seen.fixedByStrict + k.fixedByStrict, notFixedByStrict: seen.notFixedByStrict + k.notFixedByStrict } : k);
  }
  const runs = shards.reduce((n, s) => n + s.runs, 0);
  const durationSeconds = Math.max(0, ...shards.map((s) => s.durationSeconds));
  // A required item is missing when no shard reached it; without --require, what every shard missed.
  const missing = required !== null ? missingRequired(required, coverage, byTarget)
    : shards.length === 0 ? [] : shards.map((s) => s.missingCoverage).reduce((a, b) => a.filter((item) => b.includes(item)));
  return {
    seed: shards[0]?.seed ?? 0, shards: shards.flatMap((s) => s.shards).sort((a, b) => a.total - b.total || a.index - b.index),
    runs, durationSeconds, runsPerSecond: Math.round(runs / Math.max(0.001, durationSeconds)),
    failures: shards.reduce((n, s) => n + s.failures, 0), failedCases: shards.flatMap((s) => s.failedCases),
    targets: [...targets.values()].map((t) => { const own = byTarget.get(t.target); return own ? { ...t, coverage: own.byKind() } : t; }), knownFindings: [...known.values()], coverage: coverage.byKind(), missingCoverage: missing,
  };
}

/** What is odd about the set of shards: a shard missing, given twice, or of another split. */
export function shardProblems(summary: FuzzJson): string[] {
  const totals = [...new Set(summary.shards.map((s) => s.total))];
  if (totals.length === 0) return [];
  if (totals.length > 1) return [`the shards come from different splits (N = ${totals.join(', ')})`];
  const total = totals[0] ?? 0;
  const indices = summary.shards.map((s) => s.index);
  const twice = [...new Set(indices.filter((i, at) => indices.indexOf(i) !== at))];
  const absent = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !indices.includes(i));
  return [
    ...(twice.length > 0 ? [`shard ${twice.map((i) => `${i}/${total}`).join(', ')} given more than once`] : []),
    ...(absent.length > 0 ? [`shard ${absent.map((i) => `${i}/${total}`).join(', ')} missing`] : []),
  ];
}

/** Copies every shard's corpus entries into OUT/corpus, once each. Returns how many entries it holds. */
export async function gatherCorpus(dirs: readonly string[], out: string): Promise<number> {
  const into = join(out, corpusDirName);
  const seen = new Set<string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(join(dir, corpusDirName))).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue; // a shard whose cases reached nothing new has no corpus folder
    }
    if (names.length > 0) await makeDirs(into);
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      const from = join(dir, corpusDirName, name);
      const to = join(into, name);
      if (from !== to) await copyFile(from, to);
    }
  }
  return seen.size;
}
