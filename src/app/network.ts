/**
 * The procurement network of a case, built in one place from one input (the case's
 * entities, parties and relations alike, and its orders), and the analyses over it that
 * need more than the built network: supply paths with the evidence behind each step, and
 * an entity's role (junction rank, membership of the minimum cut) for a dossier.
 */
import { chokepoints } from '../network/chokepoints.ts';
import { buildNetwork, type Network } from '../network/graph.ts';
import { junctions } from '../network/junctions.ts';
import { supplyPaths } from '../network/paths.ts';
import type { NetworkRole } from '../reports/dossier.ts';
import type { Store } from '../store/connect.ts';
import { evidenceForDocuments, loadNetworkInput } from '../store/network.ts';

/** The network of the cases: every entity (parties and relations) and every order. */
export async function loadCaseNetwork(store: Store, caseIds: string[]): Promise<Network> {
  return buildNetwork(await loadNetworkInput(store.db, caseIds));
}

/**
 * Supply paths from the selected suppliers to the selected end users, each step with the
 * documents behind it (its orders and relation entities) and their sources.
 */
export async function casePaths(
  store: Store,
  caseId: string,
  net: Network,
  opts: Parameters<typeof supplyPaths>[1],
) {
  const report = supplyPaths(net, opts);
  const docs = report.paths.flatMap((p) =>
    p.edges.flatMap((e) => [
      ...e.order_ids.map((id) => ({ id, kind: 'order' as const })),
      ...e.relation_ids.map((id) => ({ id, kind: 'entity' as const })),
    ]),
  );
  const evidence = await evidenceForDocuments(store.db, caseId, docs);
  return {
    ...report,
    paths: report.paths.map((p) => ({
      ...p,
      edges: p.edges.map((e) => ({
        ...e,
        evidence: [
          ...e.order_ids.map((id) => ['order', id] as const),
          ...e.relation_ids.map((id) => ['entity', id] as const),
        ].map(([kind, id]) => ({
          record_kind: kind,
          record_id: id,
          sources: (evidence.get(`${kind}:${id}`) ?? []).map((s) => ({
            id: s.id,
            title: s.title,
            grade: s.grade,
            page: s.page,
            excerpt: s.excerpt,
          })),
        })),
      })),
    })),
  };
}

/** Default selectors of an entity's network role: every supplier against every end user. */
export const ROLE_FROM = 'role:supplier';
export const ROLE_TO = 'role:end_user';
export const ROLE_TO_TERROR = 'topic:crime.terror';

/**
 * Junction rank among single parties and, when the party belongs to a business group (a
 * family and its companies), the group's rank with the group taken whole; membership of
 * the minimum vertex cut between suppliers and end users, for single parties and for
 * groups. End users are the parties carrying the FtM topic crime.terror when there are any
 * (the study's question: what separates suppliers from the armed group), else every
 * buyer that never sells. An analysis that fails is named in `failures`.
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
