import type { NameCluster as Cluster, ScoredPair } from './schema.ts';
import { stableId } from '../core/ids.ts';

export type { NameCluster as Cluster, ScoredPair } from './schema.ts';

/**
 * Disjoint sets with path halving and union by size (Tarjan, "Efficiency of a good but
 * not linear set union algorithm", JACM 1975): near-constant time per operation.
 */
export class UnionFind {
  private parent: Int32Array;
  private size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return true;
  }
}

export interface ClusterOptions {
  singletons?: boolean;
  /**
   * Whether two records cannot be one entity whatever links them (two birth dates years
   * apart): clusters holding such a pair are not merged, so that a record without the
   * fact does not chain a father and his son, or two namesakes, into one.
   */
  cannotLink?: (a: string, b: string) => boolean;
}

/** Cross checks per merge before giving up on the constraint (very large clusters). */
const MAX_LINK_CHECKS = 10_000;

/**
 * Clusters records by the closure of pairs at or above the threshold, strongest pairs
 * first, under cannot-link constraints when given (constrained agglomeration: Wagstaff et
 * al., "Constrained k-means clustering with background knowledge", ICML 2001, for the
 * constraint idea). Every cluster keeps the pairs that made it, so a merge can be explained
 * and, when one pair was wrong, undone. Singletons are returned only when asked.
 */
export function clusterPairs(
  ids: string[],
  pairs: ScoredPair[],
  threshold: number,
  opts: ClusterOptions = {},
): Cluster[] {
  const pos = new Map(ids.map((id, i) => [id, i]));
  const uf = new UnionFind(ids.length);
  const kept = pairs
    .filter((p) => p.score >= threshold && pos.has(p.left_id) && pos.has(p.right_id))
    .sort((a, b) => b.score - a.score);
  const membersOf = new Map<number, string[]>();
  const cannotLink = opts.cannotLink;
  const joined: ScoredPair[] = [];
  for (const p of kept) {
    const a = pos.get(p.left_id)!;
    const b = pos.get(p.right_id)!;
    const ra = uf.find(a);
    const rb = uf.find(b);
    if (ra !== rb && cannotLink) {
      const ma = membersOf.get(ra) ?? [p.left_id];
      const mb = membersOf.get(rb) ?? [p.right_id];
      if (
        ma.length * mb.length <= MAX_LINK_CHECKS &&
        ma.some((x) => mb.some((y) => cannotLink(x, y)))
      )
        continue;
      uf.union(a, b);
      membersOf.delete(ra);
      membersOf.delete(rb);
      membersOf.set(uf.find(a), [...ma, ...mb]);
    } else uf.union(a, b);
    joined.push(p);
  }
  const groups = new Map<number, string[]>();
  ids.forEach((id, i) => {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(id);
    else groups.set(r, [id]);
  });
  const edges = new Map<number, ScoredPair[]>();
  for (const p of joined) {
    const r = uf.find(pos.get(p.left_id)!);
    const list = edges.get(r);
    if (list) list.push(p);
    else edges.set(r, [p]);
  }
  const out: Cluster[] = [];
  for (const [root, members] of groups) {
    if (members.length < 2 && !opts.singletons) continue;
    const sorted = [...members].sort();
    out.push({
      cluster_id: stableId('cl', ...sorted),
      members: sorted,
      pairs: edges.get(root) ?? [],
    });
  }
  return out.sort(
    (a, b) => b.members.length - a.members.length || (a.members[0]! < b.members[0]! ? -1 : 1),
  );
}
