import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import Graph from 'graphology';
import Sigma from 'sigma';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import { api, type ApiError, type CaseResponse, type Schemas } from '../api.ts';
import { ErrorBox, fmt, Loading, useApp } from '../lib.tsx';
import { EntityPanel } from '../components/EntityPanel.tsx';
import { navigate } from '../router.ts';

type GraphNode = Schemas['GraphNode'];
type GraphEdge = Schemas['GraphEdge'];
type NetworkGraph = CaseResponse<'network/graph'>;
type Chokepoints = CaseResponse<'network/chokepoints'>;
/** What the graph draws of a node: the neighbourhood of an entity gives no junction score. */
type DrawnNode = Pick<GraphNode, 'id' | 'label' | 'schema' | 'x' | 'y'> &
  Partial<Pick<GraphNode, 'junction_score'>>;
type DrawnEdge = Pick<GraphEdge, 'id' | 'source' | 'target' | 'kind' | 'commodity'>;

const SCHEMA_COLOURS: Record<string, string> = {
  Person: '#1f77b4',
  Company: '#2ca02c',
  Organization: '#9467bd',
  LegalEntity: '#8c564b',
  Family: '#e377c2',
};
const EDGE_COLOURS: Record<string, string> = {
  supply: '#b5482b',
  control: '#6b7b8c',
  payment: '#d4a017',
  link: '#b8c0c8',
};
const CUT_COLOUR = '#d62728';
const JUNCTION_RING = '#ff9800';

function addNode(g: Graph, n: DrawnNode, i: number, total: number): void {
  if (g.hasNode(n.id)) return;
  // Golden-angle spiral: an even, deterministic start for the force layout.
  const angle = i * 2.399963;
  const radius = Math.sqrt(i + 1) / Math.sqrt(Math.max(1, total));
  g.addNode(n.id, {
    label: n.label,
    schema: n.schema,
    junction: Number(n.junction_score ?? 0),
    x: n.x ?? Math.cos(angle) * radius * 10,
    y: n.y ?? Math.sin(angle) * radius * 10,
    size: 4 + Math.min(10, Number(n.junction_score ?? 0) * 10),
    color: SCHEMA_COLOURS[n.schema] ?? '#7f7f7f',
  });
}

function addEdge(g: Graph, e: DrawnEdge): void {
  if (!g.hasNode(e.source) || !g.hasNode(e.target) || g.hasEdge(e.id)) return;
  g.addDirectedEdgeWithKey(e.id, e.source, e.target, {
    kind: e.kind,
    label: e.commodity ?? e.kind,
    size: e.kind === 'supply' ? 2 : 1,
    color: EDGE_COLOURS[e.kind] ?? '#b8c0c8',
    type: 'arrow',
  });
}

/** Graphs up to this size are laid out before the first frame; bigger ones in a worker. */
const SYNC_LAYOUT_MAX = 1000;

/**
 * ForceAtlas2 (Jacomy, Venturini, Heymann & Bastian 2014, PLoS ONE 9(6): e98679). Small
 * graphs get a fixed number of iterations synchronously (stable positions at once); big
 * ones are drawn at once and settle in a web worker for a bounded time, with Barnes–Hut
 * (Barnes & Hut 1986) approximation, so the page never freezes.
 */
function layout(g: Graph, onDone: () => void): (() => void) | null {
  if (g.order < 2) return null;
  const settings = { ...forceAtlas2.inferSettings(g), barnesHutOptimize: g.order > 500 };
  if (g.order <= SYNC_LAYOUT_MAX) {
    forceAtlas2.assign(g, { iterations: g.order > 500 ? 100 : 300, settings });
    return null;
  }
  const worker = new FA2Layout(g, { settings });
  worker.start();
  const timer = window.setTimeout(
    () => {
      worker.stop();
      onDone();
    },
    Math.min(8000, 1500 + g.order),
  );
  return () => {
    window.clearTimeout(timer);
    worker.kill();
  };
}

const DEFAULT_FROM = 'role:supplier';
const DEFAULT_TO = 'topic:crime.terror';

export default function NetworkPage({ params }: { params: URLSearchParams }): ReactNode {
  const { caseRef } = useApp();
  const container = useRef<HTMLDivElement>(null);
  const sigma = useRef<Sigma | null>(null);
  const graph = useRef<Graph>(new Graph({ multi: true, type: 'directed' }));
  const [data, setData] = useState<NetworkGraph | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [cut, setCut] = useState<Chokepoints | null>(null);
  const [cutError, setCutError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(params.get('entity'));
  const [query, setQuery] = useState('');
  const [from, setFrom] = useState(DEFAULT_FROM);
  const [to, setTo] = useState(DEFAULT_TO);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const [order, setOrder] = useState(0);
  const [layoutRunning, setLayoutRunning] = useState(false);
  const [cutAuto, setCutAuto] = useState(true);
  const selectedRef = useRef<string | null>(selected);
  selectedRef.current = selected;
  const cutIds = useMemo(() => new Set((cut?.cut ?? []).map((c) => c.id)), [cut]);
  const cutRef = useRef(cutIds);
  cutRef.current = cutIds;

  useEffect(() => {
    let live = true;
    api
      .get('/api/cases/{caseId}/network/graph', { caseId: caseRef.id })
      .then((d) => live && setData(d))
      .catch((e: unknown) => live && setError(e as ApiError));
    return () => {
      live = false;
    };
  }, [caseRef.id]);

  const loadCut = (f: string, t: string, auto = false, fallbackTo?: string) => {
    setCutError(null);
    setCutAuto(auto);
    api
      .get('/api/cases/{caseId}/network/chokepoints', { caseId: caseRef.id, from: f, to: t })
      .then(setCut)
      .catch((e: unknown) => {
        if (fallbackTo && (e as ApiError).body?.code === 'CP_BAD_SELECTOR') {
          setTo(fallbackTo);
          loadCut(f, fallbackTo, auto);
          return;
        }
        setCut(null);
        setCutError(e as ApiError);
      });
  };
  // The default cut on arrival: suppliers to the known terrorist end users when the case
  // has any (every buyer that never sells is an end user too, and a supplier selling
  // straight to one leaves nothing to cut); later cuts on the button.
  useEffect(() => {
    loadCut(DEFAULT_FROM, DEFAULT_TO, true, 'role:end_user');
  }, [caseRef.id]);

  // Build the graph and the Sigma renderer once the data is in.
  useEffect(() => {
    if (!data || !container.current) return;
    const started = performance.now();
    const g = new Graph({ multi: true, type: 'directed' });
    data.nodes.forEach((n, i) => addNode(g, n, i, data.nodes.length));
    data.edges.forEach((e) => addEdge(g, e));
    const stopLayout = data.nodes.some((n) => n.x !== undefined)
      ? null
      : layout(g, () => setLayoutRunning(false));
    setLayoutRunning(stopLayout !== null);
    graph.current = g;
    setOrder(g.order);
    const s = new Sigma(g, container.current, {
      renderEdgeLabels: false,
      // Big graphs stay fluid while the camera moves: edges and labels return when it stops.
      hideEdgesOnMove: g.size > 2000,
      hideLabelsOnMove: g.order > 2000,
      labelRenderedSizeThreshold: 6,
      defaultEdgeType: 'arrow',
      zIndex: true,
      nodeReducer: (node, attrs) => {
        const sel = selectedRef.current;
        const res: Record<string, unknown> = { ...attrs };
        if (cutRef.current.has(node)) {
          res.color = CUT_COLOUR;
          res.size = (attrs.size as number) + 4;
          res.forceLabel = true;
          res.zIndex = 2;
        } else if ((attrs.junction as number) > 0.5) {
          res.borderColor = JUNCTION_RING;
          res.color = JUNCTION_RING;
          res.forceLabel = true;
          res.zIndex = 1;
        }
        if (sel) {
          if (node === sel) {
            res.highlighted = true;
            res.forceLabel = true;
            res.zIndex = 3;
          } else if (!g.areNeighbors(node, sel)) {
            res.color = '#e3e6e8';
            res.label = '';
          }
        }
        return res;
      },
      edgeReducer: (edge, attrs) => {
        const sel = selectedRef.current;
        if (sel && !g.extremities(edge).includes(sel)) return { ...attrs, hidden: true };
        return attrs;
      },
    });
    s.on('clickNode', ({ node }) => setSelected(node));
    s.on('clickStage', () => setSelected(null));
    sigma.current = s;
    // Time to first frame: sigma renders synchronously on construction.
    setRenderMs(Math.round(performance.now() - started));
    return () => {
      stopLayout?.();
      s.kill();
      sigma.current = null;
    };
  }, [data]);

  useEffect(() => {
    sigma.current?.refresh();
  }, [selected, cutIds]);

  const focus = (id: string) => {
    const s = sigma.current;
    if (!s || !graph.current.hasNode(id)) return;
    setSelected(id);
    const pos = s.getNodeDisplayData(id);
    if (pos) void s.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.3 }, { duration: 400 });
  };

  const expand = (id: string) => {
    api
      .get('/api/cases/{caseId}/entities/{id}/neighbours', { caseId: caseRef.id, id })
      .then((d) => {
        const g = graph.current;
        const base = g.getNodeAttributes(id) as { x: number; y: number };
        // The neighbourhood is entities and their relations: drawn as nodes and links.
        d.nodes.forEach((n, i) =>
          addNode(
            g,
            {
              id: n.id,
              label: n.caption,
              schema: n.schema,
              x: base.x + Math.cos(i) * 0.5,
              y: base.y + Math.sin(i) * 0.5,
            },
            i,
            d.nodes.length,
          ),
        );
        d.edges.forEach((r) =>
          addEdge(g, {
            id: r.id,
            source: r.source_id,
            target: r.target_id,
            kind: 'link',
            commodity: r.schema,
          }),
        );
        setOrder(g.order);
        sigma.current?.refresh();
      })
      .catch((e: unknown) => setError(e as ApiError));
  };

  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q || !data) return [];
    return data.nodes.filter((n) => n.label.toLowerCase().includes(q)).slice(0, 12);
  }, [query, data]);

  return (
    <section>
      <div className="page-head">
        <h1>Network</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches[0]) focus(matches[0].id);
          }}
          role="search"
        >
          <label>
            Find an entity
            <input
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="name…"
              list="entity-matches"
              aria-label="Find an entity"
              data-testid="network-search"
            />
          </label>
          <datalist id="entity-matches">
            {matches.map((m) => (
              <option key={m.id} value={m.label} />
            ))}
          </datalist>
        </form>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            loadCut(from, to);
          }}
        >
          <label>
            Cut from
            <input
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-label="Cut from (selector)"
            />
          </label>
          <label>
            to
            <input
              value={to}
              onChange={(e) => setTo(e.target.value)}
              aria-label="Cut to (selector)"
            />
          </label>
          <button type="submit" className="secondary">
            Compute cut
          </button>
        </form>
      </div>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="network" /> : null}
      {matches.length > 0 && query ? (
        <div className="legend" aria-label="Search results">
          {matches.map((m) => (
            <button
              key={m.id}
              className="link"
              onClick={() => focus(m.id)}
              data-testid="search-hit"
            >
              {m.label}
            </button>
          ))}
        </div>
      ) : null}
      <div className="legend" aria-label="Legend">
        {Object.entries(SCHEMA_COLOURS).map(([k, c]) => (
          <span key={k}>
            <span className="swatch" style={{ background: c }} />
            {k}
          </span>
        ))}
        <span>
          <span className="swatch" style={{ background: JUNCTION_RING }} />
          junction point
        </span>
        <span>
          <span className="swatch" style={{ background: CUT_COLOUR }} />
          in the choke-point cut
        </span>
        <span className="muted" data-testid="network-stats">
          {fmt(order)} nodes · {fmt(data?.edges.length ?? 0)} edges
          {renderMs !== null ? ` · drawn in ${renderMs} ms` : ''}
        </span>
      </div>
      {cutError && cutAuto ? (
        <p className="muted" data-testid="cut-summary">
          No default choke-point cut (suppliers → end users): {cutError.message}
        </p>
      ) : null}
      {cutError && !cutAuto ? <ErrorBox error={cutError} /> : null}
      {cut ? (
        <p data-testid="cut-summary">
          {cut.cut_size === 0 ? (
            <>
              Cut of 0: no set of intermediaries separates these ends (a party on both sides, or a
              direct edge)
            </>
          ) : (
            <>
              Cut of {cut.cut_size}:{' '}
              {cut.cut.map((c, i) => (
                <span key={c.id}>
                  {i ? ', ' : ''}
                  <button className="link" onClick={() => focus(c.id)}>
                    {c.name}
                  </button>
                </span>
              ))}
            </>
          )}
          {cut.paths_before !== undefined
            ? ` · paths ${cut.paths_before} → ${cut.paths_after}`
            : ''}
          {cut.supply_reachable_after !== undefined
            ? ` · supply still reaching the targets: ${fmt((cut.supply_reachable_after ?? 0) * 100, 1)} %`
            : ''}
        </p>
      ) : null}
      <div className="split">
        <div
          ref={container}
          data-layout={layoutRunning ? 'running' : 'done'}
          className="graph"
          data-testid="graph"
          aria-label="Network graph (use the search box to move by keyboard)"
        />
        <aside className="side" aria-label="Entity">
          {selected ? (
            <>
              <div className="filters">
                <button onClick={() => expand(selected)} data-testid="expand">
                  Expand neighbours
                </button>
                <button
                  className="secondary"
                  onClick={() => navigate('network', { entity: selected })}
                >
                  Link here
                </button>
                <button className="secondary" onClick={() => setSelected(null)}>
                  Clear
                </button>
              </div>
              <EntityPanel id={selected} onFocus={focus} />
            </>
          ) : (
            <p className="muted">
              Click a node or search for a name to see the entity, its relations, orders, flags,
              sanctions hits and sources.
            </p>
          )}
        </aside>
      </div>
    </section>
  );
}
