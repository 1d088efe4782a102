/**
 * The watchlist (issue 20, item 4): a case's parties screened again, automatically, when a
 * list changes or a party is added, as Aleph's cross-referencing does, but continuous. Each
 * refresh looks only at what changed since the last one: new or edited parties against
 * every list, the other parties against the entries each list added or changed since the
 * version the case was last screened against. Hits at the default threshold become alerts,
 * once per party and entry; a decided alert opens again only when its score rose or the
 * entry changed. Reviewers' decisions are kept for calibration (`screeningDecisions`).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ChokepointError } from '../core/errors.ts';
import { parseRow } from '../core/schema.ts';
import type { JobContext } from '../jobs/types.ts';
import type { FtmEntity } from '../network/ftm.ts';
import type {
  Alert,
  Decision,
  ListInfo,
  ListVersion,
  ScreeningDecision,
} from '../resolve/lists/schema.ts';
import { DEFAULT_THRESHOLD, matchRecords } from '../resolve/match.ts';
import { recordFromFtm, type NameRecord } from '../resolve/record.ts';
import { listCases } from '../store/cases.ts';
import type { Store } from '../store/connect.ts';
import { listEntities } from '../store/entities.ts';
import {
  changesSince,
  entryFingerprints,
  listChanges,
  listVersions,
  listEntitiesByIds,
  listEntitiesOf,
  listIdFor,
  listLists,
} from '../store/lists.ts';
import {
  dropUndecidedAlerts,
  getAlert,
  listAlerts,
  markScreened,
  recordDecision,
  recordHits,
  screenedParties,
  screeningDecisions,
  setWatchedVersions,
  watchedVersions,
  type WatchHit,
} from '../store/watchlist.ts';
import { PARTY_SCHEMAS, screenerOf, subjectOf, type Screener } from './screening.ts';

/** A list with what its last import added, changed and removed: `chokepoint lists`, `GET …/lists`. */
export type ListWithLastImport = ListInfo & {
  last_import: { added: number; changed: number; removed: number } | null;
};

export async function listsWithLastImport(store: Store): Promise<ListWithLastImport[]> {
  const [all, versions] = await Promise.all([listLists(store.db), listVersions(store.db)]);
  return all.map((l) => {
    const v = versions.find((x) => x.list_id === l.id);
    return {
      ...l,
      last_import: v ? { added: v.added, changed: v.changed, removed: v.removed } : null,
    };
  });
}

/** Every version of a list (of all lists when none is named), newest first. */
export function listHistory(store: Store, list?: string): Promise<ListVersion[]> {
  return listVersions(store.db, list);
}

/** What a version of a list (default its latest) added, changed and removed. */
export function listDiff(store: Store, list: string, version?: number) {
  return listChanges(store.db, list, version);
}

/** Reviewers' decisions on screening hits of a case, oldest first (what calibration reads). */
export function caseDecisions(store: Store, caseId: string): Promise<ScreeningDecision[]> {
  return screeningDecisions(store.db, { caseId });
}

export interface RefreshResult {
  case_id: string;
  /** Parties screened against every list (new or edited since the last refresh). */
  parties_screened: number;
  /** List entries (added or changed since the case last saw the list) screened against the other parties. */
  entries_screened: number;
  created: number;
  realerted: number;
  updated: number;
  /** Undecided alerts dropped because their entry left its list. */
  dropped: number;
}

/** Hits per party kept as candidate alerts. */
const HITS_PER_PARTY = 10;

function partyFingerprint(r: NameRecord): string {
  return createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 24);
}

interface Screened {
  party: NameRecord;
  hits: {
    entity_id: string;
    name: string;
    score: number;
    list_id: string | null;
    list_version: number | null;
    features: WatchHit['features'];
  }[];
}

function screenAgainst(
  entries: Awaited<ReturnType<typeof listEntitiesOf>>,
  parties: NameRecord[],
  lists: ListInfo[],
): Screened[] {
  if (entries.length === 0 || parties.length === 0) return [];
  return screenWith(screenerOf(entries, undefined, lists), parties);
}

function screenWith(screener: Screener, parties: NameRecord[]): Screened[] {
  const results = screener.screen(parties, { threshold: DEFAULT_THRESHOLD, limit: HITS_PER_PARTY });
  return results.map((r, i) => ({ party: parties[i]!, hits: r.hits }));
}

/**
 * How a refresh runs: the job's progress and cancellation, and a screener over every list
 * already built (the API keeps one), so that a party added is not screened by a new index.
 */
export interface RefreshOptions extends Partial<Pick<JobContext, 'progress' | 'signal'>> {
  allLists?: () => Promise<Screener>;
}

/** The alerts-to-be of screenings, each with its entry's current fingerprint. */
async function watchHits(store: Store, screened: Screened[]): Promise<WatchHit[]> {
  const byList = new Map<string, Set<string>>();
  for (const s of screened)
    for (const h of s.hits)
      if (h.list_id)
        (byList.get(h.list_id) ?? byList.set(h.list_id, new Set()).get(h.list_id)!).add(
          h.entity_id,
        );
  const fps = new Map<string, Map<string, string>>();
  for (const [list, ids] of byList)
    fps.set(list, await entryFingerprints(store.db, list, [...ids]));
  return screened.flatMap((s) =>
    s.hits.flatMap((h) =>
      h.list_id
        ? [
            {
              party_id: s.party.id,
              party_name: s.party.names[0] ?? s.party.id,
              list_id: h.list_id,
              list_version: h.list_version,
              entry_id: h.entity_id,
              entry_caption: h.name,
              entry_fingerprint: fps.get(h.list_id)?.get(h.entity_id) ?? '',
              score: h.score,
              features: h.features,
            },
          ]
        : [],
    ),
  );
}

/** Brings one case's alerts up to date with its parties and the lists (see the module comment). */
export async function refreshWatchlist(
  store: Store,
  caseId: string,
  ctx: RefreshOptions = {},
): Promise<RefreshResult> {
  const result: RefreshResult = {
    case_id: caseId,
    parties_screened: 0,
    entries_screened: 0,
    created: 0,
    realerted: 0,
    updated: 0,
    dropped: 0,
  };
  const lists = await listLists(store.db);
  if (lists.length === 0) return result;
  const parties = (await listEntities(store.db, { caseIds: [caseId], schema: PARTY_SCHEMAS })).map(
    subjectOf,
  );
  const seen = await screenedParties(store.db, caseId);
  const fresh = parties.filter((p) => seen.get(p.id) !== partyFingerprint(p));
  const known = parties.filter((p) => seen.get(p.id) === partyFingerprint(p));
  const watched = await watchedVersions(store.db, caseId);
  const screened: Screened[] = [];
  ctx.progress?.(0, lists.length + 1, 'screening new parties');
  if (fresh.length)
    screened.push(
      ...(ctx.allLists
        ? screenWith(await ctx.allLists(), fresh)
        : screenAgainst(await listEntitiesOf(store.db), fresh, lists)),
    );
  result.parties_screened = fresh.length;
  for (const [i, l] of lists.entries()) {
    ctx.signal?.throwIfAborted();
    ctx.progress?.(i + 1, lists.length + 1, `screening changes of ${l.name}`);
    const since = watched.get(l.id) ?? 0;
    if ((l.version ?? 0) <= since) continue;
    // A list the case never saw is screened whole; otherwise only what changed since.
    const { touched, removed } =
      since === 0 ? { touched: null, removed: [] } : await changesSince(store.db, l.id, since);
    if (removed.length) result.dropped += await dropUndecidedAlerts(store.db, l.id, removed);
    // The parties new this time were screened against every list above.
    if (known.length === 0) continue;
    const entries =
      touched === null
        ? await listEntitiesOf(store.db, [l.id])
        : await listEntitiesByIds(store.db, l.id, touched);
    result.entries_screened += entries.length;
    screened.push(...screenAgainst(entries, known, lists));
  }
  const counts = await recordHits(store.db, caseId, await watchHits(store, screened));
  Object.assign(result, counts);
  await markScreened(
    store.db,
    caseId,
    fresh.map((p) => ({ id: p.id, fingerprint: partyFingerprint(p) })),
  );
  await setWatchedVersions(store.db, caseId, new Map(lists.map((l) => [l.id, l.version ?? 0])));
  return result;
}

/** Refreshes one case, or every case when none is named (a list changed for all of them). */
export async function refreshWatchlists(
  store: Store,
  caseId?: string,
  ctx: RefreshOptions = {},
): Promise<RefreshResult[]> {
  const cases = caseId ? [caseId] : (await listCases(store.db)).map((c) => c.id);
  const out: RefreshResult[] = [];
  for (const c of cases) out.push(await refreshWatchlist(store, c, ctx));
  return out;
}

/** Kinds of import after which the watchlist looks again: a list, or new parties. */
const LIST_KINDS = new Set(['sanctions']);
const PARTY_KINDS = new Set(['ftm', 'orders']);

/**
 * After an import: a list re-screens every case, parties re-screen their case. Returns the
 * refreshes run (none for other kinds).
 */
export async function watchAfterImport(
  store: Store,
  caseId: string,
  kinds: readonly string[],
): Promise<RefreshResult[]> {
  if (kinds.some((k) => LIST_KINDS.has(k))) return refreshWatchlists(store);
  if (kinds.some((k) => PARTY_KINDS.has(k))) return refreshWatchlists(store, caseId);
  return [];
}

export const RescreenInput = z.object({ case_id: z.string().min(1).max(200).nullish() });

/** The job 'lists.rescreen': input `{case_id?}`; every case when none is given. */
export async function rescreenJob(
  store: Store,
  raw: unknown,
  ctx: JobContext,
): Promise<{ cases: RefreshResult[] }> {
  const input = parseRow(RescreenInput, raw ?? {}, {});
  const cases = await refreshWatchlists(store, input.case_id ?? undefined, ctx);
  for (const c of cases) ctx.count('alerts_created', c.created + c.realerted);
  return { cases };
}

/** The alerts of a case, brought up to date first, best score first. */
export async function caseAlerts(
  store: Store,
  caseId: string,
  opts: { state?: Alert['state']; refresh?: boolean; allLists?: () => Promise<Screener> } = {},
): Promise<Alert[]> {
  if (opts.refresh !== false) await refreshWatchlist(store, caseId, { allLists: opts.allLists });
  return listAlerts(store.db, caseId, { state: opts.state });
}

/** The listed entry as stored now, or the caption alone when it left its list. */
async function entryOf(
  store: Store,
  listId: string,
  entryId: string,
  caption: string,
): Promise<FtmEntity> {
  const [e] = await listEntitiesByIds(store.db, listId, [entryId]);
  return e?.entity ?? { id: entryId, schema: 'LegalEntity', properties: { name: [caption] } };
}

/** A reviewer decides an alert: match, no match, or unsure; the decision is kept for calibration. */
export async function decideAlert(
  store: Store,
  caseId: string,
  alertId: string,
  d: { decision: Decision; by: string; note?: string | null },
): Promise<{ alert: Alert; decision: ScreeningDecision }> {
  const alert = await getAlert(store.db, caseId, alertId);
  const [party] = await listEntities(store.db, { caseIds: [caseId], ids: [alert.party_id] });
  const query = party ? subjectOf(party) : { id: alert.party_id, names: [alert.party_name] };
  const decision = await recordDecision(store.db, {
    alert_id: alert.id,
    case_id: caseId,
    query: query as unknown as Record<string, unknown>,
    list_id: alert.list_id,
    entity_id: alert.entry_id,
    entry: (await entryOf(
      store,
      alert.list_id,
      alert.entry_id,
      alert.entry_caption,
    )) as unknown as Record<string, unknown>,
    score: alert.score,
    features: alert.features,
    decision: d.decision,
    decided_by: d.by,
    note: d.note ?? null,
  });
  return { alert: await getAlert(store.db, caseId, alertId), decision };
}

/**
 * A decision on a hit of names screened by hand (the screening page): the pair is scored
 * again here, so what is stored is what the engine says of exactly these two records.
 */
export async function decideHit(
  store: Store,
  caseId: string,
  d: {
    query: NameRecord;
    list: string;
    entity_id: string;
    decision: Decision;
    by: string;
    note?: string | null;
  },
): Promise<ScreeningDecision> {
  const listId = listIdFor(d.list);
  const [entry] = await listEntitiesByIds(store.db, listId, [d.entity_id]);
  if (!entry)
    throw new ChokepointError('CP_NOT_FOUND', `no entry "${d.entity_id}" in list "${d.list}"`, {
      field: 'entity_id',
      expected: 'an entity id of a hit',
    });
  const m = matchRecords(d.query, recordFromFtm(entry.entity, entry.list));
  return recordDecision(store.db, {
    alert_id: null,
    case_id: caseId,
    query: d.query as unknown as Record<string, unknown>,
    list_id: listId,
    entity_id: d.entity_id,
    entry: entry.entity as unknown as Record<string, unknown>,
    score: m.score,
    features: m.features,
    decision: d.decision,
    decided_by: d.by,
    note: d.note ?? null,
  });
}
