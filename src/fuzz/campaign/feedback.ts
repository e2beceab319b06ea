// Coverage feedback for the campaign (as AFL and libFuzzer keep inputs that found new edges): a
// case that reaches a `kind:item` no earlier case reached joins a bounded corpus, and later cases
// are now and then made by splicing a fresh case into a corpus entry (one field or feature group
// of the fresh case replaces the entry's). Entries are chosen rare cells first: an entry is scored
// by how often the campaign has seen the rarest item it brought, so the corners of the space are
// revisited while the common ones take care of themselves. Deterministic for a seed: the corpus
// grows in the order cases run.
import type { Coverage } from './coverage.js';

/** Entries kept at most (the oldest common one goes first). */
export const feedbackCorpusMax = 256;
/** Entries a splice chooses from: the rarest ones. */
const rarestMax = 16;

interface Entry<C> {
  readonly item: C;
  /** The items this entry was the first to reach. */
  readonly brought: readonly string[];
}

export class FeedbackCorpus<C> {
  private readonly entries: Entry<C>[] = [];

  get size(): number {
    return this.entries.length;
  }

  /** The cases kept, oldest first. */
  items(): C[] {
    return this.entries.map((entry) => entry.item);
  }

  /** Keeps `item` when it reached something new; call before the coverage counts it. */
  consider(item: C, reached: readonly string[], coverage: Coverage): void {
    const brought = reached.filter((entry) => !coverage.has(entry));
    if (brought.length === 0) return;
    this.entries.push({ item, brought });
    if (this.entries.length > feedbackCorpusMax) this.entries.splice(this.oldestCommon(coverage), 1);
  }

  /** The `pick`-th of the rarest entries, or null while the corpus is empty. */
  choose(pick: number, coverage: Coverage): C | null {
    if (this.entries.length === 0) return null;
    // Each entry's rarity once, then the rarest few (the comparator must not recompute it).
    const rarest = this.entries.map((_, index) => [this.rarity(index, coverage), index] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .slice(0, rarestMax);
    return this.entries[rarest[pick % rarest.length]?.[1] ?? 0]?.item ?? null;
  }

  /** How often the campaign has seen the rarest item the entry brought. */
  private rarity(index: number, coverage: Coverage): number {
    const entry = this.entries[index];
    return entry ? Math.min(...entry.brought.map((item) => coverage.count(item))) : Number.POSITIVE_INFINITY;
  }

  private oldestCommon(coverage: Coverage): number {
    let worst = 0;
    for (let i = 1; i < this.entries.length; i += 1) if (this.rarity(i, coverage) > this.rarity(worst, coverage)) worst = i;
    return worst;
  }
}
