// Goal: the determinism fence holds: src/model and src/sim cannot read the wall clock, use real
// timers, draw unseeded random numbers or import Node I/O, while other layers can.
// Method: lint small probe sources as if they lived at those paths with the project's config.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './support/corpus.js';

const eslint = new ESLint({ cwd: projectRoot });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error');
}

describe('determinism lint fence', () => {
  const probes: [string, string][] = [
    ['export const x = Math.random();\n', 'no-restricted-properties'],
    ['export const x = Date.now();\n', 'no-restricted-properties'],
    ['export const x = new Date();\n', 'no-restricted-syntax'],
    ['setTimeout(() => undefined, 1);\n', 'no-restricted-globals'],
    ['export const x = performance.now();\n', 'no-restricted-globals'],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'no-restricted-imports'],
  ];
  for (const dir of ['src/model', 'src/sim']) {
    it.each(probes)(`refuses %s in ${dir}`, async (code, rule) => {
      expect(await ruleIds(code, `${projectRoot}/${dir}/probe.ts`)).toContain(rule);
    });
  }

  it('allows the same code in src/io', async () => {
    expect(await ruleIds('export const x = Date.now();\n', `${projectRoot}/src/io/probe.ts`)).toEqual([]);
  });
});
