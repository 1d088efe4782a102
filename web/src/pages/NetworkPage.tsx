import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, type ApiError, type CaseResponse } from '../api.ts';
import { ErrorBox, Loading, useApp, useCaseApi } from '../lib.tsx';
import { EntityPanel } from '../components/EntityPanel.tsx';
import { ExportMenu } from '../components/ExportMenu.tsx';
import { foldName } from '../fold.ts';
import { setParams } from '../router.ts';
import { ConnectPanel, type Shortest } from './network/ConnectPanel.tsx';
import { CutSummary } from './network/CutSummary.tsx';
import { download, graphFile } from './network/exportGraph.ts';
import { addNeighbourhood, NO_VIEW, pathPairs, type GraphView } from './network/graph.ts';
import { JunctionPanel } from './network/JunctionPanel.tsx';
import {
  CutForm,
  EntitySearch,
  GraphFilters,
  NetworkLegend,
  SearchHits,
} from './network/NetworkControls.tsx';
import { PathsPanel } from './network/PathsPanel.tsx';
import { useChokepointCut } from './network/useChokepointCut.ts';
import { useSigma } from './network/useSigma.ts';

const PANELS = [
  ['entity', 'Entity'],
  ['junctions', 'Junctions'],
  ['cut', 'Choke points'],
  ['paths', 'Supply paths'],
  ['connect', 'Path between two'],
] as const;
type Panel = (typeof PANELS)[number][0];

/**
 * The procurement network. What is looked at lives in the URL (the entity, the side
 * panel, the commodity and period shown, the two ends of a path), so a view can be shared
 * and the back button steps back through it.
 */
export default function NetworkPage({ params }: { params: URLSearchParams }): ReactNode {
  const { caseRef } = useApp();
  const container = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<CaseResponse<'network/graph'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [query, setQuery] = useState('');
  const selected = params.get('entity');
  const panel = (PANELS.find(([id]) => id === params.get('panel'))?.[0] ??
    (selected ? 'entity' : 'junctions')) as Panel;
  const [drawn, setDrawn] = useState<{ source: string; target: string }[] | null>(null);
  const [shownPath, setShownPath] = useState<CaseResponse<'network/paths'>['paths'][number] | null>(
    null,
  );
  const view: GraphView = useMemo(
    () => ({
      commodity: params.get('commodity') ?? '',
      since: params.get('since') ?? '',
      until: params.get('until') ?? '',
      pathNodes: new Set((drawn ?? []).flatMap((s) => [s.source, s.target])),
      pathPairs: pathPairs(drawn ?? []),
    }),
    [params.toString(), drawn],
  );
  // A path drawn belongs to the panel that drew it.
  useEffect(() => {
    setDrawn(null);
    setShownPath(null);
  }, [panel]);
  const selectedRef = useRef<string | null>(selected);
  selectedRef.current = selected;
  const viewRef = useRef<GraphView>(NO_VIEW);
  viewRef.current = view;

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
  const commodities = useCaseApi('network/junctions', { limit: 1 }).data?.commodities ?? [];

  const cut = useChokepointCut(caseRef.id);
  const cutIds = useMemo(() => new Set((cut.cut?.cut ?? []).map((c) => c.id)), [cut.cut]);
  const cutRef = useRef(cutIds);
  cutRef.current = cutIds;

  const select = (id: string | null) =>
    setParams({ entity: id, panel: id ? 'entity' : null }, { replace: true });
  const { sigma, graph, order, setOrder, layoutRunning, renderMs } = useSigma(
    container,
    data,
    selectedRef,
    cutRef,
    viewRef,
    select,
  );

  useEffect(() => {
    sigma.current?.refresh();
  }, [selected, cutIds, view]);

  const focus = (id: string) => {
    const s = sigma.current;
    select(id);
    if (!s || !graph.current.hasNode(id)) return;
    const pos = s.getNodeDisplayData(id);
    if (pos) void s.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.3 }, { duration: 400 });
  };

  const expand = (id: string) => {
    api
      .get('/api/cases/{caseId}/entities/{id}/neighbours', { caseId: caseRef.id, id })
      .then((d) => {
        addNeighbourhood(graph.current, id, d);
        setOrder(graph.current.order);
        sigma.current?.refresh();
      })
      .catch((e: unknown) => setError(e as ApiError));
  };

  const nodes = useMemo(
    () => (data?.nodes ?? []).map((n) => ({ id: n.id, label: n.label, key: foldName(n.label) })),
    [data],
  );
  const names = useMemo(() => new Map(nodes.map((n) => [n.id, n.label])), [nodes]);
  const suppliers = useMemo(
    () =>
      (data?.nodes ?? [])
        .filter((n) => n.roles.includes('seller') && !n.roles.includes('buyer'))
        .map((n) => ({ id: n.id, label: n.label })),
    [data],
  );
  // Folded as place names are ("demirtas" finds Demirtaş, "akcakale iletisim" Akçakale İletişim).
  const matches = useMemo(() => {
    const q = foldName(query);
    if (!q) return [];
    return nodes.filter((n) => n.key.includes(q)).slice(0, 12);
  }, [query, nodes]);

  const save = (format: 'json' | 'csv') =>
    download(graphFile(graph.current, view, format), `network-${caseRef.id}.${format}`);

  return (
    <section>
      <div className="page-head">
        <h1>Network</h1>
        <EntitySearch query={query} onQuery={setQuery} matches={matches} onFocus={focus} />
        <GraphFilters view={view} commodities={commodities} onChange={(v) => setParams({ ...v })} />
        <div className="filters" role="group" aria-label="Export the graph">
          <button className="secondary" onClick={() => save('json')} data-testid="graph-json">
            Graph JSON
          </button>
          <button className="secondary" onClick={() => save('csv')} data-testid="graph-csv">
            Edges CSV
          </button>
          <ExportMenu kind="network" label="Whole network (GraphML, GEXF)" />
        </div>
      </div>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="network" /> : null}
      {query ? (
        matches.length ? (
          <SearchHits matches={matches} onFocus={focus} />
        ) : (
          <p className="muted" data-testid="search-none">
            No entity named like “{query}”.
          </p>
        )
      ) : null}
      <NetworkLegend order={order} edges={data?.edges.length ?? 0} renderMs={renderMs} />
      <div className="split">
        <div
          ref={container}
          data-layout={layoutRunning ? 'running' : 'done'}
          className="graph"
          data-testid="graph"
          role="img"
          aria-label="Network graph (use the search box and the panels to move by keyboard)"
        />
        <aside className="side" aria-label="Network panels">
          <div
            role="tablist"
            aria-label="Network panels"
            className="filters"
            onKeyDown={(e) => {
              // The arrow keys move between the panels, as in any tab list.
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const at = PANELS.findIndex(([id]) => id === panel);
              const step = e.key === 'ArrowRight' ? 1 : PANELS.length - 1;
              const next = PANELS[(at + step) % PANELS.length]![0];
              setParams({ panel: next }, { replace: true });
              document.querySelector<HTMLElement>(`[data-testid=panel-${next}]`)?.focus();
            }}
          >
            {PANELS.map(([id, label]) => (
              <button
                key={id}
                role="tab"
                aria-selected={panel === id}
                tabIndex={panel === id ? 0 : -1}
                className={panel === id ? '' : 'secondary'}
                onClick={() => setParams({ panel: id }, { replace: true })}
                data-testid={`panel-${id}`}
              >
                {label}
              </button>
            ))}
          </div>
          <div role="tabpanel">
            {panel === 'entity' ? (
              selected ? (
                <>
                  <div className="filters">
                    <button onClick={() => expand(selected)} data-testid="expand">
                      Expand neighbours
                    </button>
                    <button className="secondary" onClick={() => select(null)}>
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
              )
            ) : null}
            {panel === 'junctions' ? <JunctionPanel onFocus={focus} /> : null}
            {panel === 'cut' ? (
              <>
                <CutForm
                  ask={cut.ask}
                  setAsk={cut.setAsk}
                  suppliers={suppliers}
                  commodities={commodities}
                  onCompute={() => cut.load(cut.ask)}
                />
                <CutSummary cut={cut.cut} error={cut.error} auto={cut.auto} onFocus={focus} />
              </>
            ) : null}
            {panel === 'paths' ? (
              <PathsPanel
                from={cut.ask.from}
                to={cut.ask.to}
                names={names}
                commodity={commodities.find((c) => c.id === view.commodity)?.label ?? ''}
                shown={shownPath}
                onShow={(p) => {
                  setShownPath(p);
                  setDrawn(p ? p.edges : null);
                }}
              />
            ) : null}
            {panel === 'connect' ? (
              <ConnectPanel
                a={params.get('a') ?? ''}
                b={params.get('b') ?? ''}
                nodes={nodes}
                onChange={(a, b) => setParams({ a, b })}
                onFocus={focus}
                onPath={(p: Shortest | null) => setDrawn(p ? p.edges : null)}
              />
            ) : null}
          </div>
        </aside>
      </div>
    </section>
  );
}
