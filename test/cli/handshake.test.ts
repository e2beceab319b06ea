// Goal: `migsim simulate|explain|matrix|tour|policies` behave as documented: the JSON shapes the
// issue names, exit codes 0/1/2, Mermaid output, the five review cases marked in the matrix,
// and --diff-policy showing only changed cells. Method: run the CLI in-process.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

describe('migsim simulate', () => {
  it('prints the documented JSON and exits 0 on completion', async () => {
    const run = await runCli(['simulate', '--source', 'libvirt=1.2.0,qemu=1.3.0', '--target', 'libvirt=1.0.2,qemu=1.3.0', '--copy-storage', 'all', '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ result: 'completed', storage: 'legacy', error: null });
    expect(Array.isArray(json['phases'])).toBe(true);
    expect((json['phases'] as { phase: string }[]).map((p) => p.phase)).toEqual(['begin', 'prepare', 'perform', 'finish', 'confirm']);
  });

  it('exits 1 with the error and its phase when the migration fails', async () => {
    const run = await runCli(['simulate', '--source', 'libvirt=12.5.0,qemu=9.2.0', '--target', 'libvirt=1.0.2,qemu=1.3.0', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      result: 'failed', error: { code: 'nbd-not-set-up', phase: 'perform', message: 'migration of non-shared disks requested but NBD is not set up' },
    });
  });

  it('prints a readable trace with cookies and a Mermaid diagram', async () => {
    const text = await runCli(['simulate', '--mode', 'p2p']);
    expect(text.stdout).toContain('BEGIN on source');
    expect(text.stdout).toContain("<nbd port='49153'>");
    expect(text.stdout).toContain('OUTCOME completed');
    const mermaid = await runCli(['simulate', '--mermaid']);
    expect(mermaid.stdout.startsWith('sequenceDiagram\n')).toBe(true);
    expect(mermaid.stdout).toContain('participant C as Client');
    expect(mermaid.stdout).toMatch(/S->>C: Begin cookie/);
  });

  it('refuses unknown versions, capabilities and policies with exit 2', async () => {
    for (const args of [['--source', 'libvirt=8.12.0,qemu=7.2.0'], ['--target', 'libvirt=9.0.0,qemu=7.2.0,-teleport'],
      ['--policy', 'nbd-gate=sometimes'], ['--copy-storage', 'most'], ['--seed', 'x y']]) {
      const run = await runCli(['simulate', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^migsim simulate: /);
    }
    expect((await runCli(['simulate', '--source', 'libvirt=8.12.0,qemu=7.2.0'])).stderr).toContain('unknown libvirt version 8.12.0');
  });

  it('reads a hypothetical profile and a policy from JSON files', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/migsim-test-');
    writeFileSync(`${dir}/next.json`, JSON.stringify({ name: 'libvirt-next', libvirt: '13.0.0', qemu: '10.0.0', hypothetical: true, behaviour: { fallback: 'legacy' } }));
    writeFileSync(`${dir}/policy.json`, JSON.stringify({ base: 'libvirt', 'nbd-gate': 'feature-bit' }));
    const run = await runCli(['simulate', '--source', `@${dir}/next.json`, '--target', 'libvirt=1.0.2,qemu=1.3.0', '--policy', `@${dir}/policy.json`, '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: 'failed', error: { code: 'block-migration-unavailable' }, scenario: { source: 'libvirt-next' } });
  });
});

describe('migsim explain, tour and policies', () => {
  it('explains a migration in plain words with the <nbd> part marked', async () => {
    const run = await runCli(['explain']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. Begin, on the source');
    expect(run.stdout).toContain("  >>   <nbd port='49153'>");
    expect(run.stdout).toContain('In the end: completed');
  });

  it('tours the five review cases', async () => {
    const run = await runCli(['tour']);
    expect(run.code).toBe(0);
    for (const name of ['old libvirt source', 'new libvirt with too-old source QEMU', 'new source to old libvirt destination', 'new libvirt with old destination QEMU', 'new to new']) {
      expect(run.stdout).toContain(name);
    }
    expect(run.stdout).toMatch(/runs: \d+ nbd, \d+ legacy/);
  });

  it('lists the policies', async () => {
    expect((await runCli(['policies'])).stdout).toContain('nbd-gate=none|feature-bit');
  });
});

describe('migsim matrix', () => {
  const small = ['--libvirt', '1.0.2,1.0.3', '--qemu', '1.2.0,1.3.0', '--copy-storage', 'all'];

  it('prints rows with the documented fields and marks the five review cases', async () => {
    const run = await runCli(['matrix', ...small, '--json']);
    const { rows, runs } = JSON.parse(run.stdout) as { rows: Record<string, unknown>[]; runs: number };
    expect(rows.length).toBe(16);
    expect(runs).toBe(16);
    for (const key of ['source', 'destination', 'copyStorage', 'result', 'storage', 'error', 'seedCase']) expect(rows[0]).toHaveProperty(key);
    const cell = (source: string, target: string) => rows.find((r) => r['source'] === source && r['destination'] === target);
    expect(cell('libvirt=1.0.2,qemu=1.3.0', 'libvirt=1.0.3,qemu=1.3.0')).toMatchObject({ seedCase: 1, storage: 'legacy' });
    expect(cell('libvirt=1.0.3,qemu=1.2.0', 'libvirt=1.0.3,qemu=1.3.0')).toMatchObject({ seedCase: 2, storage: 'legacy' });
    expect(cell('libvirt=1.0.3,qemu=1.3.0', 'libvirt=1.0.2,qemu=1.3.0')).toMatchObject({ seedCase: 3, storage: 'legacy' });
    expect(cell('libvirt=1.0.3,qemu=1.3.0', 'libvirt=1.0.3,qemu=1.2.0')).toMatchObject({ seedCase: 4, storage: 'legacy' });
    expect(cell('libvirt=1.0.3,qemu=1.3.0', 'libvirt=1.0.3,qemu=1.3.0')).toMatchObject({ seedCase: 5, storage: 'nbd', result: 'completed' });
  });

  it('shows only the cells a policy changes with --diff-policy', async () => {
    const run = await runCli(['matrix', '--libvirt', '1.0.2,12.5.0', '--qemu', '9.2.0', '--copy-storage', 'all', '--policy', 'nbd-gate=feature-bit', '--diff-policy', '--json']);
    const { rows, changedCells } = JSON.parse(run.stdout) as { rows: unknown[]; changedCells: number };
    expect(rows).toHaveLength(1);
    expect(changedCells).toBe(1);
    expect(rows[0]).toMatchObject({
      source: 'libvirt=12.5.0,qemu=9.2.0', destination: 'libvirt=1.0.2,qemu=9.2.0', error: { code: 'peer-lacks-nbd', phase: 'begin' },
      changed: true, baseline: { result: 'failed', error: { phase: 'perform' } },
    });
  });

  it('renders Markdown, CSV and the grid', async () => {
    expect((await runCli(['matrix', ...small, '--markdown'])).stdout).toMatch(/^\| source \| target \|/);
    expect((await runCli(['matrix', ...small, '--csv'])).stdout.split('\n')[0]).toBe('source,target,copyStorage,seedCase,result,storage,errorCode,phase,findings');
    const grid = await runCli(['matrix', ...small]);
    expect(grid.stdout).toContain('copy-storage all (row: source, column: target)');
    expect(grid.stdout).toContain('N nbd mirror');
  });
});
