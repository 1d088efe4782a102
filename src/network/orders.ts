import { z } from 'zod';
import { optionalDate, optionalNumber, optionalText } from '../core/schema.ts';

export const PAYMENT_METHODS = [
  'bank_transfer',
  'letter_of_credit',
  'card',
  'cash',
  'money_transfer',
  'hawala',
  'crypto',
  'prepaid',
  'other',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** One commercial order: the `orders` CSV row of DESIGN.md. */
export const OrderSchema = z.object({
  order_id: z.string().min(1),
  order_date: optionalDate,
  seller: z.string().min(1),
  seller_country: optionalText,
  buyer: z.string().min(1),
  buyer_country: optionalText,
  buyer_city: optionalText,
  buyer_business: optionalText,
  buyer_first_seen: optionalDate,
  goods: optionalText,
  hs_code: optionalText,
  quantity: optionalNumber.pipe(z.number().min(0).nullable()),
  unit: optionalText,
  value: optionalNumber.pipe(z.number().min(0).nullable()),
  currency: optionalText,
  payer: optionalText,
  payment_method: z.preprocess(
    (v) =>
      v === '' || v === undefined || v === null
        ? null
        : typeof v === 'string'
          ? v.trim().toLowerCase()
          : v,
    z.enum(PAYMENT_METHODS).nullable(),
  ),
  consignee: optionalText,
  ship_to_city: optionalText,
  ship_to_country: optionalText,
  route: optionalText,
  // Item identity: what was shipped, so that a recovered item can be traced back to the
  // order (src/trace). Optional columns: files without them still import, and records
  // written before them need not carry them.
  manufacturer: optionalText.optional(),
  model: optionalText.optional(),
  part_number: optionalText.optional(),
  lot: optionalText.optional(),
  /** First and last serial of the shipped run ("NV23-104200" … "NV23-104239"). */
  serial_first: optionalText.optional(),
  serial_last: optionalText.optional(),
});
export type Order = z.output<typeof OrderSchema>;
export const ORDER_FIELDS = Object.keys(OrderSchema.shape) as (keyof Order)[];

/** The places of an order's route, in order ("Mersin>Gaziantep>Akcakale"). */
export function routePlaces(route: string | null | undefined): string[] {
  if (!route) return [];
  return route
    .split('>')
    .map((p) => p.trim())
    .filter(Boolean);
}
