/**
 * Arms use cases: a case's seizure items read once with the baseline and the aliases in
 * force (built-in merged with the store's editable table), then composition against the
 * baseline, cross-seizure links, serial search, manufacture-to-seizure timelines and one
 * seizure's detail, for `chokepoint arms …` and the API's arms and seizure routes alike.
 */
import { composition, type CompositionDimension } from '../arms/composition.ts';
import { findLinks, suppliedTogether, type LinkKind } from '../arms/links.ts';
import { createNormaliser, type Normaliser } from '../arms/normalise.ts';
import type { BaselineRow, SeizureItem } from '../arms/schema.ts';
import { searchSerials } from '../arms/search.ts';
import { timeline } from '../arms/timeline.ts';
import { ChokepointError } from '../core/errors.ts';
import type { JobProgress } from '../resolve/jobs.ts';
import { getSeizure, listAliases, listBaseline, listItems } from '../store/arms.ts';
import type { Store } from '../store/connect.ts';
import { evidenceFor } from '../store/sources.ts';

/** The normaliser in force: built-in aliases merged with the store's editable table. */
export async function aliasesInForce(store: Store): Promise<Normaliser> {
  return createNormaliser(await listAliases(store.db));
}

export interface ArmsData {
  items: SeizureItem[];
  baseline: BaselineRow[];
  normaliser: Normaliser;
}

/** A case's seizure items and baseline, with the normaliser in force. */
export async function armsData(store: Store, caseId: string): Promise<ArmsData> {
  const [items, baseline, normaliser] = await Promise.all([
    listItems(store.db, [caseId]),
    listBaseline(store.db, [caseId]),
    aliasesInForce(store),
  ]);
  return { items, baseline, normaliser };
}

function seizureNotFound(id: string, field?: string): ChokepointError {
  return new ChokepointError('CP_NOT_FOUND', `no seizure "${id}"`, field ? { field } : {});
}

export interface CompositionRequest {
  caseId: string;
  by: CompositionDimension;
  withinType?: string | null;
  /** `weapon` (the default), another category, or `all`. */
  category?: string;
  /** Only this seizure: CP_NOT_FOUND when the case has no item of it. */
  seizureId?: string | null;
  onProgress?: JobProgress;
}

/** Counts and shares per seizure and overall, against the baseline, ranked by surprise. */
export async function armsComposition(store: Store, req: CompositionRequest) {
  req.onProgress?.(0, 2, 'loading items');
  const { items, baseline, normaliser } = await armsData(store, req.caseId);
  if (req.seizureId && !items.some((i) => i.seizure_id === req.seizureId))
    throw seizureNotFound(req.seizureId, 'seizure');
  req.onProgress?.(1, 2, `composing ${items.length} items`);
  return composition(items, baseline, {
    by: req.by,
    withinType: req.withinType ?? null,
    category: req.category,
    seizureId: req.seizureId ?? null,
    normaliser,
  });
}

export interface LinksRequest {
  caseId: string;
  /** Largest gap between serials still read as one batch (default 25). */
  maxGap?: number;
  /** Links below this strength do not join clusters (default 0.5). */
  minStrength?: number;
  onProgress?: JobProgress;
}

async function linksOf(store: Store, req: LinksRequest) {
  req.onProgress?.(0, 2, 'loading items');
  const [items, normaliser] = await Promise.all([
    listItems(store.db, [req.caseId]),
    aliasesInForce(store),
  ]);
  req.onProgress?.(1, 2, `linking ${items.length} items`);
  const report = findLinks(items, {
    normaliser,
    maxGap: req.maxGap,
    minClusterStrength: req.minStrength,
  });
  return { items, report };
}

/** Cross-seizure links with their evidence (only those of `kind` when given), and clusters. */
export async function armsLinks(store: Store, req: LinksRequest & { kind?: LinkKind }) {
  const { report } = await linksOf(store, req);
  const links = req.kind ? report.links.filter((l) => l.kind === req.kind) : report.links;
  return { ...report, links };
}

/** Were these seizures supplied from one source? The answer and the links among them. */
export async function seizuresTogether(store: Store, req: LinksRequest & { seizureIds: string[] }) {
  const { items, report } = await linksOf(store, req);
  const ids = req.seizureIds;
  const known = new Set(items.map((i) => i.seizure_id));
  const missing = ids.filter((id) => !known.has(id));
  if (ids.length < 2)
    throw new ChokepointError('CP_BAD_OPTION', 'name at least two seizures', {
      field: 'together',
      expected: 'ids joined by commas',
    });
  if (missing.length)
    throw new ChokepointError(
      'CP_NOT_FOUND',
      `no seizure ${missing.map((m) => `"${m}"`).join(', ')}`,
      { field: 'together' },
    );
  return suppliedTogether(report, ids);
}

/** Items whose serial number (or, with `lots`, lot) matches a glob. */
export async function serialSearch(
  store: Store,
  req: { caseId: string; pattern: string; lots?: boolean },
) {
  return searchSerials(await listItems(store.db, [req.caseId]), req.pattern, { lots: req.lots });
}

/** Years from manufacture to seizure, per item and summarised by model or country. */
export async function armsTimeline(
  store: Store,
  req: { caseId: string; by: 'model' | 'country'; category?: string; withinType?: string | null },
) {
  const [items, normaliser] = await Promise.all([
    listItems(store.db, [req.caseId]),
    aliasesInForce(store),
  ]);
  return timeline(items, {
    by: req.by,
    category: req.category,
    withinType: req.withinType ?? null,
    normaliser,
  });
}

/** One seizure with its items, its composition against the baseline and its evidence. */
export async function seizureDetail(
  store: Store,
  req: { caseId: string; seizureId: string; by: CompositionDimension; category?: string },
) {
  const seizure = await getSeizure(store.db, req.caseId, req.seizureId);
  if (!seizure) throw seizureNotFound(req.seizureId);
  const { items, baseline, normaliser } = await armsData(store, req.caseId);
  return {
    ...seizure,
    items: items.filter((i) => i.seizure_id === seizure.id),
    composition: composition(items, baseline, {
      by: req.by,
      category: req.category,
      seizureId: seizure.id,
      normaliser,
    }),
    evidence: await evidenceFor(store.db, req.caseId, seizure.id, 'seizure'),
  };
}
