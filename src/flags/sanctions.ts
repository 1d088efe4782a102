import { foldText } from '../core/fold.ts';
import { buildIndex, type NameIndex } from '../resolve/index.ts';

/** An entry of a sanctions (or other screening) list. */
export interface ListEntry {
  list: string;
  entity_id: string;
  names: string[];
  schema?: string | null;
}

export interface ListHit {
  list: string;
  entry: string;
  matched_name: string;
  score: number;
  by: 'exact' | 'name engine';
}

/**
 * Screens party names against list entries: an exact match of the folded name or an alias
 * first, then the name engine of `src/resolve` (blocking index and explained pair scores:
 * transliterations, word order, small spelling differences) at a high threshold, since a
 * false sanctions hit weighs heavily in the score. Answers are cached per distinct name.
 */
export class ListMatcher {
  private readonly exact = new Map<string, { entry: ListEntry; name: string }>();
  private index: NameIndex | null = null;
  private readonly cache = new Map<string, ListHit | null>();
  constructor(
    private readonly entries: ListEntry[],
    private readonly threshold = 0.9,
  ) {
    for (const e of entries)
      for (const n of e.names)
        if (foldText(n) && !this.exact.has(foldText(n)))
          this.exact.set(foldText(n), { entry: e, name: n });
  }
  get size(): number {
    return this.entries.length;
  }
  match(name: string | null): ListHit | null {
    if (!name || this.entries.length === 0) return null;
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    let hit: ListHit | null = null;
    const ex = this.exact.get(foldText(name));
    if (ex)
      hit = {
        list: ex.entry.list,
        entry: ex.entry.entity_id,
        matched_name: ex.name,
        score: 1,
        by: 'exact',
      };
    else {
      this.index ??= buildIndex(
        this.entries.map((e) => ({
          id: e.entity_id,
          schema: e.schema ?? null,
          names: e.names,
          list: e.list,
        })),
      );
      // The rules' threshold is on the engine's raw score (the features' sum), as rule
      // sets were written before scores were calibrated (src/resolve/calibration.ts).
      const [best] = this.index.search(
        { id: '?', names: [name] },
        { rawThreshold: this.threshold, limit: 1 },
      );
      if (best)
        hit = {
          list: best.record.list ?? 'list',
          entry: best.id,
          matched_name: best.names?.right ?? best.record.names[0] ?? '',
          score: Math.round(best.raw_score * 1000) / 1000,
          by: 'name engine',
        };
    }
    this.cache.set(name, hit);
    return hit;
  }
}
