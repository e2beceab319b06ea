// Coverage that means something for this protocol: which phases, error codes, fallback cells
// (review case × storage path), policies, modes and fault kinds a campaign reached, counted by
// `kind:item` keys. `--require` names items that must be hit, or the campaign fails: `kind:item`
// by any target, or `target/kind:item` by that target alone (`phase` and `code` items are
// reported by both targets, and a cookie case parsed as Confirm is no handshake reaching Confirm).

export class Coverage {
  private readonly counts = new Map<string, number>();

  /** Coverage as byKind() wrote it (a shard's summary), to merge and print. */
  static fromByKind(byKind: Readonly<Record<string, Readonly<Record<string, number>>>>): Coverage {
    const coverage = new Coverage();
    for (const [kind, items] of Object.entries(byKind)) {
      for (const [item, count] of Object.entries(items)) coverage.counts.set(kind === 'other' ? item : `${kind}:${item}`, count);
    }
    return coverage;
  }

  add(items: readonly string[]): void {
    for (const item of items) this.counts.set(item, (this.counts.get(item) ?? 0) + 1);
  }

  merge(other: Coverage): void {
    for (const [item, count] of other.entries()) this.counts.set(item, (this.counts.get(item) ?? 0) + count);
  }

  get size(): number {
    return this.counts.size;
  }

  entries(): [string, number][] {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b));
  }

  has(item: string): boolean {
    return this.counts.has(item);
  }

  count(item: string): number {
    return this.counts.get(item) ?? 0;
  }

  /** Items grouped by kind: `{ phase: { begin: 12, ... }, code: {...} }`. */
  byKind(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [item, count] of this.entries()) {
      const colon = item.indexOf(':');
      const kind = colon < 0 ? 'other' : item.slice(0, colon);
      (out[kind] ??= {})[item.slice(colon + 1)] = count;
    }
    return out;
  }

  text(): string {
    return Object.entries(this.byKind())
      .map(([kind, items]) => `  ${kind.padEnd(9)} ${Object.entries(items).map(([k, n]) => `${k} ${n}`).join(', ')}`)
      .join('\n');
  }
}

/** A required item split into the target it names (null: any target) and its `kind:item`. */
export function requiredItem(required: string): { readonly target: string | null; readonly item: string } {
  const slash = required.indexOf('/');
  const colon = required.indexOf(':');
  return slash >= 0 && (colon < 0 || slash < colon) ? { target: required.slice(0, slash), item: required.slice(slash + 1) } : { target: null, item: required };
}

/**
 * The required items not reached: an unqualified one by no target, a `target/` one by that
 * target (a target with no coverage of its own on record has reached nothing).
 */
export function missingRequired(required: readonly string[], all: Coverage, byTarget: ReadonlyMap<string, Coverage>): string[] {
  return required.filter((entry) => {
    const { target, item } = requiredItem(entry);
    return target === null ? !all.has(item) : !(byTarget.get(target)?.has(item) ?? false);
  });
}
