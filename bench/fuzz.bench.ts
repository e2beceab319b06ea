// Fuzz cases per second on one core, as a campaign runs them (generation, mutation, every
// oracle, the richer scenario space): targets 6,000 cookie cases/s and 3,000 handshake cases/s.
// Then `--workers 2` against one thread, as the built CLI runs them (target 1.7x on 2 cores).
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTargetCampaign } from '../src/fuzz/campaign/runner.js';
import { cookieTarget, handshakeTarget } from '../src/fuzz/targets.js';
import { libvirtPolicy, strictPolicy } from '../src/model/policy.js';

const corpus = readdirSync('corpus/cookies/valid').map((f) => readFileSync(`corpus/cookies/valid/${f}`, 'utf8'));
const options = { policies: [libvirtPolicy, strictPolicy], peers: {}, decisionTable: true, corpus, now: () => performance.now() };
const seconds = Number(process.env['FUZZ_BENCH_SECONDS'] ?? 5);

function rate(name: string, target: Parameters<typeof runTargetCampaign>[0], goal: number): void {
  runTargetCampaign(target, { seed: 1, budget: { timeMs: 1000, runs: null }, now: options.now }); // warm-up
  const campaign = runTargetCampaign(target, { seed: 2, budget: { timeMs: seconds * 1000, runs: null }, now: options.now });
  const perSecond = campaign.runs / (campaign.elapsedMs / 1000);
  console.log(`${name.padEnd(10)} ${Math.round(perSecond).toLocaleString('en').padStart(7)} cases/s (${campaign.runs} in ${(campaign.elapsedMs / 1000).toFixed(1)} s)` +
    `   target ${goal.toLocaleString('en')}: ${perSecond >= goal ? 'met' : 'NOT met'}${campaign.failure ? '   (stopped at a failure!)' : ''}`);
}

rate('cookie', cookieTarget(options) as never, 6000);
rate('handshake', handshakeTarget(options) as never, 3000);

/** Cases a whole `migsim fuzz` run made in its time budget (the built CLI, as a user runs it). */
function cliRuns(extra: readonly string[]): number {
  const out = mkdtempSync(join(tmpdir(), 'migsim-bench-'));
  const run = spawnSync(process.execPath, ['bin/migsim.js', 'fuzz', '--target', 'handshake', '--time', `${seconds}s`, '--seed', '3', '--out', out, '--json', ...extra], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`migsim fuzz ${extra.join(' ')} exited ${run.status ?? '?'}: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { runs: number }).runs;
}

const one = cliRuns([]);
const two = cliRuns(['--workers', '2']);
const ratio = two / Math.max(1, one);
console.log(`workers   one thread ${one} cases, --workers 2 ${two} cases in ${seconds} s: ${ratio.toFixed(2)}x on ${cpus().length} cores` +
  `   target 1.7x on 2 cores: ${cpus().length < 2 ? 'needs 2 cores' : ratio >= 1.7 ? 'met' : 'NOT met'}`);
