// Goal: docs/fuzz.md names every oracle the code can report. Method: take the names out of the
// sources the way a reader would find them - the string literal after `oracle:`, `fail(` (the
// handshake and say-vs-do oracles) or `finding(` (the end-of-run invariants) in src/fuzz and
// src/sim/handshake/invariants.ts - cross-check them against the invariant catalogue and the
// planted bugs' oracles, and require each in the document as `name` (in backquotes).
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invariantCodes } from '../../src/model/migration/findings.js';
import { plantedBugs } from '../fuzz/planted.js';
import { projectRoot, readProjectFile } from '../support/corpus.js';

/** Every .ts file under a folder of the project, recursively. */
function sourcesUnder(folder: string): string[] {
  return readdirSync(join(projectRoot, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)))
    .sort();
}

const oracleLiteral = /(?:\boracle:\s*|\bfail\(\s*|\bfinding\(\s*)(['"`])([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\1/g;

/** The oracle names a source text reports. */
function oraclesIn(text: string): string[] {
  return [...text.matchAll(oracleLiteral)].map((match) => match[2] ?? '');
}

/** The names the document lacks (a name counts only in backquotes, so a longer name cannot stand in for it). */
function missingFrom(doc: string, names: readonly string[]): string[] {
  return names.filter((name) => !doc.includes(`\`${name}\``));
}

const files = [...sourcesUnder('src/fuzz'), 'src/sim/handshake/invariants.ts'];
const oracles = [...new Set(files.flatMap((file) => oraclesIn(readProjectFile(file))))].sort();
const doc = readProjectFile('docs/fuzz.md');

describe('docs/fuzz.md lists every oracle', () => {
  it('finds oracles in every form the sources write them', () => {
    const sample = [
      "judgement.failures.push({ oracle: 'brand-new', message: 'x' });",
      'this.fail("other-new", `message`);',
      "return [fail('say-so', 'target:x', 'message')];",
      "findings.push(finding('third-new', 'domain', 'message', last));",
      'fails(\'not-an-oracle\', \'begin\'); const failures = fail(oracle, resource, message);',
    ].join('\n');
    expect(oraclesIn(sample)).toEqual(['brand-new', 'other-new', 'say-so', 'third-new']);
  });

  it('extracts the oracles the code reports, invariants and planted bugs\' oracles included', () => {
    expect(files).toContain('src/fuzz/oracles/say-do.ts');
    expect(oracles.length).toBeGreaterThanOrEqual(30);
    for (const name of ['threw', 'verdict-mismatch', 'decision-table-mismatch', 'accepted-invalid-cookie', 'say-do-nbd-port', 'tls-downgrade', 'slow-parse']) {
      expect(oracles).toContain(name);
    }
    expect(oracles).toEqual(expect.arrayContaining([...invariantCodes]));
    expect(oracles).toEqual(expect.arrayContaining([...new Set(plantedBugs.flatMap((bug) => bug.caughtBy))]));
  });

  it('names each of them', () => {
    expect(missingFrom(doc, oracles)).toEqual([]);
  });

  it('would catch any one of them missing', () => {
    for (const name of oracles) {
      const without = doc.split(`\`${name}\``).join('`(removed)`');
      expect(missingFrom(without, oracles), name).toEqual([name]);
    }
  });
});
