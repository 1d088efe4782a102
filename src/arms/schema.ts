import { z } from 'zod';
import { optionalDate, optionalInt, optionalText } from '../core/schema.ts';

export const ITEM_CATEGORIES = [
  'weapon',
  'ammunition',
  'component',
  'explosive',
  'uav',
  'electronics',
  'other',
] as const;

/** One documented item of a seizure: the `seizures` CSV row of DESIGN.md. */
export const SeizureItemSchema = z.object({
  seizure_id: z.string().min(1),
  seizure_date: optionalDate,
  seizure_place: optionalText,
  country: optionalText,
  seized_by: optionalText,
  item_id: z.string().min(1),
  category: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(ITEM_CATEGORIES),
  ),
  type: optionalText,
  model: optionalText,
  manufacturer: optionalText,
  country_of_manufacture: optionalText,
  calibre: optionalText,
  serial_number: optionalText,
  year_of_manufacture: optionalInt.pipe(z.number().int().min(1800).max(2100).nullable()),
  lot: optionalText,
  parent_item_id: optionalText,
  quantity: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? 1 : typeof v === 'string' ? Number(v) : v),
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
  count: z.preprocess((v) => (typeof v === 'string' ? Number(v) : v), z.number().int().min(0)),
});
export type BaselineRow = z.output<typeof BaselineRowSchema>;
export const BASELINE_FIELDS = Object.keys(BaselineRowSchema.shape) as (keyof BaselineRow)[];
