// `fuzz --corpus DIR`: seed cookies (*.xml, mutated by the cookie target) and corpus entries
// (*.json, cases an earlier campaign kept because they reached new coverage: a shard's
// OUT/corpus or the folder `fuzz merge` gathered). Entries are read through their schema; one
// that is not an entry is a usage error naming the file, since a seed corpus is the user's input.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fromCorpusEntryJson, type CorpusEntry } from '../fuzz/campaign/corpus-entry.js';
import { reason, UsageError } from './io.js';

/** Files read at most from all --corpus folders together, and bytes per file. */
export const corpusFilesMax = 20_000;
export const corpusFileBytesMax = 4 * 1024 * 1024;

export interface SeedCorpus {
  readonly cookies: readonly string[];
  readonly entries: readonly CorpusEntry[];
}

export async function readSeedCorpus(dirs: readonly string[], flag: string): Promise<SeedCorpus> {
  const cookies: string[] = [];
  const entries: CorpusEntry[] = [];
  let files = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.xml') || n.endsWith('.json')).sort();
    } catch (error) {
      throw new UsageError(`--${flag}: cannot read ${dir}: ${reason(error)}`, 'cannot-read');
    }
    for (const name of names) {
      files += 1;
      if (files > corpusFilesMax) throw new UsageError(`--${flag}: more than ${corpusFilesMax} corpus files; give fewer folders`, 'bad-value');
      const path = join(dir, name);
      let text: string;
      try {
        if ((await stat(path)).size > corpusFileBytesMax) throw new Error(`larger than ${corpusFileBytesMax} bytes`);
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw new UsageError(`--${flag}: cannot read ${path}: ${reason(error)}`, 'cannot-read');
      }
      if (name.endsWith('.xml')) {
        cookies.push(text);
        continue;
      }
      const read = fromCorpusEntryJson(text);
      if (!read.ok) throw new UsageError(`--${flag}: ${path} is not a migsim corpus entry: ${read.message}`, 'bad-value');
      entries.push(read.entry);
    }
  }
  return { cookies, entries };
}
