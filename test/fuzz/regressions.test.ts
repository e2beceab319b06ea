// Goal: every shrunk case kept in corpus/regressions passes today: a bug that was found once
// stays fixed. Method: replay each case file exactly as `migsim replay` does.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromCaseJson } from '../../src/fuzz/campaign/case-file.js';
import { replayCase } from '../../src/cli/commands/replay.js';
import { projectRoot, readProjectFile } from '../support/corpus.js';

const files = readdirSync(join(projectRoot, 'corpus/regressions')).filter((f) => f.endsWith('.json')).sort();

describe('regression corpus', () => {
  it('has cases', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s passes', async (name) => {
    const read = fromCaseJson(readProjectFile(`corpus/regressions/${name}`));
    if (!read.ok) throw new Error(`${name}: ${read.path}: ${read.message}`);
    let out = '';
    const code = await replayCase(read.file, { out: (t) => void (out += t), err: () => undefined, readBytes: async () => new Uint8Array(), interactive: false, env: {} }, false);
    expect(code, out.slice(-2000)).toBe(0);
  });
});
