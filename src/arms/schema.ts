import { z } from 'zod';
import { emptyToNull, optionalDate, optionalInt, optionalText } from '../core/schema.ts';

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
  return typeof v === 'string' ? Number(v.trim().replace(/[,\s_']/g, '')) : v;
}

/** One documented item of a seizure: the `seizures` CSV row of DESIGN.md. */
export const SeizureItemSchema = z.object({
  seizure_id: z.string().min(1),
  seizure_date: optionalDate,
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
  year_of_manufacture: optionalInt.pipe(z.number().int().min(1800).max(2100).nullable()),
  lot: optionalText,
  parent_item_id: optionalText,
  // An empty cell means one item.
  quantity: z.preprocess(
    (v) => (emptyToNull(v) === null ? 1 : countValue(v)),
    z.number().int().min(1),
  ),
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
  count: z.preprocess(countValue, z.number().int().min(0)),
});
export type BaselineRow = z.output<typeof BaselineRowSchema>;
export const BASELINE_FIELDS = Object.keys(BaselineRowSchema.shape) as (keyof BaselineRow)[];
