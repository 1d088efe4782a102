/**
 * The analyses a dossier shows beside the stored facts, computed by their own modules
 * (network: junctions and choke points; flags: scores; resolve: screening) over what the
 * store holds. Kept apart from load.ts so that each analysis can fail alone: a dossier
 * with one missing analysis lists the gap instead of failing.
 */
import { scoreOrders, type ListEntry } from '../flags/indicators.ts';
import { loadRules } from '../flags/rules.ts';
import { chokepoints } from '../network/chokepoints.ts';
import { entityCaption, props, type FtmEntity } from '../network/ftm.ts';
import { buildNetwork, type Network } from '../network/graph.ts';
import { junctions } from '../network/junctions.ts';
import { recordFromFtm } from '../resolve/record.ts';
import { screen } from '../resolve/jobs.ts';
import type { Store } from '../store/connect.ts';
import { listEntities, listRelations } from '../store/entities.ts';
import { listEntitiesOf } from '../store/lists.ts';
import { listOrders } from '../store/orders.ts';
import type { NetworkRole, ScoreLike } from './dossier.ts';
import type { EntityAnalyses } from './load.ts';

/** Default selectors of the network role: every supplier against every end user (DESIGN.md). */
export const ROLE_FROM = 'role:supplier';
export const ROLE_TO = 'role:end_user';
export const ROLE_TO_TERROR = 'topic:crime.terror';

export interface PreparedAnalyses extends EntityAnalyses {
  /** Why an analysis could not run, by name. */
  failures: string[];
}

/** Computes, once per report, what the entity and order dossiers need from other modules. */
export async function prepareAnalyses(store: Store, caseIds: string[]): Promise<PreparedAnalyses> {
  const db = store.db;
  const entities = await listEntities(db, { caseIds });
  const orders = await listOrders(db, caseIds);
  const failures: string[] = [];
  const out: PreparedAnalyses = { failures };

  let net: Network | null = null;
  try {
    net = buildNetwork({ entities, orders });
  } catch (e) {
    failures.push(`network: ${(e as Error).message}`);
  }
  if (net) {
    const network = net;
    out.network = (id) => networkRole(network, id, failures);
  }

  try {
    const relations = (await listRelations(db, caseIds)).filter((r) => r.source_id && r.target_id);
    const listed = await listEntitiesOf(db);
    const lists: ListEntry[] = listed.map(({ list, entity }) => ({
      list,
      entity_id: entity.id,
      names: [
        ...new Set([entityCaption(entity), ...props(entity, 'name'), ...props(entity, 'alias')]),
      ],
    }));
    const rules = loadRules();
    const scoredAt = new Date().toISOString();
    const scores = new Map<string, ScoreLike>(
      scoreOrders({ orders, entities, relations, lists }, rules).map((s) => [
        s.order_id,
        {
          likelihood: s.likelihood,
          rules_version: rules.version,
          scored_at: scoredAt,
          flags: s.flags,
        },
      ]),
    );
    out.scoreNow = (orderId) => scores.get(orderId) ?? null;
    // No list loaded: the dossier says it was not screened rather than "no hit".
    out.sanctions = () => null;
    if (listed.length > 0) {
      out.sanctions = (entity: FtmEntity) =>
        screen([recordFromFtm(entity)], listed).flatMap((r) =>
          r.hits.map((h) => ({
            list: h.list ?? 'list',
            entity_id: h.entity_id,
            name: h.name,
            score: h.score,
          })),
        );
    }
  } catch (e) {
    failures.push(`flags or screening: ${(e as Error).message}`);
  }
  return out;
}

/**
 * Junction rank among single parties and, when the party belongs to a business group (a
 * family and its companies), the group's rank with the group taken whole; membership of
 * the minimum vertex cut between suppliers and end users, for single parties and for
 * groups. End users are the parties carrying the FtM topic crime.terror when there are any
 * (the study's question: what separates suppliers from the armed group), else every
 * buyer that never sells.
 */
export function networkRole(net: Network, id: string, failures: string[] = []): NetworkRole | null {
  const node = net.byId.get(id);
  if (!node) return null;
  const nodes = junctions(net);
  const row = nodes.junctions.find((j) => j.id === id) ?? null;
  const to = net.nodes.some((n) => n.topics.includes('crime.terror')) ? ROLE_TO_TERROR : ROLE_TO;
  const notes: string[] = [nodes.method];
  let cut: { id: string; name: string }[] | undefined;
  let inCut: boolean | null = null;
  try {
    const c = chokepoints(net, { from: ROLE_FROM, to });
    cut = c.cut.map((n) => ({ id: n.id, name: n.name }));
    inCut = c.cut.some((n) => n.id === id);
    notes.push(
      `Minimum cut from ${ROLE_FROM} to ${to}: ${c.cut_size} actor(s); ${Math.round(c.supply_reachable_after * 100)} % of the order volume still reaches them after the cut.`,
    );
  } catch (e) {
    failures.push(`choke points: ${(e as Error).message}`);
  }
  let group: NetworkRole['group'];
  if (node.group) {
    const groups = junctions(net, { groups: true });
    const g = groups.junctions.find((j) => j.id === node.group);
    let groupInCut: boolean | null = null;
    try {
      const c = chokepoints(net, { from: ROLE_FROM, to, groups: true });
      groupInCut = c.cut.some((n) => n.id === node.group);
      notes.push(
        `With business groups taken whole the minimum cut is ${c.cut.map((n) => n.name).join(', ') || 'empty'}.`,
      );
    } catch (e) {
      failures.push(`choke points (groups): ${(e as Error).message}`);
    }
    if (g)
      group = {
        id: g.id,
        name: g.name,
        rank: g.rank,
        of: groups.junctions.length,
        chains: g.chains,
        in_cut: groupInCut,
      };
    if (groupInCut) inCut = true;
  }
  return {
    junction_rank: row?.rank ?? null,
    junction_score: row ? row.betweenness : null,
    chains: row?.chains,
    junctions: nodes.junctions.length,
    in_cut: inCut,
    cut,
    group,
    commodities: row?.commodities ?? [],
    method: notes.map((t) => (/[.!?]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`)).join(' '),
  };
}
