// Prints the golden trace hashes of the five review cases (test/sim/handshake/golden.test.ts), for
// re-pinning them after an intended change of behaviour: npx tsx scripts/pin-golden.ts
import { parseSideSpec } from '../src/model/versions/profile.js';
import { simulateHandshake } from '../src/sim/handshake/run.js';
import { buildScenario } from '../src/sim/handshake/scenario.js';
import { reviewPairs } from '../src/sim/review-cases.js';

for (const item of [...reviewPairs].sort((a, b) => a.seedCase - b.seedCase)) {
  for (const era of ['then', 'today'] as const) {
    const [source, target] = item[era].map((spec) => {
      const parsed = parseSideSpec(spec);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.profile;
    });
    if (!source || !target) throw new Error('a review pair needs two sides');
    const result = simulateHandshake(buildScenario({ source, target, copyStorage: 'all', seed: 1 }));
    process.stdout.write(`  [${item.seedCase}, '${era}', '${result.traceHash}'],\n`);
  }
}
