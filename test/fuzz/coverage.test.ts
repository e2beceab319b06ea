// Goal: a required coverage item is judged against the right coverage: `kind:item` against every
// target's, `target/kind:item` against that target's alone, and a slash inside the item (a review
// cell such as `cell:5/nbd`) is part of the item, not a target.
// Method: two targets' coverage built by hand, every way of naming an item checked.
import { describe, expect, it } from 'vitest';
import { Coverage, missingRequired, requiredItem } from '../../src/fuzz/campaign/coverage.js';

describe('required coverage', () => {
  const cookie = new Coverage();
  cookie.add(['phase:all', 'code:accepted']);
  const handshake = new Coverage();
  handshake.add(['phase:begin', 'cell:5/nbd']);
  const all = new Coverage();
  all.merge(cookie);
  all.merge(handshake);
  const byTarget = new Map([['cookie', cookie], ['handshake', handshake]]);

  it('splits a target off only before the kind', () => {
    expect(requiredItem('handshake/phase:begin')).toEqual({ target: 'handshake', item: 'phase:begin' });
    expect(requiredItem('cell:5/nbd')).toEqual({ target: null, item: 'cell:5/nbd' });
    expect(requiredItem('handshake/cell:5/nbd')).toEqual({ target: 'handshake', item: 'cell:5/nbd' });
  });

  it('judges an unqualified item by any target and a qualified one by its target alone', () => {
    expect(missingRequired(['phase:all', 'phase:begin', 'cell:5/nbd'], all, byTarget)).toEqual([]);
    expect(missingRequired(['cookie/phase:all', 'handshake/phase:begin', 'handshake/cell:5/nbd'], all, byTarget)).toEqual([]);
    expect(missingRequired(['handshake/phase:all', 'cookie/phase:begin', 'phase:never'], all, byTarget)).toEqual(['handshake/phase:all', 'cookie/phase:begin', 'phase:never']);
  });

  it('counts a target with no coverage on record as having reached nothing', () => {
    expect(missingRequired(['handshake/phase:begin'], all, new Map())).toEqual(['handshake/phase:begin']);
  });
});
