// Goal: a scenario is checked before it runs (problems come back as data naming the field) and
// runs with every default filled in, as QEMU would fill them (buf-size rounded up to the
// granularity, 64 KiB granularity, 16 MiB buffer). Method: direct calls with good and bad input.
import { describe, expect, it } from 'vitest';
import { checkMirrorScenario, simulateMirror } from '../../../src/sim/stream/index.js';

const MiB = 2 ** 20;
const TiB = 2 ** 40;
const good = { diskBytes: 10 * MiB, bandwidthBytesPerSecond: 100 * MiB, rttNs: 1_000_000 };

describe('mirror scenarios', () => {
  it('fills in QEMU\'s defaults and rounds buf-size up to the granularity (mirror_start_job)', () => {
    const check = checkMirrorScenario({ ...good, bufSizeBytes: 100_000 });
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.scenario).toMatchObject({ granularityBytes: 65536, bufSizeBytes: 131072, dataFraction: 1, copyMode: 'background', serviceTimeNs: 0,
      speedLimitBytesPerSecond: null, guestWrites: null, seed: 0, startupNs: 0, targetZeroesWithUnmap: false });
    expect(check.scenario.durationNsMax).toBeGreaterThanOrEqual(3600e9);
    expect(checkMirrorScenario(good).ok && checkMirrorScenario(good).scenario?.bufSizeBytes).toBe(16 * MiB);
  });

  it('treats a speed of 0 as unlimited and writes at 0 B/s as no writes', () => {
    const check = checkMirrorScenario({ ...good, speedLimitBytesPerSecond: 0, guestWrites: { rateBytesPerSecond: 0, writeSizeBytes: 4096, pattern: 'random' } });
    expect(check.ok && check.scenario.speedLimitBytesPerSecond).toBeNull();
    expect(check.ok && check.scenario.guestWrites).toBeNull();
  });

  it.each([
    [{ ...good, diskBytes: 0 }, 'diskBytes'],
    [{ ...good, granularityBytes: 3000 }, 'granularityBytes'],
    [{ ...good, granularityBytes: 256 }, 'granularityBytes'],
    [{ ...good, diskBytes: 64 * TiB, granularityBytes: 4096 }, 'granularityBytes'],
    [{ ...good, rttNs: -1 }, 'rttNs'],
    [{ ...good, bandwidthBytesPerSecond: 0 }, 'bandwidthBytesPerSecond'],
    [{ ...good, dataFraction: 1.5 }, 'dataFraction'],
    [{ ...good, guestWrites: { rateBytesPerSecond: MiB, writeSizeBytes: 20 * MiB, pattern: 'random' as const } }, 'guestWrites.writeSizeBytes'],
    [{ ...good, guestWrites: { rateBytesPerSecond: MiB, writeSizeBytes: 4096, pattern: 'random' as const, queueDepth: 0 } }, 'guestWrites.queueDepth'],
  ])('refuses %j, naming %s', (scenario, field) => {
    const check = checkMirrorScenario(scenario);
    expect(check.ok).toBe(false);
    expect(check.problems?.map((p) => p.field)).toContain(field);
    expect(() => simulateMirror(scenario)).toThrow(RangeError);
  });
});
