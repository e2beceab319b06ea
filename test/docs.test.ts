// Goal: docs/errors.md lists every error code of every layer, exactly as the catalogues say.
// Method: regenerate the table and compare; check that each catalogue covers its code union.
import { describe, expect, it } from 'vitest';
import { cookieErrorCatalog, cookieErrorCodes } from '../src/model/cookie/index.js';
import { errorCatalogSections } from '../src/errors/sections.js';
import { errorsMarkdown } from '../src/errors/markdown.js';
import { realErrorCatalog, realErrorCodes } from '../src/real/errors.js';
import { readProjectFile } from './support/corpus.js';

describe('docs/errors.md', () => {
  it('is up to date (regenerate with: npx tsx scripts/docs-errors.ts)', () => {
    expect(readProjectFile('docs/errors.md')).toBe(errorsMarkdown());
  });

  it('has one row for every cookie error code', () => {
    expect(cookieErrorCatalog.map((e) => e.code).sort()).toEqual([...cookieErrorCodes].sort());
  });

  it('has one row for every real harness code, and the real harness codes in the table', () => {
    expect(realErrorCatalog.map((e) => e.code).sort()).toEqual([...realErrorCodes].sort());
    const codes = errorCatalogSections.flatMap((s) => s.entries.map((e) => e.code));
    for (const code of realErrorCodes) expect(codes, code).toContain(code);
  });

  it('has no code twice across layers', () => {
    const codes = errorCatalogSections.flatMap((s) => s.entries.map((e) => e.code));
    expect(codes.length).toBe(new Set(codes).size);
  });
});
