/**
 * Screening use cases: the sanctions (and other screening) lists as every front end reads
 * them, names screened against them, and the parties of a case deduplicated. The one place
 * that turns stored list entities into the entries the flags' sanctions rule matches
 * (`listEntries`), so that `flags score`, the API and a dossier flag the same parties.
 */
import { ChokepointError } from '../core/errors.ts';
import type { ListEntry } from '../flags/indicators.ts';
import { entityCaption, props, type FtmEntity } from '../network/ftm.ts';
import {
  buildScreeningIndex,
  clusterRecords,
  matchPairs,
  type JobProgress,
  type ScreenHit,
} from '../resolve/jobs.ts';
import type { ListedHit, ListedScreenResult, ListInfo } from '../resolve/lists/schema.ts';
import { DEFAULT_THRESHOLD } from '../resolve/match.ts';
import { recordFromFtm, type NameRecord } from '../resolve/record.ts';
import type { Store } from '../store/connect.ts';
import { listEntities } from '../store/entities.ts';
import { listEntitiesOf, listLists, type ListEntity } from '../store/lists.ts';
import { listMerges, recordMerge } from '../store/merges.ts';

export type { ListEntity } from '../store/lists.ts';

/** The schemas of entities that can be a party (screened, deduplicated). */
export const PARTY_SCHEMAS = ['Person', 'Company', 'Organization', 'LegalEntity', 'PublicBody'];

/** The name properties a list entity is known by. */
const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName'];

/**
 * Stored list entities as the sanctions rule's entries: every name the entity is known by
 * (caption, names, aliases, weak aliases, previous names) and its schema, so the name
 * engine compares a company with companies and a person with persons.
 */
export function listEntries(rows: ListEntity[]): ListEntry[] {
  return rows.map(({ list, entity: e }) => ({
    list,
    entity_id: e.id,
    names: [...new Set([entityCaption(e), ...NAME_PROPS.flatMap((p) => props(e, p))])],
    schema: e.schema,
  }));
}

/** Entities of the named lists (all loaded lists when none is named). */
export function loadLists(store: Store, lists?: string[]): Promise<ListEntity[]> {
  return listEntitiesOf(store.db, lists);
}

/** An entity as the name record screened: its names, or its caption when it has none. */
export function subjectOf(entity: FtmEntity): NameRecord {
  const r = recordFromFtm(entity);
  if (r.names.length === 0) r.names = [entityCaption(entity)];
  return r;
}

/** The party entities of a case as name records (a nameless party is known by its caption). */
export async function caseParties(store: Store, caseId: string): Promise<NameRecord[]> {
  const parties = await listEntities(store.db, { caseIds: [caseId], schema: PARTY_SCHEMAS });
  return parties.map(subjectOf);
}

export interface ScreenOptions {
  threshold?: number;
  /** Hits per name (default 10). */
  limit?: number;
}

/** Lists indexed once, screened against many times; answers are memoised per record. */
export interface Screener {
  /** Entities in the index. */
  size: number;
  screen(
    records: NameRecord[],
    opts?: ScreenOptions,
    onProgress?: JobProgress,
  ): ListedScreenResult[];
}

/** What a hit says of its list: name (as `list`), id, issuer, title, publication date, version. */
function listFacts(
  name: string | null,
  byName: Map<string, ListInfo>,
): Omit<ListedHit, keyof ScreenHit> {
  const l = name === null ? undefined : byName.get(name);
  return {
    list_id: l?.id ?? null,
    list_title: l?.title ?? null,
    list_issuer: l?.issuer ?? null,
    list_published: l?.published ?? null,
    list_version: l?.version ?? null,
  };
}

/** Past this many memoised answers, the memo is cleared (it only saves repeated look-ups). */
const SCREEN_MEMO_MAX = 5_000;

/** Indexes list entities for screening; `lists` names each hit's list (issuer, date, version). */
export function screenerOf(
  entities: ListEntity[],
  onProgress?: JobProgress,
  lists: ListInfo[] = [],
): Screener {
  const index = buildScreeningIndex(entities, onProgress);
  const byName = new Map(lists.map((l) => [l.name, l]));
  const memo = new Map<string, ListedHit[]>();
  return {
    size: entities.length,
    screen(records, opts = {}, progress) {
      const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
      const limit = opts.limit ?? 10;
      const keys = records.map((n) => `${threshold}\u0000${limit}\u0000${JSON.stringify(n)}`);
      // The records not memoised are searched together, in the index's order (searchAll).
      const missing = new Map<string, NameRecord>();
      keys.forEach((key, i) => {
        if (!memo.has(key) && !missing.has(key)) missing.set(key, records[i]!);
      });
      const answers = index.searchAll(
        [...missing.values()],
        { threshold, limit },
        (done, total) => {
          if (progress && (done % 256 === 0 || done === total)) progress(done, total, 'screening');
        },
      );
      const found = new Map<string, ListedHit[]>();
      [...missing.keys()].forEach((key, i) => {
        found.set(
          key,
          answers[i]!.map((h) => ({
            entity_id: h.id,
            name: h.record.names[0] ?? h.id,
            score: h.score,
            list: h.record.list ?? null,
            ...listFacts(h.record.list ?? null, byName),
            features: h.features,
          })),
        );
      });
      const results = records.map((n, i) => ({
        id: n.id,
        name: n.names[0] ?? '',
        hits: memo.get(keys[i]!) ?? found.get(keys[i]!)!,
      }));
      // A batch larger than the memo is not kept (the memo saves repeated single look-ups).
      if (found.size <= SCREEN_MEMO_MAX) {
        if (memo.size + found.size > SCREEN_MEMO_MAX) memo.clear();
        for (const [key, hits] of found) memo.set(key, hits);
      }
      return results;
    },
  };
}

/**
 * One entity screened against the indexed lists at the default threshold, ten hits at
 * most, best first: what the API's entity page and the entity dossier show. Null when no
 * list is loaded, since "no hit" would then mean nothing.
 */
export function screenEntity(screener: Screener, entity: FtmEntity): ListedHit[] | null {
  if (screener.size === 0) return null;
  const [result] = screener.screen([subjectOf(entity)], {
    threshold: DEFAULT_THRESHOLD,
    limit: 10,
  });
  return result?.hits ?? [];
}

/** The lists' current versions in one string: a screener built for another is stale. */
export async function listsVersionKey(store: Store): Promise<string> {
  return (await listLists(store.db)).map((l) => `${l.id}@${l.version ?? 0}`).join(',');
}

/** A screener over the stored lists (all when none is named). */
export async function loadScreener(
  store: Store,
  lists?: string[],
  onProgress?: JobProgress,
): Promise<Screener> {
  return screenerOf(await loadLists(store, lists), onProgress, await listLists(store.db));
}

export interface ScreenNamesOptions extends ScreenOptions {
  /** Names to screen; without them, the party entities of `caseId`. */
  names?: NameRecord[];
  caseId?: string;
  lists?: string[];
  onProgress?: JobProgress;
}

/**
 * Screens names (or the parties of a case) against the loaded lists; refuses when no list
 * is loaded, since "no hit" would then mean nothing.
 */
export async function screenNames(
  store: Store,
  opts: ScreenNamesOptions,
): Promise<ListedScreenResult[]> {
  const entities = await loadLists(store, opts.lists);
  if (entities.length === 0) {
    throw new ChokepointError(
      'CP_NOT_FOUND',
      opts.lists ? `no entities in list(s) ${opts.lists.join(', ')}` : 'no sanctions list imported',
      { field: 'list', expected: 'a list loaded with `chokepoint import sanctions <file>`' },
    );
  }
  let subjects = opts.names;
  if (!subjects) {
    if (!opts.caseId)
      throw new ChokepointError('CP_EMPTY_INPUT', 'nothing to screen', {
        field: 'names',
        expected: 'names, or a case whose parties are screened',
      });
    subjects = await caseParties(store, opts.caseId);
  }
  return screenerOf(entities, opts.onProgress, await listLists(store.db)).screen(
    subjects,
    opts,
    opts.onProgress,
  );
}

export interface DedupeResult {
  /** The recorded merge, or null for a proposal. */
  merge_id: string | null;
  cluster_id: string;
  canonical_id: string;
  members: string[];
  pairs: ReturnType<typeof clusterRecords>[number]['pairs'];
}

/**
 * Proposes (or, with `apply`, records) merges of a case's party entities that name the
 * same person or company. Records already in a merge stay where a person put them.
 */
export async function dedupeParties(
  store: Store,
  opts: { caseId: string; threshold?: number; apply?: boolean; onProgress?: JobProgress },
): Promise<DedupeResult[]> {
  const t = opts.threshold ?? DEFAULT_THRESHOLD;
  const entities = await listEntities(store.db, { caseIds: [opts.caseId], schema: PARTY_SCHEMAS });
  const merged = new Set((await listMerges(store.db, opts.caseId)).flatMap((m) => m.member_ids));
  const records = entities.map((e) => recordFromFtm(e));
  const pairs = matchPairs(records, undefined, { threshold: t, onProgress: opts.onProgress });
  const clusters = clusterRecords(
    records.filter((r) => !merged.has(r.id)),
    pairs,
    t,
  );
  const results: DedupeResult[] = [];
  for (const c of clusters) {
    const canonical = c.members[0]!;
    let mergeId: string | null = null;
    if (opts.apply) {
      const m = await recordMerge(store.db, opts.caseId, {
        canonical_id: canonical,
        member_ids: c.members,
        explanation: { threshold: t, pairs: c.pairs },
      });
      mergeId = m.id;
    }
    results.push({
      merge_id: mergeId,
      cluster_id: c.cluster_id,
      canonical_id: canonical,
      members: c.members,
      pairs: c.pairs,
    });
  }
  return results;
}
