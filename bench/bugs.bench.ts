// How fast the fuzzer catches each planted bug (test/fuzz/planted.ts), the Magma-style measure of
// a fuzzer: for every bug, over five seeds, the cases and seconds until the first failure (median
// and max). Goal (issue 12): median ≤ 1,000 and max ≤ 20,000 cases per bug. A bug not caught in
// 20,000 cases counts as 20,000 and is marked.
import { runTargetCampaign } from '../src/fuzz/campaign/runner.js';
import { applyPlugin } from '../src/fuzz/plugin.js';
import { handshakeTarget } from '../src/fuzz/targets.js';
import { libvirtPolicy } from '../src/model/policy.js';
import type { HandshakeCase } from '../src/fuzz/arbitraries/handshake-case.js';
import { plantedBugs } from '../test/fuzz/planted.js';

const seeds = [1, 2, 3, 4, 5];
const casesMax = 20_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

let medianMet = 0;
let maxMet = 0;
process.stdout.write(`${'planted bug'.padEnd(52)} ${'cases median/max'.padStart(17)} ${'seconds median/max'.padStart(19)}\n`);
for (const bug of plantedBugs) {
  const applied = applyPlugin(bug.plugin);
  const cases: number[] = [];
  const seconds: number[] = [];
  let missed = 0;
  for (const seed of seeds) {
    const target = handshakeTarget({ policies: [libvirtPolicy], peers: applied.peers, decisionTable: applied.decisionTable, corpus: [], now: () => 0 });
    const started = performance.now();
    // Shrinking and minimising are not part of "time to catch": stop the clock at the first failure.
    let caughtAt: number | null = null;
    const campaign = runTargetCampaign<HandshakeCase>(target, {
      seed, budget: { timeMs: null, runs: casesMax }, now: () => 0,
      onFirstFailure: () => void (caughtAt ??= performance.now()),
    });
    if (!campaign.failure) missed += 1;
    cases.push(campaign.failure ? campaign.runs : casesMax);
    seconds.push(((caughtAt ?? performance.now()) - started) / 1000);
  }
  const [m, x] = [median(cases), Math.max(...cases)];
  if (m <= 1000) medianMet += 1;
  if (x <= casesMax && missed === 0) maxMet += 1;
  process.stdout.write(`${bug.plugin.name.slice(0, 51).padEnd(52)} ${`${m}/${x}${missed > 0 ? ` (${missed} missed)` : ''}`.padStart(17)} ${`${median(seconds).toFixed(2)}/${Math.max(...seconds).toFixed(2)}`.padStart(19)}\n`);
}
process.stdout.write(`\n${medianMet}/${plantedBugs.length} bugs with a median ≤ 1,000 cases; ${maxMet}/${plantedBugs.length} caught within ${casesMax} cases at every seed\n`);
