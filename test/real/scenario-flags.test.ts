// Goal: the scenario flags of `migsim real run` parse to the scenario meant, and every bad value
// is a scenario-invalid error naming the flag (never an exception).
// Method: examples, plus a property that arbitrary strings never throw.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { copiedDisks, defaultScenario, mebibyte } from '../../src/real/scenario.js';
import { parseDisks, scenarioFromFlags } from '../../src/real/scenario-flags.js';

describe('scenario flags', () => {
  it('defaults to a running guest with one 32 MiB qcow2 disk, --copy-storage-all, regular mode', () => {
    expect(scenarioFromFlags({})).toEqual({ ok: true, value: defaultScenario });
  });

  it('reads --disks name:size:format, with qcow2+backing', () => {
    expect(parseDisks('vda:32MiB:qcow2,vdb:16MiB:raw,vdc:8M:qcow2+backing')).toEqual({ ok: true, value: [
      { name: 'vda', sizeBytes: 32 * mebibyte, format: 'qcow2', backing: false },
      { name: 'vdb', sizeBytes: 16 * mebibyte, format: 'raw', backing: false },
      { name: 'vdc', sizeBytes: 8 * mebibyte, format: 'qcow2', backing: true },
    ] });
  });

  it('makes --offline a shut-off guest and rounds --bandwidth up to whole MiB/s', () => {
    const result = scenarioFromFlags({ offline: true, persistent: true, 'copy-storage': 'none', bandwidth: '512KiB/s' });
    expect(result).toMatchObject({ ok: true, value: { offline: true, guest: 'shut-off', bandwidthMiBPerSecond: 1 } });
  });

  it.each([
    [{ mode: 'direct' }, '--mode'],
    [{ disks: 'vda:lots:qcow2' }, '--disks'],
    [{ disks: 'vda:32MiB:vmdk' }, 'format'],
    [{ disks: 'sda:32MiB:qcow2' }, 'virtio'],
    [{ disks: 'vda:32MiB,vda:16MiB' }, 'repeat'],
    [{ disks: 'vda:32MiB,vdb:4MiB,vdc:4MiB,vdd:4MiB,vde:4MiB' }, '1 to 4'],
    [{ disks: 'vda:32MiB:raw+backing' }, 'format'],
    [{ 'migrate-disks': 'vdz' }, 'vdz'],
    [{ abort: 'soon' }, '--abort'],
    [{ offline: true, guest: 'running' }, '--offline'],
    [{ 'destination-disk': 'nfs' }, '--destination-disk'],
    [{ bandwidth: 'fast' }, '--bandwidth'],
  ])('refuses %j', (flags, words) => {
    const result = scenarioFromFlags(flags);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('scenario-invalid');
      expect(result.error.message).toContain(words);
    }
  });

  it('copies the --migrate-disks disks only, and none without storage copy', () => {
    const two = parseDisks('vda:32MiB,vdb:16MiB:raw');
    if (!two.ok) throw new Error(two.error.message);
    expect(copiedDisks({ ...defaultScenario, disks: two.value, migrateDisks: ['vda'] }).map((d) => d.name)).toEqual(['vda']);
    expect(copiedDisks({ ...defaultScenario, disks: two.value, copyStorage: 'none' })).toEqual([]);
  });

  test.prop([fc.string(), fc.string(), fc.string()])('never throws on any flag text', (disks, mode, abort) => {
    expect(() => scenarioFromFlags({ disks, mode, abort })).not.toThrow();
  });
});
