/**
 * An entity as the API's entity page shows it: the entity, its relations (with the other
 * end's caption), its orders and their latest scores, its sources, its sanctions hits and
 * its network role. The role and the screening are the entity dossier's (`networkRoles`,
 * `screenEntity`), so the page and the dossier agree on the cut and on the hits.
 */
import { ChokepointError } from '../core/errors.ts';
import type { FtmEntity } from '../network/ftm.ts';
import type { NetworkRole } from '../reports/dossier.ts';
import type { ScreenHit } from '../resolve/jobs.ts';
import type { Store } from '../store/connect.ts';
import type { RelationRow } from '../store/entities.ts';
import type { StoredScore } from '../store/flags.ts';
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
import { loadCaseNetwork, networkRoles, type NetworkRoles } from './network.ts';
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
  /** The latest score of each of those orders, most likely first. */
  flags: StoredScore[];
  /** Hits on the loaded lists, best first; null when no list is loaded. */
  sanctions_hits: ScreenHit[] | null;
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
    flags,
    sanctions_hits: screenEntity(screener, entity),
    evidence,
    network: roles.role(entity.id),
  };
}
