// Goal: `migsim fuzz` and `migsim replay` behave as documented: exit 0 with a JSON summary when
// nothing fails; on a failure exit 1, a case file, a one-line replay command with seed and path,
// JUnit XML; replay reproduces the failure; --require and --shard work; usage errors exit 2.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/corpus.js';
import { runCli } from '../support/cli.js';
import type { FuzzJson } from '../../src/cli/schemas/fuzz.js';

/** The case files a campaign wrote (beside its summary.json and corpus folder). */
function caseFiles(out: string): string[] {
  return readdirSync(out).filter((name) => name.endsWith('.json') && name !== 'summary.json');
}

describe('migsim fuzz', () => {
  it('prints a summary with runs, failures, runsPerSecond, knownFindings and coverage', async () => {
    const run = await runCli(['fuzz', '--target', 'all', '--runs', '300', '--seed', '5', '--json', '--out', mkdtempSync('/tmp/migsim-fuzz-')]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ['runs', 'failures', 'runsPerSecond', 'knownFindings', 'coverage']) expect(json).toHaveProperty(key);
    expect(json['runs']).toBe(600);
    expect(json['failures']).toBe(0);
  });

  it('stops at a failure, writes a case file and prints the replay command', async () => {
    const dir = mkdtempSync('/tmp/migsim-fuzz-');
    const peer = join(dir, 'planted.ts');
    writeFileSync(peer, `export { serverWithoutQemuSupport as default } from '${join(projectRoot, 'test/fuzz/planted.ts')}';\n`);
    const run = await runCli(['fuzz', '--target', 'handshake', '--runs', '5000', '--seed', '2026', '--peer', peer, '--out', join(dir, 'out'), '--junit', join(dir, 'junit.xml')]);
    expect(run.code).toBe(1);
    const line = run.stderr.trim().split('\n').pop() ?? '';
    expect(line).toMatch(/^npx migsim replay \S+\.json {3}# seed 2026, path [\d:]+$/);
    const files = caseFiles(join(dir, 'out'));
    expect(files).toHaveLength(1);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<failure message="');
    const replay = await runCli(['replay', join(dir, 'out', files[0] ?? '')]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('replay: FAILS [');
  });

  it('reports a plug-in that keeps state between cases as stateful, with both runs in the case file', async () => {
    const dir = mkdtempSync('/tmp/migsim-fuzz-');
    const peer = join(dir, 'stateful.mjs');
    // A cache that fills up: after 30 Finish calls the destination stops stopping its NBD server.
    writeFileSync(peer, `let finishes = 0;
export default {
  name: 'stateful leak',
  target: (libvirt) => ({ ...libvirt, finish: (ctx, state, cookie, cancelled) => {
    const outcome = libvirt.finish(ctx, state, cookie, cancelled);
    finishes += 1;
    if (finishes < 30 || !outcome.ok) return outcome;
    return { ...outcome, effects: outcome.effects.filter((e) => e.kind !== 'nbd-server-stop') };
  } }),
};
`);
    const run = await runCli(['fuzz', '--target', 'handshake', '--runs', '5000', '--seed', '3', '--peer', peer, '--out', join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the plug-in is stateful');
    const files = caseFiles(join(dir, 'out'));
    const file = JSON.parse(readFileSync(join(dir, 'out', files[0] ?? ''), 'utf8')) as { stateful?: { inCampaign: unknown[]; alone: unknown[] } };
    expect(file.stateful?.inCampaign.length).toBeGreaterThan(0);
    expect(file.stateful?.alone).toEqual([]);
  });

  it('fails when required coverage was not reached', async () => {
    const run = await runCli(['fuzz', '--target', 'cookie', '--runs', '50', '--require', 'phase:never', '--out', mkdtempSync('/tmp/migsim-fuzz-')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('MISSING required coverage: phase:never');
  });

  it('judges TARGET/KIND:ITEM by that target alone under --target all', async () => {
    // phase:all is the cookie target's (a cookie parsed for every phase); no handshake reaches it.
    const ok = await runCli(['fuzz', '--runs', '60', '--require', 'phase:all,cookie/phase:all,handshake/phase:begin', '--json', '--out', mkdtempSync('/tmp/migsim-fuzz-')]);
    expect(ok.code).toBe(0);
    const summary = JSON.parse(ok.stdout) as FuzzJson;
    expect(summary.targets.find((t) => t.target === 'cookie')?.coverage?.['phase']?.['all']).toBeGreaterThan(0);
    expect(summary.targets.find((t) => t.target === 'handshake')?.coverage?.['phase']?.['all']).toBeUndefined();
    const missed = await runCli(['fuzz', '--runs', '60', '--require', 'handshake/phase:all', '--out', mkdtempSync('/tmp/migsim-fuzz-')]);
    expect(missed.code).toBe(1);
    expect(missed.stdout).toContain('MISSING required coverage: handshake/phase:all');
  });

  it('splits a campaign into shards with distinct cases', async () => {
    const one = await runCli(['fuzz', '--target', 'handshake', '--runs', '200', '--seed', '9', '--shard', '1/2', '--json', '--out', mkdtempSync('/tmp/migsim-fuzz-')]);
    const two = await runCli(['fuzz', '--target', 'handshake', '--runs', '200', '--seed', '9', '--shard', '2/2', '--json', '--out', mkdtempSync('/tmp/migsim-fuzz-')]);
    expect(JSON.parse(one.stdout)['seed']).not.toBe(JSON.parse(two.stdout)['seed']);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['--target', 'kernel'], ['--time', 'soon'], ['--runs', 'many'], ['--shard', '3/2'], ['--peer', '/nonexistent.ts']]) {
      expect((await runCli(['fuzz', ...args])).code, args.join(' ')).toBe(2);
    }
    expect(existsSync('artifacts/fuzz/never')).toBe(false);
  });
});
