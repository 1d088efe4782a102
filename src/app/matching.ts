/**
 * Name matching (`chokepoint match`, `POST …/match`): pairs of records that name the same
 * person or company, within one list or each left record against a right list, or the
 * clusters those pairs make. Written once here so that the CLI and the API match with the
 * same options and answer the same pairs and clusters; each front end only reads its input
 * (a CSV, a JSON body) and checks its ids where it can say where a duplicate stands.
 */
import { clusterRecords, matchPairs, type JobProgress } from '../resolve/jobs.ts';
import { DEFAULT_THRESHOLD } from '../resolve/match.ts';
import type { NameRecord } from '../resolve/record.ts';
import type { NameCluster, ScoredPair } from '../resolve/schema.ts';

export interface MatchOptions {
  /** Lowest pair score reported, 0–1 (default `DEFAULT_THRESHOLD`). */
  threshold?: number;
  /** Answer the clusters the pairs make instead of the pairs. */
  clusters?: boolean;
  /** With `clusters`, also the records that matched nothing, each a cluster of one. */
  singletons?: boolean;
  onProgress?: JobProgress;
}

/** Pairs above the threshold, or with `clusters` the clusters they make. */
export type MatchAnswer =
  { clusters: false; items: ScoredPair[] } | { clusters: true; items: NameCluster[] };

/** Matches the left records among themselves, or each against the right records. */
export function matchNames(
  left: NameRecord[],
  right: NameRecord[] | undefined,
  opts: MatchOptions = {},
): MatchAnswer {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const pairs = matchPairs(left, right, { threshold, onProgress: opts.onProgress });
  if (!opts.clusters) return { clusters: false, items: pairs };
  const clusters = clusterRecords([...left, ...(right ?? [])], pairs, threshold, {
    singletons: opts.singletons,
  });
  return {
    clusters: true,
    items: clusters.map((c) => ({ cluster_id: c.cluster_id, members: c.members, pairs: c.pairs })),
  };
}
