// Goal: docs/errors.md lists every error code of every layer, exactly as the catalogues say.
// Method: regenerate the table and compare; check that each catalogue covers its code union.
import { describe, expect, it } from 'vitest';
import { cookieErrorCatalog, cookieErrorCodes } from '../src/model/cookie/index.js';
import { errorCatalogSections } from '../src/errors/sections.js';
import { errorsMarkdown } from '../src/errors/markdown.js';
import { readProjectFile } from './support/corpus.js';

describe('docs/errors.md', () => {
  it('is up to date (regenerate with: npx tsx scripts/docs-errors.ts)', () => {
    expect(readProjectFile('docs/errors.md')).toBe(errorsMarkdown());
  });

  it('has one row for every cookie error code', () => {
    expect(cookieErrorCatalog.map((e) => e.code).sort()).toEqual([...cookieErrorCodes].sort());
  });

  it('has no code twice across layers', () => {
    const codes = errorCatalogSections.flatMap((s) => s.entries.map((e) => e.code));
    expect(codes.length).toBe(new Set(codes).size);
  });
});
