// Soak test for the cookie codec (run once and report; not part of npm test):
//   npx tsx scripts/soak-cookies.ts [CASES]
// Runs CASES (default 1,000,000) cookie fuzz cases through every oracle and prints the heap in
// use after each tenth, after a forced GC when node runs with --expose-gc, so that unbounded
// memory growth would show as a rising column.
import { readdirSync, readFileSync } from 'node:fs';
import { runTargetCampaign } from '../src/fuzz/campaign/runner.js';
import { cookieTarget } from '../src/fuzz/targets.js';

const cases = Number(process.argv[2] ?? 1_000_000);
const corpus = readdirSync('corpus/cookies/valid').map((f) => readFileSync(`corpus/cookies/valid/${f}`, 'utf8'));
const target = cookieTarget({ policies: [], peers: {}, decisionTable: true, corpus, now: () => performance.now() });
const gc = (globalThis as { gc?: () => void }).gc;
const slice = Math.max(1, Math.floor(cases / 10));
const started = performance.now();
let done = 0;
let failures = 0;
for (let round = 0; round < 10; round += 1) {
  const campaign = runTargetCampaign(target, { seed: 1000 + round, budget: { timeMs: null, runs: slice }, now: () => performance.now() });
  done += campaign.runs;
  if (campaign.failure) failures += 1;
  gc?.();
  const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
  console.log(`${done.toLocaleString('en').padStart(10)} cases  ${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s  heap ${heapMiB.toFixed(1)} MiB  failures ${failures}`);
}
console.log(failures === 0 ? 'no failure, no uncaught exception' : `${failures} failing round(s)`);
process.exitCode = failures === 0 ? 0 : 1;
