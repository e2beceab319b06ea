// `migsim fuzz merge DIR...`: one report from the shards of a campaign (CI jobs run with
// --shard K/N, or the worker threads of --workers): each shard's summary.json (its --json
// summary) is read and validated, counts are added, coverage and known findings merged item by
// item, failed cases listed, and the shards' new corpus entries (DIR/corpus/*.json) gathered
// into one folder for the next campaign's --seed-corpus.
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fuzzSchema, type FuzzJson } from './schemas/fuzz.js';
import { reason, UsageError } from './io.js';
import { makeDirs } from './paths.js';

export const summaryFileName = 'summary.json';
export const corpusDirName = 'corpus';

export async function readSummary(dir: string): Promise<FuzzJson> {
  const path = join(dir, summaryFileName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${reason(error)} (each DIR is the --out of one shard)`, 'cannot-read');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${reason(error)}`, 'bad-value');
  }
  const parsed = fuzzSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${path} is not a migsim fuzz summary: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`, 'bad-value');
  return parsed.data;
}

function addCounts(into: Record<string, Record<string, number>>, from: Readonly<Record<string, Readonly<Record<string, number>>>>): void {
  for (const [kind, items] of Object.entries(from)) {
    const bucket = (into[kind] ??= {});
    for (const [item, count] of Object.entries(items)) bucket[item] = (bucket[item] ?? 0) + count;
  }
}

/** The shards as one campaign. Wall time is the longest shard's (they ran side by side). */
export function mergeSummaries(shards: readonly FuzzJson[]): FuzzJson {
  const coverage: Record<string, Record<string, number>> = {};
  for (const shard of shards) addCounts(coverage, shard.coverage);
  const targets = new Map<string, FuzzJson['targets'][number]>();
  for (const t of shards.flatMap((s) => s.targets)) {
    const seen = targets.get(t.target);
    targets.set(t.target, seen ? { target: t.target, runs: seen.runs + t.runs, durationSeconds: Math.max(seen.durationSeconds, t.durationSeconds), failures: seen.failures + t.failures } : t);
  }
  const known = new Map<string, FuzzJson['knownFindings'][number]>();
  for (const k of shards.flatMap((s) => s.knownFindings)) {
    const key = `${k.target}|${k.oracle}|${k.source}`;
    const seen = known.get(key);
    known.set(key, seen ? { ...seen, count: seen.count + k.count, fixedByStrict: seen.fixedByStrict + k.fixedByStrict, notFixedByStrict: seen.notFixedByStrict + k.notFixedByStrict } : k);
  }
  const runs = shards.reduce((n, s) => n + s.runs, 0);
  const durationSeconds = Math.max(0, ...shards.map((s) => s.durationSeconds));
  // A required item is missing only if no shard reached it.
  const missing = shards.length === 0 ? [] : shards.map((s) => s.missingCoverage).reduce((a, b) => a.filter((item) => b.includes(item)));
  return {
    seed: shards[0]?.seed ?? 0, runs, durationSeconds, runsPerSecond: Math.round(runs / Math.max(0.001, durationSeconds)),
    failures: shards.reduce((n, s) => n + s.failures, 0), failedCases: shards.flatMap((s) => s.failedCases),
    targets: [...targets.values()], knownFindings: [...known.values()], coverage, missingCoverage: missing,
  };
}

/** Copies every shard's corpus entries into `out/corpus`, once each (by file name, which is the entry's hash). */
export async function gatherCorpus(dirs: readonly string[], out: string): Promise<number> {
  const into = join(out, corpusDirName);
  await makeDirs(into);
  const seen = new Set<string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(join(dir, corpusDirName))).filter((n) => n.endsWith('.json'));
    } catch {
      continue; // a shard that found nothing new has no corpus folder
    }
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      await copyFile(join(dir, corpusDirName, name), join(into, name));
    }
  }
  return seen.size;
}
