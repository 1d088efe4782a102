/**
 * Name matching (`chokepoint match`, `POST …/match`): pairs of records that name the same
 * person or company, within one list or each left record against a right list, or the
 * clusters those pairs make. Written once here so that the CLI and the API match with the
 * same options and answer the same pairs and clusters; each front end only reads its input
 * (a CSV, a JSON body) and checks its ids where it can say where a duplicate stands.
 */
import { clusterRecords, matchPairs, type JobProgress } from '../resolve/jobs.ts';
import { DEFAULT_THRESHOLD } from '../resolve/match.ts';
import { hasMatchableFacts, type NameRecord } from '../resolve/record.ts';
import type { NameCluster, ScoredPair, SkippedRecord } from '../resolve/schema.ts';

export interface MatchOptions {
  /** Lowest pair score reported, 0–1 (default `DEFAULT_THRESHOLD`). */
  threshold?: number;
  /** Answer the clusters the pairs make instead of the pairs. */
  clusters?: boolean;
  /** With `clusters`, also the records that matched nothing, each a cluster of one. */
  singletons?: boolean;
  onProgress?: JobProgress;
}

/**
 * Pairs above the threshold, or with `clusters` the clusters they make; `skipped` are the
 * records that gave nothing to match on (no name, identifier, e-mail, phone, birth date or city).
 */
export type MatchAnswer = { skipped: SkippedRecord[] } & (
  { clusters: false; items: ScoredPair[] } | { clusters: true; items: NameCluster[] }
);

const NOTHING_TO_MATCH =
  'no name, identifier, e-mail, phone, birth date or city: nothing to match on';

/** The records that can be matched, and the others reported. */
function matchable(records: NameRecord[], side: 'left' | 'right', skipped: SkippedRecord[]) {
  return records.filter((r) => {
    if (hasMatchableFacts(r)) return true;
    skipped.push({ id: r.id, side, reason: NOTHING_TO_MATCH });
    return false;
  });
}

/**
 * Matches the left records among themselves, or each against the right records. A record
 * without a name is matched on its other fields; one with nothing to match on is skipped
 * and listed in `skipped`, the others are matched all the same.
 */
export function matchNames(
  left: NameRecord[],
  right: NameRecord[] | undefined,
  opts: MatchOptions = {},
): MatchAnswer {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const skipped: SkippedRecord[] = [];
  left = matchable(left, 'left', skipped);
  right = right && matchable(right, 'right', skipped);
  const pairs = matchPairs(left, right, { threshold, onProgress: opts.onProgress });
  if (!opts.clusters) return { clusters: false, items: pairs, skipped };
  const clusters = clusterRecords([...left, ...(right ?? [])], pairs, threshold, {
    singletons: opts.singletons,
  });
  return {
    clusters: true,
    skipped,
    items: clusters.map((c) => ({ cluster_id: c.cluster_id, members: c.members, pairs: c.pairs })),
  };
}
