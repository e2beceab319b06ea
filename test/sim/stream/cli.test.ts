// Goal: `migsim stream` reads units as people write them, prints the documented report and JSON,
// draws a readable SVG, compares with the legacy path, and uses exit codes 0 (READY), 1 (not
// READY) and 2 (usage). Method: run the CLI in-process with captured output, and once through
// the real launcher.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../../src/render/svg-chart.js';
import { runCli, spawnCli } from '../../support/cli.js';

const base = ['stream', '--disk-size', '10GiB', '--bandwidth', '1GiB/s', '--rtt', '1ms'];

describe('migsim stream', () => {
  it('reports READY, bytes, throughput and the bound for the issue\'s example', async () => {
    const run = await runCli(base);
    expect(run.code).toBe(0);
    // 640 windows of 16 MiB, each 15.6 ms on the link plus 1 ms for its last reply (QEMU 7.2's reply completion).
    expect(run.stdout).toMatch(/READY after 10\.6 s/);
    expect(run.stdout).toMatch(/sent 10\.0 GiB/);
    expect(run.stdout).toMatch(/limited by the link \(link\)/);
  });

  it('models QEMU 7.2\'s per-window reply completion by default, and a client that completes on arrival on request', async () => {
    const args = ['stream', '--disk-size', '10GiB', '--bandwidth', '10Gbit/s', '--rtt', '20ms'];
    const qemu = await runCli(args);
    const onArrival = await runCli([...args, '--reply-completion', 'on-arrival']);
    // 640 windows of 16 MiB; per window RTT + W/B = 20 ms + 13.4 ms = 33.4 ms → 21.4 s.
    expect(qemu.stdout).toMatch(/READY after 21\.4 s/);
    expect(qemu.stdout).toMatch(/replies complete per window/);
    // Sixteen 1 MiB requests always in flight: 16 MiB per (20 ms + 0.84 ms) → about 13.4 s.
    expect(onArrival.stdout).toMatch(/READY after 13\.[3-4] s/);
    expect(onArrival.stdout).toMatch(/replies complete on arrival/);
    const bad = await runCli([...args, '--reply-completion', 'eventually']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--reply-completion: 'eventually' is not one of the choices; expected one of qemu-7\.2, on-arrival/);
  });

  it('prints the documented JSON fields', async () => {
    const run = await runCli([...base, '--json']);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ['readySeconds', 'converged', 'bytesTransferred', 'throughputBytesPerSecond', 'limitedBy', 'guestWriteBytesPerSecond', 'timeline']) {
      expect(json).toHaveProperty(key);
    }
    expect(json.converged).toBe(true);
    expect(json.bytesTransferred).toBe(10 * 2 ** 30);
    const timeline = json.timeline as { seconds: number; remainingDirtyBytes: number; throughputBytesPerSecond: number }[];
    expect(timeline.length).toBeGreaterThan(10);
    expect(timeline[0]?.remainingDirtyBytes).toBe(10 * 2 ** 30);
    expect(timeline[timeline.length - 1]?.remainingDirtyBytes).toBe(0);
  });

  it('says why it did not converge, with exit 1 and readySeconds null', async () => {
    const args = ['stream', '--disk-size', '1GiB', '--bandwidth', '10Gbit/s', '--rtt', '50ms', '--dirty-rate', '40MiB/s', '--duration', '30s'];
    const text = await runCli(args);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/did not converge within 30\.0 s: guest writes dirty 40\.0 MiB\/s/);
    const json = JSON.parse((await runCli([...args, '--json'])).stdout) as { readySeconds: unknown; converged: boolean; limitedBy: string };
    expect(json).toMatchObject({ readySeconds: null, converged: false, limitedBy: 'dirty-rate' });
  });

  it('reports guest throughput and worst latency in write-blocking mode', async () => {
    const run = await runCli(['stream', '--disk-size', '1GiB', '--bandwidth', '1GiB/s', '--rtt', '20ms', '--dirty-rate', '40MiB/s', '--copy-mode', 'write-blocking']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/guest writes achieved [\d.]+ MiB\/s of 40\.0 MiB\/s asked, worst write latency [\d.]+ ms/);
  });

  it('compares with the legacy block migration', async () => {
    const run = await runCli([...base, '--compare', 'legacy', '--ram-size', '1GiB']);
    expect(run.stdout).toMatch(/legacy block migration \(migrate -b\) over the same link:\n {2}completed after/);
    const json = JSON.parse((await runCli([...base, '--compare', 'legacy', '--json'])).stdout) as { legacy: { completed: boolean } };
    expect(json.legacy.completed).toBe(true);
  });

  it('writes an SVG chart with both series, axes with units and a legend', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migsim-stream-'));
    const file = join(dir, 'chart.svg');
    const run = await runCli([...base, '--svg', file]);
    expect(run.code).toBe(0);
    const svg = await readFile(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('remaining dirty (GiB)');
    expect(svg).toContain('throughput (MiB/s)');
    expect(svg).toContain('virtual time (s)');
    expect(svg).toContain('NBD mirror: remaining dirty (left axis)');
    expect((svg.match(/<path /g) ?? []).length).toBe(2);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const stdout = await runCli([...base, '--svg', '-']);
    expect(stdout.stdout).toBe(svg);
  });

  it.each([
    [['stream', '--bandwidth', '1GiB/s', '--rtt', '1ms'], /--disk-size is required/],
    [[...base.slice(0, 5), '--rtt', '1'], /--rtt: '1' has no unit/],
    [[...base, '--granularity', '3000'], /granularity must be a power of 2/],
    [[...base, '--copy-mode', 'sync'], /--copy-mode: 'sync' is not one of the choices; expected one of background, write-blocking/],
    [[...base, '--bandwidth', '10Mb'], /--bandwidth: '10Mb' is not a rate/],
    [[...base, '--data-fraction', '2'], /--data-fraction: '2' is out of range; expected a number from 0 to 1/],
    [[...base, '--compare', 'rsync'], /--compare: 'rsync' is not one of the choices; expected one of legacy/],
    [[...base, '--json', '--svg', '-'], /--svg - and --json both write to standard output/],
    [[...base, '--compare', 'legacy', '--max-bandwidth', '0'], /--max-bandwidth: '0' is 0; expected a rate/],
  ])('refuses %j with a usage error', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('prints its help with exit 0', async () => {
    const run = await runCli(['stream', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--write-pattern P\s+random \| sequential \| hotspot/);
  });

  it('runs through the real launcher', () => {
    const run = spawnCli(['stream', '--disk-size', '1GiB', '--bandwidth', '800Mbit/s', '--rtt', '250us']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/READY after 10\.8 s/);
  });
});

describe('chart ticks', () => {
  it('uses steps of 1, 2 or 5 times a power of ten, covering the maximum', () => {
    expect(niceTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0.38).at(-1)).toBeGreaterThanOrEqual(0.38);
    expect(niceTicks(3600)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(0)).toHaveLength(6);
    expect(niceTicks(0).at(-1)).toBeCloseTo(1, 9);
  });
});
