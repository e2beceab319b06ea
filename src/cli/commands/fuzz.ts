// `migsim fuzz`: a time-boxed, reproducible campaign against the cookie codec and/or whole
// handshakes; stops at the first failure, shrinks it, writes it as a case file and prints the
// one-line `migsim replay` command. Everything the campaign will need at its end (the output
// folder, the JUnit file, the required coverage items, the plug-in) is checked before it starts,
// so that a failure found after a long run is never lost to a bad path.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { libvirtPolicy, type DesignerPolicy } from '../../model/policy.js';
import { failureCaseFile, toCaseJson, caseFileName, type CaseFile, type PeerRecord } from '../../fuzz/campaign/case-file.js';
import { replayInFreshProcess } from '../fresh-replay.js';
import { peerFlag, peerFrom } from '../peer-option.js';
import { runTargetCampaign, type Progress, type TargetCampaign } from '../../fuzz/campaign/runner.js';
import { applyPlugin, type PeerPlugin } from '../../fuzz/plugin.js';
import { cookieTarget, handshakeTarget, targetNames, type TargetName, type TargetOptions } from '../../fuzz/targets.js';
import { requiredItem } from '../../fuzz/campaign/coverage.js';
import type { CorpusEntry } from '../../fuzz/campaign/corpus-entry.js';
import type { FuzzJson } from '../schemas/fuzz.js';
import { defineCommand, exits, option, repeated, type CommandSpec, type Values } from '../command.js';
import { readSeedCorpus } from '../fuzz-corpus.js';
import { jsonFlag, junitFlag, requireFlag, shardFlag, shardValue } from '../fuzz-flags.js';
import { corpusDirName, summaryFileName, summaryJson, summaryText, writeOutputs, type Shard, type Written } from '../fuzz-output.js';
import { runWorkers, workersMax } from '../fuzz-workers.js';
import { junitXml } from '../junit.js';
import { exitCode, reason, UsageError, type CliIo } from '../io.js';
import { builtinCorpusDir } from '../package-root.js';
import { policyOption, seedFlag } from '../scenario-flags.js';
import { checkWritableDir, checkWritableFile, makeDirs } from '../paths.js';
import { commandSummaries } from '../summaries.js';
import { choice, count, duration, kind, text } from '../values.js';

const flags = {
  target: option('WHAT', choice(['cookie', 'handshake', 'all'] as const), 'what to fuzz: cookie | handshake | all (default all)'),
  time: option('DURATION', duration({ none: 'no time limit' }), "wall-time budget (default 10s; 0 or 'none' for no limit, then --runs or a failure ends it)"),
  runs: option('N', count(1, 1_000_000_000), 'case budget per target'),
  seed: seedFlag,
  policy: repeated('SPEC|@FILE', text('a policy: libvirt or strict, then switches key=value'), 'repeat to fuzz several policies (default libvirt)'),
  peer: peerFlag,
  corpus: repeated('DIR', text('a folder'), `seed cookies (*.xml, mutated by the cookie target) and corpus entries (*.json: an earlier campaign's OUT/${corpusDirName} or what fuzz merge gathered), run first`),
  out: option('DIR', text('a folder'), `where ${summaryFileName}, the new corpus entries (DIR/${corpusDirName}) and a failing case file go (default artifacts/fuzz)`),
  junit: junitFlag,
  shard: shardFlag,
  workers: option('N', count(1, workersMax), 'run N worker threads on this machine, each a shard with the whole budget, merged at the end'),
  path: option('PATH', kind("fast-check's replay path, e.g. 42:1:0", (value) => (/^\d{1,9}(:\d{1,9}){0,4095}$/.test(value) ? { ok: true, value } : { ok: false, why: 'is not a replay path' })),
    'replay the failure at this path (with its --seed)'),
  require: requireFlag,
  json: jsonFlag,
};

export const fuzzSpec: CommandSpec<typeof flags> = {
  name: 'fuzz',
  summary: commandSummaries.fuzz,
  positionals: null,
  description: `Generates and mutates cookies and whole handshakes (faults on the link: dropped, duplicated,
delayed, replayed, corrupted or rewritten cookies; hosts crashing; a scenario space of disks,
formats, --migrate-disks, TLS, ports, abort points) and judges each case by what a correct peer
must do and by whether its words match its deeds. Stops at the first failure, shrinks it, writes
it to --out and prints the command that replays it. A finding is libvirt's (known, counted, re-run
under strict to show the fix) only when libvirt's own peers produce it on the same case; whatever
a plug-in adds is the plug-in's failure. Every run writes OUT/${summaryFileName} and its new corpus
entries under OUT/${corpusDirName}: CI jobs run --shard K/N (from CI_NODE_INDEX/CI_NODE_TOTAL when
set) and 'migsim fuzz merge' adds them up; --workers N does the same with threads on one machine.
Paths, the plug-in, policies, corpus and required items are checked before the campaign starts.`,
  flags,
  exits: exits('nothing failed', 'a case failed (a case file is written) or required coverage was missed'),
  schema: 'fuzz',
  check: (values) => (values.workers !== undefined && values.workers > 1 && values.path !== undefined ? '--workers and --path cannot be used together (a path replays one shard)' : null),
};

interface FuzzSettings {
  readonly targets: readonly TargetName[];
  readonly seed: number;
  readonly shard: Shard | null;
  readonly timeMs: number | null;
  readonly runs: number | null;
  readonly policies: readonly DesignerPolicy[];
  readonly plugin: PeerPlugin | null;
  readonly peer: PeerRecord | null;
  /** Seed cookies for the cookie target: the built-in corpus, then --corpus folders. */
  readonly corpus: readonly string[];
  /** Cases from earlier campaigns (--corpus *.json), run first. */
  readonly entries: readonly CorpusEntry[];
  readonly outDir: string;
  readonly path: string | undefined;
  readonly required: readonly string[];
  readonly junit: string | null;
  readonly json: boolean;
}

/**
 * The shard: --shard, else GitLab's parallel-job variables (CI_NODE_INDEX is 1-based, as --shard
 * is); a variable that is set but not a shard is refused, naming it.
 */
export function shardFrom(given: Shard | undefined, env: CliIo['env']): Shard | null {
  if (given !== undefined) return given;
  const index = env.CI_NODE_INDEX;
  const total = env.CI_NODE_TOTAL;
  if (index === undefined && total === undefined) return null;
  const read = shardValue(`${index ?? ''}/${total ?? ''}`);
  if (!read.ok) throw new UsageError(`CI_NODE_INDEX='${index ?? ''}' and CI_NODE_TOTAL='${total ?? ''}' do not make a shard K/N with 1 <= K <= N <= 1000; pass --shard K/N`, 'bad-value');
  return read.value;
}

/** Each shard draws its own stream of cases from the same root seed. */
export function shardSeed(seed: number, shard: Shard | null): number {
  return shard === null ? seed : (seed + (shard.index - 1) * 1_000_003) % 2 ** 31;
}

async function settingsFrom(values: Values<typeof flags>, io: CliIo): Promise<FuzzSettings> {
  const target = values.target ?? 'all';
  const targets: readonly TargetName[] = target === 'all' ? targetNames : [target];
  const unrun = (values.require ?? []).find((entry) => { const named = requiredItem(entry).target; return named !== null && !(targets as readonly string[]).includes(named); });
  if (unrun !== undefined) throw new UsageError(`--require: '${unrun}' names a target that --target ${target} does not run`, 'bad-value');
  const outDir = values.out ?? 'artifacts/fuzz';
  await checkWritableDir(outDir, 'out');
  // Made now (every run writes its summary there), so that --junit OUT/junit.xml is accepted.
  await makeDirs(outDir).catch((error: unknown) => {
    throw new UsageError(`--out: ${reason(error)}`, 'cannot-write');
  });
  if (values.junit !== undefined) await checkWritableFile(values.junit, 'junit');
  const peer = values.peer === undefined ? null : await peerFrom(values.peer, io, 'peer');
  const policies = values.policy.length > 0 ? await Promise.all(values.policy.map((spec) => policyOption(spec, io))) : [libvirtPolicy];
  const shard = shardFrom(values.shard, io.env);
  const timeNs = values.time === undefined ? 10e9 : values.time;
  const builtin = await readSeedCorpus([builtinCorpusDir], 'corpus');
  const given = await readSeedCorpus(values.corpus, 'corpus');
  return {
    targets, seed: shardSeed(values.seed ?? 1, shard), shard,
    timeMs: timeNs === null || timeNs === 0 ? null : Math.max(1, Math.round(timeNs / 1e6)),
    runs: values.runs ?? null,
    policies, plugin: peer?.plugin ?? null, peer: peer?.record ?? null,
    corpus: [...builtin.cookies, ...given.cookies], entries: given.entries,
    outDir, path: values.path, required: values.require ?? [], junit: values.junit ?? null, json: values.json,
  };
}

export function targetOptions(settings: Pick<FuzzSettings, 'policies' | 'plugin' | 'corpus'>): TargetOptions {
  const applied = applyPlugin(settings.plugin);
  return {
    policies: settings.policies.map(applied.adjust), baselinePolicies: settings.policies, peers: applied.peers, decisionTable: applied.decisionTable,
    corpus: settings.corpus, now: () => performance.now(), adjustPolicy: applied.adjust,
  };
}

function progressLine(io: CliIo): (progress: Progress) => void {
  return (p) => {
    if (!io.interactive) return;
    const rate = p.runs / Math.max(0.001, p.elapsedMs / 1000);
    io.err(`\r${p.target}: ${p.runs} cases, ${Math.round(rate)}/s, ${p.failures} failures, ${p.coverageItems} coverage items   `);
  };
}


async function writeFailure(campaign: TargetCampaign<unknown>, settings: FuzzSettings, io: CliIo): Promise<Written | null> {
  const failure = campaign.failure;
  if (!failure) return null;
  const options = targetOptions(settings);
  const target = campaign.target as TargetName;
  const checked = failureCaseFile({
    target, failure, policies: options.policies, baselinePolicies: settings.policies, peer: settings.peer, decisionTable: options.decisionTable, corpus: settings.corpus,
  });
  // Our own bug if it happens: the arbitraries made a case the case-file schema does not describe.
  if (!checked.ok) throw new Error(`the case file of this failure does not match its schema: ${checked.message} at ${checked.path}`);
  const path = join(settings.outDir, caseFileName(checked.file));
  const text = toCaseJson(checked.file);
  io.err(`\nFAILED ${campaign.target}: [${failure.failures[0]?.oracle ?? '?'}] ${failure.failures[0]?.message ?? ''}\n`);
  let written = true;
  try {
    await makeDirs(settings.outDir);
    await writeFile(path, text);
  } catch (error) {
    written = false;
    io.err(`cannot write ${path}: ${reason(error)}; the case file follows\n`);
  }
  const stateful = written && settings.peer ? await statefulCheck(checked.file, path, settings.peer.path, io) : null;
  const final = stateful === null ? text : toCaseJson({ ...checked.file, stateful, note: 'fails after earlier cases of the campaign, passes alone: the plug-in keeps state between cases' });
  if (stateful !== null) await writeFile(path, final).catch(() => undefined);
  // In CI the artefact may not be kept: the log alone must be enough to reproduce the failure.
  if (!written || !io.interactive) io.err(`case file ${path}:\n${final}`);
  const found = failure.path === '' ? 'a --corpus entry, run before the generated cases' : `path ${failure.path}`;
  return { file: path, replay: `npx migsim replay ${path}   # seed ${failure.seed}, ${found}` };
}

/**
 * Replays the written case alone in a fresh process; null when it fails there too (the failure
 * is the case's), else both runs' failures (the plug-in keeps state between cases).
 */
async function statefulCheck(file: CaseFile, path: string, peer: string, io: CliIo): Promise<NonNullable<CaseFile['stateful']> | null> {
  const fresh = await replayInFreshProcess(path, peer);
  if (!fresh.ok) {
    io.err(`migsim fuzz: the isolation check could not run (${fresh.why}); the failure is reported as found\n`);
    return null;
  }
  if (fresh.failures.length > 0) return null;
  io.err(`the plug-in is stateful: this case failed after ${file.failures.length > 0 ? 'earlier cases' : 'other cases'} of the campaign but passes when replayed alone in a fresh process; its result depends on the cases before it\n`);
  return { inCampaign: [...file.failures], alone: [] };
}


/**
 * The seed cases of one target. A handshake case names its policy by index: an entry from a
 * campaign with more policies than this one has no policy here and is left out (and counted).
 */
function seedsFor(name: TargetName, settings: FuzzSettings, io: CliIo): unknown[] {
  const mine = settings.entries.filter((entry) => entry.target === name);
  const usable = mine.filter((entry) => entry.target !== 'handshake' || entry.case.policy < settings.policies.length);
  if (usable.length < mine.length) io.err(`migsim fuzz: ${mine.length - usable.length} ${name} corpus entries name a policy this campaign does not have (it has ${settings.policies.length}); they are left out\n`);
  return usable.map((entry) => entry.case);
}

function runCampaign(target: ReturnType<typeof cookieTarget> | ReturnType<typeof handshakeTarget>, settings: FuzzSettings, timeMs: number | null, io: CliIo): TargetCampaign<unknown> {
  const options = {
    seed: settings.seed, budget: { timeMs, runs: settings.runs }, now: () => performance.now(), onProgress: progressLine(io),
    ...(settings.path ? { path: settings.path } : { initialCorpus: seedsFor(target.name, settings, io) }),
  };
  if (settings.path === undefined) return runTargetCampaign<unknown>(target as never, options);
  // A path that does not lead anywhere under this seed is the user's input, answered in one line.
  try {
    return runTargetCampaign<unknown>(target as never, options);
  } catch (error) {
    throw new UsageError(`--path: '${settings.path}' cannot be replayed with seed ${settings.seed}: ${reason(error)}`, 'bad-value');
  }
}

/** The arguments a worker thread gets: the user's, without what the parent decides per worker or does itself. */
function workerArgs(args: readonly string[]): string[] {
  const perWorker = new Set(['--workers', '--shard', '--out', '--junit']);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    const name = arg.startsWith('--') ? arg.split('=')[0] ?? arg : arg;
    if (arg === '--json') continue;
    if (perWorker.has(name)) {
      if (!arg.includes('=')) i += 1; // its value is the next word
      continue;
    }
    kept.push(arg);
  }
  return kept;
}

async function finish(summary: FuzzJson, settings: FuzzSettings, io: CliIo, written: Written | null): Promise<number> {
  if (settings.junit !== null) {
    try {
      await writeFile(settings.junit, junitXml(summary));
    } catch (error) {
      io.err(`migsim fuzz: cannot write ${settings.junit}: ${reason(error)}\n`);
    }
  }
  if (settings.json) io.out(JSON.stringify(summary, null, 2) + '\n');
  else io.out((io.interactive ? '\n' : '') + summaryText(summary));
  if (written) io.err(`${written.replay}\n`);
  return summary.failures > 0 || summary.missingCoverage.length > 0 ? exitCode.failed : exitCode.ok;
}

async function fuzzRun(values: Values<typeof flags>, args: readonly string[], io: CliIo): Promise<number> {
  const settings = await settingsFrom(values, io);
  if (settings.plugin !== null && settings.targets.includes('cookie')) {
    io.err(`migsim fuzz: --peer '${settings.plugin.name}' takes part in the handshake target only; the cookie target fuzzes libvirt's own cookie codec without it${settings.targets.length === 1 ? ' (use --target handshake)' : ''}\n`);
  }
  if (values.workers !== undefined && values.workers > 1) {
    const result = await runWorkers(workerArgs(args), values.workers, settings.shard, settings.outDir, settings.required, io);
    if (result.broken.length > 0) io.err(`migsim fuzz: worker ${result.broken.join(', ')} ended without a summary (its messages are above)\n`);
    await writeOutputs(settings.outDir, result.summary, [], [], io);
    const code = await finish(result.summary, settings, io, null);
    return result.broken.length > 0 && code === exitCode.ok ? exitCode.failed : code;
  }
  const options = targetOptions(settings);
  const campaigns: TargetCampaign<unknown>[] = [];
  const timeMs = settings.timeMs === null ? null : Math.max(1, Math.floor(settings.timeMs / settings.targets.length));
  let written: Written | null = null;
  for (const name of settings.targets) {
    const target = name === 'cookie' ? cookieTarget(options) : handshakeTarget(options);
    const campaign = runCampaign(target, settings, timeMs, io);
    campaigns.push(campaign);
    if (campaign.failure) {
      written = await writeFailure(campaign, settings, io);
      break;
    }
  }
  const summary = summaryJson(campaigns, settings.required, written, settings.seed, settings.shard);
  await writeOutputs(settings.outDir, summary, campaigns, settings.corpus, io);
  return finish(summary, settings, io, written);
}

/** `migsim fuzz ...`, or `migsim fuzz merge DIR...`. */
export async function fuzzCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === 'merge') return (await import('./fuzz-merge.js')).fuzzMergeCommand(args.slice(1), io);
  // The run sees its own arguments: each worker thread gets them again, less what differs per worker.
  return defineCommand(fuzzSpec, (values, _positionals, runIo) => fuzzRun(values, args, runIo))(args, io);
}
