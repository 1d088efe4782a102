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

/**
 * An order's item identity: what was shipped, so that a recovered item can be traced back to
 * the order (src/trace). Optional columns: files without them still import, and records
 * written before them need not carry them. serial_first and serial_last are the first and
 * last serial of the shipped run ("NV23-104200" … "NV23-104239"). The one list of these
 * columns: the store's row, its identity read and tracing's order type derive from it.
 */
export const ORDER_ITEM_IDENTITY_FIELDS = [
  'manufacturer',
  'model',
  'part_number',
  'lot',
  'serial_first',
  'serial_last',
] as const;
export type OrderItemIdentityField = (typeof ORDER_ITEM_IDENTITY_FIELDS)[number];
/** The item identity columns as stored (null where the order does not say). */
export type OrderItemIdentity = { [K in OrderItemIdentityField]: string | null };

const itemIdentityShape = Object.fromEntries(
  ORDER_ITEM_IDENTITY_FIELDS.map((f) => [f, optionalText.optional()]),
) as Record<OrderItemIdentityField, z.ZodOptional<typeof optionalText>>;

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
  ...itemIdentityShape,
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
