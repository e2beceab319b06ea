// Goal: each scenario becomes the virsh migrate command line a person would type for it.
// Method: a table of scenarios with the expected argument lists written out by hand.
import { describe, expect, it } from 'vitest';
import { defaultScenario, type RealScenario } from '../../src/real/scenario.js';
import { migrateArgs } from '../../src/real/virsh-args.js';

const uris = { client: 'qemu+unix:///system?socket=/x/B/sock', peer: 'qemu+tcp://10.250.0.2:16509/system' };

describe('scenario → virsh migrate', () => {
  it.each<[string, Partial<RealScenario>, string[]]>([
    ['regular, copy all', {}, ['migrate', '--live', '--copy-storage-all', 'migtest', uris.client]],
    ['regular, copy inc', { copyStorage: 'inc' }, ['migrate', '--live', '--copy-storage-inc', 'migtest', uris.client]],
    ['no copy, unsafe', { copyStorage: 'none', unsafe: true }, ['migrate', '--live', '--unsafe', 'migtest', uris.client]],
    ['p2p persistent', { mode: 'p2p', persistent: true }, ['migrate', '--live', '--p2p', '--copy-storage-all', '--persistent', 'migtest', uris.peer]],
    ['tunnelled', { mode: 'tunnelled' }, ['migrate', '--live', '--p2p', '--tunnelled', '--copy-storage-all', 'migtest', uris.peer]],
    ['migrate-disks', { migrateDisks: ['vda', 'vdb'] }, ['migrate', '--live', '--copy-storage-all', '--migrate-disks', 'vda,vdb', 'migtest', uris.client]],
    ['offline', { offline: true, persistent: true, copyStorage: 'none', guest: 'shut-off' }, ['migrate', '--persistent', '--offline', 'migtest', uris.client]],
    ['bandwidth', { bandwidthMiBPerSecond: 1 }, ['migrate', '--live', '--copy-storage-all', '--bandwidth', '1', 'migtest', uris.client]],
  ])('%s', (_name, change, expected) => {
    const result = migrateArgs({ ...defaultScenario, ...change }, uris, { tls: false });
    expect(result).toEqual({ ok: true, value: expected });
  });

  it('passes --tls only when the hosts have certificates, and says so otherwise', () => {
    expect(migrateArgs({ ...defaultScenario, tls: true }, uris, { tls: true })).toMatchObject({ ok: true, value: expect.arrayContaining(['--tls']) });
    const refused = migrateArgs({ ...defaultScenario, tls: true }, uris, { tls: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'harness-unsupported' } });
  });
});
