// Goal: the CI templates of examples/ci/ work as written. There is no YAML parser among the
// dependencies, so the test reads the files as text: every `npx migsim ...` command line (and the
// `mkdir -p` lines that prepare its folders) is taken out with a regular expression, its variables
// are expanded from the file's own `variables:`/`env:` block and the CI's (the shard 1, then 2),
// `--time 60s` becomes `--runs 30`, its paths point into a scratch folder standing for the
// designer's checkout, and it runs through the real CLI in-process. Each command must exit 0, and
// the merge job must see both shards and gather a corpus that seeds the next run.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzSchema, type FuzzJson } from '../../src/cli/schemas/fuzz.js';
import { runCli } from '../support/cli.js';
import { projectRoot, readProjectFile } from '../support/corpus.js';

/** A commit hash standing for the CI's (CI_COMMIT_SHA, github.sha). */
const commit = '3f6c1e2d9a8b7c6d5e4f30211a2b3c4d5e6f7a8b';
const runsPerTarget = '30';

/** A step of a job as the test runs it: folders to create, or a migsim command (the text after `npx migsim`). */
interface Step {
  readonly kind: 'mkdir' | 'migsim';
  readonly text: string;
}

/** Shell-like words: split on blanks outside quotes, quotes removed. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | null = null;
  let inWord = false;
  for (const char of line) {
    if (quote !== null) {
      if (char === quote) quote = null;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) throw new Error(`unbalanced quote in: ${line}`);
  if (inWord) words.push(word);
  return words;
}

/** The command up to the first shell operator or comment outside quotes (`|| status=$?`, `&& ...`, `; ...`, `# ...`). */
function commandPart(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if ((char === '|' || char === '&' || char === ';' || char === '#') && (i === 0 || /\s/.test(text[i - 1] ?? ' '))) {
      return text.slice(0, i).trim();
    }
  }
  return text.trim();
}

/** `KEY: value` pairs of a top-level block (`variables:` in GitLab, `env:` in GitHub Actions). */
function topLevelBlock(yaml: string, key: string): Record<string, string> {
  const lines = yaml.split('\n');
  const start = lines.findIndex((line) => line === `${key}:`);
  const out: Record<string, string> = {};
  if (start < 0) return out;
  for (const line of lines.slice(start + 1)) {
    if (!/^\s/.test(line) && line.trim() !== '') break;
    const match = /^\s+([A-Za-z_][A-Za-z0-9_]*):\s*(.*?)\s*(?:#.*)?$/.exec(line);
    if (match?.[1] !== undefined) out[match[1]] = (match[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** The mkdir and migsim steps of some YAML text, in order; comment lines are skipped. */
function steps(yaml: string): Step[] {
  const out: Step[] = [];
  for (const line of yaml.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    const migsim = /\bnpx migsim\s+(.*)$/.exec(line);
    if (migsim) {
      out.push({ kind: 'migsim', text: commandPart(migsim[1] ?? '') });
      continue;
    }
    for (const mkdir of line.matchAll(/\bmkdir -p\s+([^;&|#\n]+)/g)) out.push({ kind: 'mkdir', text: (mkdir[1] ?? '').trim() });
  }
  return out;
}

/** GitHub's `${{ expr }}`, replaced in the text before the shell reads it, as the runner does. */
function expressionsIn(text: string, expressions: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (whole, expr: string) => expressions[expr] ?? whole);
}

/** A shell word with `${VAR}` and `$VAR` expanded (values may name further variables or expressions); an unknown one fails the test. */
function expand(word: string, expressions: Readonly<Record<string, string>>, variables: Readonly<Record<string, string>>): string {
  let text = word;
  for (let round = 0; round < 5; round += 1) {
    const next = expressionsIn(text, expressions)
      .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced: string | undefined, bare: string | undefined) => variables[braced ?? bare ?? ''] ?? whole);
    if (next === text) break;
    text = next;
  }
  if (text.includes('$')) throw new Error(`the test does not know a variable in '${word}' (expanded: '${text}')`);
  return text;
}

/** Relative paths of the checkout, as paths in the scratch folder; a glob such as fuzz-out/* is expanded there. */
function inCheckout(path: string, checkout: string): string[] {
  if (isAbsolute(path)) return [path];
  if (!path.includes('*')) return [join(checkout, path)];
  const folder = join(checkout, dirname(path));
  const pattern = new RegExp(`^${path.split('/').pop()?.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') ?? ''}$`);
  return existsSync(folder) ? readdirSync(folder).filter((name) => pattern.test(name)).sort().map((name) => join(folder, name)) : [];
}

const pathFlags = new Set(['--out', '--junit', '--corpus', '--peer']);

/** A migsim command as the test runs it: small budget, paths in the checkout, merge's DIR... globbed. */
function prepared(words: readonly string[], checkout: string): string[] {
  const args: string[] = [];
  const merge = words[0] === 'fuzz' && words[1] === 'merge';
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    if (word === '--time') {
      expect(words[i + 1], 'the template budget is --time 60s').toBe('60s');
      args.push('--runs', runsPerTarget);
      i += 1;
    } else if (pathFlags.has(word)) {
      args.push(word, ...inCheckout(words[i + 1] ?? '', checkout));
      i += 1;
    } else if (merge && i > 1 && !word.startsWith('-') && !pathFlags.has(words[i - 1] ?? '')) {
      args.push(...inCheckout(word, checkout));
    } else {
      args.push(word);
    }
  }
  return args;
}

interface Template {
  readonly file: string;
  /** The variables block of the file. */
  readonly block: string;
  /** What the CI provides, for shard k of the two the test runs. */
  readonly ci: (k: number) => { readonly expressions: Record<string, string>; readonly variables: Record<string, string>; readonly env: Record<string, string> };
  /** N of the shards' K/N. */
  readonly total: number;
}

const templates: readonly Template[] = [
  {
    file: 'examples/ci/gitlab-ci.yml', block: 'variables', total: 2,
    // parallel: 4 in the file; two of two here, so that the merge sees a whole split.
    ci: (k) => ({ expressions: {}, variables: { CI_NODE_INDEX: String(k), CI_NODE_TOTAL: '2', CI_COMMIT_SHA: commit }, env: { CI_NODE_INDEX: String(k), CI_NODE_TOTAL: '2' } }),
  },
  {
    file: 'examples/ci/github-actions.yml', block: 'env', total: 4,
    ci: (k) => ({ expressions: { 'matrix.shard': String(k), 'github.sha': commit }, variables: {}, env: {} }),
  },
];

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A designer's checkout: peers/my-peer.ts is the port-checking example plug-in. */
function checkout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migsim-ci-'));
  scratch.push(dir);
  mkdirSync(join(dir, 'peers'));
  writeFileSync(join(dir, 'peers', 'my-peer.ts'), `export { default } from '${join(projectRoot, 'examples/peers/port-checking-source.ts')}';\n`);
  return dir;
}

const summaryAt = (dir: string): FuzzJson => fuzzSchema.parse(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')));

async function runSteps(list: readonly Step[], dir: string, ci: ReturnType<Template['ci']>, variables: Readonly<Record<string, string>>): Promise<{ args: string[]; stdout: string; stderr: string }[]> {
  const all = { ...variables, ...ci.variables };
  const runs: { args: string[]; stdout: string; stderr: string }[] = [];
  for (const step of list) {
    const words = shellWords(expressionsIn(step.text, ci.expressions)).map((word) => expand(word, ci.expressions, all));
    if (step.kind === 'mkdir') {
      for (const word of words) for (const path of inCheckout(word, dir)) mkdirSync(path, { recursive: true });
      continue;
    }
    const args = prepared(words, dir);
    const run = await runCli(args, undefined, ci.env);
    expect(run.code, `npx migsim ${args.join(' ')}\n${run.stderr}`).toBe(0);
    runs.push({ args, stdout: run.stdout, stderr: run.stderr });
  }
  return runs;
}

describe('the CI templates of examples/ci', () => {
  it('the extraction finds commands, mkdir lines and quoted words as a shell would', () => {
    expect(shellWords(`fuzz --out "fuzz-out/$CI_NODE_INDEX" --seed 'a b' x`)).toEqual(['fuzz', '--out', 'fuzz-out/$CI_NODE_INDEX', '--seed', 'a b', 'x']);
    expect(steps('  # npx migsim replay x.json\n    - npx migsim fuzz merge a/* --out b || s=$?\n    - rm -rf c && mkdir -p c d')).toEqual([
      { kind: 'migsim', text: 'fuzz merge a/* --out b' },
      { kind: 'mkdir', text: 'c d' },
    ]);
    expect(expand('$A/x', { 'github.sha': 'abc' }, { A: '${{ github.sha }}' })).toBe('abc/x');
    expect(expressionsIn('--shard ${{ matrix.shard }}/4', { 'matrix.shard': '2' })).toBe('--shard 2/4');
    expect(() => expand('"$UNKNOWN"', {}, {})).toThrow(/does not know a variable/);
    expect(topLevelBlock('variables:\n  A: 60s   # a comment\n  B: $X\njobs:\n  C: 1\n', 'variables')).toEqual({ A: '60s', B: '$X' });
  });

  it.each(templates.map((t) => [t.file, t] as const))('%s: every migsim command runs, the merge sees both shards and its corpus seeds the next run', async (_file, template) => {
    const yaml = readProjectFile(template.file);
    const variables = topLevelBlock(yaml, template.block);
    expect(variables['FUZZ_TIME']).toBe('60s');
    const cut = yaml.search(/^ {0,2}fuzz-merge:/m);
    expect(cut, 'the merge job is named fuzz-merge').toBeGreaterThan(0);
    const [shardSteps, mergeSteps] = [steps(yaml.slice(0, cut)), steps(yaml.slice(cut))];
    expect(shardSteps.filter((s) => s.kind === 'migsim').map((s) => shellWords(s.text).slice(0, 2))).toEqual([['fuzz', '--time']]);
    expect(mergeSteps.filter((s) => s.kind === 'migsim').map((s) => shellWords(s.text).slice(0, 2))).toEqual([['fuzz', 'merge']]);

    const dir = checkout();
    const shardRuns: number[] = [];
    for (const k of [1, 2]) {
      const [run] = await runSteps(shardSteps, dir, template.ci(k), variables);
      expect(run?.args).toContain('--runs');
      expect(run?.args).not.toContain('--time');
      const summary = summaryAt(join(dir, 'fuzz-out', String(k)));
      expect(summary.shards).toEqual([{ index: k, total: template.total }]);
      expect(summary.failures).toBe(0);
      expect(existsSync(join(dir, 'fuzz-out', String(k), 'junit.xml'))).toBe(true);
      shardRuns.push(summary.runs);
    }

    const [merge] = await runSteps(mergeSteps, dir, template.ci(1), variables);
    expect(merge?.stdout).toContain(`shards: 1/${template.total}, 2/${template.total}\n`);
    const merged = summaryAt(join(dir, 'fuzz-merged'));
    expect(merged.shards).toEqual([{ index: 1, total: template.total }, { index: 2, total: template.total }]);
    expect(merged.runs).toBe((shardRuns[0] ?? 0) + (shardRuns[1] ?? 0));
    expect(readFileSync(join(dir, 'fuzz-merged', 'junit.xml'), 'utf8')).toContain('<testsuites name="migsim fuzz">');
    const entries = readdirSync(join(dir, 'fuzz-merged', 'corpus'));
    expect(entries.length).toBeGreaterThan(0);

    // The next run: the merged corpus is the seed corpus (the cache step), run first by each shard.
    rmSync(join(dir, 'fuzz-corpus'), { recursive: true, force: true });
    cpSync(join(dir, 'fuzz-merged', 'corpus'), join(dir, 'fuzz-corpus'), { recursive: true });
    rmSync(join(dir, 'fuzz-out'), { recursive: true, force: true });
    await runSteps(shardSteps, dir, template.ci(1), variables);
    const next = summaryAt(join(dir, 'fuzz-out', '1'));
    expect(next.runs).toBe(entries.length + Number(runsPerTarget) * next.targets.length);
  });
});
