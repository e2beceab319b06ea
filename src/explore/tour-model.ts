// The guided tour's facts: the five review cases as pairs of states (2013 and today), where the
// page is in the tour, and the four outcomes a student can expect. Each outcome shown comes from
// a simulated run; this file only names them.
import type { HandshakeOutcome } from '../sim/handshake/run.js';
import { reviewPairs, type Era, type ReviewPair } from '../sim/review-cases.js';
import type { ExploreState } from './state.js';

export type Guess = 'nbd' | 'legacy' | 'none' | 'failed';

export const guesses: readonly (readonly [Guess, string])[] = [
  ['nbd', 'NBD mirror'], ['legacy', 'Old block migration (blk/inc)'], ['none', 'Nothing copied'], ['failed', 'It fails'],
];

export function guessOf(outcome: HandshakeOutcome): Guess {
  return outcome.result === 'failed' ? 'failed' : outcome.storage;
}

export const eraName: Readonly<Record<Era, string>> = { then: '2013', today: 'Today' };

/** The state showing one case and era: its sides, copying all storage, in regular mode. */
export function pairState(pair: ReviewPair, era: Era): Pick<ExploreState, 'source' | 'target' | 'storage' | 'mode' | 'edits' | 'open'> {
  const [source, target] = pair[era];
  return { source, target, storage: 'all', mode: 'regular', edits: [], open: null };
}

export interface TourPosition {
  readonly index: number;
  readonly pair: ReviewPair;
  readonly era: Era;
}

/** The case and era the state shows, if it is one of the tour's (any policy or seed). */
export function tourPosition(state: Pick<ExploreState, 'source' | 'target' | 'storage' | 'mode'>): TourPosition | null {
  if (state.storage !== 'all' || state.mode !== 'regular') return null;
  for (const [index, pair] of reviewPairs.entries()) {
    for (const era of ['then', 'today'] as const) {
      if (pair[era][0] === state.source && pair[era][1] === state.target) return { index, pair, era };
    }
  }
  return null;
}

/** The first screen of a page opened without a link: case 1 as libvirt shipped it in 2013, before its first phase. */
export function tourStart(base: ExploreState): ExploreState {
  const first = reviewPairs[0];
  return first ? { ...base, ...pairState(first, 'then'), step: 0, at: null } : base;
}
