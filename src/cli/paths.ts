// Output paths checked before the work that fills them: a campaign that runs for an hour must
// not find out at its end that its folder is a file. Only checks, never creates: a run that
// writes nothing leaves nothing behind.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { reason, UsageError } from './io.js';

async function kindOf(path: string): Promise<'directory' | 'file' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A folder that exists and is writable, or can be created under the nearest one that does. */
export async function checkWritableDir(path: string, flag: string): Promise<void> {
  let at = resolve(path);
  for (;;) {
    const kind = await kindOf(at);
    if (kind === 'file') throw new UsageError(`--${flag}: '${path}' is not a folder (${at} is a file); expected a folder to write into`, 'cannot-write');
    if (kind === 'directory') {
      if (!(await writable(at))) throw new UsageError(`--${flag}: '${path}' is not writable (${at}); expected a folder you can write into`, 'cannot-write');
      return;
    }
    const parent = dirname(at);
    if (parent === at) return;
    at = parent;
  }
}

/** A file path whose folder exists and is writable, and which is not itself a folder. */
export async function checkWritableFile(path: string, flag: string): Promise<void> {
  const absolute = resolve(path);
  if ((await kindOf(absolute)) === 'directory') throw new UsageError(`--${flag}: '${path}' is a folder; expected a file path`, 'cannot-write');
  const folder = dirname(absolute);
  if ((await kindOf(folder)) !== 'directory') throw new UsageError(`--${flag}: '${path}': its folder ${folder} does not exist`, 'cannot-write');
  if ((await kindOf(absolute)) === 'file' ? !(await writable(absolute)) : !(await writable(folder))) {
    throw new UsageError(`--${flag}: '${path}' is not writable`, 'cannot-write');
  }
}

export async function makeDirs(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw new Error(`cannot create ${path}: ${reason(error)}`);
  }
}
