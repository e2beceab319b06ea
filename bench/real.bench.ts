// Real fuzz cases per minute on the real libvirt pair (docs/real.md, "real fuzz"): a harness of
// its own is brought up, a campaign runs for REAL_BENCH_SECONDS (default 60) from seed 1, and the
// harness is taken down again. Each case is a whole migration from a clean reset, so this is
// minutes, not microseconds: the goal is at least 6 cases a minute (30 in `real fuzz --time 5m`).
// Without root or libvirt it says why and skips (exit 0), as the tests do outside CI.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libvirtPolicy } from '../src/model/policy.js';
import { down } from '../src/real/down.js';
import { runFuzzCampaign } from '../src/real/fuzz/campaign.js';
import { totals } from '../src/real/fuzz/report.js';
import { checkMachine } from '../src/real/preconditions.js';
import { up } from '../src/real/up.js';

const goalPerMinute = 6;
const seconds = Number(process.env['REAL_BENCH_SECONDS'] ?? 60);

async function main(): Promise<void> {
  const machine = checkMachine({ libvirtd: null, virsh: null, qemu: null, driverDir: process.env['LIBVIRT_DRIVER_DIR'] ?? null });
  if (!machine.ok) {
    console.log(`real fuzz: skipped: ${machine.error.message}`);
    return;
  }
  const scratch = join(tmpdir(), `migsim-real-bench-${process.pid}`);
  const made = await up({ scratch, machine: machine.value, tls: false });
  if (!made.ok) {
    console.log(`real fuzz: could not bring the pair up: ${made.error.message}`);
    await down(scratch, machine.value.tools.ip);
    process.exitCode = 1;
    return;
  }
  try {
    const campaign = await runFuzzCampaign({ scratch, seed: 1, budget: { timeMs: seconds * 1000, runs: null }, policy: libvirtPolicy, focus: 'all' });
    if (!campaign.ok) throw new Error(campaign.error.message);
    const t = totals(campaign.value);
    console.log(`real fuzz ${t.casesPerMinute.toFixed(1).padStart(6)} cases/min (${t.cases} in ${(t.elapsedMs / 1000).toFixed(0)} s, ${t.harnessErrors} harness errors)`
      + `   target ${goalPerMinute}: ${t.casesPerMinute >= goalPerMinute ? 'met' : 'NOT met'}`);
  } finally {
    const result = await down(scratch, machine.value.tools.ip);
    if (!result.ok) console.log(`real down: ${result.error.message}`);
  }
}

await main();
