import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, type ApiError, type CaseResponse } from '../api.ts';
import { ErrorBox, Loading, useApp } from '../lib.tsx';
import { EntityPanel } from '../components/EntityPanel.tsx';
import { navigate } from '../router.ts';
import { CutSummary } from './network/CutSummary.tsx';
import { addNeighbourhood } from './network/graph.ts';
import { CutForm, EntitySearch, NetworkLegend, SearchHits } from './network/NetworkControls.tsx';
import { useChokepointCut } from './network/useChokepointCut.ts';
import { useSigma } from './network/useSigma.ts';

export default function NetworkPage({ params }: { params: URLSearchParams }): ReactNode {
  const { caseRef } = useApp();
  const container = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<CaseResponse<'network/graph'> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(params.get('entity'));
  const [query, setQuery] = useState('');
  const selectedRef = useRef<string | null>(selected);
  selectedRef.current = selected;

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

  const cut = useChokepointCut(caseRef.id);
  const cutIds = useMemo(() => new Set((cut.cut?.cut ?? []).map((c) => c.id)), [cut.cut]);
  const cutRef = useRef(cutIds);
  cutRef.current = cutIds;

  const { sigma, graph, order, setOrder, layoutRunning, renderMs } = useSigma(
    container,
    data,
    selectedRef,
    cutRef,
    setSelected,
  );

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
        addNeighbourhood(graph.current, id, d);
        setOrder(graph.current.order);
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
        <EntitySearch query={query} onQuery={setQuery} matches={matches} onFocus={focus} />
        <CutForm
          from={cut.from}
          setFrom={cut.setFrom}
          to={cut.to}
          setTo={cut.setTo}
          onCompute={() => cut.load(cut.from, cut.to)}
        />
      </div>
      <ErrorBox error={error} />
      {!data && !error ? <Loading what="network" /> : null}
      {matches.length > 0 && query ? <SearchHits matches={matches} onFocus={focus} /> : null}
      <NetworkLegend order={order} edges={data?.edges.length ?? 0} renderMs={renderMs} />
      <CutSummary cut={cut.cut} error={cut.error} auto={cut.auto} onFocus={focus} />
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
