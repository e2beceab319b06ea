// Goal: case files are checked before use and never make replay run code on their own. Every
// case the arbitraries can make is a valid case file (so a campaign can always write its
// failure), old files in corpus/regressions still read, a bad field is named by its path, and a
// recorded plug-in is loaded only while its SHA-256 matches. Method: sample the arbitraries
// through the schema; read the corpus; replay files whose peer matches, changed, or is given by
// --peer.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cookieCaseArbitrary } from '../../src/fuzz/arbitraries/cookie-case.js';
import { handshakeCaseArbitrary } from '../../src/fuzz/arbitraries/handshake-case.js';
import { checkedCaseFile, fromCaseJson, sha256Hex, toCaseJson } from '../../src/fuzz/campaign/case-file.js';
import { libvirtPolicy, strictPolicy } from '../../src/model/policy.js';
import { projectRoot, readProjectFile } from '../support/corpus.js';
import { runCli } from '../support/cli.js';

const draft = (target: 'cookie' | 'handshake', item: unknown): Record<string, unknown> => ({
  migsimCase: 1, target, seed: 7, path: '1:2', policies: [libvirtPolicy, strictPolicy], peer: null, decisionTable: true, case: item, failures: [{ oracle: 'x', message: 'y' }],
});

describe('case files', () => {
  it('describe every case the arbitraries make, and read back equal (64-bit numbers included)', () => {
    const cases = [
      ...fc.sample(cookieCaseArbitrary(3), { numRuns: 300, seed: 11 }).map((item) => ['cookie', item] as const),
      ...fc.sample(handshakeCaseArbitrary(2), { numRuns: 300, seed: 12 }).map((item) => ['handshake', item] as const),
    ];
    for (const [target, item] of cases) {
      const read = checkedCaseFile(draft(target, item));
      if (!read.ok) throw new Error(`${read.path}: ${read.message} in ${toCaseJson(draft(target, item)).slice(0, 400)}`);
      expect(read.file.case).toEqual(item);
    }
  });

  it('keeps the regression corpus readable (files from before readyTimeoutMs read it as null)', () => {
    const files = readdirSync(join(projectRoot, 'corpus/regressions')).filter((f) => f.endsWith('.json'));
    for (const name of files) {
      const read = fromCaseJson(readProjectFile(`corpus/regressions/${name}`));
      expect(read.ok, name).toBe(true);
      if (read.ok) for (const policy of read.file.policies) expect(policy.readyTimeoutMs === null || typeof policy.readyTimeoutMs === 'number').toBe(true);
    }
  });

  it('names the bad field', () => {
    const base = draft('handshake', JSON.parse(readProjectFile('corpus/regressions/lost-finish-reply.json'))['case']);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, migsimCase: 2 }, 'migsimCase'],
      [{ ...base, target: 'kernel' }, 'target'],
      [{ ...base, policies: [{ ...libvirtPolicy, fallback: 'maybe' }] }, 'policies[0].fallback'],
      [{ ...base, peer: { path: 'relative.js', sha256: '0'.repeat(64) } }, 'peer.path'],
      [{ ...base, case: { ...(base['case'] as object), copyStorage: 'most' } }, 'case.copyStorage'],
      [{ ...base, extra: true }, '(the whole file)'],
    ];
    for (const [file, path] of cases) {
      const read = fromCaseJson(JSON.stringify(file));
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.path, JSON.stringify(read)).toBe(path);
    }
  });
});

describe('replay and the recorded plug-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migsim-case-'));
  const peer = join(dir, 'peer.mjs');
  writeFileSync(peer, "export default { name: 'noop peer' };\n");
  const base = JSON.parse(readProjectFile('corpus/regressions/lost-finish-reply.json')) as Record<string, unknown>;
  const write = (name: string, sha256: string): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ ...base, peer: { path: peer, sha256 } }));
    return path;
  };

  it('loads it from the recorded path while the hash matches', async () => {
    const run = await runCli(['replay', write('same.json', sha256Hex(new TextEncoder().encode("export default { name: 'noop peer' };\n")))]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('refuses a changed plug-in, and takes it from --peer', async () => {
    const file = write('changed.json', 'f'.repeat(64));
    const refused = await runCli(['replay', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/has changed since the campaign .* pass the plug-in with --peer FILE/);
    const given = await runCli(['replay', file, '--peer', peer]);
    expect(given.code, given.stderr).toBe(0);
  });
});
