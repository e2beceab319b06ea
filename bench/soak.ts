// The soak run of issue 12 (measured for the note, never in CI): one target, no plug-in, for a long
// time at one seed; it must find no failure, libvirt's known findings must stay the same kinds,
// and the heap after the last minute must stay within 10 % of the heap after minute 2 (memos and
// the feedback corpus are bounded, so memory must stay flat). Heap is read after a forced garbage
// collection, so run it with --expose-gc:
//
//   node --expose-gc --import tsx bench/soak.ts --target handshake --minutes 10 --seed 1
import { parseArgs } from 'node:util';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { caseFileName, failureCaseFile, toCaseJson } from '../src/fuzz/campaign/case-file.js';
import { runTargetCampaign } from '../src/fuzz/campaign/runner.js';
import { cookieTarget, handshakeTarget } from '../src/fuzz/targets.js';
import { libvirtPolicy, strictPolicy } from '../src/model/policy.js';

const { values } = parseArgs({ options: { target: { type: 'string', default: 'handshake' }, minutes: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'artifacts/soak' } } });
const minutes = Number(values.minutes);
const seed = Number(values.seed);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const corpus = readdirSync('corpus/cookies/valid').map((f) => readFileSync(`corpus/cookies/valid/${f}`, 'utf8'));
const options = { policies: [libvirtPolicy, strictPolicy], peers: {}, decisionTable: true, corpus, now: () => performance.now() };
const targetName = values.target === 'cookie' ? 'cookie' : 'handshake';
const target = targetName === 'cookie' ? cookieTarget(options) : handshakeTarget(options);

/** Heap used after a full collection, in MiB, at each whole minute of the run. */
const heapByMinute = new Map<number, number>();
const campaign = runTargetCampaign(target as never, {
  seed, budget: { timeMs: minutes * 60_000, runs: null }, now: options.now,
  onProgress: (p) => {
    const minute = Math.floor(p.elapsedMs / 60_000);
    if (minute < 1 || heapByMinute.has(minute)) return;
    gc();
    heapByMinute.set(minute, process.memoryUsage().heapUsed / 2 ** 20);
  },
});
// A failure is written as the case file `migsim replay` reads, as `migsim fuzz` writes it.
let caseFile: string | null = null;
if (campaign.failure) {
  const checked = failureCaseFile({
    target: targetName, failure: campaign.failure, policies: options.policies, baselinePolicies: options.policies, peer: null, decisionTable: true, corpus,
  });
  if (!checked.ok) throw new Error(`case file does not match its schema: ${checked.message} at ${checked.path}`);
  mkdirSync(values.out, { recursive: true });
  caseFile = resolve(join(values.out, caseFileName(checked.file)));
  writeFileSync(caseFile, toCaseJson(checked.file));
}
gc();
heapByMinute.set(minutes, process.memoryUsage().heapUsed / 2 ** 20);
const atTwo = heapByMinute.get(2) ?? Number.NaN;
const atEnd = heapByMinute.get(minutes) ?? Number.NaN;
const growth = (atEnd - atTwo) / atTwo;
console.log(JSON.stringify({
  target: targetName, seed, minutes, runs: campaign.runs, failure: campaign.failure?.failures ?? null,
  replay: caseFile === null ? null : `npx migsim replay ${caseFile}`,
  known: campaign.known.map((k) => `${k.oracle} (${k.source}) x${k.count}`),
  heapMiB: Object.fromEntries([...heapByMinute].map(([m, h]) => [m, Math.round(h * 10) / 10])),
  heapGrowthAfterMinute2: `${(growth * 100).toFixed(1)} %`, heapWithin10Percent: Math.abs(growth) <= 0.1,
}, null, 2));
process.exitCode = campaign.failure || Math.abs(growth) > 0.1 ? 1 : 0;
