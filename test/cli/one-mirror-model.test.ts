// Goal: one model of QEMU's mirror behind `simulate` and `stream`. Over the grid disk 1/10/100 GiB ×
// bandwidth 100 MiB/s, 1 GiB/s, 10 Gbit/s × RTT 1/20 ms × guest writes 0/20 MiB/s, both commands
// report the same READY time for the same disk, link and writes, and no migration completes
// before its mirror is READY (a mirror that never gets READY never completes). Method: run both
// commands in-process with --json and compare; read the trace for the order of events.
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/command.js';
import { simulateSpec } from '../../src/cli/commands/simulate.js';
import { scenarioFrom } from '../../src/cli/scenario-flags.js';
import { simulateHandshake } from '../../src/sim/handshake/run.js';
import { runCli } from '../support/cli.js';

const disks = ['1GiB', '10GiB', '100GiB'];
const bandwidths = ['100MiB/s', '1GiB/s', '10Gbit/s'];
const rtts = ['1ms', '20ms'];
const writes = ['0', '20MiB/s'];
const grid = disks.flatMap((disk) => bandwidths.flatMap((bandwidth) => rtts.flatMap((rtt) => writes.map((dirty) => ({ disk, bandwidth, rtt, dirty })))));

describe('simulate and stream share one mirror model', () => {
  it.each(grid)('disk $disk, $bandwidth, RTT $rtt, writes $dirty', async ({ disk, bandwidth, rtt, dirty }) => {
    const link = ['--disk-size', disk, '--bandwidth', bandwidth, '--rtt', rtt, '--dirty-rate', dirty, '--seed', '7'];
    const stream = await runCli(['stream', ...link, '--json']);
    expect(stream.stderr).toBe('');
    const mirror = JSON.parse(stream.stdout) as { readySeconds: number | null };
    const simulate = await runCli(['simulate', ...link, '--json']);
    expect(simulate.stderr).toBe('');
    const printed = JSON.parse(simulate.stdout) as { result: string; storageCopy: { durationSeconds: number | null } | null };
    expect(printed.storageCopy?.durationSeconds ?? null).toBe(mirror.readySeconds);
    // The same run through the library, for the order of its events.
    const parsed = parseCommand(simulateSpec, link);
    if (parsed.help) throw new Error('help');
    const scenario = await scenarioFrom(parsed.values, { out: () => undefined, err: () => undefined, readBytes: async () => new Uint8Array(), interactive: false, env: {} });
    const run = simulateHandshake(scenario);
    expect(run.outcome.result).toBe(printed.result);
    const effects = run.trace.flatMap((e) => (e.kind === 'effect' ? [e] : []));
    const waited = effects.find((e) => e.effect.kind === 'mirror-wait-ready');
    const started = effects.find((e) => e.effect.kind === 'mirror-start');
    expect(waited && started).toBeTruthy();
    if (mirror.readySeconds === null) {
      expect(run.outcome.result).toBe('failed');
      return;
    }
    expect(run.outcome.result).toBe('completed');
    // The wait ends at READY; RAM migration, switchover and Finish all come after it.
    const readyAtMs = waited?.atMs ?? 0;
    expect(readyAtMs - (started?.atMs ?? 0)).toBeCloseTo(mirror.readySeconds * 1000, 3);
    const later = effects.filter((e) => ['migrate', 'mirror-complete', 'resume', 'stop-qemu'].includes(e.effect.kind));
    for (const e of later) expect(e.atMs).toBeGreaterThanOrEqual(readyAtMs);
    expect(run.durationMs).toBeGreaterThan(mirror.readySeconds * 1000);
  });
});
