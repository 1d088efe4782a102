import { ChokepointError } from '../core/errors.ts';
import {
  COMPOSITION_DIMENSIONS,
  type BaselineRow,
  type Composition,
  type CompositionDimension,
  type CompositionGroup,
  type SeizureItem,
} from './schema.ts';
import { createNormaliser, normaliseType, type Normaliser } from './normalise.ts';
import { binomialTest } from './stats.ts';

/**
 * What a seizure is made of, against the global record: "18 rifles of one rare model are
 * 12 %, 5 % and 9 % of three seizures and one in ten of their assault rifles, while rare
 * in the global record". Counts are sums of `quantity`; each group gets its share, the
 * baseline share, the lift (share / baseline share) and an exact one-sided binomial test
 * of over-representation, and groups are ranked by surprise (−log10 p).
 */

export { COMPOSITION_DIMENSIONS };
export type { CompositionDimension } from './schema.ts';

export interface CompositionOptions {
  by?: CompositionDimension;
  /** Only items of this type (e.g. assault_rifle), here and in the baseline. */
  withinType?: string | null;
  /** Item category counted: `weapon` (the default), another category, or `all`. */
  category?: string;
  /** Only this seizure. */
  seizureId?: string | null;
  normaliser?: Normaliser;
}

export type { Composition, CompositionGroup, SeizureComposition } from './schema.ts';

const UNKNOWN_KEY = '';
const UNKNOWN_LABEL = '(unknown)';

/** The fields a dimension reads: an item has them all, a baseline row all but calibre. */
type Dimensioned = Pick<SeizureItem, 'model' | 'country_of_manufacture' | 'manufacturer' | 'type'> &
  Partial<Pick<SeizureItem, 'calibre'>>;

function itemValue(n: Normaliser, by: CompositionDimension, it: Dimensioned): string | null {
  switch (by) {
    case 'model':
      return n.canonical('model', it.model);
    case 'country':
      return n.canonical('country', it.country_of_manufacture);
    case 'calibre':
      return n.canonical('calibre', it.calibre);
    case 'manufacturer':
      return n.canonical('manufacturer', it.manufacturer);
    case 'type':
      return normaliseType(it.type);
  }
}

function baselineValue(
  n: Normaliser,
  by: CompositionDimension,
  r: BaselineRow,
): string | null | undefined {
  // The baseline format has no calibre column.
  return by === 'calibre' ? undefined : itemValue(n, by, r);
}

function groupKey(n: Normaliser, by: CompositionDimension, value: string | null): string {
  if (value === null) return UNKNOWN_KEY;
  if (by === 'type') return value;
  const kind = by === 'country' ? 'country' : by;
  return n.key(kind, value) ?? UNKNOWN_KEY;
}

/** Picks, per key, the spelling seen most often (first seen on ties) as the label. */
class Labels {
  private seen = new Map<string, Map<string, number>>();
  add(key: string, label: string, weight: number): void {
    let m = this.seen.get(key);
    if (!m) this.seen.set(key, (m = new Map()));
    m.set(label, (m.get(label) ?? 0) + weight);
  }
  get(key: string): string {
    if (key === UNKNOWN_KEY) return UNKNOWN_LABEL;
    const m = this.seen.get(key);
    if (!m) return key;
    let best = '';
    let bestN = -1;
    for (const [l, c] of m) if (c > bestN) [best, bestN] = [l, c];
    return best;
  }
}

export function composition(
  items: SeizureItem[],
  baseline: BaselineRow[],
  opts: CompositionOptions = {},
): Composition {
  const by = opts.by ?? 'model';
  if (!COMPOSITION_DIMENSIONS.includes(by)) {
    throw new ChokepointError('CP_BAD_OPTION', `cannot group by "${String(by)}"`, {
      field: 'by',
      expected: COMPOSITION_DIMENSIONS.join(', '),
    });
  }
  const n = opts.normaliser ?? createNormaliser();
  const category = (opts.category ?? 'weapon').trim().toLowerCase();
  const withinType = opts.withinType ? normaliseType(opts.withinType) : null;
  const seizureId = opts.seizureId ?? null;
  const labels = new Labels();

  interface Acc {
    seizure_id: string;
    seizure_date: string | null;
    place: string | null;
    total: number;
    counts: Map<string, number>;
  }
  const bySeizure = new Map<string, Acc>();
  const overall = new Map<string, number>();
  const presence = new Map<string, Set<string>>();
  let overallTotal = 0;
  for (const it of items) {
    if (seizureId !== null && it.seizure_id !== seizureId) continue;
    if (category !== 'all' && it.category !== category) continue;
    if (withinType !== null && normaliseType(it.type) !== withinType) continue;
    const q = it.quantity ?? 1;
    const value = itemValue(n, by, it);
    const key = groupKey(n, by, value);
    if (value !== null) labels.add(key, value, q);
    let acc = bySeizure.get(it.seizure_id);
    if (!acc) {
      acc = {
        seizure_id: it.seizure_id,
        seizure_date: it.seizure_date,
        place: it.seizure_place,
        total: 0,
        counts: new Map(),
      };
      bySeizure.set(it.seizure_id, acc);
    }
    acc.seizure_date ??= it.seizure_date;
    acc.place ??= it.seizure_place;
    acc.total += q;
    acc.counts.set(key, (acc.counts.get(key) ?? 0) + q);
    overall.set(key, (overall.get(key) ?? 0) + q);
    let p = presence.get(key);
    if (!p) presence.set(key, (p = new Set()));
    p.add(it.seizure_id);
    overallTotal += q;
  }
  if (
    seizureId !== null &&
    bySeizure.size === 0 &&
    !items.some((i) => i.seizure_id === seizureId)
  ) {
    throw new ChokepointError('CP_NOT_FOUND', `no seizure "${seizureId}"`, { field: 'seizure' });
  }

  // The baseline records weapons; it is compared only when weapons are counted and it
  // has the dimension asked for.
  let note: string | null = null;
  const baseCounts = new Map<string, number>();
  let baseTotal = 0;
  const comparable = category === 'weapon' && by !== 'calibre' && baseline.length > 0;
  if (baseline.length === 0) note = 'no baseline loaded (chokepoint import baseline FILE)';
  else if (by === 'calibre') note = 'the baseline has no calibre column: no comparison by calibre';
  else if (category !== 'weapon')
    note = 'the baseline records weapons: no comparison for other categories';
  if (comparable) {
    for (const r of baseline) {
      if (withinType !== null && normaliseType(r.type) !== withinType) continue;
      const v = baselineValue(n, by, r) ?? null;
      const key = groupKey(n, by, v);
      if (v !== null) labels.add(key, v, 0);
      baseCounts.set(key, (baseCounts.get(key) ?? 0) + r.count);
      baseTotal += r.count;
    }
    if (baseTotal === 0) note = `the baseline holds no ${withinType ?? 'weapon'} records`;
  }
  const compared = comparable && baseTotal > 0;

  const group = (key: string, count: number, total: number): CompositionGroup => {
    const share = total > 0 ? count / total : 0;
    const g: CompositionGroup = {
      key,
      label: labels.get(key),
      count,
      share,
      baseline_count: null,
      baseline_share: null,
      lift: null,
      p_value: null,
      log10_p: null,
      surprise: null,
      baseline_missing: false,
    };
    if (!compared || key === UNKNOWN_KEY) return g;
    const bc = baseCounts.get(key) ?? 0;
    g.baseline_count = bc;
    g.baseline_share = bc / baseTotal;
    // A group the baseline never recorded cannot be tested against it: absence there is as
    // likely a naming gap (add an alias) as rarity, so it is flagged, not ranked as surprise.
    if (bc === 0) {
      g.baseline_missing = true;
      return g;
    }
    g.lift = share / g.baseline_share;
    const t = binomialTest(count, total, g.baseline_share);
    g.p_value = t.p_value;
    g.log10_p = t.log10_p;
    g.surprise = t.log10_p === 0 ? 0 : -t.log10_p;
    return g;
  };
  const rank = (a: CompositionGroup, b: CompositionGroup) =>
    (b.surprise ?? -1) - (a.surprise ?? -1) || b.count - a.count || a.label.localeCompare(b.label);

  const seizures = [...bySeizure.values()]
    .sort(
      (a, b) =>
        (a.seizure_date ?? '9999').localeCompare(b.seizure_date ?? '9999') ||
        a.seizure_id.localeCompare(b.seizure_id),
    )
    .map((acc) => ({
      seizure_id: acc.seizure_id,
      seizure_date: acc.seizure_date,
      place: acc.place,
      total: acc.total,
      groups: [...acc.counts].map(([k, c]) => group(k, c, acc.total)).sort(rank),
    }));
  const overallGroups = [...overall]
    .map(([k, c]) => ({
      ...group(k, c, overallTotal),
      seizures_present: presence.get(k)?.size ?? 0,
    }))
    .sort(rank);
  return {
    by,
    category,
    within_type: withinType,
    seizure: seizureId,
    baseline: { total: compared ? baseTotal : 0, compared, note },
    overall: { total: overallTotal, seizures: bySeizure.size, groups: overallGroups },
    seizures,
  };
}
