// Fuzz cases per second on one core, as a campaign runs them (generation, mutation, every
// oracle): targets 5,000 cookie cases/s and 1,000 handshake cases/s.
import { readdirSync, readFileSync } from 'node:fs';
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

rate('cookie', cookieTarget(options) as never, 5000);
rate('handshake', handshakeTarget(options) as never, 1000);
