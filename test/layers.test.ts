// Goal: `npm run lint` enforces the layers of design.md and forbids import cycles, type-only
// ones included, so a change that breaks them cannot land. Method: run the same dependency-cruiser
// command lint runs, with the project's rule file, on a small planted tree (each file a violation
// or a legal import), and on the real src/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from './support/corpus.js';

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
  readonly cycle?: readonly unknown[];
}

const depcruise = join(projectRoot, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(projectRoot, '.dependency-cruiser.cjs');

function cruise(cwd: string, target: string): Violation[] {
  const run = spawnSync(process.execPath, [depcruise, target, '--config', config, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.stdout.trim() === '') throw new Error(`depcruise printed nothing: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const planted: Readonly<Record<string, string>> = {
  'src/cli/command.ts': "export const command = 'cli';\n",
  'src/model/leak.ts': "import { command } from '../cli/command.js';\nexport const leak = command;\n",
  'src/explore/page.ts': "import { command } from '../cli/command.js';\nexport const page = command;\n",
  'src/io/socket.ts': "import type { Clock } from '../sim/clock.js';\nexport type Socket = { clock: Clock };\n",
  'src/sim/clock.ts': "export type Clock = { now: number };\n",
  'src/sim/a.ts': "import type { B } from './b.js';\nexport interface A { b?: B }\n",
  'src/sim/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
  'src/fuzz/ok.ts': "import type { Clock } from '../sim/clock.js';\nexport type Ok = Clock;\n",
  'src/unheard/x.ts': "import type { Clock } from '../sim/clock.js';\nexport type X = Clock;\n",
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
};

const tree = mkdtempSync(join(tmpdir(), 'migsim-layers-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));
for (const [path, text] of Object.entries(planted)) {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

describe('layer and cycle rules (npm run lint)', () => {
  const violations = cruise(tree, 'src');
  const found = (rule: string): string[] => violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to}`).sort();

  it('refuses an import that points up a layer', () => {
    expect(found('layer-model')).toEqual(['src/model/leak.ts → src/cli/command.ts']);
    expect(found('layer-explore')).toEqual(['src/explore/page.ts → src/cli/command.ts']);
    expect(found('layer-io')).toEqual(['src/io/socket.ts → src/sim/clock.ts']);
  });

  it('refuses a cycle made only of type imports', () => {
    // A cycle is reported once, from the module where the walk found it.
    expect(found('no-circular')).toEqual(['src/sim/a.ts → src/sim/b.ts']);
  });

  it('refuses a folder that is no layer, and allows a legal import', () => {
    expect(found('known-layer')).toEqual(['src/unheard/x.ts → src/sim/clock.ts']);
    expect(violations.some((v) => v.from === 'src/fuzz/ok.ts')).toBe(false);
  });

  it('finds nothing in the project itself', () => {
    expect(cruise(projectRoot, 'src')).toEqual([]);
  });
});
