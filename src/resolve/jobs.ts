import { buildIndex } from './blocking.ts';
import { clusterPairs, type Cluster, type ScoredPair } from './cluster.ts';
import { DEFAULT_THRESHOLD, factsContradict } from './match.ts';
import { prepareRecord, recordFromFtm, type NameRecord } from './record.ts';
import type { FtmEntity } from '../network/ftm.ts';

export type JobProgress = (done: number, total: number, label: string) => void;

export interface MatchJobOptions {
  threshold?: number;
  /** Candidates scored per record (see SearchOptions.maxCandidates). */
  maxCandidates?: number;
  onProgress?: JobProgress;
}

/**
 * Pairs of records at or above the threshold: within `left` when `right` is not given
 * (each unordered pair once, never a record with itself), else every left record against
 * the right ones. Blocked through the name index, best pairs first.
 */
export function matchPairs(
  left: NameRecord[],
  right?: NameRecord[],
  opts: MatchJobOptions = {},
): ScoredPair[] {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const within = right === undefined;
  const target = right ?? left;
  // Within one list its records are both index and queries: prepared once for both. Against
  // another list the index prepares its records itself and keeps none of them.
  const prepared = within ? left.map(prepareRecord) : null;
  const index = buildIndex(prepared ?? target, {}, (d, t) =>
    opts.onProgress?.(d, t, 'indexing names'),
  );
  const queries = prepared ?? left.map(prepareRecord);
  const answers = index.searchAll(
    queries,
    { threshold, maxCandidates: opts.maxCandidates },
    (done, total) => {
      if (done % 256 === 0 || done === total) opts.onProgress?.(done, total, 'matching');
    },
  );
  const out: ScoredPair[] = [];
  const seen = new Set<string>();
  // Pairs taken in the order of the queries, whatever order they were searched in.
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i]!;
    for (const hit of answers[i]!) {
      if (within) {
        if (hit.id === q.record.id) continue;
        const key =
          q.record.id < hit.id ? `${q.record.id}\u0000${hit.id}` : `${hit.id}\u0000${q.record.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push({
        left_id: q.record.id,
        right_id: hit.id,
        score: hit.score,
        features: hit.features,
      });
    }
  }
  return out.sort(
    (a, b) =>
      b.score - a.score ||
      (a.left_id < b.left_id ? -1 : a.left_id > b.left_id ? 1 : a.right_id < b.right_id ? -1 : 1),
  );
}

export type { ScreenHit, ScreenResult } from './schema.ts';

/** A prepared sanctions index, built once and screened against many times. */
export function buildScreeningIndex(
  entries: { list: string | null; entity: FtmEntity }[],
  onProgress?: JobProgress,
) {
  return buildIndex(
    entries.map((e) => recordFromFtm(e.entity, e.list)),
    {},
    (d, t) => onProgress?.(d, t, 'indexing list entities'),
  );
}

/**
 * Clusters records from their matched pairs (see `clusterPairs`), never putting together two
 * records whose facts contradict (birth dates years apart), however they are linked.
 */
export function clusterRecords(
  records: NameRecord[],
  pairs: ScoredPair[],
  threshold: number,
  opts: { singletons?: boolean } = {},
): Cluster[] {
  const byId = new Map<string, NameRecord>();
  for (const r of records) if (!byId.has(r.id)) byId.set(r.id, r);
  return clusterPairs([...byId.keys()], pairs, threshold, {
    ...opts,
    cannotLink: (a, b) => factsContradict(byId.get(a)!, byId.get(b)!),
  });
}
