/**
 * Trace: from a recovered item back to the orders that most likely supplied it, for
 * `chokepoint trace`, the API's trace route and the web app's Trace panel alike; and the
 * incidents around a seizure (`chokepoint arms nearby`). One tracer is built per call: the
 * case's order identities indexed once, so tracing one item or ten thousand reads the
 * orders once.
 */
import { createNormaliser } from '../arms/normalise.ts';
import type { SeizureItem } from '../arms/schema.ts';
import { addDays } from '../core/date.ts';
import { ChokepointError } from '../core/errors.ts';
import { scoreOrders } from '../flags/indicators.ts';
import { loadRules } from '../flags/rules.ts';
import { buildNetwork, type Network } from '../network/graph.ts';
import type { Store } from '../store/connect.ts';
import { getSeizure, listAliases, listItems } from '../store/arms.ts';
import { listEntities, listRelations } from '../store/entities.ts';
import { latestScoresFor } from '../store/flags.ts';
import { listIncidents } from '../store/incidents.ts';
import { listOrderIdentities, ordersByIds, type StoredOrder } from '../store/orders.ts';
import {
  chainOf,
  GroupReach,
  groupEvidence,
  PlaceResolver,
  routeEvidence,
  type OrderParties,
  type Point,
} from '../trace/context.ts';
import {
  buildOrderIndex,
  compareCandidates,
  identityCandidates,
  scoreOf,
  WEIGHTS,
  type IdentityCandidate,
  type OrderIndex,
} from '../trace/identity.ts';
import { nearbyIncidents, NEARBY_DEFAULTS, type NearbyOptions } from '../trace/nearby.ts';
import type { NearbyReport, TraceCandidate, TraceFlags, TraceResult } from '../trace/schema.ts';
import { listEntries, loadLists } from './screening.ts';

export type { NearbyReport, TraceResult } from '../trace/schema.ts';

/** The stated defaults of a trace. */
export const TRACE_DEFAULTS = {
  limit: 10,
  /** Candidates per item when many are traced at once (`--items`, `--all`): triage. */
  batchLimit: 5,
  /** The seizure's group in the network: the case's crime.terror entities. */
  group: 'topic:crime.terror',
  /** A route stop this near the seizure's place counts for the order. */
  nearKm: 150,
  /** No route stop nearer than this counts (weakly) against. */
  farKm: 600,
} as const;

export interface TraceOptions {
  caseId: string;
  /** Candidates per item (default 10; 5 when many items are traced at once). */
  limit?: number;
  /** Node selector of the seizure's group (default `topic:crime.terror`). */
  group?: string;
  nearKm?: number;
  farKm?: number;
  /** Incidents around each seizure (default on for one item, off for many); false for none. */
  nearby?: NearbyOptions | false;
  /** Red flags of each candidate: stored scores, and scored now when none is stored (default true). */
  flags?: boolean;
}

function itemNotFound(caseId: string, id: string): ChokepointError {
  return new ChokepointError('CP_NOT_FOUND', `no item "${id}" in case ${caseId}`, {
    field: 'item_id',
    got: id,
    expected: 'the item_id of a seizure item of the case (see `chokepoint arms search`)',
  });
}

function checkLimit(limit: number | undefined, many: boolean): number {
  const n = limit ?? (many ? TRACE_DEFAULTS.batchLimit : TRACE_DEFAULTS.limit);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new ChokepointError('CP_BAD_OPTION', 'bad number of candidates', {
      field: 'limit',
      expected: 'an integer from 1 to 1000',
      got: String(limit),
    });
  return n;
}

function checkKm(v: number | undefined, field: string, dflt: number): number {
  const n = v ?? dflt;
  if (!Number.isFinite(n) || n < 0)
    throw new ChokepointError('CP_BAD_OPTION', `bad ${field}`, {
      field,
      expected: 'a number ≥ 0',
      got: String(v),
    });
  return n;
}

interface Tracer {
  trace(items: SeizureItem[]): Promise<TraceResult[]>;
}

/**
 * Builds the tracer of a case: items, aliases and order identities read once, the
 * identity index built once; the network, places, flags and incidents are read for the
 * candidates of each batch.
 */
async function buildTracer(store: Store, opts: TraceOptions, many: boolean): Promise<Tracer> {
  const limit = checkLimit(opts.limit, many);
  const nearKm = checkKm(opts.nearKm, 'near_km', TRACE_DEFAULTS.nearKm);
  const farKm = checkKm(opts.farKm, 'far_km', TRACE_DEFAULTS.farKm);
  const caseIds = [opts.caseId];
  const [aliases, identities, entities] = await Promise.all([
    listAliases(store.db),
    listOrderIdentities(store, caseIds),
    listEntities(store.db, { caseIds }),
  ]);
  const normaliser = createNormaliser(aliases);
  const ix = buildOrderIndex(identities, normaliser);
  // The parties and their relations (hand-overs, carriers, crossings, the group): the
  // network an order's own parties are judged in, the same whichever items are traced
  // with it. Each candidate adds only its own order's steps (chainOf, groupEvidence).
  const network = buildNetwork({ entities, orders: [] });
  const reach = new GroupReach(network, opts.group ?? TRACE_DEFAULTS.group);
  const places = new PlaceResolver();
  const nearbyOpts = opts.nearby === undefined ? (many ? false : {}) : opts.nearby;
  const wantFlags = opts.flags ?? true;

  return {
    async trace(items) {
      // Judged on identity; route and network are then weighed for those that can still
      // be among the first `limit` (full orders are read for them only).
      const judged = items.map((item) => ({
        item,
        ...identityCandidates(ix, item, limit, CONTEXT),
      }));
      const ids = new Set<string>();
      for (const j of judged) for (const c of j.candidates) ids.add(c.order.order_id);
      const upstreamAt = new Map<string, number | null>();
      for (const j of judged)
        for (const c of j.candidates) {
          if (!upstreamAt.has(c.order.order_id))
            upstreamAt.set(c.order.order_id, upstreamOf(ix, c.at));
        }
      for (const at of upstreamAt.values()) if (at !== null) ids.add(ix.orders[at]!.order_id);
      const orders = await ordersByIds(store, caseIds, [...ids]);
      const byId = new Map(orders.map((o) => [o.order_id, o]));
      const results: TraceResult[] = [];
      const seizurePoints = new Map<string, Point | null>();
      for (const { item, candidates, considered } of judged) {
        const countries = places.countryCodes(item.country);
        let point = seizurePoints.get(item.seizure_id);
        if (point === undefined) {
          point = places.point(item.seizure_place, countries);
          seizurePoints.set(item.seizure_id, point);
        }
        const rejudged = candidates.map((c) => {
          const order = byId.get(c.order.order_id);
          const ev = [...c.evidence];
          if (order) {
            const route = routeEvidence(order, point, places, { nearKm, farKm, countries });
            if (route) ev.push(route);
            const group = groupEvidence(partiesOf(order), reach);
            if (group) ev.push(group);
          }
          return { ...c, evidence: ev, points: ev.reduce((s, e) => s + e.weight, 0), full: order };
        });
        rejudged.sort(compareCandidates);
        const top = rejudged.slice(0, limit);
        const notes: string[] = [];
        if (!item.model) notes.push('the item names no model or part number: nothing to trace by');
        else if (considered === 0)
          notes.push(`no order of the case names the part or model "${item.model}"`);
        if (reach.note) notes.push(reach.note);
        if (point === null && item.seizure_place)
          notes.push(`the seizure's place "${item.seizure_place}" is not in the gazetteer`);
        results.push({
          item_id: item.item_id,
          item: {
            item_id: item.item_id,
            seizure_id: item.seizure_id,
            seizure_date: item.seizure_date,
            seizure_place: item.seizure_place,
            category: item.category,
            type: item.type,
            model: item.model,
            manufacturer: item.manufacturer,
            serial_number: item.serial_number,
            lot: item.lot,
          },
          candidates: top.map((c) =>
            candidateOut(c, c.full, {
              net: network,
              reach,
              upstream: upstreamAt.get(c.order.order_id) ?? null,
              ix,
              byId,
              seizure: {
                id: item.seizure_id,
                name: [item.seizure_id, item.seizure_place].filter(Boolean).join(', '),
              },
            }),
          ),
          considered,
          nearby: null,
          notes,
        });
      }
      if (wantFlags) await addFlags(store, caseIds, results, byId, !many);
      if (nearbyOpts !== false) {
        const bySeizure = new Map<string, NearbyReport>();
        for (const r of results) {
          let report = bySeizure.get(r.item.seizure_id);
          if (!report) {
            report = await nearbyOf(
              store,
              opts.caseId,
              {
                id: r.item.seizure_id,
                seizure_date: r.item.seizure_date,
                place: r.item.seizure_place,
              },
              seizurePoints.get(r.item.seizure_id) ?? null,
              nearbyOpts,
            );
            bySeizure.set(r.item.seizure_id, report);
          }
          r.nearby = report;
        }
      }
      return results;
    },
  };
}

/** The most the route and network evidence can add to a candidate, and take away. */
const CONTEXT = {
  gain: WEIGHTS.ROUTE_NEAR_SEIZURE + WEIGHTS.PARTY_LINKED_TO_GROUP,
  loss: -WEIGHTS.ROUTE_FAR_FROM_SEIZURE,
};

/** The order of the same part that brought it to this order's seller, nearest before it. */
function upstreamOf(ix: OrderIndex, at: number): number | null {
  const o = ix.orders[at]!;
  if (!o.seller_entity_id) return null;
  const key = ix.partKey[at] ?? ix.modelKey[at];
  const day = ix.day[at];
  let best: number | null = null;
  for (const j of ix.byKey.get(key!) ?? []) {
    if (j === at || ix.orders[j]!.buyer_entity_id !== o.seller_entity_id) continue;
    const dj = ix.day[j] ?? null;
    if (day != null && dj !== null && dj > day) continue;
    if (best === null || (ix.day[j] ?? -Infinity) > (ix.day[best] ?? -Infinity)) best = j;
  }
  return best;
}

function partiesOf(o: StoredOrder): OrderParties {
  return {
    order_id: o.order_id,
    seller: o.seller,
    buyer: o.buyer,
    consignee: o.consignee,
    seller_country: o.seller_country,
    buyer_country: o.buyer_country,
    ship_to_country: o.ship_to_country,
    manufacturer: o.manufacturer ?? null,
    seller_entity_id: o.seller_entity_id,
    buyer_entity_id: o.buyer_entity_id,
    payer_entity_id: o.payer_entity_id,
    consignee_entity_id: o.consignee_entity_id,
  };
}

function candidateOut(
  c: IdentityCandidate,
  order: StoredOrder | undefined,
  ctx: {
    net: Network;
    reach: GroupReach;
    upstream: number | null;
    ix: OrderIndex;
    byId: Map<string, StoredOrder>;
    seizure: { id: string; name: string };
  },
): TraceCandidate {
  const o = c.order;
  const up = ctx.upstream === null ? null : ctx.byId.get(ctx.ix.orders[ctx.upstream]!.order_id);
  return {
    order_id: o.order_id,
    score: scoreOf(c.points),
    points: Math.round(c.points * 100) / 100,
    excluded: c.excluded,
    order_date: o.order_date,
    seller: order?.seller ?? null,
    buyer: order?.buyer ?? null,
    manufacturer: o.manufacturer,
    part_number: o.part_number,
    model: o.model,
    lot: o.lot,
    serial_first: o.serial_first,
    serial_last: o.serial_last,
    evidence: c.evidence,
    chain: order
      ? chainOf(ctx.net, partiesOf(order), {
          reach: ctx.reach,
          upstream: up ? partiesOf(up) : null,
          seizure: ctx.seizure,
        })
      : [],
    flags: null,
  };
}

/** Red flags of the candidates: the latest stored score, else (when `scoreNow`) scored here. */
async function addFlags(
  store: Store,
  caseIds: string[],
  results: TraceResult[],
  byId: Map<string, StoredOrder>,
  scoreNow: boolean,
): Promise<void> {
  const ids = [...new Set(results.flatMap((r) => r.candidates.map((c) => c.order_id)))];
  if (ids.length === 0) return;
  const flags = new Map<string, TraceFlags>();
  for (const s of await latestScoresFor(store.db, caseIds, ids))
    flags.set(s.order_id, {
      likelihood: s.likelihood,
      codes: s.flags.map((f) => f.code),
      source: 'stored',
      rules_version: s.rules_version,
    });
  const missing = ids.filter((id) => !flags.has(id) && byId.has(id));
  if (scoreNow && missing.length) {
    const [entities, relations, lists] = await Promise.all([
      listEntities(store.db, { caseIds }),
      listRelations(store.db, caseIds),
      loadLists(store),
    ]);
    const rules = loadRules();
    const scored = scoreOrders(
      {
        orders: missing.map((id) => byId.get(id)!),
        entities,
        relations: relations.filter((r) => r.source_id && r.target_id),
        lists: listEntries(lists),
      },
      rules,
    );
    for (const s of scored)
      flags.set(s.order_id, {
        likelihood: s.likelihood,
        codes: s.flags.map((f) => f.code),
        source: 'scored',
        rules_version: rules.version,
      });
  }
  for (const r of results) for (const c of r.candidates) c.flags = flags.get(c.order_id) ?? null;
}

async function nearbyOf(
  store: Store,
  caseId: string,
  seizure: { id: string; seizure_date: string | null; place: string | null },
  point: Point | null,
  opts: NearbyOptions,
): Promise<NearbyReport> {
  const daysBefore = opts.daysBefore ?? NEARBY_DEFAULTS.daysBefore;
  const daysAfter = opts.daysAfter ?? NEARBY_DEFAULTS.daysAfter;
  const incidents = seizure.seizure_date
    ? await listIncidents(store.db, {
        caseIds: [caseId],
        from: addDays(seizure.seizure_date, -daysBefore),
        to: addDays(seizure.seizure_date, daysAfter),
      })
    : [];
  return nearbyIncidents(seizure, point, incidents, opts);
}

/** Candidate orders for one item of the case, best first; CP_NOT_FOUND for an unknown item. */
export async function traceItem(
  store: Store,
  opts: TraceOptions & { itemId: string },
): Promise<TraceResult> {
  const items = await listItems(store.db, [opts.caseId]);
  const item = items.find((i) => i.item_id === opts.itemId);
  if (!item) throw itemNotFound(opts.caseId, opts.itemId);
  const tracer = await buildTracer(store, opts, false);
  return (await tracer.trace([item]))[0]!;
}

/**
 * Many items in one pass (`chokepoint trace --items FILE`): the given item ids (every item
 * of the case when none are given), in batches of `batch`, each batch's results handed to
 * `onResults` as soon as it is traced. Unknown ids are CP_NOT_FOUND before anything is traced.
 */
export async function traceItems(
  store: Store,
  opts: TraceOptions & {
    itemIds?: string[] | null;
    batch?: number;
    onResults: (results: TraceResult[]) => void | Promise<void>;
  },
): Promise<{ items: number }> {
  const all = await listItems(store.db, [opts.caseId]);
  let items = all;
  if (opts.itemIds) {
    const byId = new Map(all.map((i) => [i.item_id, i]));
    items = opts.itemIds.map((id) => {
      const it = byId.get(id);
      if (!it) throw itemNotFound(opts.caseId, id);
      return it;
    });
  }
  const tracer = await buildTracer(store, opts, true);
  const size = opts.batch ?? 2000;
  for (let i = 0; i < items.length; i += size)
    await opts.onResults(await tracer.trace(items.slice(i, i + size)));
  return { items: items.length };
}

/** Incidents within a distance and a time window of a seizure (defaults 50 km, 180 days before). */
export async function seizureNearby(
  store: Store,
  opts: NearbyOptions & { caseId: string; seizureId: string },
): Promise<NearbyReport> {
  for (const [field, v] of [
    ['km', opts.km],
    ['days_before', opts.daysBefore],
    ['days_after', opts.daysAfter],
  ] as const)
    if (v !== undefined && (!Number.isFinite(v) || v < 0))
      throw new ChokepointError('CP_BAD_OPTION', `bad ${field}`, {
        field,
        expected: 'a number ≥ 0',
        got: String(v),
      });
  const seizure = await getSeizure(store.db, opts.caseId, opts.seizureId);
  if (!seizure)
    throw new ChokepointError('CP_NOT_FOUND', `no seizure "${opts.seizureId}"`, {
      field: 'seizure_id',
      got: opts.seizureId,
    });
  const places = new PlaceResolver();
  const point = places.point(seizure.place, places.countryCodes(seizure.country));
  return nearbyOf(store, opts.caseId, seizure, point, opts);
}
