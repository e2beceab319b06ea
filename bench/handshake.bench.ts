// Full simulated handshakes per second on one core (target: 2,000/s): the default libvirt 9.0
// pair copying over NBD, and a mix drawn from the whole fallback matrix (old and new libvirt,
// QEMU with and without NBD, all storage modes), each for a few seconds after warm-up.
import { libvirtPolicy } from '../src/model/policy.js';
import { parseLibvirtRelease, parseQemuRelease } from '../src/model/versions/releases.js';
import { parseSideSpec } from '../src/model/versions/profile.js';
import type { Version } from '../src/model/version.js';
import { simulateHandshake } from '../src/sim/handshake/run.js';
import { buildScenario, type Scenario } from '../src/sim/handshake/scenario.js';
import { defaultMatrixOptions, matrixProfiles } from '../src/sim/matrix.js';

function profile(spec: string) {
  const parsed = parseSideSpec(spec);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.profile;
}

function versions(items: readonly string[], parseOne: typeof parseLibvirtRelease): Version[] {
  return items.map((item) => {
    const parsed = parseOne(item);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.version;
  });
}

function rate(scenarios: readonly Scenario[], seconds: number): number {
  for (let i = 0; i < 300; i += 1) simulateHandshake(scenarios[i % scenarios.length] as Scenario);
  const started = performance.now();
  let runs = 0;
  while (performance.now() - started < seconds * 1000) {
    simulateHandshake({ ...(scenarios[runs % scenarios.length] as Scenario), seed: runs });
    runs += 1;
  }
  return runs / ((performance.now() - started) / 1000);
}

const nbdPair = buildScenario({ source: profile('libvirt=9.0.0,qemu=7.2.0'), target: profile('libvirt=9.0.0,qemu=7.2.0'), copyStorage: 'all' });
const profiles = matrixProfiles({
  libvirt: versions(defaultMatrixOptions.libvirt, parseLibvirtRelease), qemu: versions(defaultMatrixOptions.qemu, parseQemuRelease), includeUnsupported: false,
});
const mix = profiles.flatMap((source) => profiles.flatMap((target) => (['all', 'inc', 'none'] as const).map((copyStorage) =>
  buildScenario({ source, target, copyStorage, policy: libvirtPolicy }))));

const single = rate([nbdPair], 3);
const mixed = rate(mix, 3);
console.log(`libvirt 9.0 pair, NBD storage copy: ${Math.round(single).toLocaleString('en')} handshakes/s`);
console.log(`matrix mix (${mix.length} scenarios):    ${Math.round(mixed).toLocaleString('en')} handshakes/s`);
console.log(`target: >= 2,000 handshakes/s on one core: ${Math.min(single, mixed) >= 2000 ? 'met' : 'NOT met'}`);
