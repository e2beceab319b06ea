// Reading the hosts' files from the root namespace: a log from an offset (the part one run
// wrote), bounded by logBytesMax, and libvirt's pid files.
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { limits } from './constants.js';

export async function sizeOf(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

export async function readFrom(path: string, offset: number): Promise<string> {
  const file = await open(path, 'r').catch(() => null);
  if (file === null) return '';
  try {
    const length = Math.max(0, Math.min((await file.stat()).size - offset, limits.logBytesMax));
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, offset);
    return buffer.toString('utf8');
  } finally {
    await file.close();
  }
}

export async function readPid(path: string): Promise<number | null> {
  const text = await readFrom(path, 0);
  return /^\d+\s*$/.test(text) ? Number(text) : null;
}

/** Both hosts' log slices of one run, for `--logs DIR`. */
export async function writeLogSlices(directory: string, source: string, target: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'source.log'), source);
  await writeFile(join(directory, 'target.log'), target);
}
