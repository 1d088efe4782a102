/**
 * Report use cases: the data a bulletin or a dossier shows, gathered from the store and
 * from the other use cases (scores from `orders`, the network role from `network`,
 * screening from `screening`), then handed to the pure builders of src/reports and
 * rendered. The CLI (`chokepoint report …`) and the API (`/api/cases/:caseId/reports/…`)
 * both call the `*Report` functions here, so a report reads the same whichever way it is
 * asked for, and its scores are the ones `flags score` and the API give.
 */
import { composition } from '../arms/composition.ts';
import { findLinks } from '../arms/links.ts';
import { createNormaliser } from '../arms/normalise.ts';
import { ChokepointError } from '../core/errors.ts';
import { checkPeriod, previousPeriod } from '../incidents/summary.ts';
import { entityCaption, type FtmEntity } from '../network/ftm.ts';
import type { Network } from '../network/graph.ts';
import { buildBulletin, type BulletinInput } from '../reports/bulletin.ts';
import {
  buildEntityDossier,
  buildOrderDossier,
  buildSeizureDossier,
  type EntityDossierInput,
  type NetworkRole,
  type OrderDossierInput,
  type OrderFact,
  type SanctionsHit,
  type ScoreLike,
  type SeizureDossierInput,
} from '../reports/dossier.ts';
import { renderReport, type RenderedReport, type ReportFormat } from '../reports/render.ts';
import { listAliases, listBaseline, listItems, listSeizures } from '../store/arms.ts';
import type { Store } from '../store/connect.ts';
import { getEntity, listEntities, listRelations } from '../store/entities.ts';
import { reviewHistory, scoreHistory } from '../store/flags.ts';
import { incidentSummary, listIncidents } from '../store/incidents.ts';
import { listOrders } from '../store/orders.ts';
import { evidenceForMany } from '../store/sources.ts';
import { loadCaseNetwork, networkRoles, type NetworkRoles } from './network.ts';
import { orderDetailIn, scoreOrdersOf } from './orders.ts';
import { resolveRules, DEFAULT_RULES } from './rules.ts';
import { loadScreener, screenEntity } from './screening.ts';

export interface PreparedAnalyses extends EntityAnalyses {
  /** Why an analysis could not run, by name. */
  failures: string[];
}

/**
 * Computes, once per report, what the entity and order dossiers need from the other use
 * cases: the network role of a party, the orders scored now (with the default rules, not
 * saved) and the screening of a party against the loaded lists. Each analysis can fail
 * alone: a dossier with one missing analysis lists the gap instead of failing.
 */
export async function reportAnalyses(store: Store, caseIds: string[]): Promise<PreparedAnalyses> {
  const failures: string[] = [];
  const out: PreparedAnalyses = { failures };

  let net: Network | null = null;
  try {
    net = await loadCaseNetwork(store, caseIds);
  } catch (e) {
    failures.push(`network: ${(e as Error).message}`);
  }
  if (net) {
    const network = net;
    // The roles the API's entity page gives too (`entityProfile`): one analysis, one answer.
    let roles: NetworkRoles | undefined;
    out.network = (id) => (roles ??= networkRoles(network)).role(id, failures);
  }

  try {
    out.scoreNow = await scoresNow(store, caseIds);
    const screener = await loadScreener(store);
    // No list loaded: the dossier says it was not screened rather than "no hit".
    out.sanctions = (entity: FtmEntity) =>
      screenEntity(screener, entity)?.map((h) => ({
        list: h.list ?? 'list',
        entity_id: h.entity_id,
        name: h.name,
        score: h.score,
      })) ?? null;
  } catch (e) {
    failures.push(`flags or screening: ${(e as Error).message}`);
  }
  return out;
}

/** The cases' orders scored now with the default rules (nothing saved), by order id. */
export async function scoresNow(
  store: Store,
  caseIds: string[],
): Promise<(orderId: string) => ScoreLike | null> {
  const rules = await resolveRules(store, DEFAULT_RULES);
  const scoredAt = new Date().toISOString();
  const scores = new Map<string, ScoreLike>(
    (await scoreOrdersOf(store, caseIds, rules)).map((s) => [
      s.order_id,
      {
        likelihood: s.likelihood,
        rules_version: rules.version,
        scored_at: scoredAt,
        flags: s.flags,
      },
    ]),
  );
  return (orderId) => scores.get(orderId) ?? null;
}

// ------------------------------------------------------------------------ bulletin

export interface BulletinRequest {
  caseIds: string[];
  from: string;
  to: string;
  /** Weeks of trend shown before the period's end (default 8). */
  trendWeeks?: number;
  charts?: boolean;
  generated?: string;
}

function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function loadBulletinInput(
  store: Store,
  req: BulletinRequest,
): Promise<BulletinInput> {
  const { from, to } = req;
  checkPeriod(from, to);
  const prev = previousPeriod(from, to);
  const trendFrom = shiftDate(to, -7 * (req.trendWeeks ?? 8) + 1);
  const incidents = await listIncidents(store.db, { caseIds: req.caseIds, from, to });
  const evidence = await evidenceForMany(
    store.db,
    req.caseIds,
    incidents.map((i) => i.id),
    'incident',
  );
  return {
    from,
    to,
    incidents,
    // The figures are exactly `summary --json`'s: the same store query and roll-up.
    summary: await incidentSummary(store.db, req.caseIds, from, to),
    previousPeriod: prev,
    previous: await incidentSummary(store.db, req.caseIds, prev.from, prev.to, 'none'),
    // Seven-day bins counted back from the period's end, so the last bin is the period's week.
    trend: (await incidentSummary(store.db, req.caseIds, trendFrom, to, 'none')).by_week,
    evidence: Object.fromEntries(evidence),
    charts: req.charts,
    generated: req.generated,
  };
}

// ------------------------------------------------------------------------- dossiers

/** Analyses computed outside the store (network role, screening); absent ones become gaps. */
export interface EntityAnalyses {
  network?: (entityId: string) => NetworkRole | null;
  sanctions?: (entity: FtmEntity) => SanctionsHit[] | null;
  /** A score for an order that has none stored (e.g. scored now by the flags module). */
  scoreNow?: (orderId: string) => ScoreLike | null;
  /** Analyses that failed, with the reason: shown as gaps. */
  failures?: string[];
}

function notFound(kind: string, id: string): ChokepointError {
  return new ChokepointError('CP_NOT_FOUND', `no ${kind} "${id}"`, {
    field: 'id',
    expected: `the id of a stored ${kind}`,
  });
}

const ROLE_FIELDS = [
  ['seller', 'seller_entity_id'],
  ['buyer', 'buyer_entity_id'],
  ['payer', 'payer_entity_id'],
  ['consignee', 'consignee_entity_id'],
] as const;

export async function loadEntityDossier(
  store: Store,
  caseIds: string[],
  id: string,
  analyses: EntityAnalyses = {},
): Promise<EntityDossierInput> {
  const db = store.db;
  const entity = await getEntity(db, caseIds, id);
  if (!entity) throw notFound('entity', id);
  const relations = await listRelations(db, caseIds, id);
  const orders = (await listOrders(db, caseIds)).filter((o) =>
    ROLE_FIELDS.some(([, f]) => o[f] === id),
  );
  const relEntities = new Map(
    (await listEntities(db, { caseIds, ids: relations.map((r) => r.id) })).map((e) => [e.id, e]),
  );
  const others = new Set<string>();
  for (const r of relations) others.add(r.source_id === id ? r.target_id : r.source_id);
  for (const o of orders) for (const [, f] of ROLE_FIELDS) if (o[f]) others.add(o[f]!);
  const names: Record<string, string> = {};
  for (const e of await listEntities(db, { caseIds, ids: [...others] }))
    names[e.id] = entityCaption(e);
  const evidence = await evidenceForMany(db, caseIds, [
    id,
    ...relations.map((r) => r.id),
    ...orders.map((o) => o.order_id),
  ]);
  const gaps: string[] = [];
  const orderFacts: OrderFact[] = [];
  let scoredNow = 0;
  for (const o of orders) {
    let score: ScoreLike | null = (await scoreHistory(db, caseIds, o.order_id)).at(-1) ?? null;
    if (!score && analyses.scoreNow) {
      score = analyses.scoreNow(o.order_id);
      if (score) scoredNow++;
    }
    orderFacts.push({
      order: o,
      roles: ROLE_FIELDS.filter(([, f]) => o[f] === id).map(([r]) => r),
      evidence: evidence.get(o.order_id) ?? [],
      score,
      reviews: await reviewHistory(db, caseIds, o.order_id),
    });
  }
  if (scoredNow > 0)
    gaps.push(
      `${scoredNow} order score(s) were computed for this dossier and are not stored; run \`chokepoint flags score\` to keep them.`,
    );
  const network = analyses.network ? analyses.network(id) : null;
  if (!analyses.network)
    gaps.push('Network role: the network analysis was not available to this report.');
  const sanctions = analyses.sanctions ? analyses.sanctions(entity) : null;
  if (!analyses.sanctions)
    gaps.push('Sanctions screening: no screening was available to this report.');
  return {
    entity: { ...entity, caption: entityCaption(entity) },
    evidence: evidence.get(id) ?? [],
    names,
    relations: relations.map((r) => ({
      ...r,
      properties: relEntities.get(r.id)?.properties ?? {},
      evidence: evidence.get(r.id) ?? [],
    })),
    orders: orderFacts,
    sanctions,
    network,
    gaps,
  };
}

export async function loadOrderDossier(
  store: Store,
  caseIds: string[],
  id: string,
  /** Scores the order when it has no stored score (asked only then). */
  scoreNow?: (orderId: string) => Promise<ScoreLike | null>,
): Promise<OrderDossierInput> {
  // The order as the API's order detail gives it (`orderDetail`): the row, its scores, its
  // reviews and its sources; the parties' sources besides.
  const detail = await orderDetailIn(store, caseIds, id);
  if (!detail) throw notFound('order', id);
  const {
    flags: _latest,
    score_history: history,
    reviews,
    status: _status,
    evidence: orderEvidence,
    ...order
  } = detail;
  const partyIds = ROLE_FIELDS.map(([, f]) => order[f]).filter((x): x is string => !!x);
  const evidence = await evidenceForMany(store.db, caseIds, partyIds);
  const scores: ScoreLike[] = [...history];
  const gaps: string[] = [];
  if (scores.length === 0 && scoreNow) {
    const s = await scoreNow(id);
    if (s) {
      scores.push(s);
      gaps.push(
        'The score shown was computed for this dossier and is not stored; run `chokepoint flags score` to keep it.',
      );
    }
  }
  const names = order as unknown as Record<string, string | null>;
  return {
    order,
    evidence: orderEvidence,
    parties: ROLE_FIELDS.map(([role, f]) => ({
      role,
      id: order[f],
      name: names[role] ?? 'not reported',
      evidence: order[f] ? (evidence.get(order[f]!) ?? []) : [],
    })),
    scores,
    reviews,
    gaps,
  };
}

export async function loadSeizureDossier(
  store: Store,
  caseIds: string[],
  id: string,
): Promise<SeizureDossierInput> {
  const db = store.db;
  const seizure = (await listSeizures(db, caseIds)).find((s) => s.id === id);
  if (!seizure) throw notFound('seizure', id);
  // Links need every seizure's items: a link is a match between this seizure and another.
  const allItems = await listItems(db, caseIds);
  const items = allItems.filter((i) => i.seizure_id === id);
  const baseline = await listBaseline(db, caseIds);
  const normaliser = createNormaliser(await listAliases(db));
  const comp = composition(allItems, baseline, { by: 'model', seizureId: id, normaliser });
  const mine = comp.seizures.find((s) => s.seizure_id === id);
  const links = findLinks(allItems, { normaliser }).links.filter((l) => l.seizures.includes(id));
  const evidence = await evidenceForMany(db, caseIds, [
    id,
    ...items.map((i) => i.item_id),
    ...links.map((l) => l.id),
    ...links.flatMap((l) => l.items),
  ]);
  const { case_id: _c, ...row } = seizure;
  return {
    seizure: row,
    items,
    evidence: evidence.get(id) ?? [],
    itemEvidence: Object.fromEntries(evidence),
    composition: mine
      ? { by: comp.by, total: mine.total, baseline_note: comp.baseline.note, groups: mine.groups }
      : null,
    links,
  };
}

export async function bulletinReport(
  store: Store,
  req: BulletinRequest & { format: ReportFormat; chromium?: string },
): Promise<RenderedReport> {
  const doc = buildBulletin(await loadBulletinInput(store, req));
  return renderReport(doc, req.format, `bulletin-${req.from}-${req.to}`, req);
}

export interface DossierRequest {
  caseIds: string[];
  id: string;
  format: ReportFormat;
  /** The chromium that prints a PDF, as the front end is configured (default /usr/bin/chromium). */
  chromium?: string;
}

/** The dossier on a party: its facts with their sources, its orders, network role and screening. */
export async function entityReport(store: Store, req: DossierRequest): Promise<RenderedReport> {
  const analyses = await reportAnalyses(store, req.caseIds);
  return renderReport(
    buildEntityDossier(await loadEntityDossier(store, req.caseIds, req.id, analyses)),
    req.format,
    `entity-${req.id}`,
    req,
  );
}

export async function seizureReport(store: Store, req: DossierRequest): Promise<RenderedReport> {
  return renderReport(
    buildSeizureDossier(await loadSeizureDossier(store, req.caseIds, req.id)),
    req.format,
    `seizure-${req.id}`,
    req,
  );
}

/** The dossier on an order; an order never scored is scored now (and not saved). */
export async function orderReport(store: Store, req: DossierRequest): Promise<RenderedReport> {
  return renderReport(
    buildOrderDossier(
      // As before: a score that cannot be computed leaves the dossier without one.
      await loadOrderDossier(store, req.caseIds, req.id, async (id) =>
        (await scoresNow(store, req.caseIds).catch(() => () => null))(id),
      ),
    ),
    req.format,
    `order-${req.id}`,
    req,
  );
}
