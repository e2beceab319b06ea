// Goal: the parser gives the expected verdict on every cookie of the project's corpus: valid
// cookies of each libvirt era (including the shapes a real libvirt 9.0 pair exchanged,
// docs/evidence.md E1) parse in the phase that receives them with the right port and disks, and
// each known-bad cookie is refused with its own code. Method: corpus/cookies/manifest.json pairs
// each file with the parse context and the expected result.
import { describe, expect, it } from 'vitest';
import { cookieErrorCatalog, cookieErrorCodes, cookieToJson, parseCookie, type ParseContext } from '../../../src/model/cookie/index.js';
import { readProjectFile } from '../../support/corpus.js';

interface CorpusCase {
  readonly file: string;
  readonly context: ParseContext;
  readonly expect: { ok: true; nbd: unknown; warnings?: string[] } | { ok: false; code: string };
}

const manifest = JSON.parse(readProjectFile('corpus/cookies/manifest.json')) as { cases: CorpusCase[] };

describe('cookie corpus', () => {
  it.each(manifest.cases.map((c) => [c.file, c] as const))('%s', (_file, testCase) => {
    const result = parseCookie(readProjectFile(`corpus/cookies/${testCase.file}`), testCase.context);
    if (testCase.expect.ok) {
      expect(result.ok ? 'accepted' : result.errors).toBe('accepted');
      if (!result.ok) return;
      expect(cookieToJson(result.cookie)).toMatchObject({ nbd: testCase.expect.nbd });
      expect(result.warnings.map((w) => w.code)).toEqual(testCase.expect.warnings ?? []);
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors[0]?.code).toBe(testCase.expect.code);
      expect(result.errors[0]?.path).toMatch(/^\//);
    }
  });

  it('has a known-bad cookie for every error code', () => {
    const covered = new Set(manifest.cases.flatMap((c) => (c.expect.ok ? [] : [c.expect.code])));
    expect(cookieErrorCodes.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('accepts the strict-only cases under the libvirt policy, as libvirt does', () => {
    const strictOnly = new Set(cookieErrorCatalog.filter((e) => e.raisedBy === 'strict').map((e) => e.code));
    for (const testCase of manifest.cases) {
      if (testCase.expect.ok || !strictOnly.has(testCase.expect.code)) continue;
      const result = parseCookie(readProjectFile(`corpus/cookies/${testCase.file}`), { ...testCase.context, policy: 'libvirt' });
      expect(result.ok, testCase.file).toBe(true);
    }
  });
});
