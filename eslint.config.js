// Lint rules for migsim. The important project rule is the determinism fence: nothing under
// src/model or src/sim may read the wall clock, schedule real timers or draw unseeded random
// numbers, and src/model and src/sim may not import Node's I/O modules (they also run in the
// browser explorer). Every such value comes through the injected simulation context instead.
import tseslint from 'typescript-eslint';

const nondeterministicGlobals = [
  'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate',
  'queueMicrotask', 'performance', 'process', 'require',
].map((name) => ({ name, message: `${name} is banned in the pure core; use the injected SimContext.` }));

const nondeterministicProperties = [
  ['Math', 'random'], ['Date', 'now'], ['performance', 'now'], ['crypto', 'randomUUID'],
  ['crypto', 'getRandomValues'], ['process', 'hrtime'], ['globalThis', 'setTimeout'],
  ['globalThis', 'setInterval'], ['globalThis', 'setImmediate'],
].map(([object, property]) => ({
  object, property, message: `${object}.${property} is banned in the pure core; use the injected SimContext.`,
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'artifacts/**', 'dist/**', 'explorer-dist/**', '.dependency-cruiser.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/model/**/*.ts', 'src/sim/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...nondeterministicGlobals],
      'no-restricted-properties': ['error', ...nondeterministicProperties],
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'new Date() reads the wall clock; use the injected SimContext.',
      }],
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*', 'fs', 'net', 'os', 'path', 'child_process', 'crypto', 'timers', 'perf_hooks'],
          message: 'src/model and src/sim are pure: no Node I/O modules.' }],
      }],
    },
  },
);
