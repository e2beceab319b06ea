// `migsim fuzz`: a time-boxed, reproducible campaign against the cookie codec and/or whole
// handshakes; stops at the first failure, shrinks it, writes it as a case file and prints the
// one-line `migsim replay` command. Everything the campaign will need at its end (the output
// folder, the JUnit file, the required coverage items, the plug-in) is checked before it starts,
// so that a failure found after a long run is never lost to a bad path.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { libvirtPolicy, type DesignerPolicy } from '../../model/policy.js';
import { checkedCaseFile, toCaseJson, caseFileName, selfContained, sha256Hex, type CaseFile, type PeerRecord } from '../../fuzz/campaign/case-file.js';
import { replayInFreshProcess } from '../fresh-replay.js';
import { junitXml } from '../../fuzz/campaign/junit.js';
import { runTargetCampaign, type Progress, type TargetCampaign } from '../../fuzz/campaign/runner.js';
import { applyPlugin, loadPeerPlugin, type PeerPlugin } from '../../fuzz/plugin.js';
import { cookieTarget, coverageKinds, handshakeTarget, type TargetName, type TargetOptions } from '../../fuzz/targets.js';
import { Coverage } from '../../fuzz/campaign/coverage.js';
import type { FuzzJson } from '../schemas/fuzz.js';
import { defineCommand, exits, option, repeated, toggle, type CommandSpec, type Values } from '../command.js';
import { exitCode, reason, UsageError, type CliIo } from '../io.js';
import { builtinCorpusDir } from '../package-root.js';
import { policyOption, seedFlag } from '../scenario-flags.js';
import { checkWritableDir, checkWritableFile, makeDirs } from '../paths.js';
import { commandSummaries } from '../summaries.js';
import { choice, count, duration, kind, list, text } from '../values.js';

const coverageItem = (item: string): { ok: true; value: string } | { ok: false; why: string } => {
  const colon = item.indexOf(':');
  const known = (coverageKinds as readonly string[]).includes(item.slice(0, colon));
  return colon > 0 && colon < item.length - 1 && known ? { ok: true, value: item } : { ok: false, why: 'is not KIND:ITEM with a known kind' };
};

const flags = {
  target: option('WHAT', choice(['cookie', 'handshake', 'all'] as const), 'what to fuzz: cookie | handshake | all (default all)'),
  time: option('DURATION', duration({ none: 'no time limit' }), "wall-time budget (default 10s; 0 or 'none' for no limit, then --runs or a failure ends it)"),
  runs: option('N', count(1, 1_000_000_000), 'case budget per target'),
  seed: seedFlag,
  policy: repeated('SPEC|@FILE', text('a policy: libvirt or strict, then switches key=value'), 'repeat to fuzz several policies (default libvirt)'),
  peer: option('FILE', text('a file path'), 'a PeerPlugin module (.js or .ts; see examples/peers/)'),
  corpus: repeated('DIR', text('a folder'), 'extra seed cookies (*.xml) for the cookie target'),
  out: option('DIR', text('a folder'), 'where a failing case file goes (default artifacts/fuzz)'),
  junit: option('FILE', text('a file path'), 'also write a JUnit XML report'),
  shard: option('K/N', kind('K/N with 1 <= K <= N <= 1000, e.g. 2/4', (value) => {
    const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value);
    const [index, total] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    return match && index >= 1 && index <= total && total <= 1000 ? { ok: true, value: { index, total } } : { ok: false, why: 'is not a shard' };
  }), "this job's share of a campaign split over N jobs"),
  path: option('PATH', kind("fast-check's replay path, e.g. 42:1:0", (value) => (/^\d{1,9}(:\d{1,9}){0,4095}$/.test(value) ? { ok: true, value } : { ok: false, why: 'is not a replay path' })),
    'replay the failure at this path (with its --seed)'),
  require: option('ITEMS', list(`KIND:ITEM items, KIND one of ${coverageKinds.join(', ')}`, coverageItem, 256),
    'fail unless these coverage items were hit, e.g. phase:confirm,fault:drop,code:nbd-not-set-up'),
  json: toggle('print the summary as one JSON object'),
};

export const fuzzSpec: CommandSpec<typeof flags> = {
  name: 'fuzz',
  summary: commandSummaries.fuzz,
  positionals: null,
  description: `Generates and mutates cookies and whole handshakes (faults on the link: dropped, duplicated,
delayed, replayed, corrupted or rewritten cookies; hosts crashing) and judges each case by what a
correct peer must do. Stops at the first failure, shrinks it, writes it to --out and prints the
command that replays it. What real libvirt does wrong under the libvirt policy is counted as a
known finding, re-run under strict to show the fix. The output folder, the JUnit file, the
required coverage items and the plug-in are checked before the campaign starts.`,
  flags,
  exits: exits('nothing failed', 'a case failed (a case file is written) or required coverage was missed'),
  schema: 'fuzz',
};

interface FuzzSettings {
  readonly targets: readonly TargetName[];
  readonly seed: number;
  readonly timeMs: number | null;
  readonly runs: number | null;
  readonly policies: readonly DesignerPolicy[];
  readonly plugin: PeerPlugin | null;
  readonly peer: PeerRecord | null;
  readonly corpus: readonly string[];
  readonly outDir: string;
  readonly path: string | undefined;
  readonly required: readonly string[];
  readonly junit: string | null;
  readonly json: boolean;
}

async function corpusFiles(dirs: readonly string[], flag: string): Promise<string[]> {
  const texts: string[] = [];
  for (const dir of dirs) {
    try {
      const names = (await readdir(dir)).filter((n) => n.endsWith('.xml')).sort();
      for (const name of names) texts.push(await readFile(join(dir, name), 'utf8'));
    } catch (error) {
      throw new UsageError(`--${flag}: cannot read ${dir}: ${reason(error)}`, 'cannot-read');
    }
  }
  return texts;
}

/** Loads a plug-in and records what it was, for the case file. */
export async function peerFrom(path: string, io: CliIo, flag: string): Promise<{ plugin: PeerPlugin; record: PeerRecord }> {
  const absolute = resolve(path);
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(absolute);
  } catch (error) {
    throw new UsageError(`--${flag}: cannot read ${path}: ${reason(error)}`, 'cannot-read');
  }
  try {
    return { plugin: await loadPeerPlugin(absolute), record: { path: absolute, sha256: sha256Hex(bytes) } };
  } catch (error) {
    throw new UsageError(`--${flag}: ${path} cannot be loaded as a peer plug-in: ${reason(error)}`, 'peer-invalid');
  }
}

async function settingsFrom(values: Values<typeof flags>, io: CliIo): Promise<FuzzSettings> {
  const target = values.target ?? 'all';
  const outDir = values.out ?? 'artifacts/fuzz';
  await checkWritableDir(outDir, 'out');
  if (values.junit !== undefined) await checkWritableFile(values.junit, 'junit');
  const peer = values.peer === undefined ? null : await peerFrom(values.peer, io, 'peer');
  const policies = values.policy.length > 0 ? await Promise.all(values.policy.map((spec) => policyOption(spec, io))) : [libvirtPolicy];
  const seed = values.seed ?? 1;
  // Each shard draws its own stream of cases from the same root seed.
  const shardSeed = values.shard === undefined ? seed : (seed + (values.shard.index - 1) * 1_000_003) % 2 ** 31;
  const timeNs = values.time === undefined ? 10e9 : values.time;
  return {
    targets: target === 'all' ? ['cookie', 'handshake'] : [target],
    seed: shardSeed,
    timeMs: timeNs === null || timeNs === 0 ? null : Math.max(1, Math.round(timeNs / 1e6)),
    runs: values.runs ?? null,
    policies, plugin: peer?.plugin ?? null, peer: peer?.record ?? null,
    corpus: [...await corpusFiles([builtinCorpusDir], 'corpus'), ...await corpusFiles(values.corpus, 'corpus')],
    outDir, path: values.path, required: values.require ?? [], junit: values.junit ?? null, json: values.json,
  };
}

export function targetOptions(settings: Pick<FuzzSettings, 'policies' | 'plugin' | 'corpus'>): TargetOptions {
  const applied = applyPlugin(settings.plugin);
  return {
    policies: settings.policies.map(applied.adjust), baselinePolicies: settings.policies, peers: applied.peers, decisionTable: applied.decisionTable,
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

interface Written {
  readonly file: string;
  readonly replay: string;
}

async function writeFailure(campaign: TargetCampaign<unknown>, settings: FuzzSettings, io: CliIo): Promise<Written | null> {
  const failure = campaign.failure;
  if (!failure) return null;
  const options = targetOptions(settings);
  const target = campaign.target as TargetName;
  const checked = checkedCaseFile({
    migsimCase: 1, target, seed: failure.seed, path: failure.path, policies: options.policies, baselinePolicies: [...settings.policies],
    peer: settings.peer, decisionTable: options.decisionTable, case: selfContained(target, failure.item, settings.corpus), failures: failure.failures,
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
  return { file: path, replay: `npx migsim replay ${path}   # seed ${failure.seed}, path ${failure.path}` };
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

function summaryJson(campaigns: readonly TargetCampaign<unknown>[], coverage: Coverage, missing: readonly string[], written: Written | null, seed: number): FuzzJson {
  const runs = campaigns.reduce((n, c) => n + c.runs, 0);
  const seconds = campaigns.reduce((n, c) => n + c.elapsedMs, 0) / 1000;
  return {
    seed, runs, durationSeconds: seconds, runsPerSecond: Math.round(runs / Math.max(0.001, seconds)),
    failures: campaigns.filter((c) => c.failure).length,
    failedCases: campaigns.flatMap((c) => (c.failure ? [{
      target: c.target, oracle: c.failure.failures[0]?.oracle ?? '', message: c.failure.failures[0]?.message ?? '',
      seed: c.failure.seed, path: c.failure.path, caseFile: written?.file ?? null, replay: written?.replay ?? null,
    }] : [])),
    targets: campaigns.map((c) => ({ target: c.target, runs: c.runs, durationSeconds: c.elapsedMs / 1000, failures: c.failure ? 1 : 0 })),
    knownFindings: campaigns.flatMap((c) => c.known.map((k) => ({ target: c.target, ...k }))),
    coverage: coverage.byKind(), missingCoverage: [...missing],
  };
}

function runCampaign(target: ReturnType<typeof cookieTarget> | ReturnType<typeof handshakeTarget>, settings: FuzzSettings, timeMs: number | null, io: CliIo): TargetCampaign<unknown> {
  const options = {
    seed: settings.seed, budget: { timeMs, runs: settings.runs }, now: () => performance.now(), onProgress: progressLine(io),
    ...(settings.path ? { path: settings.path } : {}),
  };
  if (settings.path === undefined) return runTargetCampaign<unknown>(target as never, options);
  // A path that does not lead anywhere under this seed is the user's input, answered in one line.
  try {
    return runTargetCampaign<unknown>(target as never, options);
  } catch (error) {
    throw new UsageError(`--path: '${settings.path}' cannot be replayed with seed ${settings.seed}: ${reason(error)}`, 'bad-value');
  }
}

export const fuzzCommand = defineCommand(fuzzSpec, async (values, _positionals, io) => {
  const settings = await settingsFrom(values, io);
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
  const coverage = new Coverage();
  for (const c of campaigns) coverage.merge(c.coverage);
  const missing = coverage.missing(settings.required);
  if (settings.junit !== null) {
    try {
      await writeFile(settings.junit, junitXml(campaigns, written?.replay ?? null));
    } catch (error) {
      io.err(`migsim fuzz: cannot write ${settings.junit}: ${reason(error)}\n`);
    }
  }
  if (settings.json) io.out(JSON.stringify(summaryJson(campaigns, coverage, missing, written, settings.seed), null, 2) + '\n');
  else io.out((io.interactive ? '\n' : '') + summaryText(campaigns, coverage, missing) + (written ? `replay: ${written.replay}\n` : ''));
  if (written) io.err(`${written.replay}\n`);
  return written || missing.length > 0 ? exitCode.failed : exitCode.ok;
});
