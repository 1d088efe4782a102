/**
 * An entity as the API's entity page shows it: the entity, its relations (with the other
 * end's caption), its orders and their latest scores, its sources, its sanctions hits and
 * its network role. The role and the screening are the entity dossier's (`networkRoles`,
 * `screenEntity`), so the page and the dossier agree on the cut and on the hits.
 */
import { ChokepointError } from '../core/errors.ts';
import { explainScore } from '../flags/explain.ts';
import type { FtmEntity } from '../network/ftm.ts';
import type { NetworkRole } from '../reports/dossier.ts';
import type { ListedHit } from '../resolve/lists/schema.ts';
import type { Store } from '../store/connect.ts';
import type { RelationRow } from '../store/entities.ts';
import type { StoredOrder } from '../store/orders.ts';
import {
  readCaptions,
  readEntity,
  readEvidence,
  readLatestScores,
  readOrdersOfEntity,
  readRelationsTouching,
} from '../store/reads.ts';
import type { SupportingSource } from '../store/sources.ts';
import { junctionScores, loadCaseNetwork, networkRoles, type NetworkRoles } from './network.ts';
import type { ExplainedScore } from './orders.ts';
import { loadScreener, screenEntity, type Screener } from './screening.ts';

export interface EntityProfileOptions {
  caseId: string;
  entityId: string;
  /** The case's network roles, when the caller keeps them (the API, per case); else built now. */
  roles?: () => Promise<NetworkRoles>;
  /** The screener over every loaded list, when the caller keeps one; else built now. */
  screener?: () => Promise<Screener>;
}

export interface EntityProfile {
  entity: FtmEntity;
  /** Relations with either end at the entity, by id, each with the other end's caption. */
  relations: (RelationRow & { other: { id: string; schema: string; caption: string } | null })[];
  /** Orders in which the entity is seller, buyer, payer or consignee, by date. */
  orders: StoredOrder[];
  /** The latest score of each of those orders, most likely first, its flags explained. */
  flags: ExplainedScore[];
  /** Hits on the loaded lists, best first; null when no list is loaded. */
  sanctions_hits: ListedHit[] | null;
  evidence: SupportingSource[];
  /** Junction rank, minimum-cut membership (single and as a business group); null outside the network. */
  network: NetworkRole | null;
}

/** One entity of a case with what is known of it; CP_NOT_FOUND for an unknown entity. */
export async function entityProfile(
  store: Store,
  opts: EntityProfileOptions,
): Promise<EntityProfile> {
  const { caseId } = opts;
  const entity = await readEntity(store, caseId, opts.entityId);
  if (!entity) throw new ChokepointError('CP_NOT_FOUND', `no entity "${opts.entityId}"`);
  const [relations, orders, evidence, roles, screener] = await Promise.all([
    readRelationsTouching(store, caseId, [entity.id]),
    readOrdersOfEntity(store, caseId, entity.id),
    readEvidence(store, caseId, entity.id, 'entity'),
    opts.roles ? opts.roles() : loadCaseNetwork(store, [caseId]).then((n) => networkRoles(n)),
    opts.screener ? opts.screener() : loadScreener(store),
  ]);
  const otherOf = (r: RelationRow) => (r.source_id === entity.id ? r.target_id : r.source_id);
  const others = new Map(
    (await readCaptions(store, caseId, [...new Set(relations.map(otherOf))])).map((o) => [o.id, o]),
  );
  const flags = await readLatestScores(store, caseId, [...new Set(orders.map((o) => o.order_id))]);
  return {
    entity,
    relations: relations.map((r) => ({ ...r, other: others.get(otherOf(r)) ?? null })),
    orders,
    flags: flags.map(explainScore),
    sanctions_hits: screenEntity(screener, entity),
    evidence,
    network: roles.role(entity.id),
  };
}

/**
 * The entity page (`GET …/entities/:id`, `chokepoint entity ID`): the profile with its
 * sanctions hits as a list (empty when no list is loaded) and its network role as the page
 * shows it: the junction rank, the junction score on the graph's scale (chains against the
 * most of any node, as `GET …/network/graph` scores nodes) and whether the entity is in the
 * minimum cut (see `networkRoles`: from the suppliers to the crime.terror parties when
 * there are any, else to every end user; a party whose business group is the cut is in it).
 */
export interface EntityPage extends Omit<EntityProfile, 'sanctions_hits' | 'network'> {
  sanctions_hits: ListedHit[];
  network: { junction_rank: number | null; junction_score: number; in_cut: boolean };
}

export async function entityPage(store: Store, opts: EntityProfileOptions): Promise<EntityPage> {
  let built: Promise<NetworkRoles> | undefined;
  const roles =
    opts.roles ??
    (() => (built ??= loadCaseNetwork(store, [opts.caseId]).then((n) => networkRoles(n))));
  const p = await entityProfile(store, { ...opts, roles });
  const junction = junctionScores((await roles()).junctions).get(p.entity.id);
  return {
    ...p,
    sanctions_hits: p.sanctions_hits ?? [],
    network: {
      junction_rank: p.network?.junction_rank ?? null,
      junction_score: junction?.score ?? 0,
      in_cut: Boolean(p.network?.in_cut),
    },
  };
}

export interface NeighbourOptions {
  caseId: string;
  entityId: string;
  /** Hops through relations (default 1). */
  depth?: number;
  /** Most entities in the neighbourhood, the entity included (default 500). */
  limit?: number;
}

/** An entity of a neighbourhood: its caption and how many hops from the root. */
export type NeighbourNode = { id: string; schema: string; caption: string; depth: number };

export interface Neighbourhood {
  /** By depth, then id; the root first (depth 0). */
  nodes: NeighbourNode[];
  /** The relations among those nodes, as first met walking out from the root. */
  edges: RelationRow[];
  /** Whether `limit` left entities out. */
  truncated: boolean;
}

/**
 * The neighbourhood of an entity through its relations, breadth first up to `depth` hops
 * and `limit` entities; CP_NOT_FOUND for an unknown entity.
 */
export async function entityNeighbours(
  store: Store,
  opts: NeighbourOptions,
): Promise<Neighbourhood> {
  const { caseId } = opts;
  const depth = opts.depth ?? 1;
  const limit = opts.limit ?? 500;
  const root = await readEntity(store, caseId, opts.entityId);
  if (!root) throw new ChokepointError('CP_NOT_FOUND', `no entity "${opts.entityId}"`);
  const depthOf = new Map<string, number>([[root.id, 0]]);
  const edges = new Map<string, RelationRow>();
  let frontier = [root.id];
  let truncated = false;
  for (let d = 1; d <= depth && frontier.length; d++) {
    const next: string[] = [];
    for (const r of await readRelationsTouching(store, caseId, frontier)) {
      edges.set(r.id, r);
      for (const end of [r.source_id, r.target_id]) {
        if (depthOf.has(end)) continue;
        if (depthOf.size >= limit) {
          truncated = true;
          continue;
        }
        depthOf.set(end, d);
        next.push(end);
      }
    }
    frontier = next;
  }
  const nodes = (await readCaptions(store, caseId, [...depthOf.keys()])).map((n) => ({
    ...n,
    depth: depthOf.get(n.id)!,
  }));
  const known = new Set(nodes.map((n) => n.id));
  return {
    nodes: nodes.sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id)),
    edges: [...edges.values()].filter((e) => known.has(e.source_id) && known.has(e.target_id)),
    truncated,
  };
}
