// `migsim fuzz`: a time-boxed, reproducible campaign against the cookie codec and/or whole
// handshakes; stops at the first failure, shrinks it, writes it as a case file and prints the
// one-line `migsim replay` command. `migsim replay FILE` runs a case file again.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { libvirtPolicy, type DesignerPolicy } from '../../model/policy.js';
import { parseDurationNs } from '../../model/units.js';
import { fromCaseJson, toCaseJson, caseFileName, selfContained, type CaseFile } from '../../fuzz/campaign/case-file.js';
import { junitXml } from '../../fuzz/campaign/junit.js';
import { runTargetCampaign, type Progress, type TargetCampaign } from '../../fuzz/campaign/runner.js';
import { applyPlugin, loadPeerPlugin, type PeerPlugin } from '../../fuzz/plugin.js';
import { cookieTarget, handshakeTarget, type TargetName, type TargetOptions } from '../../fuzz/targets.js';
import { Coverage } from '../../fuzz/campaign/coverage.js';
import { oneOf, parse } from '../args.js';
import { exitCode, UsageError, type CliIo } from '../io.js';
import { builtinCorpusDir } from '../package-root.js';
import { policyOption, seedOption } from '../scenario-options.js';
import { replayCase } from './replay.js';

export const fuzzUsage = `usage: migsim fuzz [--target cookie|handshake|all] [--time 60s] [--runs N] [--seed N|COMMIT]
                   [--policy SPEC ...] [--peer MODULE] [--corpus DIR] [--out DIR] [--junit FILE]
                   [--shard K/N] [--path PATH] [--require ITEM,...] [--json]

Generates and mutates cookies and whole handshakes (faults on the link: dropped, duplicated,
delayed, replayed, corrupted or rewritten cookies; hosts crashing) and judges each case by what a
correct peer must do. Stops at the first failure, shrinks it, writes it to --out (default
artifacts/fuzz) and prints the command that replays it. What real libvirt does wrong under the
libvirt policy is counted as a known finding, re-run under strict to show the fix.

  --time DURATION   wall-time budget (default 10s; 'none' for no limit)
  --runs N          case budget per target
  --policy SPEC     repeat to fuzz several policies (default libvirt)
  --peer MODULE     a PeerPlugin module (see examples/peers/)
  --corpus DIR      extra seed cookies (*.xml) for the cookie target
  --shard K/N       this job's share of a campaign split over N jobs
  --path PATH       replay fast-check's path for a failure (with its --seed)
  --require ITEMS   fail unless these coverage items were hit, e.g. phase:confirm,fault:drop,code:nbd-not-set-up
Exit 0 when nothing failed, 1 on a failure (or missing coverage), 2 on a usage error.
`;

interface FuzzSettings {
  readonly targets: readonly TargetName[];
  readonly seed: number;
  readonly timeMs: number | null;
  readonly runs: number | null;
  readonly policies: readonly DesignerPolicy[];
  readonly plugin: PeerPlugin | null;
  readonly peerPath: string | null;
  readonly corpus: readonly string[];
  readonly outDir: string;
  readonly path: string | undefined;
  readonly required: readonly string[];
}

function timeOption(text: string | undefined): number | null {
  if (text === 'none') return null;
  const parsed = parseDurationNs(text ?? '10s');
  if (!parsed.ok) throw new UsageError(`--time: ${parsed.error.message}`);
  return Math.round(parsed.value / 1e6);
}

function shardSeed(text: string | undefined, seed: number): number {
  if (text === undefined) return seed;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || index < 1 || index > count) throw new UsageError(`--shard must be K/N with 1 <= K <= N (got '${text}')`);
  // Each shard draws its own stream of cases from the same root seed.
  return (seed + (index - 1) * 1_000_003) % 2 ** 31;
}

async function corpusFiles(dirs: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.xml')).sort();
    } catch (error) {
      throw new UsageError(`--corpus ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const name of names) texts.push(await readFile(join(dir, name), 'utf8'));
  }
  return texts;
}

async function settingsFrom(args: readonly string[], io: CliIo): Promise<FuzzSettings & { json: boolean; junit?: string }> {
  const { values } = parse(args, {
    target: { type: 'string' }, time: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' },
    policy: { type: 'string', multiple: true }, peer: { type: 'string' }, corpus: { type: 'string', multiple: true },
    out: { type: 'string' }, junit: { type: 'string' }, json: { type: 'boolean' }, shard: { type: 'string' },
    path: { type: 'string' }, require: { type: 'string' },
  }, 0);
  const target = oneOf(values.target, ['cookie', 'handshake', 'all'] as const, '--target', 'all');
  if (values.runs !== undefined && !/^\d+$/.test(values.runs)) throw new UsageError(`--runs must be a number (got '${values.runs}')`);
  let plugin: PeerPlugin | null = null;
  if (values.peer) {
    try {
      plugin = await loadPeerPlugin(values.peer);
    } catch (error) {
      throw new UsageError(`--peer ${values.peer}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const policies = values.policy ? await Promise.all(values.policy.map((spec) => policyOption(spec, io))) : [libvirtPolicy];
  return {
    targets: target === 'all' ? ['cookie', 'handshake'] : [target],
    seed: shardSeed(values.shard, seedOption(values.seed, 1)),
    timeMs: timeOption(values.time),
    runs: values.runs === undefined ? null : Number(values.runs),
    policies, plugin, peerPath: values.peer ?? null,
    corpus: [...await corpusFiles([builtinCorpusDir]), ...await corpusFiles(values.corpus ?? [])],
    outDir: values.out ?? 'artifacts/fuzz',
    path: values.path,
    required: values.require?.split(',').map((s) => s.trim()).filter((s) => s !== '') ?? [],
    json: values.json ?? false,
    ...(values.junit ? { junit: values.junit } : {}),
  };
}

export function targetOptions(settings: Pick<FuzzSettings, 'policies' | 'plugin' | 'corpus'>): TargetOptions {
  const applied = applyPlugin(settings.plugin);
  return {
    policies: settings.policies.map(applied.adjust), peers: applied.peers, decisionTable: applied.decisionTable,
    corpus: settings.corpus, now: () => performance.now(),
  };
}

function progressLine(io: CliIo): (progress: Progress) => void {
  return (p) => {
    if (!io.interactive) return;
    const rate = p.runs / Math.max(0.001, p.elapsedMs / 1000);
    io.err(`\r${p.target}: ${p.runs} cases, ${Math.round(rate)}/s, ${p.failures} failures, ${p.coverageItems} coverage items   `);
  };
}

async function writeFailure(campaign: TargetCampaign<unknown>, settings: FuzzSettings, io: CliIo): Promise<string> {
  if (!campaign.failure) return '';
  const options = targetOptions(settings);
  const file: CaseFile = {
    migsimCase: 1, target: campaign.target as TargetName, seed: campaign.failure.seed, path: campaign.failure.path,
    policies: options.policies, peer: settings.peerPath, decisionTable: options.decisionTable,
    case: selfContained(campaign.target as TargetName, campaign.failure.item, settings.corpus), failures: campaign.failure.failures,
  };
  await mkdir(settings.outDir, { recursive: true });
  const path = join(settings.outDir, caseFileName(file));
  await writeFile(path, toCaseJson(file));
  io.err(`\nFAILED ${campaign.target}: [${file.failures[0]?.oracle ?? '?'}] ${file.failures[0]?.message ?? ''}\n`);
  // In CI the artefact may not be kept: the log alone must be enough to reproduce the failure.
  if (!io.interactive) io.err(`case file ${path}:\n${toCaseJson(file)}`);
  return `npx migsim replay ${path}   # seed ${file.seed}, path ${file.path}`;
}

function summaryText(campaigns: readonly TargetCampaign<unknown>[], coverage: Coverage, missing: readonly string[]): string {
  const lines: string[] = [];
  for (const c of campaigns) {
    lines.push(`${c.target}: ${c.runs} cases in ${(c.elapsedMs / 1000).toFixed(1)} s (${Math.round(c.runs / Math.max(0.001, c.elapsedMs / 1000))}/s), ${c.failure ? 'FAILED' : 'no failure'}`);
    for (const k of c.known) {
      const strict = k.fixedByStrict + k.notFixedByStrict > 0 ? `; strict fixes ${k.fixedByStrict}/${k.fixedByStrict + k.notFixedByStrict}` : '';
      lines.push(`  known finding ${k.oracle} ×${k.count} (${k.source})${strict}: ${k.explanation}`);
    }
  }
  lines.push('coverage:', coverage.text());
  if (missing.length > 0) lines.push(`MISSING required coverage: ${missing.join(', ')}`);
  return lines.join('\n') + '\n';
}

export async function fuzzCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.out(fuzzUsage);
    return exitCode.ok;
  }
  const settings = await settingsFrom(args, io);
  const options = targetOptions(settings);
  const campaigns: TargetCampaign<unknown>[] = [];
  const timeMs = settings.timeMs === null ? null : Math.max(1, Math.floor(settings.timeMs / settings.targets.length));
  let replay: string | null = null;
  for (const name of settings.targets) {
    const target = name === 'cookie' ? cookieTarget(options) : handshakeTarget(options);
    const campaign = runTargetCampaign<unknown>(target as never, {
      seed: settings.seed, budget: { timeMs, runs: settings.runs }, now: () => performance.now(), onProgress: progressLine(io),
      ...(settings.path ? { path: settings.path } : {}),
    });
    campaigns.push(campaign);
    if (campaign.failure) {
      replay = await writeFailure(campaign, settings, io);
      break;
    }
  }
  const coverage = new Coverage();
  for (const c of campaigns) coverage.merge(c.coverage);
  const missing = coverage.missing(settings.required);
  if (settings.junit) await writeFile(settings.junit, junitXml(campaigns, replay));
  if (settings.json) io.out(JSON.stringify(summaryJson(campaigns, coverage, missing, replay, settings.seed), null, 2) + '\n');
  else io.out((io.interactive ? '\n' : '') + summaryText(campaigns, coverage, missing) + (replay ? `replay: ${replay}\n` : ''));
  if (replay) io.err(`${replay}\n`);
  return replay || missing.length > 0 ? exitCode.failed : exitCode.ok;
}

function summaryJson(campaigns: readonly TargetCampaign<unknown>[], coverage: Coverage, missing: readonly string[], replay: string | null, seed: number): unknown {
  const runs = campaigns.reduce((n, c) => n + c.runs, 0);
  const elapsedMs = campaigns.reduce((n, c) => n + c.elapsedMs, 0);
  return {
    seed, runs, failures: campaigns.filter((c) => c.failure).length, runsPerSecond: Math.round(runs / Math.max(0.001, elapsedMs / 1000)),
    targets: campaigns.map((c) => ({ target: c.target, runs: c.runs, elapsedMs: Math.round(c.elapsedMs), failure: c.failure && { oracle: c.failure.failures[0]?.oracle, message: c.failure.failures[0]?.message, seed: c.failure.seed, path: c.failure.path } })),
    knownFindings: campaigns.flatMap((c) => c.known.map((k) => ({ target: c.target, ...k }))),
    coverage: coverage.byKind(), missingCoverage: missing, replay,
  };
}

export async function replayCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.length === 0) {
    io.out('usage: migsim replay FILE [--json]\n\nRuns a case file written by migsim fuzz again, exactly. Exit 1 when the failure reproduces, 0 when the case now passes.\n');
    return args.length === 0 ? exitCode.usage : exitCode.ok;
  }
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const path = positionals[0] ?? '';
  let file: CaseFile;
  try {
    file = fromCaseJson(new TextDecoder().decode(await io.readBytes(path)));
  } catch (error) {
    throw new UsageError(`cannot read case file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return replayCase(file, io, values.json ?? false);
}
