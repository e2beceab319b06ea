// Where migsim's own files are, whichever way it runs: compiled (dist/cli/*.js in an installed
// package or a built checkout) or from source (src/cli/*.ts under vitest or tsx). Both sit two
// folders below the package root, so data shipped with the package (the seed cookie corpus, the
// prebuilt explorer page, package.json) is found from there, never from the current folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A path inside the package, for data it ships. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot, ...parts);
}

/** The built-in seed cookies of the cookie fuzzer. */
export const builtinCorpusDir = packagePath('corpus', 'cookies', 'valid');

/** The explorer as one offline page, bundled by `npm run build` (scripts/build-explorer.ts). */
export const explorerPagePath = packagePath('dist', 'explore', 'index.html');

let version: string | null = null;

/** The package's version, read once from its package.json. */
export function packageVersion(): string {
  if (version === null) {
    const parsed = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: unknown };
    version = typeof parsed.version === 'string' ? parsed.version : '0.0.0';
  }
  return version;
}
