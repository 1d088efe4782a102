/**
 * The one place where reports meet the store: it gathers plain data for the pure builders
 * (bulletin.ts, dossier.ts) and hands the result to a renderer. The CLI (`chokepoint
 * report …`) and the HTTP routes (`/api/cases/:caseId/reports/…`) both call the
 * `*Report` functions below, so a report reads the same whichever way it is asked for.
 */
import { ChokepointError } from '../core/errors.ts';

import { entityCaption, type FtmEntity } from '../network/ftm.ts';
import type { Store } from '../store/connect.ts';
import { getEntity, listEntities, listRelations } from '../store/entities.ts';
import { reviewHistory, scoreHistory } from '../store/flags.ts';
import { incidentSummary, listIncidents } from '../store/incidents.ts';
import { listOrders } from '../store/orders.ts';
import { evidenceForMany } from '../store/sources.ts';
import { listAliases, listBaseline, listItems, listSeizures } from '../store/arms.ts';
import { composition } from '../arms/composition.ts';
import { findLinks } from '../arms/links.ts';
import { createNormaliser } from '../arms/normalise.ts';
import { buildBulletin, type BulletinInput } from './bulletin.ts';
import { checkPeriod, previousPeriod } from '../incidents/summary.ts';
import type { ReportDoc } from './doc.ts';
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
} from './dossier.ts';
import { htmlToPdf } from './pdf.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-md.ts';

export const REPORT_FORMATS = ['html', 'md', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderedReport {
  format: ReportFormat;
  /** MIME type for an HTTP answer. */
  contentType: string;
  /** A file name to offer (`bulletin-2021-01-07-2021-01-13.pdf`). */
  filename: string;
  body: Buffer;
  doc: ReportDoc;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

export function parseReportFormat(v: unknown): ReportFormat {
  const f = v === undefined || v === null || v === '' ? 'html' : String(v).toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(f))
    throw new ChokepointError('CP_BAD_INPUT', `cannot write a report as "${f}"`, {
      field: 'format',
      expected: REPORT_FORMATS.join(', '),
    });
  return f as ReportFormat;
}

/** Renders a report document in a format. */
export async function renderReport(
  doc: ReportDoc,
  format: ReportFormat,
  name: string,
): Promise<RenderedReport> {
  const body =
    format === 'pdf'
      ? await htmlToPdf(renderHtml(doc))
      : Buffer.from(format === 'md' ? renderMarkdown(doc) : renderHtml(doc), 'utf8');
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
  return { format, contentType: CONTENT_TYPES[format], filename: `${safe}.${format}`, body, doc };
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

export async function bulletinReport(
  store: Store,
  req: BulletinRequest & { format: ReportFormat },
): Promise<RenderedReport> {
  const doc = buildBulletin(await loadBulletinInput(store, req));
  return renderReport(doc, req.format, `bulletin-${req.from}-${req.to}`);
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
  scoreNow?: (orderId: string) => ScoreLike | null,
): Promise<OrderDossierInput> {
  const db = store.db;
  const [order] = await listOrders(db, caseIds, [id]);
  if (!order) throw notFound('order', id);
  const partyIds = ROLE_FIELDS.map(([, f]) => order[f]).filter((x): x is string => !!x);
  const evidence = await evidenceForMany(db, caseIds, [id, ...partyIds]);
  const scores: ScoreLike[] = await scoreHistory(db, caseIds, id);
  const gaps: string[] = [];
  if (scores.length === 0 && scoreNow) {
    const s = scoreNow(id);
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
    evidence: evidence.get(id) ?? [],
    parties: ROLE_FIELDS.map(([role, f]) => ({
      role,
      id: order[f],
      name: names[role] ?? 'not reported',
      evidence: order[f] ? (evidence.get(order[f]!) ?? []) : [],
    })),
    scores,
    reviews: await reviewHistory(db, caseIds, id),
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

export async function entityReport(
  store: Store,
  caseIds: string[],
  id: string,
  format: ReportFormat,
  analyses: EntityAnalyses = {},
): Promise<RenderedReport> {
  return renderReport(
    buildEntityDossier(await loadEntityDossier(store, caseIds, id, analyses)),
    format,
    `entity-${id}`,
  );
}

export async function seizureReport(
  store: Store,
  caseIds: string[],
  id: string,
  format: ReportFormat,
): Promise<RenderedReport> {
  return renderReport(
    buildSeizureDossier(await loadSeizureDossier(store, caseIds, id)),
    format,
    `seizure-${id}`,
  );
}

export async function orderReport(
  store: Store,
  caseIds: string[],
  id: string,
  format: ReportFormat,
  scoreNow?: (orderId: string) => ScoreLike | null,
): Promise<RenderedReport> {
  return renderReport(
    buildOrderDossier(await loadOrderDossier(store, caseIds, id, scoreNow)),
    format,
    `order-${id}`,
  );
}
