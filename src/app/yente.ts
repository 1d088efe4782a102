/**
 * The yente-compatible screening API (issue 20, item 5) as use cases: a yente dataset is a
 * list here (by its id, `us_ofac_sdn` and `us-ofac-sdn` alike), and `default` (or `all`) is
 * every list loaded. The shapes are yente's (src/resolve/lists/yente.ts).
 */
import { ChokepointError } from '../core/errors.ts';
import { entityCaption } from '../network/ftm.ts';
import type { ListedHit, ListInfo } from '../resolve/lists/schema.ts';
import {
  explain,
  hasName,
  matcherDocs,
  queryRecord,
  yenteEntity,
  type YenteEntityExample,
  type YenteMatchResponse,
  type YenteScoredEntity,
} from '../resolve/lists/yente.ts';
import { DEFAULT_THRESHOLD } from '../resolve/match.ts';
import type { Store } from '../store/connect.ts';
import {
  findListEntity,
  listEntitiesByIds,
  listIdFor,
  listLists,
  type ListEntity,
} from '../store/lists.ts';
import type { Screener } from './screening.ts';

const ALL_LISTS = new Set(['default', 'all']);

/** The lists a yente dataset name stands for; undefined for all of them. */
export function datasetLists(all: ListInfo[], dataset: string): string[] | undefined {
  if (ALL_LISTS.has(dataset)) return undefined;
  const id = listIdFor(dataset);
  if (!all.some((l) => l.id === id))
    throw new ChokepointError('CP_NOT_FOUND', `no dataset "${dataset}"`, {
      field: 'dataset',
      expected: `default, or a list: ${all.map((l) => l.id).join(', ') || 'none is loaded'}`,
    });
  return [id];
}

/** The full entities of hits, by list and id. */
async function entitiesOf(store: Store, hits: ListedHit[]): Promise<Map<string, ListEntity>> {
  const byList = new Map<string, Set<string>>();
  for (const h of hits) {
    if (!h.list_id) continue;
    const ids = byList.get(h.list_id) ?? new Set<string>();
    ids.add(h.entity_id);
    byList.set(h.list_id, ids);
  }
  const out = new Map<string, ListEntity>();
  for (const [list, ids] of byList)
    for (const e of await listEntitiesByIds(store.db, list, [...ids]))
      out.set(`${list}\u0000${e.entity.id}`, e);
  return out;
}

function scored(
  h: ListedHit,
  entities: Map<string, ListEntity>,
  lists: Map<string, ListInfo>,
  threshold: number,
): YenteScoredEntity | null {
  const e = h.list_id ? entities.get(`${h.list_id}\u0000${h.entity_id}`) : undefined;
  const list = h.list_id ? lists.get(h.list_id) : undefined;
  if (!e || !list) return null;
  return {
    ...yenteEntity(e.entity, h.name, list),
    score: h.score,
    match: h.score >= threshold,
    ...explain(h.features),
  };
}

export interface YenteMatchParams {
  threshold: number;
  /** Results scoring below this are left out (yente's `cutoff`). */
  cutoff: number;
  limit: number;
}

/** The screener over some lists (all when none are named): the API keeps them built. */
export type ScreenerFor = (lists: string[] | undefined) => Promise<Screener>;

/** POST /match/{dataset}: each query screened, results best first. */
export async function yenteMatch(
  store: Store,
  screenerFor: ScreenerFor,
  dataset: string,
  queries: Record<string, YenteEntityExample>,
  p: YenteMatchParams,
): Promise<YenteMatchResponse> {
  const all = await listLists(store.db);
  const screener = await screenerFor(datasetLists(all, dataset));
  const records = Object.entries(queries).map(([id, q]) => queryRecord(id, q));
  const named = records.filter(hasName);
  const results = screener.screen(named, { threshold: p.cutoff, limit: p.limit });
  const byId = new Map(results.map((r) => [r.id, r.hits]));
  const entities = await entitiesOf(
    store,
    results.flatMap((r) => r.hits),
  );
  const lists = new Map(all.map((l) => [l.id, l]));
  const responses: YenteMatchResponse['responses'] = {};
  for (const [id, q] of Object.entries(queries)) {
    const hits = byId.get(id) ?? [];
    const items = hits.flatMap((h) => scored(h, entities, lists, p.threshold) ?? []);
    responses[id] = {
      status: 200,
      results: items,
      total: { value: items.length, relation: 'eq' },
      query: q,
    };
  }
  return { responses, matcher: matcherDocs(), limit: p.limit };
}

/** GET /search/{dataset}?q=: a name searched as a query of any schema, best first. */
export async function yenteSearch(
  store: Store,
  screenerFor: ScreenerFor,
  dataset: string,
  p: { q: string; schema: string; limit: number; offset: number; threshold: number },
) {
  const all = await listLists(store.db);
  const screener = await screenerFor(datasetLists(all, dataset));
  const [r] = screener.screen(
    [queryRecord('q', { schema: p.schema, properties: { name: [p.q] } })],
    {
      threshold: p.threshold,
      limit: p.offset + p.limit,
    },
  );
  const hits = (r?.hits ?? []).slice(p.offset, p.offset + p.limit);
  const entities = await entitiesOf(store, hits);
  const lists = new Map(all.map((l) => [l.id, l]));
  const results = hits.flatMap((h) => scored(h, entities, lists, DEFAULT_THRESHOLD) ?? []);
  return {
    results,
    total: {
      value: r?.hits.length ?? 0,
      relation: (r?.hits.length ?? 0) >= p.offset + p.limit ? 'gte' : 'eq',
    },
    limit: p.limit,
    offset: p.offset,
    facets: {},
  };
}

/** GET /catalog: the lists as yente's datasets, and `default` holding them all. */
export async function yenteCatalog(store: Store) {
  const all = await listLists(store.db);
  const datasets = all.map((l) => ({
    name: l.id,
    title: l.title ?? l.name,
    summary: l.issuer,
    load: true,
    version: `${l.version ?? 0}`,
    index_version: `${l.version ?? 0}`,
    index_current: true,
    children: [] as string[],
  }));
  datasets.push({
    name: 'default',
    title: 'All lists loaded',
    summary: null,
    load: true,
    version: all.map((l) => `${l.id}@${l.version ?? 0}`).join(','),
    index_version: '',
    index_current: true,
    children: all.map((l) => l.id),
  });
  return {
    datasets,
    current: datasets.map((d) => d.name),
    outdated: [] as string[],
    index_stale: false,
  };
}

/** GET /entities/{id}: one listed entity as yente returns it. */
export async function yenteEntityById(store: Store, id: string) {
  const found = await findListEntity(store.db, id);
  const list = found ? (await listLists(store.db)).find((l) => l.id === found.list_id) : undefined;
  if (!found || !list)
    throw new ChokepointError('CP_NOT_FOUND', `no listed entity "${id}"`, {
      field: 'id',
      expected: 'the id of a result of /match or /search',
    });
  return yenteEntity(found.entity, entityCaption(found.entity), list);
}
