import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ChokepointError } from '../../core/errors.ts';
import { readCsv } from '../../core/csv.ts';
import { COMMODITIES } from '../../network/commodity.ts';
import { entityCaption } from '../../network/ftm.ts';
import type { Network } from '../../network/graph.ts';
import { entityNeighbours, entityPage } from '../../app/entities.ts';
import {
  casePaths,
  networkShortestPath,
  loadCaseNetwork,
  networkCentrality,
  networkChokepoints,
  networkGraph,
  networkJunctions,
  PATHS_DEFAULTS,
} from '../../app/network.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';
import { progressBar } from '../progress.ts';

const SELECTOR_HELP =
  'id:<id>, name:<text>, schema:<Schema>, topic:<topic>, role:supplier|end_user; join with commas';

function positiveInt(
  value: string | undefined,
  field: string,
  fallback?: number,
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new ChokepointError('CP_BAD_OPTION', `bad --${field}`, {
      field,
      expected: 'an integer >= 1',
      got: value,
    });
  return n;
}

/** --weights: a CSV (id,weight) or JSON ({id: weight}) file, else the FtM property holding each node's cost. */
function readWeights(spec: string | undefined): string | Map<string, number> | null {
  if (!spec) return null;
  if (!existsSync(spec)) {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(spec)) {
      throw new ChokepointError('CP_BAD_OPTION', 'bad --weights', {
        field: 'weights',
        expected: 'an FtM property name or a CSV (id,weight) / JSON ({"id": weight}) file',
        got: spec,
      });
    }
    return spec;
  }
  const text = readFileSync(spec, 'utf8');
  const map = new Map<string, number>();
  const add = (id: unknown, w: unknown, where: { line?: number }) => {
    const n = Number(w);
    if (typeof id !== 'string' || !id || !(n >= 0))
      throw new ChokepointError('CP_BAD_GRAPH', 'bad weight', {
        file: spec,
        ...where,
        field: 'weight',
        expected: 'an entity id and a number >= 0',
        got: `${String(id)}=${String(w)}`,
      });
    map.set(id, n);
  };
  if (spec.endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new ChokepointError('CP_IMPORT_BAD_FILE', `not JSON: ${(e as Error).message}`, {
        file: spec,
        expected: '{"entity id": weight, …}',
      });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new ChokepointError('CP_IMPORT_BAD_FILE', 'not a JSON object', {
        file: spec,
        expected: '{"entity id": weight, …}',
      });
    for (const [id, w] of Object.entries(parsed)) add(id, w, {});
  } else {
    for (const r of readCsv(text, { file: spec, required: ['id', 'weight'] }).records)
      add(r.values.id, r.values.weight, { line: r.line });
  }
  return map;
}

async function loadNetwork(opts: CommonOptions): Promise<Network> {
  return withStore(opts, async (store) => {
    await assertCase(store, opts.case!);
    return loadCaseNetwork(store, [opts.case!]);
  });
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function register(program: Command): void {
  const network = program
    .command('network')
    .description('the procurement network: junction points, choke points, paths, centrality');

  common(
    network
      .command('junctions')
      .description(
        'parties (or business groups) ranked by the commodity chains passing through them, their share of volume and betweenness',
      )
      .option(
        '--groups',
        'fold each business group (Family, Ownership, Directorship) into one node',
      )
      .option('--limit <n>', 'show only the first n'),
  ).action(async (opts: CommonOptions & { groups?: boolean; limit?: string }) => {
    const limit = positiveInt(opts.limit, 'limit');
    const net = await loadNetwork(opts);
    const bar = progressBar('junctions');
    const report = networkJunctions(net, {
      groups: opts.groups,
      limit,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    if (opts.json) return outJson({ ...report, warnings: net.warnings });
    out(
      table(
        report.junctions.map((r) => ({
          rank: r.rank,
          name: r.name,
          kind: r.kind === 'group' ? `group of ${r.members.length}` : r.schema,
          group: r.group?.name ?? '',
          chains: r.chains,
          commodities: r.commodities.join('; '),
          volume: pct(r.volume_share),
          betweenness: r.betweenness,
        })),
      ),
    );
    out(`\n${report.method}`);
  });

  common(
    network
      .command('chokepoints')
      .description(
        'the fewest actors whose removal cuts the selected suppliers off from the selected end users',
      )
      .requiredOption('--from <selector>', `sources (${SELECTOR_HELP})`)
      .requiredOption('--to <selector>', `targets (${SELECTOR_HELP})`)
      .option(
        '--weights <property|file>',
        'cost of acting against each node: an FtM property, or a CSV (id,weight) / JSON file; missing costs are 1',
      )
      .option(
        '--budget <k>',
        'remove at most k actors (cost k when weighted), chosen greedily by the supply each removes',
      )
      .option('--groups', 'fold each business group into one node (cut as a whole)')
      .option(
        '--commodity <id>',
        `only the supply edges and orders of one commodity (${COMMODITIES.map((c) => c.id).join(', ')}, or a class of the case such as hs_9401)`,
      ),
  ).action(
    async (
      opts: CommonOptions & {
        from: string;
        to: string;
        weights?: string;
        budget?: string;
        groups?: boolean;
        commodity?: string;
      },
    ) => {
      let budget: number | null = null;
      if (opts.budget !== undefined) {
        budget = Number(opts.budget);
        if (!(budget > 0))
          throw new ChokepointError('CP_BAD_OPTION', 'bad --budget', {
            field: 'budget',
            expected: 'a number > 0',
            got: opts.budget,
          });
      }
      const weights = readWeights(opts.weights);
      const net = await loadNetwork(opts);
      const bar = progressBar('choke points');
      const r = networkChokepoints(net, {
        from: opts.from,
        to: opts.to,
        groups: opts.groups,
        weights,
        budget,
        commodity: opts.commodity,
        onProgress: (d, t, l) => bar.update(d, t, l),
      });
      bar.finish();
      if (opts.json) return outJson(r);
      out(`${r.method}`);
      out(
        `from ${r.sources.length} source(s) to ${r.targets.length} target(s); sources and targets themselves are never cut`,
      );
      out(table(r.cut.map((c) => ({ id: c.id, name: c.name, schema: c.schema, cost: c.weight }))));
      out(
        `cut size ${r.cut_size} (cost ${r.cut_cost}); node-disjoint paths ${r.paths_before} before, ${r.paths_after} after`,
      );
      out(
        `supply of the sources' orders reaching the targets (${r.orders_reaching_before.length} of ${r.orders_in_scope.length} orders before, ${r.orders_reaching_after.length} after), per commodity and unit:`,
      );
      out(
        table(
          r.supply.map((x) => ({
            commodity: x.label,
            unit: x.measure === 'orders' ? 'orders' : (x.unit ?? '(no unit)'),
            before: x.before,
            after: x.after,
            'still through': x.orders_before ? pct(x.share_after) : '—',
          })),
        ),
      );
      out(
        `${pct(r.supply_reachable_after)} still gets through (each row's share, weighted by its orders)`,
      );
      if (r.cut_near_targets)
        out(
          `another minimum cut, nearer the targets: ${r.cut_near_targets.map((c) => c.name).join(', ')}`,
        );
      for (const s of r.steps)
        out(`  step: remove ${s.name} → ${pct(s.supply_reachable_after)} still gets through`);
      for (const n of r.notes) out(`note: ${n}`);
    },
  );

  common(
    network
      .command('paths')
      .description(
        'every supply path from the selected suppliers to the selected end users, with the documents and dates behind each step',
      )
      .requiredOption('--from <selector>', `sources (${SELECTOR_HELP})`)
      .requiredOption('--to <selector>', `targets (${SELECTOR_HELP})`)
      .option('--max-length <n>', 'longest path, in steps', String(PATHS_DEFAULTS.maxLength))
      .option('--max-paths <n>', 'stop after this many paths', String(PATHS_DEFAULTS.maxPaths))
      .option('--groups', 'fold each business group into one node'),
  ).action(
    async (
      opts: CommonOptions & {
        from: string;
        to: string;
        maxLength: string;
        maxPaths: string;
        groups?: boolean;
      },
    ) => {
      const maxLength = positiveInt(opts.maxLength, 'max-length')!;
      const maxPaths = positiveInt(opts.maxPaths, 'max-paths')!;
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const net = await loadCaseNetwork(store, [opts.case!]);
        const report = await casePaths(store, opts.case!, net, {
          from: opts.from,
          to: opts.to,
          groups: opts.groups,
          maxLength,
          maxPaths,
        });
        if (opts.json) return outJson(report);
        if (report.paths.length === 0)
          return out('no supply path joins the selected sources to the selected targets');
        for (const [i, p] of report.paths.entries()) {
          out(`\n#${i + 1} ${p.nodes.map((n) => n.name).join(' → ')}`);
          out(
            `   ${p.commodities.join('; ') || 'goods unknown'} · orders ${p.order_ids.join(', ') || '—'} · ${p.first_date ?? '?'} → ${p.last_date ?? '?'}${p.elapsed_days !== null ? ` (${p.elapsed_days} days)` : ''}`,
          );
          for (const e of p.edges) {
            const docsText = e.evidence
              .map(
                (d) =>
                  `${d.record_id}${d.sources.length ? ` [${d.sources.map((s) => s.grade).join(',')}]` : ''}`,
              )
              .join(', ');
            out(
              `   ${e.date ?? '          '}  ${net.byId.get(e.source)?.name ?? e.source} → ${net.byId.get(e.target)?.name ?? e.target}  (${e.via.join('/')}: ${docsText || 'no document'})`,
            );
          }
        }
        if (report.truncated) out(`\n(stopped at ${maxPaths} paths: raise --max-paths)`);
      });
    },
  );

  common(
    network
      .command('shortest-path')
      .description(
        'the fewest links of any kind (supply, control, payment, association), either way, joining two parties',
      )
      .requiredOption('--from <id>', 'an entity id')
      .requiredOption('--to <id>', 'an entity id'),
  ).action(async (opts: CommonOptions & { from: string; to: string }) => {
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const net = await loadCaseNetwork(store, [opts.case!]);
      const p = networkShortestPath(net, opts.from, opts.to);
      if (opts.json) return outJson(p);
      if (p.length === null) return out(`no chain of links joins ${p.from.name} and ${p.to.name}`);
      out(`${p.length} link(s): ${p.nodes.map((n) => n.name).join(' — ')}`);
      for (const e of p.edges)
        out(
          `   ${net.byId.get(e.source)?.name ?? e.source} ${e.reversed ? '←' : '→'} ${net.byId.get(e.target)?.name ?? e.target}  (${e.kind}: ${[...e.via, ...e.order_ids].join(', ')}${e.dates.length ? `; ${e.dates.join(', ')}` : ''})`,
        );
    });
  });

  common(
    network
      .command('centrality')
      .description(
        'degree, betweenness (exact, or sampled with --pivots) and Louvain communities of every party',
      )
      .option('--groups', 'fold each business group into one node')
      .option(
        '--pivots <k>',
        'estimate betweenness from k random pivots (Brandes & Pich 2007), with its error',
      )
      .option('--threads <n>', 'worker threads for exact betweenness', '1'),
  ).action(async (opts: CommonOptions & { groups?: boolean; pivots?: string; threads: string }) => {
    const pivots = positiveInt(opts.pivots, 'pivots');
    const threads = positiveInt(opts.threads, 'threads')!;
    const net = await loadNetwork(opts);
    const bar = progressBar('betweenness');
    const report = await networkCentrality(net, {
      groups: opts.groups,
      pivots,
      threads,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    if (opts.json) return outJson(report);
    out(
      table(report.nodes, [
        'name',
        'schema',
        'in_degree',
        'out_degree',
        'betweenness',
        'community',
      ]),
    );
    out(`\n${report.communities} Louvain communities, modularity ${report.modularity.toFixed(3)}`);
    if (report.betweenness_error) out(report.betweenness_error.statement);
  });

  common(
    network
      .command('graph')
      .description(
        'the network as built: nodes (with junction scores), edges (supply, control, payment, association), business groups, shipments and payments',
      )
      .option('--groups', 'fold each business group into one node'),
  ).action(async (opts: CommonOptions & { groups?: boolean }) => {
    const base = await loadNetwork(opts);
    const bar = progressBar('junctions');
    const net = networkGraph(base, {
      groups: opts.groups,
      onProgress: (d, t) => bar.update(d, t),
    });
    bar.finish();
    if (opts.json) return outJson(net);
    const count = (k: string) => net.edges.filter((e) => e.kind === k).length;
    out(
      `${net.nodes.length} nodes; edges: ${count('supply')} supply, ${count('control')} control, ${count('payment')} payment, ${count('association')} association`,
    );
    out(
      `${net.orders.length} orders in ${net.commodities.length} commodities; ${net.payments.length} payments (${net.payments.filter((p) => p.third_party).length} by a third party)`,
    );
    out(
      table(
        net.groups.map((g) => ({
          group: g.name,
          members: g.members.map((m) => base.byId.get(m)?.name ?? m).join(', '),
        })),
      ),
    );
    for (const w of net.warnings) out(`warning: ${w}`);
  });

  common(
    program
      .command('entity')
      .description(
        'one entity of the case as the API shows it: relations, orders and their latest scores, sources, sanctions hits, network role, and its neighbourhood',
      )
      .argument('<id>', 'entity id')
      .option('--depth <n>', 'hops of the neighbourhood through relations (1–3)', '1')
      .option('--limit <n>', 'most entities in the neighbourhood', '500'),
  ).action(async (id: string, opts: CommonOptions & { depth: string; limit: string }) => {
    const depth = positiveInt(opts.depth, 'depth')!;
    if (depth > 3)
      throw new ChokepointError('CP_BAD_OPTION', 'bad --depth', {
        field: 'depth',
        expected: 'an integer from 1 to 3',
        got: opts.depth,
      });
    const limit = positiveInt(opts.limit, 'limit')!;
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const caseId = opts.case!;
      const page = await entityPage(store, { caseId, entityId: id });
      const neighbours = await entityNeighbours(store, { caseId, entityId: id, depth, limit });
      if (opts.json) return outJson({ ...page, neighbours });
      const caption = (e: { id: string; caption: string } | null, fallback: string) =>
        e ? `${e.caption} (${e.id})` : fallback;
      out(`${entityCaption(page.entity)} · ${page.entity.schema} · ${page.entity.id}`);
      const n = page.network;
      out(
        `network: ${n.junction_rank === null ? 'not a junction' : `junction #${n.junction_rank} (score ${n.junction_score.toFixed(2)})`}; ${n.in_cut ? 'in the minimum cut' : 'not in the minimum cut'}`,
      );
      out(
        page.sanctions_hits.length
          ? `sanctions hits: ${page.sanctions_hits.map((h) => `${h.name} (${h.entity_id}, ${h.list ?? 'list'}, ${h.score})`).join('; ')}`
          : 'sanctions hits: none',
      );
      if (page.relations.length) {
        out('\nrelations');
        out(
          table(
            page.relations.map((r) => ({
              id: r.id,
              schema: r.schema,
              other: caption(r.other, r.source_id === page.entity.id ? r.target_id : r.source_id),
            })),
          ),
        );
      }
      if (page.orders.length) {
        const score = new Map(page.flags.map((f) => [f.order_id, f]));
        out('\norders');
        out(
          table(
            page.orders.map((o) => ({
              order_id: o.order_id,
              date: o.order_date,
              seller: o.seller,
              buyer: o.buyer,
              goods: o.goods,
              likelihood: score.get(o.order_id)?.likelihood ?? null,
            })),
          ),
        );
      }
      if (page.evidence.length) {
        out('\nsources');
        out(table(page.evidence.map((e) => ({ id: e.id, title: e.title, grade: e.grade }))));
      }
      out(`\nneighbourhood (${depth} hop${depth > 1 ? 's' : ''})`);
      out(
        table(
          neighbours.nodes.map((x) => ({
            depth: x.depth,
            id: x.id,
            schema: x.schema,
            caption: x.caption,
          })),
        ),
      );
      if (neighbours.truncated) out(`(stopped at ${limit} entities: raise --limit)`);
    });
  });
}
