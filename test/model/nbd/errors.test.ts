// Goal: the NBD error catalogue (the source of docs/errors.md rows) lists every code the NBD
// layer can return, once, attributed to the NBD layer with a source to check it against.
import { describe, expect, it } from 'vitest';
import { nbdErrorCatalog, nbdErrorCodes } from '../../../src/model/nbd/index.js';

describe('NBD error catalogue', () => {
  it('has one entry per code, raised by nbd, each with a message and a source', () => {
    expect(nbdErrorCatalog.map((e) => e.code).sort()).toEqual([...nbdErrorCodes].sort());
    for (const entry of nbdErrorCatalog) {
      expect(entry.raisedBy).toBe('nbd');
      expect(entry.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(entry.message.length).toBeGreaterThan(0);
      expect(entry.source.length).toBeGreaterThan(0);
    }
  });
});
