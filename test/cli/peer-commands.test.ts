// Goal: `--peer` works beyond fuzz (issue 12 item 9): simulate and explain run one migration with
// the plug-in and say so; matrix diffs libvirt's own peers against the plug-in cell by cell under
// the same policy; fuzz --target all says the cookie target runs without the plug-in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MatrixJson } from '../../src/render/matrix.js';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'migsim-peer-'));
// A destination that refuses every Prepare below libvirt 1.2.11: a deliberate protocol change.
const peer = join(dir, 'refuses-old.mjs');
writeFileSync(peer, `import { compareVersions, parseVersion, phaseError } from 'migsim/fuzz';
const since = parseVersion('1.2.11');
export default {
  name: 'refuses old destinations', keepsLibvirtOutcomes: false,
  target: (libvirt) => ({ ...libvirt, prepare: (ctx, cookie) => since.ok && compareVersions(ctx.self.profile.libvirt, since.version) < 0
    ? { ok: false, decisions: [], effects: [], error: phaseError('refused-old', 'too old for this protocol', 'prepare') }
    : libvirt.prepare(ctx, cookie) }),
};
`);

describe('--peer on simulate, explain, matrix', () => {
  it('simulate and explain run with the plug-in and name it', async () => {
    const old = ['--destination', 'libvirt=1.0.3,qemu=1.3.0', '--source', 'libvirt=1.0.3,qemu=1.3.0'];
    const plain = await runCli(['simulate', ...old, '--no-cookies']);
    const run = await runCli(['simulate', ...old, '--no-cookies', '--peer', peer]);
    expect(plain.code).toBe(0);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^peer plug-in 'refuses old destinations' as the destination; the source is libvirt's\n/);
    expect(run.stdout).toContain('refused-old');
    const json = await runCli(['simulate', ...old, '--json', '--peer', peer]);
    expect(JSON.parse(json.stdout)).toMatchObject({ result: 'failed', error: { code: 'refused-old', phase: 'prepare' } });
    expect((await runCli(['explain', ...old, '--peer', peer])).stdout).toMatch(/^peer plug-in 'refuses old destinations'/);
  });

  it('matrix --peer marks exactly the cells where the plug-in differs from libvirt\'s own peers', async () => {
    const args = ['matrix', '--libvirt', '1.0.3,9.0.0', '--qemu', '7.2.0', '--copy-storage', 'all', '--json'];
    const plain = JSON.parse((await runCli(args)).stdout) as MatrixJson;
    const withPeer = JSON.parse((await runCli([...args, '--peer', peer])).stdout) as MatrixJson;
    expect(plain.peer).toBeNull();
    expect(withPeer.peer).toBe('refuses old destinations');
    const oldDestination = withPeer.rows.filter((row) => row.destination.startsWith('libvirt=1.0.3'));
    expect(withPeer.changedCells).toBe(oldDestination.filter((row) => row.baseline !== null).length);
    for (const row of withPeer.rows) {
      const before = plain.rows.find((r) => r.source === row.source && r.destination === row.destination);
      if (row.destination.startsWith('libvirt=1.0.3') && before?.error?.code !== 'refused-old') {
        expect(row.error?.code).toBe('refused-old');
        expect(row.changed).toBe(true);
        expect(row.baseline).toEqual({ result: before?.result, storage: before?.storage, error: before?.error ?? null, findings: before?.findings });
      } else {
        expect(row.changed).toBe(false);
      }
    }
    const text = await runCli(['matrix', '--libvirt', '1.0.3,9.0.0', '--qemu', '7.2.0', '--copy-storage', 'all', '--peer', peer]);
    expect(text.stdout).toMatch(/peer plug-in 'refuses old destinations' changes \d+ of 4 cells against libvirt's own peers \(policy libvirt\)/);
  });

  it('fuzz --target all --peer says what the cookie target does with it', async () => {
    const run = await runCli(['fuzz', '--target', 'all', '--runs', '20', '--peer', peer, '--out', mkdtempSync(join(tmpdir(), 'migsim-peer-fuzz-'))]);
    expect(run.stderr).toContain("--peer 'refuses old destinations' takes part in the handshake target only; the cookie target fuzzes libvirt's own cookie codec without it");
  });
});
