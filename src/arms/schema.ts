import { z } from 'zod';
import { isoDateOf } from '../core/date.ts';
import {
  INT_MAX,
  emptyToNull,
  optionalDate,
  optionalInt,
  optionalText,
  recordSchema,
} from '../core/schema.ts';

export const ITEM_CATEGORIES = [
  'weapon',
  'ammunition',
  'component',
  'explosive',
  'uav',
  'electronics',
  'other',
] as const;

const CATEGORY_SYNONYMS: Record<string, (typeof ITEM_CATEGORIES)[number]> = {
  weapons: 'weapon',
  arms: 'weapon',
  ammo: 'ammunition',
  ammunitions: 'ammunition',
  components: 'component',
  part: 'component',
  parts: 'component',
  explosives: 'explosive',
  uavs: 'uav',
  drone: 'uav',
  drones: 'uav',
  electronic: 'electronics',
};

/** "Weapon", " WEAPONS ", "ammo" → the category names of the format. */
function normaliseCategory(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim().toLowerCase();
  return CATEGORY_SYNONYMS[t] ?? t;
}

/** Registers write "1,200" or "1 200" for counts of rounds: separators are dropped. */
function countValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  // "~50", "approx. 50", "50 rounds": the number is what counts; "several" stays refused.
  const m = /^\s*(?:~|ca\.?|c\.|approx\.?|about)?\s*(\d[\d,\s_']*)(?:\.0+)?\s*[a-z]*\s*$/i.exec(v);
  if (m) return Number(m[1]!.replace(/[,\s_']/g, ''));
  // -5, 1e23, 2.5: a number the count's own checks refuse by name (negative, too large,
  // not whole) rather than "received NaN"; "several" stays text and is refused as such.
  const n = Number(v.trim());
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
}

/** A count of items or rounds: a whole number from `min` up to the integer columns' range. */
function countOf(min: number) {
  return z
    .number({ error: 'not a count' })
    .min(min, `a count of ${min} or more`)
    .max(INT_MAX, `larger than the largest whole number stored (${INT_MAX})`)
    .int('a whole number');
}

/**
 * Seizure dates as registers write them: 2021-10-19, 2021/10/19, 2021-10-19T08:00Z,
 * 19/10/2021 or 19.10.2021 (day first, the usage of the region's reports; a first number
 * above 12 settles it, a second one above 12 means month first). Anything else is refused.
 */
export function normaliseDate(v: unknown): unknown {
  const e = emptyToNull(v);
  if (typeof e !== 'string') return e;
  const t = e.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(t);
  if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t))) {
    const [a, b] = [Number(r[1]), Number(r[2])];
    [y, m, d] = b > 12 && a <= 12 ? [Number(r[3]), a, b] : [Number(r[3]), b, a];
  } else return t;
  return isoDateOf(y, m, d) ?? t;
}

/** "1978", "1978.0", "c. 1978", "1978?" → 1978; "unknown", "n/a", "?", "1970s" → not given. */
function yearValue(v: unknown): unknown {
  const e = emptyToNull(v);
  if (typeof e !== 'string') return e;
  const m = /^\s*(?:c\.|ca\.?|circa|~)?\s*(\d{4})(?:\.0+)?\s*\??\s*$/i.exec(e);
  if (m) return Number(m[1]);
  // A decade ("1970s") is not a year: the cell is read as not given rather than refusing the file.
  if (/^\s*(n\/?a|unknown|unk|none|\?+|-+|\d{3}0'?s)\s*$/i.test(e)) return null;
  return e;
}

/** One documented item of a seizure: the `seizures` CSV row of DESIGN.md. */
export const SeizureItemSchema = z.object({
  seizure_id: z.string().min(1),
  seizure_date: z.preprocess(normaliseDate, optionalDate),
  seizure_place: optionalText,
  country: optionalText,
  seized_by: optionalText,
  item_id: z.string().min(1),
  category: z.preprocess(normaliseCategory, z.enum(ITEM_CATEGORIES)),
  type: optionalText,
  model: optionalText,
  manufacturer: optionalText,
  country_of_manufacture: optionalText,
  calibre: optionalText,
  serial_number: optionalText,
  year_of_manufacture: z.preprocess(
    yearValue,
    optionalInt.pipe(z.number().int().min(1800).max(2100).nullable()),
  ),
  lot: optionalText,
  parent_item_id: optionalText,
  // An empty cell means one item.
  quantity: z.preprocess((v) => (emptyToNull(v) === null ? 1 : countValue(v)), countOf(1)),
  notes: optionalText,
});
export type SeizureItem = z.output<typeof SeizureItemSchema>;
export const SEIZURE_ITEM_FIELDS = Object.keys(SeizureItemSchema.shape) as (keyof SeizureItem)[];

/** The global record a seizure's composition is compared with: the `baseline` CSV row. */
export const BaselineRowSchema = z.object({
  type: optionalText,
  model: optionalText,
  manufacturer: optionalText,
  country_of_manufacture: optionalText,
  count: z.preprocess(countValue, countOf(0)),
});
export type BaselineRow = z.output<typeof BaselineRowSchema>;
export const BASELINE_FIELDS = Object.keys(BaselineRowSchema.shape) as (keyof BaselineRow)[];

/** An item as stored and answered (what SeizureItemSchema reads a row into). */
export const SeizureItemRecord = recordSchema(SeizureItemSchema).meta({ id: 'SeizureItem' });
const item = SeizureItemRecord.shape;

/** A seizure: the facts its items' rows repeat, once. */
export const SeizureRecord = z
  .object({
    id: item.seizure_id,
    seizure_date: item.seizure_date,
    place: item.seizure_place,
    country: item.country,
    seized_by: item.seized_by,
  })
  .meta({ id: 'Seizure' });
export type Seizure = z.output<typeof SeizureRecord>;

/** An item whose serial number (or lot) matched a search, and which of the two did. */
export const SerialHitSchema = SeizureItemRecord.pick({
  item_id: true,
  seizure_id: true,
  seizure_date: true,
  seizure_place: true,
  category: true,
  type: true,
  model: true,
  manufacturer: true,
  serial_number: true,
  lot: true,
  parent_item_id: true,
})
  .extend({ matched: z.enum(['serial_number', 'lot']) })
  .meta({ id: 'SerialHit' });
export type SerialHit = z.output<typeof SerialHitSchema>;

export const COMPOSITION_DIMENSIONS = [
  'model',
  'country',
  'calibre',
  'type',
  'manufacturer',
] as const;
export type CompositionDimension = (typeof COMPOSITION_DIMENSIONS)[number];

const nullableNumber = z.number().nullable();

/** One group (a model, a country …) of a seizure or of all of them, against the baseline. */
export const CompositionGroupSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    count: z.number(),
    /** count / total of the scope, 0–1. */
    share: z.number(),
    baseline_count: nullableNumber,
    baseline_share: nullableNumber,
    /** share / baseline_share; null without a baseline. */
    lift: nullableNumber,
    /** P(X ≥ count) for X ~ Binomial(total, baseline share). */
    p_value: nullableNumber,
    log10_p: nullableNumber,
    /** −log10 p: the ranking key. */
    surprise: nullableNumber,
    /** The group is absent from the baseline: shown, but neither tested nor ranked by surprise. */
    baseline_missing: z.boolean(),
    /** Overall only: in how many seizures the group appears. */
    seizures_present: z.number().int().optional(),
  })
  .meta({ id: 'CompositionGroup' });
export type CompositionGroup = z.output<typeof CompositionGroupSchema>;

export const SeizureCompositionSchema = z.object({
  seizure_id: item.seizure_id,
  seizure_date: item.seizure_date,
  place: item.seizure_place,
  total: z.number(),
  groups: z.array(CompositionGroupSchema),
});
export type SeizureComposition = z.output<typeof SeizureCompositionSchema>;

/** What seizures are made of against the baseline (`arms composition --json`). */
export const CompositionSchema = z
  .object({
    by: z.enum(COMPOSITION_DIMENSIONS),
    category: z.string(),
    within_type: z.string().nullable(),
    seizure: z.string().nullable(),
    baseline: z.object({
      total: z.number(),
      compared: z.boolean(),
      note: z.string().nullable(),
    }),
    overall: z.object({
      total: z.number(),
      seizures: z.number().int(),
      groups: z.array(CompositionGroupSchema),
    }),
    seizures: z.array(SeizureCompositionSchema),
  })
  .meta({ id: 'Composition' });
export type Composition = z.output<typeof CompositionSchema>;

export const LINK_KINDS = ['component_serial', 'serial_run', 'ammunition_lot'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
const LinkKindSchema = z.enum(LINK_KINDS);

/** Seizures tied by their items: shared component serials, a serial run, an ammunition lot. */
export const LinkSchema = z
  .object({
    id: z.string(),
    kind: LinkKindSchema,
    seizures: z.array(z.string()),
    items: z.array(z.string()),
    evidence: z.record(z.string(), z.unknown()),
    /** 0–1: how strongly the evidence ties the seizures (README explains each kind). */
    strength: z.number(),
  })
  .meta({ id: 'Link' });
export type Link = z.output<typeof LinkSchema>;

export const LinkClusterSchema = z
  .object({
    cluster_id: z.string(),
    seizures: z.array(z.string()),
    links: z.number().int(),
    kinds: z.partialRecord(LinkKindSchema, z.number().int()),
    /** Sum of the strengths of the links inside the cluster. */
    weight: z.number(),
    /** Every pair of seizures tied directly, with its combined weight (noisy-or). */
    pairs: z.array(
      z.object({
        seizures: z.tuple([z.string(), z.string()]),
        weight: z.number(),
        kinds: z.array(LinkKindSchema),
      }),
    ),
  })
  .meta({ id: 'LinkCluster' });
export type Cluster = z.output<typeof LinkClusterSchema>;

/** Cross-seizure links and their clusters (`arms links --json`). */
export const LinkReportSchema = z
  .object({
    params: z.object({
      max_gap: z.number(),
      min_serial_length: z.number(),
      min_serial_bits: z.number(),
      min_cluster_strength: z.number(),
    }),
    links: z.array(LinkSchema),
    clusters: z.array(LinkClusterSchema),
    /** Seizures that share nothing with any other. */
    isolated: z.array(z.string()),
  })
  .meta({ id: 'LinkReport' });
export type LinkReport = z.output<typeof LinkReportSchema>;
