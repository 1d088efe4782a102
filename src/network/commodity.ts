import { z } from 'zod';
import { ChokepointError } from '../core/errors.ts';
import { foldText } from '../core/fold.ts';
import type { Network, NetworkEdge } from './graph.ts';

/**
 * Commodity labels for supply chains, from the goods text and the HS code. The classes
 * are the dual-use goods that recur in improvised-weapon procurement: metal powders for
 * explosive charges, fertiliser-grade nitrates, drone parts, cameras, radios. Words in the
 * goods text win over the HS code because the same heading covers harmless goods (HS 8501
 * is every electric motor; "brushless motors for UAVs" says which), and the HS heading
 * decides when the text is vague.
 */

/** A commodity class: its id and label. */
export const CommoditySchema = z.object({ id: z.string(), label: z.string() });
export type Commodity = z.output<typeof CommoditySchema>;

interface CommodityRule extends Commodity {
  words: RegExp;
  hs: string[];
}

const RULES: CommodityRule[] = [
  {
    id: 'aluminium_paste',
    label: 'aluminium paste / powder',
    words: /\balumini?um (paste|powder|flakes?|pigment)|\b(atomi[sz]ed|flake) alumini?um\b/,
    hs: ['7603'],
  },
  {
    id: 'fertiliser_nitrate',
    label: 'fertiliser / ammonium nitrate',
    words:
      /\bammonium nitrate\b|\bcalcium ammonium nitrate\b|\bpotassium nitrate\b|\burea\b|\bfertili[sz]er\b|\bnitrogenous\b/,
    hs: ['3102', '3105', '2834'],
  },
  {
    id: 'detonators',
    label: 'detonators / initiators',
    words:
      /\bdetonat|\bblasting caps?\b|\bdetonating cord\b|\bsafety fuses?\b|\bsquibs?\b|\binitiators?\b/,
    hs: ['3603'],
  },
  {
    id: 'explosive_precursor',
    label: 'explosive precursors',
    words:
      /\bhydrogen peroxide\b|\bnitric acid\b|\bnitromethane\b|\bhexamine\b|\bsodium chlorate\b|\bpotassium chlorate\b|\bpotassium perchlorate\b|\bacetone\b/,
    hs: ['2847', '2808', '2829', '2921', '3602'],
  },
  {
    id: 'uav_components',
    label: 'UAV components',
    words:
      /\b(uavs?|drones?|quadcopters?|multicopters?|multirotors?|unmanned aerial)\b|\bflight controllers?\b|\bbrushless (dc )?motors?\b|\bpropellers?\b|\besc\b|\bmodel aircraft\b/,
    hs: ['8806', '880730', '880790', '8501'],
  },
  {
    id: 'surveillance_equipment',
    label: 'surveillance equipment',
    words:
      /\bcameras?\b|\bcctv\b|\bthermal (imag|sight|scope)|\bsurveillance\b|\bnight vision\b|\bbinoculars?\b|\bimage intensifier/,
    hs: ['852580', '852589', '9005', '9013', '902750'],
  },
  {
    id: 'radio_electronics',
    label: 'radio / electronics',
    words:
      /\bradios?\b|\btransceivers?\b|\bwalkie|\bgps\b|\bgnss\b|\bsatellite (phone|modem)|\bmodules?\b|\bmicrocontrollers?\b|\bcircuit boards?\b|\bintegrated circuits?\b|\bmobile phones?\b|\bsim cards?\b/,
    hs: ['8517', '8526', '8529', '8542', '8471', '8473'],
  },
  {
    id: 'arms_ammunition',
    label: 'arms and ammunition',
    words:
      /\brifles?\b|\bpistols?\b|\bammunition\b|\bcartridges?\b|\bgrenades?\b|\bmortars?\b|\brockets?\b/,
    hs: ['93'],
  },
  {
    id: 'vehicles',
    label: 'vehicles and parts',
    words: /\bpick ?ups?\b|\btrucks?\b|\bvehicles?\b|\bmotorcycles?\b/,
    hs: ['87'],
  },
];

/** Every known commodity class, for listings and help text. */
export const COMMODITIES: Commodity[] = RULES.map(({ id, label }) => ({ id, label }));

/**
 * The commodity of an order's goods. Goods outside the known classes keep a class of
 * their own, keyed by HS heading (4 digits) or, without a code, by the folded goods
 * text, so that distinct unknown goods still count as distinct chains.
 */
export function commodityOf(
  goods: string | null | undefined,
  hsCode: string | null | undefined,
): Commodity {
  const text = goods ? foldText(goods) : '';
  const hs = (hsCode ?? '').replace(/\D/g, '');
  if (text) for (const r of RULES) if (r.words.test(text)) return { id: r.id, label: r.label };
  if (hs) {
    // Longest matching HS prefix wins (852580 before 8525).
    let best: CommodityRule | null = null;
    let bestLen = 0;
    for (const r of RULES)
      for (const p of r.hs)
        if (hs.startsWith(p) && p.length > bestLen) {
          best = r;
          bestLen = p.length;
        }
    if (best) return { id: best.id, label: best.label };
    return {
      id: `hs_${hs.slice(0, 4)}`,
      label: `HS ${hs.slice(0, 4)}${goods ? ` (${goods.trim()})` : ''}`,
    };
  }
  if (text) return { id: `goods_${text.replace(/ /g, '_').slice(0, 40)}`, label: goods!.trim() };
  return { id: 'unspecified', label: 'unspecified goods' };
}

/**
 * The network of one commodity, for choke points per commodity: the orders of that
 * commodity, and the supply edges that can carry it, i.e. those an order of it runs along
 * (seller → buyer, buyer → consignee, consignee → a crossing on its route) and the
 * hand-over legs (UnknownLink, Associate) that name no order or name one of this
 * commodity (a leg naming only other goods' orders is left out). Edges keep only this
 * commodity's orders, volume and value. Nodes, their roles (supplier, end user) and the
 * business groups are those of the whole network, so the same selectors pick the same
 * parties. An id that is neither a known class nor a commodity of the network is
 * `CP_BAD_OPTION`.
 */
export function restrictToCommodity(net: Network, id: string): Network {
  const known = new Set([...COMMODITIES.map((c) => c.id), ...net.commodities.map((c) => c.id)]);
  if (!known.has(id))
    throw new ChokepointError('CP_BAD_OPTION', `unknown commodity "${id}"`, {
      field: 'commodity',
      expected: `a commodity id: ${[...known].join(', ')}`,
      got: id,
    });
  const orders = net.orders.filter((o) => o.commodity.id === id);
  const mine = new Map(orders.map((o) => [o.order_id, o]));
  const otherOrder = new Set(
    net.orders.filter((o) => o.commodity.id !== id).map((o) => o.order_id),
  );
  const legCarries = new Map<string, boolean>();
  for (const r of net.relations)
    legCarries.set(r.id, r.order_ids.length === 0 || r.order_ids.some((o) => mine.has(o)));
  const edges: NetworkEdge[] = [];
  for (const e of net.edges) {
    if (e.kind !== 'supply') {
      edges.push(e);
      continue;
    }
    const byOrder = e.commodities.includes(id);
    const byLeg = e.relation_ids.some((r) => legCarries.get(r) ?? true);
    if (!byOrder && !byLeg) continue;
    const orderIds = e.order_ids.filter((o) => mine.has(o) || !otherOrder.has(o));
    let volume = 0;
    let value = 0;
    for (const o of orderIds) {
      volume += mine.get(o)?.quantity ?? 0;
      value += mine.get(o)?.value ?? 0;
    }
    edges.push({
      ...e,
      commodities: byOrder ? [id] : [],
      order_ids: orderIds,
      relation_ids: e.relation_ids.filter((r) => legCarries.get(r) ?? true),
      volume,
      value,
    });
  }
  return {
    ...net,
    edges,
    orders,
    shipments: net.shipments.filter((s) => s.commodity === id),
    payments: net.payments.filter((p) => p.order_id === null || mine.has(p.order_id)),
    commodities: net.commodities.filter((c) => c.id === id),
  };
}
