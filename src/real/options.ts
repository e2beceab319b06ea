// Where a harness lives when the user does not say: --dir, else MIGSIM_REAL_DIR, else
// <tmpdir>/migsim-real. Every command of one harness (up, run, status, down - possibly from
// different processes) finds it the same way.
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fail, ok, type RealResult } from './errors.js';

export const scratchVariable = 'MIGSIM_REAL_DIR';

/**
 * The path goes into config files, mount tables and kernel command lines: keep it plain (letters,
 * digits, _ . / -), never / itself and never through `..`.
 */
export function plainPath(path: string): boolean {
  return /^[A-Za-z0-9_./-]+$/.test(path) && path !== '/' && !path.split('/').includes('..');
}

export function scratchDirectory(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): RealResult<string> {
  const chosen = flag ?? env[scratchVariable] ?? join(tmpdir(), 'migsim-real');
  const path = isAbsolute(chosen) ? chosen : resolve(chosen);
  // --dir is checked as it is read (src/cli/real-flags.ts); MIGSIM_REAL_DIR and the default only here.
  const named = flag !== undefined ? '--dir' : env[scratchVariable] !== undefined ? scratchVariable : 'the default directory';
  if (!plainPath(path)) return fail('scenario-invalid', `${named} ${chosen}: use a plain absolute path (letters, digits, _ . / -)`);
  return ok(path);
}
