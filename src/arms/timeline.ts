import type { SeizureItem } from './schema.ts';
import { createNormaliser, normaliseType, type Normaliser } from './normalise.ts';
import { quantile } from './stats.ts';

/**
 * Time from manufacture to seizure ("goods moved remarkably rapidly", or decades-old
 * stock): per item, in whole years (seizure year − year of manufacture, since the year of
 * manufacture is all a marking gives), and summarised per model or country of
 * manufacture with quartiles, every item weighted by its quantity.
 */
export interface TimelineItem {
  item_id: string;
  seizure_id: string;
  model: string | null;
  country_of_manufacture: string | null;
  year_of_manufacture: number;
  seizure_date: string;
  years: number;
  quantity: number;
}

export interface TimelineSummary {
  key: string;
  label: string;
  items: number;
  quantity: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
}

export interface Timeline {
  by: 'model' | 'country';
  category: string;
  items: TimelineItem[];
  groups: TimelineSummary[];
  overall: TimelineSummary | null;
  /** Items whose year of manufacture is after their seizure: a data error to look at. */
  inconsistent: string[];
  /** Items in scope without a year of manufacture or a seizure date. */
  undated: number;
}

export function timeline(
  items: SeizureItem[],
  opts: {
    by?: 'model' | 'country';
    category?: string;
    withinType?: string | null;
    normaliser?: Normaliser;
  } = {},
): Timeline {
  const n = opts.normaliser ?? createNormaliser();
  const by = opts.by ?? 'model';
  const category = (opts.category ?? 'weapon').toLowerCase();
  const withinType = opts.withinType ? normaliseType(opts.withinType) : null;
  const out: TimelineItem[] = [];
  const inconsistent: string[] = [];
  let undated = 0;
  for (const it of items) {
    if (category !== 'all' && it.category !== category) continue;
    if (withinType !== null && normaliseType(it.type) !== withinType) continue;
    if (it.year_of_manufacture === null || !it.seizure_date) {
      undated++;
      continue;
    }
    const years = Number(it.seizure_date.slice(0, 4)) - it.year_of_manufacture;
    if (years < 0) {
      inconsistent.push(it.item_id);
      continue;
    }
    out.push({
      item_id: it.item_id,
      seizure_id: it.seizure_id,
      model: n.canonical('model', it.model),
      country_of_manufacture: n.canonical('country', it.country_of_manufacture),
      year_of_manufacture: it.year_of_manufacture,
      seizure_date: it.seizure_date,
      years,
      quantity: it.quantity ?? 1,
    });
  }
  const groups = new Map<string, TimelineItem[]>();
  for (const t of out) {
    const label = (by === 'model' ? t.model : t.country_of_manufacture) ?? '(unknown)';
    const list = groups.get(label);
    if (list) list.push(t);
    else groups.set(label, [t]);
  }
  const summaries = [...groups]
    .map(([label, list]) => summarise(label, list))
    .sort((a, b) => a.median - b.median || a.label.localeCompare(b.label));
  return {
    by,
    category,
    items: out,
    groups: summaries,
    overall: out.length ? summarise('(all)', out) : null,
    inconsistent,
    undated,
  };
}

function summarise(label: string, list: TimelineItem[]): TimelineSummary {
  const values: number[] = [];
  for (const t of list) for (let i = 0; i < t.quantity; i++) values.push(t.years);
  values.sort((a, b) => a - b);
  return {
    key: label,
    label,
    items: list.length,
    quantity: values.length,
    min: values[0]!,
    q1: quantile(values, 0.25)!,
    median: quantile(values, 0.5)!,
    q3: quantile(values, 0.75)!,
    max: values[values.length - 1]!,
  };
}
