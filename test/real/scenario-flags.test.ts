// Goal: the scenario flags of `migsim real run` read to the scenario meant: a bad value is the
// command line's one-line error naming the flag (UsageError), a scenario the pair cannot run is a
// scenario-invalid error naming the flag (never an exception), and every preset of real diff is a
// real run command line. Method: examples through real run's own spec, plus a property that
// arbitrary flag text never throws anything but a UsageError.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/command.js';
import { realRunSpec } from '../../src/cli/commands/real-run.js';
import { UsageError } from '../../src/cli/io.js';
import { presets } from '../../src/real/diff/presets.js';
import { copiedDisks, defaultScenario, mebibyte, type RealDisk } from '../../src/real/scenario.js';
import { parseDisk, scenarioFromFlags } from '../../src/real/scenario-flags.js';

function scenarioOf(args: readonly string[]): ReturnType<typeof scenarioFromFlags> {
  const parsed = parseCommand(realRunSpec, args);
  if (parsed.help) throw new Error('help');
  return scenarioFromFlags(parsed.values);
}

const disk = (name: string, mib: number, format: RealDisk['format'] = 'qcow2', backing = false): RealDisk => ({ name, sizeBytes: mib * mebibyte, format, backing });

describe('scenario flags', () => {
  it('defaults to a running guest with one 32 MiB qcow2 disk, --copy-storage-all, regular mode', () => {
    expect(scenarioFromFlags({})).toEqual({ ok: true, value: defaultScenario });
    expect(scenarioOf([])).toEqual({ ok: true, value: defaultScenario });
  });

  it('reads --disks name:size:format, with qcow2+backing', () => {
    expect(scenarioOf(['--disks', 'vda:32MiB:qcow2,vdb:16MiB:raw,vdc:8M:qcow2+backing'])).toMatchObject({ ok: true, value: { disks: [
      disk('vda', 32), disk('vdb', 16, 'raw'), disk('vdc', 8, 'qcow2', true),
    ] } });
    expect(parseDisk('vdb:16MiB')).toEqual({ ok: true, value: disk('vdb', 16) });
  });

  it('makes --offline a shut-off guest and rounds --bandwidth up to whole MiB/s', () => {
    const result = scenarioOf(['--offline', '--persistent', '--copy-storage', 'none', '--bandwidth', '512KiB/s']);
    expect(result).toMatchObject({ ok: true, value: { offline: true, guest: 'shut-off', bandwidthMiBPerSecond: 1 } });
  });

  it.each([
    [['--mode', 'direct'], "--mode: 'direct' is not one of the choices; expected one of regular, p2p, tunnelled"],
    [['--disks', 'vda:lots:qcow2'], "--disks: 'vda:lots:qcow2' has no size such as 32MiB ('lots')"],
    [['--disks', 'vda:32MiB:vmdk'], "--disks: 'vda:32MiB:vmdk' has format 'vmdk', not qcow2, raw, qcow2+backing"],
    [['--disks', 'vda:32MiB,vdb'], "--disks: 'vda:32MiB,vdb' has 'vdb', which is not NAME:SIZE[:FORMAT]"],
    [['--disks', 'vda:32MiB,vdb:4MiB,vdc:4MiB,vdd:4MiB,vde:4MiB'], 'has more than 4 items'],
    [['--abort', 'soon'], "--abort: 'soon' is not one of the choices"],
    [['--guest', 'paused'], "--guest: 'paused' is not one of the choices; expected one of running, defined, shut-off"],
    [['--destination-disk', 'nfs'], "--destination-disk: 'nfs' is not one of the choices"],
    [['--bandwidth', 'fast'], "--bandwidth: 'fast' is not a rate"],
    [['--bandwidth', '0'], "--bandwidth: '0' is 0"],
    [['--migrate-disks', 'VDA'], "--migrate-disks: 'VDA' is not a disk name"],
  ])('refuses the value of %j in one line', (args, message) => {
    expect(() => scenarioOf(args)).toThrow(UsageError);
    expect(() => scenarioOf(args)).toThrow(message);
  });

  it.each([
    [{ disks: [disk('sda', 32)] }, 'virtio'],
    [{ disks: [disk('vda', 32), disk('vda', 16)] }, 'repeat'],
    [{ disks: [disk('vda', 2)] }, '4 MiB to 1 GiB'],
    [{ disks: [disk('vda', 32, 'raw', true)] }, 'backing'],
    [{ 'migrate-disks': ['vdz'] }, 'vdz'],
    [{ offline: true, guest: 'running' as const }, '--offline'],
    [{ abort: 'mirror' as const, offline: true }, '--abort'],
    [{ bandwidth: 1e12 * mebibyte }, '--bandwidth'],
  ])('refuses the scenario %j as scenario-invalid', (flags, words) => {
    const result = scenarioFromFlags(flags);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('scenario-invalid');
      expect(result.error.message).toContain(words);
    }
  });

  it('copies the --migrate-disks disks only, and none without storage copy', () => {
    const two = [disk('vda', 32), disk('vdb', 16, 'raw')];
    expect(copiedDisks({ ...defaultScenario, disks: two, migrateDisks: ['vda'] }).map((d) => d.name)).toEqual(['vda']);
    expect(copiedDisks({ ...defaultScenario, disks: two, copyStorage: 'none' })).toEqual([]);
  });

  it('reads every preset of real diff as a real run command line, to a scenario the pair can run', () => {
    for (const preset of presets) expect(scenarioOf(preset.flags).ok, preset.letter).toBe(true);
  });

  test.prop([fc.string(), fc.string(), fc.string()])('never throws but a UsageError on any flag text', (disks, mode, abort) => {
    try {
      scenarioOf(['--disks', disks, '--mode', mode, '--abort', abort]);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
    }
  });
});
