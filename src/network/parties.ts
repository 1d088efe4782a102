import { foldText } from '../core/fold.ts';
import { stableId } from '../core/ids.ts';
import { entityCaption, props, type FtmEntity } from './ftm.ts';
import type { Order } from './orders.ts';

/** The key under which two party names are taken as one until the name engine decides more. */
export function partyKey(name: string): string {
  return foldText(name);
}

export interface ResolvedParties {
  /** Entities to create for parties not yet known. */
  created: FtmEntity[];
  /** Entity id per order and role. */
  byOrder: Map<
    string,
    { seller: string; buyer: string; payer: string | null; consignee: string | null }
  >;
}

/**
 * Resolves the parties named in orders (seller, buyer, payer, consignee) to entities:
 * an existing entity whose name (or alias) folds to the same text, else a new Company or
 * LegalEntity carrying what the order says of it (country, city, business).
 */
export function resolveOrderParties(orders: Order[], existing: FtmEntity[]): ResolvedParties {
  const index = new Map<string, string>();
  for (const e of existing) {
    for (const n of [entityCaption(e), ...props(e, 'name'), ...props(e, 'alias')]) {
      const k = partyKey(n);
      if (k && !index.has(k)) index.set(k, e.id);
    }
  }
  const created = new Map<string, FtmEntity>();
  const ensure = (name: string, schema: string, facts: Record<string, string | null>): string => {
    const k = partyKey(name);
    const known = index.get(k);
    if (known) {
      const c = created.get(known);
      if (c) mergeFacts(c, facts);
      return known;
    }
    const id = stableId('party', k);
    const entity: FtmEntity = { id, schema, properties: { name: [name.trim()] } };
    mergeFacts(entity, facts);
    created.set(id, entity);
    index.set(k, id);
    return id;
  };
  const byOrder: ResolvedParties['byOrder'] = new Map();
  for (const o of orders) {
    const seller = ensure(o.seller, 'Company', { country: o.seller_country });
    const buyer = ensure(o.buyer, 'Company', {
      country: o.buyer_country,
      address: o.buyer_city,
      sector: o.buyer_business,
    });
    const payer = o.payer ? ensure(o.payer, 'LegalEntity', {}) : null;
    const consignee = o.consignee
      ? ensure(o.consignee, 'LegalEntity', { address: o.ship_to_city, country: o.ship_to_country })
      : null;
    byOrder.set(o.order_id, { seller, buyer, payer, consignee });
  }
  return { created: [...created.values()], byOrder };
}

function mergeFacts(e: FtmEntity, facts: Record<string, string | null>): void {
  for (const [k, v] of Object.entries(facts)) {
    if (!v) continue;
    const values = (e.properties[k] ??= []);
    if (!values.includes(v)) values.push(v);
  }
}
