import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEntityDossier, orderReport, reportAnalyses } from '../src/app/reports.ts';
import { buildServer } from '../src/server/app.ts';
import { openStore, type Store } from '../src/store/connect.ts';
import { createToken, createUser, grantRole } from '../src/store/users.ts';
import { runCli } from './cli.ts';

/**
 * The same question asked of the three front ends gives the same answer: the demo case's
 * orders scored through the CLI (`flags score --json`), the API (`POST …/flags/score` on a
 * listening server) and the report layer (the scores a dossier shows), with a sanctions
 * list loaded; the case's junctions through the CLI and the API; and a party's network role
 * (its minimum-cut membership) and sanctions hits on the API's entity page and in its
 * dossier (the page used to cut from every end user, the dossier from the armed group);
 * the seizures' composition and links through the CLI and the API; and, through the CLI
 * and the API, the network's supply paths with the evidence behind each step (the API
 * used to answer the bare paths), its junctions, graph, choke points and centrality, an
 * entity's page and neighbourhood (`chokepoint entity`), name matching on a small CSV, and
 * the documents of examples/documents, listed and searched.
 *
 * The list names two demo parties: a company by its name, and a person only by a weak
 * alias (the API and the dossiers used to leave weak aliases out, and the list's schema,
 * so the same order could be flagged SANCTIONED_PARTY by one front end and not another).
 */
const LIST = [
  {
    id: 'fx-harran',
    schema: 'Company',
    properties: { name: ['Harran Lojistik ve Nakliyat'], country: ['tr'] },
  },
  {
    id: 'fx-demirtas',
    schema: 'Person',
    properties: { name: ['Mustafa Qarawi'], weakAlias: ['Ali Demirtaş'], country: ['tr'] },
  },
];

interface Scored {
  order_id: string;
  likelihood: number;
  flags: { code: string; evidence?: unknown }[];
}

/** What must agree: the orders, their likelihoods and their flag codes, in order. */
const answer = (scores: Scored[]) =>
  scores.map((s) => ({
    order_id: s.order_id,
    likelihood: s.likelihood,
    codes: s.flags.map((f) => f.code),
  }));

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Scored);

describe('the CLI, the API and the reports give the same answer', () => {
  let dir: string;
  let db: string;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let token: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/cases/default${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chokepoint-frontends-'));
    db = join(dir, 'world.db');
    const demo = runCli(['demo', '--db', db]);
    expect(demo.code, demo.stderr).toBe(0);
    const list = join(dir, 'list.ftm.jsonl');
    writeFileSync(list, LIST.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const imp = runCli(['import', 'sanctions', list, '--list', 'fixture list', '--db', db]);
    expect(imp.code, imp.stderr).toBe(0);

    store = await openStore({ url: db });
    const user = await createUser(store.db, { username: 'analyst', password: 'a-long-password' });
    await grantRole(store.db, user.id, 'default', 'analyst');
    token = (await createToken(store.db, user.id, 'frontends')).token;
    app = await buildServer({ store, webDist: null });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scores the orders alike, SANCTIONED_PARTY included', { timeout: 600_000 }, async () => {
    const cli = runCli(['flags', 'score', '--json', '--db', db]);
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = answer(jsonLines(cli.stdout));

    const res = await api('POST', '/flags/score', { rules: 'v1' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.rules_version).toBe('v1');
    const fromApi = answer(res.body.scores as Scored[]);

    const analyses = await reportAnalyses(store, ['default']);
    expect(analyses.failures).toEqual([]);
    const fromReport = answer(
      fromCli.map((s): Scored => {
        const score = analyses.scoreNow!(s.order_id)!;
        return { order_id: s.order_id, likelihood: score.likelihood, flags: score.flags };
      }),
    );

    expect(fromCli).toHaveLength(13);
    expect(fromApi).toEqual(fromCli);
    expect(fromReport).toEqual(fromCli);

    // Both listed parties are found: the company by its name, the person by a weak alias.
    const sanctioned = fromCli.filter((s) => s.codes.includes('SANCTIONED_PARTY'));
    expect(sanctioned.length).toBeGreaterThan(0);
    const entries = new Set(
      jsonLines(cli.stdout).flatMap((s) =>
        s.flags
          .filter((f) => f.code === 'SANCTIONED_PARTY')
          .map((f) => (f.evidence as { entry?: string }).entry),
      ),
    );
    expect([...entries].sort(), JSON.stringify(sanctioned)).toEqual(['fx-demirtas', 'fx-harran']);

    // The order dossier shows the same flags (the stored score the API just saved).
    const top = sanctioned[0]!;
    const doc = (
      await orderReport(store, { caseIds: ['default'], id: top.order_id, format: 'html' })
    ).body.toString('utf8');
    for (const code of top.codes) expect(doc, code).toContain(code);
  });

  it('shows a party alike: network role and sanctions hits', { timeout: 600_000 }, async () => {
    interface Page {
      network: { junction_rank: number | null; in_cut: boolean };
      sanctions_hits: { entity_id: string; name: string; score: number }[];
    }
    const analyses = await reportAnalyses(store, ['default']);
    expect(analyses.failures).toEqual([]);
    const seen: Record<string, { in_cut: boolean; hits: string[] }> = {};
    // The Karahan group's firm (on the list by name), a person on it only by a weak alias
    // (which flags a party's orders but is not screened as a name), a Karahan family member
    // and a party far from the cut.
    for (const id of ['c-harran-lojistik', 'p-ali-demirtas', 'p-mehmet-karahan', 'c-konya-tarim']) {
      const res = await api('GET', `/entities/${id}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const page = res.body as unknown as Page;
      const dossier = await loadEntityDossier(store, ['default'], id, analyses);
      expect(dossier.network, id).not.toBeNull();
      expect(page.network.in_cut, id).toBe(Boolean(dossier.network!.in_cut));
      expect(page.network.junction_rank, id).toBe(dossier.network!.junction_rank);
      const hits = (h: { entity_id: string; name: string; score: number }[]) =>
        h.map(({ entity_id, name, score }) => ({ entity_id, name, score }));
      expect(hits(page.sanctions_hits), id).toEqual(hits(dossier.sanctions ?? []));
      seen[id] = {
        in_cut: page.network.in_cut,
        hits: page.sanctions_hits.map((h) => h.entity_id),
      };
    }
    // The group, taken whole, is the cut between the suppliers and the IS procurement cell.
    expect(seen['c-harran-lojistik']).toEqual({ in_cut: true, hits: ['fx-harran'] });
    expect(seen['p-mehmet-karahan']!.in_cut).toBe(true);
    expect(seen['c-konya-tarim']!.in_cut).toBe(false);

    // The dossier the CLI writes says the same.
    const md = runCli(['report', 'entity', 'c-harran-lojistik', '--format', 'md', '--db', db]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('fx-harran');
    expect(md.stdout).toMatch(/its business group, taken whole, is the cut|In the minimum cut/);
  });

  it('composes and links the seizures alike', { timeout: 600_000 }, async () => {
    const comp = runCli(['arms', 'composition', '--json', '--by', 'country', '--db', db]);
    expect(comp.code, comp.stderr).toBe(0);
    const fromCli = JSON.parse(comp.stdout) as { overall: { groups: unknown[] } };
    const apiComp = await api('GET', '/arms/composition?by=country');
    expect(apiComp.status).toBe(200);
    expect(fromCli.overall.groups.length).toBeGreaterThan(0);
    expect(apiComp.body).toEqual(fromCli);

    const links = runCli(['arms', 'links', '--json', '--db', db]);
    expect(links.code, links.stderr).toBe(0);
    const linksCli = JSON.parse(links.stdout) as { links: unknown[] };
    expect(linksCli.links.length).toBeGreaterThan(0);
    const apiLinks = await api('GET', '/arms/links');
    expect(apiLinks.status).toBe(200);
    expect(apiLinks.body).toEqual(linksCli);
  });

  it('gives the same timeline and the same flags in words', { timeout: 600_000 }, async () => {
    const cli = runCli([
      'timeline',
      '--from',
      '2015-05-01',
      '--to',
      '2015-06-30',
      '--json',
      '--db',
      db,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as { items: unknown[] };
    expect(fromCli.items.length).toBeGreaterThan(0);
    const apiTimeline = await api('GET', '/timeline?from=2015-05-01&to=2015-06-30');
    expect(apiTimeline.status).toBe(200);
    expect(apiTimeline.body).toEqual(fromCli);

    const show = runCli(['flags', 'show', 'O-2015-001', '--json', '--db', db]);
    expect(show.code, show.stderr).toBe(0);
    const words = (d: { flags: { flags: { name: string; explanation: string }[] } }) =>
      d.flags.flags.map((f) => `${f.name}: ${f.explanation}`);
    const apiOrder = await api('GET', '/orders/O-2015-001');
    expect(apiOrder.status).toBe(200);
    const said = words(JSON.parse(show.stdout) as Parameters<typeof words>[0]);
    expect(said).toContain(
      'New customer in a sensitive region: A new customer, first seen 8 days before the order, in Akçakale, 1.1 km from the Akçakale / Tal Abyad crossing.',
    );
    expect(words(apiOrder.body as Parameters<typeof words>[0])).toEqual(said);
  });

  it('lists and searches documents alike', { timeout: 600_000 }, async () => {
    const imp = runCli(['import', 'documents', 'examples/documents', '--db', db]);
    expect(imp.code, imp.stderr).toBe(0);
    const cli = runCli(['documents', 'list', '--json', '--db', db]);
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = cli.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(fromCli).toHaveLength(3);
    const listed = await api('GET', '/documents?limit=100');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual(fromCli);

    const found = runCli(['documents', 'search', 'SANLIURFA', '--json', '--db', db]);
    expect(found.code, found.stderr).toBe(0);
    const hits = found.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(hits).toEqual([expect.objectContaining({ title: 'invoice.pdf', page: 2 })]);
    const searched = await api('GET', '/documents/search?q=SANLIURFA');
    expect(searched.body.items).toEqual(hits);
  });

  it('reads the same mentions and draft orders from documents', { timeout: 600_000 }, async () => {
    const docs = jsonLines(
      runCli(['documents', 'list', '--json', '--db', db]).stdout,
    ) as unknown as {
      id: string;
      title: string;
    }[];
    const invoice = docs.find((d) => d.title === 'invoice.pdf')!;
    const cli = runCli(['documents', 'mentions', invoice.id, '--json', '--db', db]);
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = jsonLines(cli.stdout) as unknown[];
    expect(fromCli.length).toBeGreaterThan(0);
    const fromApi = await api('GET', `/documents/${invoice.id}/mentions`);
    expect(fromApi.status).toBe(200);
    expect(fromApi.body.items).toEqual(fromCli);
    const drafts = runCli(['documents', 'drafts', '--json', '--db', db]);
    expect(drafts.code, drafts.stderr).toBe(0);
    expect((await api('GET', '/drafts')).body.items).toEqual(jsonLines(drafts.stdout));
  });

  it('ranks the junctions alike', { timeout: 600_000 }, async () => {
    const cli = runCli(['network', 'junctions', '--json', '--db', db]);
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as { junctions: unknown[]; warnings: string[] };
    const res = await api('GET', '/network/junctions');
    expect(res.status).toBe(200);
    const fromApi = res.body as { junctions: unknown[] };
    expect(fromCli.junctions.length).toBeGreaterThan(0);
    expect(fromApi.junctions).toEqual(fromCli.junctions);

    // The graph: the CLI prints networkGraph's answer whole, the API the nodes and edges as
    // the web app draws them (label for name, association as link, commodities joined).
    const graph = runCli(['network', 'graph', '--json', '--db', db]);
    expect(graph.code, graph.stderr).toBe(0);
    const g = JSON.parse(graph.stdout) as {
      nodes: {
        id: string;
        name: string;
        schema: string;
        group: string | null;
        junction_score: number;
        junction_rank: number | null;
        roles: string[];
      }[];
      edges: {
        id: string;
        source: string;
        target: string;
        kind: string;
        commodities: string[];
        weight: number;
        order_ids: string[];
        relation_ids: string[];
        dates: string[];
      }[];
      warnings: string[];
    };
    const apiGraph = await api('GET', '/network/graph');
    expect(apiGraph.status).toBe(200);
    expect(apiGraph.body).toEqual({
      nodes: g.nodes.map((n) => ({
        id: n.id,
        label: n.name,
        schema: n.schema,
        group: n.group,
        junction_score: n.junction_score,
        junction_rank: n.junction_rank,
        roles: n.roles,
      })),
      edges: g.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        kind: e.kind === 'association' ? 'link' : e.kind,
        ...(e.commodities.length ? { commodity: e.commodities.join(', ') } : {}),
        weight: e.weight,
        order_ids: e.order_ids,
        relation_ids: e.relation_ids,
        dates: e.dates,
      })),
      warnings: g.warnings,
    });
    // The scores are the junction report's: its ranks, and its most chains scoring 1.
    const top = g.nodes.find((n) => n.junction_rank === 1)!;
    expect(top.id).toBe((fromCli.junctions[0] as { id: string }).id);
    expect(Math.max(...g.nodes.map((n) => n.junction_score))).toBe(1);
    expect(g.nodes.filter((n) => n.junction_rank !== null)).toHaveLength(fromCli.junctions.length);
    // The text output counts what the JSON lists.
    const text = runCli(['network', 'graph', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      `${g.nodes.length} nodes; edges: ${g.edges.filter((e) => e.kind === 'supply').length} supply`,
    );
    // With business groups taken whole, each group is one node, scored among the groups.
    const grouped = runCli(['network', 'graph', '--groups', '--json', '--db', db]);
    expect(grouped.code, grouped.stderr).toBe(0);
    const gg = JSON.parse(grouped.stdout) as typeof g & { groups: { id: string }[] };
    expect(gg.groups.length).toBeGreaterThan(0);
    for (const grp of gg.groups) {
      const node = gg.nodes.find((n) => n.id === grp.id);
      expect(node?.schema, grp.id).toBe('BusinessGroup');
    }
    expect(gg.nodes.some((n) => n.schema === 'BusinessGroup' && n.junction_rank !== null)).toBe(
      true,
    );

    // Business groups taken whole, and a limit.
    const groups = runCli([
      'network',
      'junctions',
      '--groups',
      '--limit',
      '3',
      '--json',
      '--db',
      db,
    ]);
    expect(groups.code, groups.stderr).toBe(0);
    const groupsCli = JSON.parse(groups.stdout) as { junctions: unknown[]; mode: string };
    const groupsApi = (await api('GET', '/network/junctions?groups=true&limit=3')).body;
    expect(groupsCli.junctions.length).toBeGreaterThan(0);
    expect(groupsApi.junctions).toEqual(groupsCli.junctions);
    expect(groupsApi.mode).toBe(groupsCli.mode);
  });

  it('finds the same choke points with the same figures', { timeout: 600_000 }, async () => {
    interface Cut {
      cut: { id: string }[];
      supply: unknown[];
    }
    const terror = { from: 'role:supplier', to: 'topic:crime.terror' };
    const cases: { args: string[]; query: Record<string, string> }[] = [
      // The API's defaults: every supplier against every end user.
      { args: ['--from', 'role:supplier', '--to', 'role:end_user'], query: {} },
      { args: [], query: terror },
      { args: ['--groups'], query: { ...terror, groups: 'true' } },
      { args: ['--budget', '1'], query: { ...terror, budget: '1' } },
      {
        args: ['--commodity', 'uav_components'],
        query: { ...terror, commodity: 'uav_components' },
      },
    ];
    for (const { args, query } of cases) {
      const selectors = args[0] === '--from' ? [] : ['--from', terror.from, '--to', terror.to];
      const what = [...selectors, ...args].join(' ');
      const cli = runCli(['network', 'chokepoints', ...selectors, ...args, '--json', '--db', db]);
      expect(cli.code, cli.stderr).toBe(0);
      const fromCli = JSON.parse(cli.stdout) as Cut;
      const res = await api('GET', `/network/chokepoints?${new URLSearchParams(query)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body, what).toEqual(fromCli);
      expect(fromCli.supply.length, what).toBeGreaterThan(0);
      // Some supplier sells to an end user directly (nothing to cut between them); the
      // armed group's suppliers are cut off by a few actors.
      if (selectors.length) expect(fromCli.cut.length, what).toBeGreaterThan(0);
    }
    // An unknown commodity is refused alike.
    const cheese = ['--commodity', 'cheese', '--db', db];
    const bad = runCli([
      'network',
      'chokepoints',
      '--from',
      terror.from,
      '--to',
      terror.to,
      ...cheese,
    ]);
    expect(bad.code).toBe(2);
    const badApi = await api(
      'GET',
      `/network/chokepoints?${new URLSearchParams({ ...terror, commodity: 'cheese' })}`,
    );
    expect(badApi.status).toBe(400);
    expect(bad.stderr).toContain((badApi.body.error as { code: string }).code);
  });

  it('finds the same supply paths with the same evidence', { timeout: 600_000 }, async () => {
    interface Paths {
      paths: {
        nodes: { id: string }[];
        edges: { evidence: { record_id: string; sources: { id: string }[] }[] }[];
      }[];
      truncated: boolean;
    }
    const from = 'role:supplier';
    const to = 'topic:crime.terror';
    for (const groups of [false, true]) {
      const cli = runCli([
        'network',
        'paths',
        '--from',
        from,
        '--to',
        to,
        '--max-paths',
        '50',
        ...(groups ? ['--groups'] : []),
        '--json',
        '--db',
        db,
      ]);
      expect(cli.code, cli.stderr).toBe(0);
      const fromCli = JSON.parse(cli.stdout) as Paths;
      const q = new URLSearchParams({ from, to, max_paths: '50', groups: String(groups) });
      const res = await api('GET', `/network/paths?${q}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(fromCli.paths.length, `groups ${groups}`).toBeGreaterThan(0);
      expect(res.body, `groups ${groups}`).toEqual(fromCli);
      // Every step names its documents, and some of them have sources.
      const evidence = fromCli.paths.flatMap((p) => p.edges.flatMap((e) => e.evidence));
      expect(evidence.length).toBeGreaterThan(0);
      expect(evidence.some((d) => d.sources.length > 0)).toBe(true);
    }
    // Without bounds, both stop at the same defaults.
    const cli = runCli(['network', 'paths', '--from', from, '--to', to, '--json', '--db', db]);
    expect(cli.code, cli.stderr).toBe(0);
    const res = await api('GET', `/network/paths?${new URLSearchParams({ from, to })}`);
    expect(res.body).toEqual(JSON.parse(cli.stdout));
  });

  it(
    'joins two parties, compares provinces and folds incident filters alike',
    { timeout: 600_000 },
    async () => {
      const cli = (args: string[]) => {
        const r = runCli([...args, '--json', '--db', db]);
        expect(r.code, r.stderr).toBe(0);
        return r.stdout;
      };
      const path = JSON.parse(
        cli([
          'network',
          'shortest-path',
          '--from',
          'c-akcakale-iletisim',
          '--to',
          'o-is-procurement',
        ]),
      ) as { length: number };
      expect(path.length).toBeGreaterThan(0);
      const res = await api(
        'GET',
        '/network/shortest-path?from=c-akcakale-iletisim&to=o-is-procurement',
      );
      expect(res.body).toEqual(path);

      const provinces = JSON.parse(
        cli(['summary', '--from', '2021-01-07', '--to', '2021-01-13', '--by-province']),
      ) as { provinces: unknown[] };
      expect(provinces.provinces.length).toBeGreaterThan(0);
      expect((await api('GET', '/summary/provinces?from=2021-01-07&to=2021-01-13')).body).toEqual(
        provinces,
      );

      // Another spelling of the province, folded: the same incidents by the CLI and the API.
      const ids = jsonLines(
        cli([
          'incidents',
          'list',
          '--country',
          'syria',
          '--admin1',
          'Dayr az Zawr',
          '--limit',
          '500',
        ]),
      ).map((i) => (i as unknown as { id: string }).id);
      expect(ids.length).toBeGreaterThan(0);
      const page = await api('GET', '/incidents?country=syria&admin1=Dayr%20az%20Zawr&limit=500');
      expect((page.body.items as { id: string }[]).map((i) => i.id)).toEqual(ids);
    },
  );

  it('computes the same centrality', { timeout: 600_000 }, async () => {
    for (const args of [[], ['--groups'], ['--pivots', '5']]) {
      const cli = runCli(['network', 'centrality', ...args, '--json', '--db', db]);
      expect(cli.code, cli.stderr).toBe(0);
      const fromCli = JSON.parse(cli.stdout) as { nodes: unknown[]; betweenness_error: unknown };
      const q = args[0] === '--groups' ? '?groups=true' : args[0] === '--pivots' ? '?pivots=5' : '';
      const res = await api('GET', `/network/centrality${q}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(fromCli.nodes.length, args.join(' ')).toBeGreaterThan(0);
      expect(res.body, args.join(' ')).toEqual(fromCli);
      expect(fromCli.betweenness_error === null, args.join(' ')).toBe(args[0] !== '--pivots');
    }
  });

  it('shows an entity and its neighbourhood alike', { timeout: 600_000 }, async () => {
    for (const [id, depth] of [
      ['c-harran-lojistik', 1],
      ['p-mehmet-karahan', 2],
    ] as const) {
      const cli = runCli(['entity', id, '--depth', String(depth), '--json', '--db', db]);
      expect(cli.code, cli.stderr).toBe(0);
      const { neighbours, ...page } = JSON.parse(cli.stdout) as Record<string, unknown> & {
        neighbours: { nodes: unknown[]; edges: unknown[] };
        relations: unknown[];
      };
      const apiPage = await api('GET', `/entities/${id}`);
      expect(apiPage.status, JSON.stringify(apiPage.body)).toBe(200);
      expect(page.relations.length, id).toBeGreaterThan(0);
      expect(apiPage.body, id).toEqual(page);
      const apiNeighbours = await api('GET', `/entities/${id}/neighbours?depth=${depth}`);
      expect(apiNeighbours.status).toBe(200);
      expect(neighbours.nodes.length, id).toBeGreaterThan(1);
      expect(apiNeighbours.body, id).toEqual(neighbours);
    }
    // The firm on the list is found on both.
    const text = runCli(['entity', 'c-harran-lojistik', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('fx-harran');
    expect(text.stdout).toContain('in the minimum cut');
    const missing = runCli(['entity', 'no-such-entity', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('CP_NOT_FOUND');
    expect((await api('GET', '/entities/no-such-entity')).status).toBe(404);
  });

  it('matches names alike', { timeout: 600_000 }, async () => {
    const rows = [
      { id: 'n1', name: 'Harran Lojistik ve Nakliyat', country: 'tr' },
      { id: 'n2', name: 'Harran Lojistik', country: 'tr' },
      { id: 'n3', name: 'Mehmet Karahan', country: 'tr' },
      { id: 'n4', name: 'Mehmet Karahan', country: 'tr' },
      { id: 'n5', name: 'Konya Tarım Makineleri', country: 'tr' },
      // Nothing to match on: reported and left out by both, the rest matched all the same.
      { id: 'n6', name: '', country: 'tr' },
    ];
    const csv = join(dir, 'names.csv');
    writeFileSync(
      csv,
      ['id,name,country', ...rows.map((r) => `${r.id},${r.name},${r.country}`)].join('\n') + '\n',
    );
    for (const opts of [[], ['--clusters'], ['--clusters', '--singletons']]) {
      const cli = runCli(['match', csv, ...opts, '--json', '--db', db]);
      expect(cli.code, cli.stderr).toBe(0);
      const fromCli = cli.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown);
      const res = await api('POST', '/match', {
        left: rows,
        clusters: opts.includes('--clusters'),
        singletons: opts.includes('--singletons'),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(fromCli.length, opts.join(' ')).toBeGreaterThan(0);
      expect(res.body.items, opts.join(' ')).toEqual(fromCli);
      expect((res.body.skipped as { id: string }[]).map((r) => r.id)).toEqual(['n6']);
      expect(cli.stderr).toContain('skipped left record "n6"');
    }
  });
});
