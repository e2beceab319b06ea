// Goal: fuzzing at scale works as CI uses it (issue 12 item 8). Every run leaves OUT/summary.json
// and its new corpus entries; the shard comes from --shard or GitLab's CI_NODE_INDEX/CI_NODE_TOTAL;
// `fuzz merge` adds shards up exactly (the merge of two shards equals the two shards' own counts,
// and `--workers 2` on one machine equals the two shards merged); a corpus entry seeds the next
// campaign and is run first, so that a failing entry fails the campaign at once.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FuzzJson } from '../../src/cli/schemas/fuzz.js';
import { fuzzSchema } from '../../src/cli/schemas/fuzz.js';
import { projectRoot } from '../support/corpus.js';
import { runCli, type CliRun } from '../support/cli.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'migsim-scale-'));
const summaryOf = (dir: string): FuzzJson => fuzzSchema.parse(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')));

/** The built CLI as a process (worker threads need the compiled files: npm test builds them first). */
function spawnBuilt(args: readonly string[]): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bin/migsim.js'), ...args], { cwd: projectRoot, env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

function plantedPeer(dir: string): string {
  const peer = join(dir, 'planted.ts');
  writeFileSync(peer, `export { serverWithoutQemuSupport as default } from '${join(projectRoot, 'test/fuzz/planted.ts')}';\n`);
  return peer;
}

describe('fuzz at scale', () => {
  it('writes its summary and its corpus entries under --out', async () => {
    const out = temp();
    const run = await runCli(['fuzz', '--runs', '200', '--seed', '11', '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(summaryOf(out)).toEqual(JSON.parse(run.stdout));
    const entries = readdirSync(join(out, 'corpus'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((name) => /^(cookie|handshake)-[0-9a-f]{16}\.json$/.test(name))).toBe(true);
  });

  it('takes the shard from CI_NODE_INDEX/CI_NODE_TOTAL, and --shard over them', async () => {
    const fromEnv = await runCli(['fuzz', '--runs', '20', '--seed', '4', '--out', temp(), '--json'], undefined, { CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3' });
    const given = await runCli(['fuzz', '--runs', '20', '--seed', '4', '--out', temp(), '--json', '--shard', '2/3']);
    const over = await runCli(['fuzz', '--runs', '20', '--seed', '4', '--out', temp(), '--json', '--shard', '1/3'], undefined, { CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3' });
    const [a, b, c] = [fromEnv, given, over].map((run) => JSON.parse(run.stdout) as FuzzJson);
    expect(a?.shards).toEqual([{ index: 2, total: 3 }]);
    expect(a?.seed).toBe(b?.seed);
    expect(c?.shards).toEqual([{ index: 1, total: 3 }]);
    const bad = await runCli(['fuzz', '--runs', '20', '--out', temp()], undefined, { CI_NODE_INDEX: '0', CI_NODE_TOTAL: '3' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^migsim fuzz: CI_NODE_INDEX='0' and CI_NODE_TOTAL='3' do not make a shard/);
  });

  it('reads back every seed it prints (a commit hash seed is up to 16 digits) and takes --junit inside an --out it creates', async () => {
    const out = join(temp(), 'new', 'shard');
    const first = await runCli(['fuzz', '--runs', '5', '--seed', 'fedcba9876543210fedcba9876543210fedcba98', '--out', out, '--junit', join(out, 'junit.xml'), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const seed = (JSON.parse(first.stdout) as FuzzJson).seed;
    expect(String(seed)).toHaveLength(16);
    const again = await runCli(['fuzz', '--runs', '5', '--seed', String(seed), '--out', out, '--json']);
    expect((JSON.parse(again.stdout) as FuzzJson).seed).toBe(seed);
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
  });

  it('merges shards exactly, gathers their corpora once each, and says when a shard is missing', async () => {
    const [one, two, merged] = [temp(), temp(), temp()];
    await runCli(['fuzz', '--runs', '150', '--seed', '8', '--shard', '1/3', '--out', one]);
    await runCli(['fuzz', '--runs', '150', '--seed', '8', '--shard', '2/3', '--out', two]);
    const run = await runCli(['fuzz', 'merge', one, two, one.replace(/$/, ''), '--out', merged, '--json', '--junit', join(merged, 'junit.xml')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('shard 1/3 given more than once');
    expect(run.stderr).toContain('shard 3/3 missing');
    const [a, b] = [summaryOf(one), summaryOf(two)];
    const json = JSON.parse(run.stdout) as FuzzJson;
    expect(json.runs).toBe(2 * a.runs + b.runs);
    expect(json.coverage['phase']?.['begin']).toBe(2 * (a.coverage['phase']?.['begin'] ?? 0) + (b.coverage['phase']?.['begin'] ?? 0));
    const corpus = new Set([...readdirSync(join(one, 'corpus')), ...readdirSync(join(two, 'corpus'))]);
    expect(new Set(readdirSync(join(merged, 'corpus')))).toEqual(corpus);
    expect(readFileSync(join(merged, 'junit.xml'), 'utf8')).toContain(`name="${json.targets[0]?.runs ?? -1} cases"`);
    // Each target's own coverage is added up too, and --require TARGET/KIND:ITEM is judged on it.
    const own = (s: FuzzJson, target: string): number => s.targets.find((t) => t.target === target)?.coverage?.['phase']?.['all'] ?? 0;
    expect(own(json, 'cookie')).toBe(2 * own(a, 'cookie') + own(b, 'cookie'));
    expect(own(json, 'cookie')).toBeGreaterThan(0);
    const required = await runCli(['fuzz', 'merge', one, two, '--require', 'cookie/phase:all,handshake/phase:all', '--json']);
    expect(required.code).toBe(1);
    expect((JSON.parse(required.stdout) as FuzzJson).missingCoverage).toEqual(['handshake/phase:all']);
  });

  it('runs a seed corpus first: a merged corpus seeds the next campaign, a failing entry fails it at once', async () => {
    const first = temp();
    await runCli(['fuzz', '--target', 'handshake', '--runs', '100', '--seed', '5', '--out', first]);
    const entries = readdirSync(join(first, 'corpus')).length;
    const seeded = await runCli(['fuzz', '--target', 'handshake', '--runs', '10', '--corpus', join(first, 'corpus'), '--out', temp(), '--json']);
    expect(seeded.code).toBe(0);
    expect((JSON.parse(seeded.stdout) as FuzzJson).runs).toBe(entries + 10);

    const dir = temp();
    const peer = plantedPeer(dir);
    const found = await runCli(['fuzz', '--target', 'handshake', '--runs', '5000', '--seed', '2026', '--peer', peer, '--out', join(dir, 'found')]);
    expect(found.code).toBe(1);
    const caseName = readdirSync(join(dir, 'found')).find((name) => name.endsWith('.json') && name !== 'summary.json') ?? '';
    const failing = JSON.parse(readFileSync(join(dir, 'found', caseName), 'utf8')) as { case: unknown };
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds);
    writeFileSync(join(seeds, 'handshake-failing.json'), JSON.stringify({ migsimCorpusEntry: 1, target: 'handshake', case: failing.case }));
    const again = await runCli(['fuzz', '--target', 'handshake', '--runs', '1000', '--seed', '1', '--peer', peer, '--corpus', seeds, '--out', join(dir, 'again'), '--json']);
    expect(again.code).toBe(1);
    const summary = JSON.parse(again.stdout) as FuzzJson;
    expect(summary.runs).toBe(1);
    expect(summary.failedCases[0]?.path).toBe('');
    expect(existsSync(summary.failedCases[0]?.caseFile ?? '/nonexistent')).toBe(true);
  });

  it('--workers 2 on one machine is the two shards merged', async () => {
    const [workers, one, two] = [temp(), temp(), temp()];
    const run = await spawnBuilt(['fuzz', '--workers', '2', '--target', 'handshake', '--runs', '150', '--seed', '7', '--out', workers, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as FuzzJson;
    expect(json.shards).toEqual([{ index: 1, total: 2 }, { index: 2, total: 2 }]);
    expect(summaryOf(workers)).toEqual(json);
    await runCli(['fuzz', '--target', 'handshake', '--runs', '150', '--seed', '7', '--shard', '1/2', '--out', one]);
    await runCli(['fuzz', '--target', 'handshake', '--runs', '150', '--seed', '7', '--shard', '2/2', '--out', two]);
    const merged = JSON.parse((await runCli(['fuzz', 'merge', one, two, '--json'])).stdout) as FuzzJson;
    expect(json.runs).toBe(merged.runs);
    expect(json.coverage).toEqual(merged.coverage);
    expect(json.knownFindings.map((k) => [k.oracle, k.source, k.count])).toEqual(merged.knownFindings.map((k) => [k.oracle, k.source, k.count]));
  });

  it('--workers with a failing plug-in: the failure, its case file and its replay line come through', async () => {
    const dir = temp();
    const run = await spawnBuilt(['fuzz', '--workers', '2', '--target', 'handshake', '--runs', '5000', '--seed', '2026', '--peer', plantedPeer(dir), '--out', join(dir, 'out'), '--json']);
    expect(run.code, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout) as FuzzJson;
    expect(json.failures).toBeGreaterThan(0);
    for (const failed of json.failedCases) {
      expect(existsSync(failed.caseFile ?? '/nonexistent')).toBe(true);
      expect(failed.replay).toMatch(/^npx migsim replay \S+workers\/\d\/\S+\.json/);
    }
    expect(run.stderr).toMatch(/^\[worker \d\] FAILED handshake: /m);
  });
});
