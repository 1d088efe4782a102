import type { ReactNode } from 'react';
import type { Schemas } from '../../api.ts';
import { DateInput, fmt } from '../../lib.tsx';
import {
  CUT_COLOUR,
  EDGE_COLOURS,
  JUNCTION_RING,
  PATH_COLOUR,
  SCHEMA_COLOURS,
  type GraphView,
} from './graph.ts';
import type { CutAsk } from './useChokepointCut.ts';

type Match = { id: string; label: string };
export type Commodity = Schemas['JunctionReport']['commodities'][number];

/** The name search (folded: "demirtas" finds Ali Demirtaş): Enter moves to the first match. */
export function EntitySearch({
  query,
  onQuery,
  matches,
  onFocus,
}: {
  query: string;
  onQuery: (q: string) => void;
  matches: Match[];
  onFocus: (id: string) => void;
}): ReactNode {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (matches[0]) onFocus(matches[0].id);
      }}
      role="search"
    >
      <label>
        Find an entity
        <input
          value={query}
          onChange={(e) => onQuery(e.target.value)}
          placeholder="name, any spelling…"
          data-testid="network-search"
        />
      </label>
    </form>
  );
}

/** A party chosen by name from the graph's nodes (folded search), for the path between two. */
export function EntityPicker({
  label,
  value,
  nodes,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  nodes: Match[];
  onChange: (id: string) => void;
  testId?: string;
}): ReactNode {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">choose…</option>
        {[...nodes]
          .sort((a, b) => a.label.localeCompare(b.label))
          .map((n) => (
            <option key={n.id} value={n.id}>
              {n.label}
            </option>
          ))}
      </select>
    </label>
  );
}

/** The commodity and period the graph shows (held in the URL). */
export function GraphFilters({
  view,
  commodities,
  onChange,
}: {
  view: Pick<GraphView, 'commodity' | 'since' | 'until'>;
  commodities: Commodity[];
  onChange: (v: Partial<Pick<GraphView, 'commodity' | 'since' | 'until'>>) => void;
}): ReactNode {
  return (
    <div className="filters" role="group" aria-label="Graph filters">
      <label>
        Commodity
        <select
          value={view.commodity}
          onChange={(e) => onChange({ commodity: e.target.value })}
          data-testid="graph-commodity"
        >
          <option value="">all goods</option>
          {commodities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <DateInput label="Orders from" value={view.since} onChange={(v) => onChange({ since: v })} />
      <DateInput label="to" value={view.until} onChange={(v) => onChange({ until: v })} />
    </div>
  );
}

/** The cut's sources (every supplier, one supplier, or a selector), targets and commodity. */
export function CutForm({
  ask,
  setAsk,
  suppliers,
  commodities,
  onCompute,
}: {
  ask: CutAsk;
  setAsk: (a: CutAsk) => void;
  suppliers: Match[];
  commodities: Commodity[];
  onCompute: () => void;
}): ReactNode {
  const known = ask.from === 'role:supplier' || suppliers.some((s) => `id:${s.id}` === ask.from);
  return (
    <form
      className="filters"
      aria-label="Choke-point cut"
      onSubmit={(e) => {
        e.preventDefault();
        onCompute();
      }}
    >
      <label>
        Supplier
        <select
          value={known ? ask.from : ''}
          onChange={(e) => e.target.value && setAsk({ ...ask, from: e.target.value })}
          data-testid="cut-supplier"
        >
          <option value="role:supplier">every supplier</option>
          {suppliers.map((s) => (
            <option key={s.id} value={`id:${s.id}`}>
              {s.label}
            </option>
          ))}
          {!known ? <option value="">(the selector below)</option> : null}
        </select>
      </label>
      <label>
        Cut from
        <input value={ask.from} onChange={(e) => setAsk({ ...ask, from: e.target.value })} />
      </label>
      <label>
        to
        <input value={ask.to} onChange={(e) => setAsk({ ...ask, to: e.target.value })} />
      </label>
      <label>
        Commodity
        <select
          value={ask.commodity}
          onChange={(e) => setAsk({ ...ask, commodity: e.target.value })}
          data-testid="cut-commodity"
        >
          <option value="">all goods</option>
          {commodities.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="secondary" data-testid="cut-compute">
        Compute cut
      </button>
    </form>
  );
}

/** The search hits as buttons that move to them. */
export function SearchHits({
  matches,
  onFocus,
}: {
  matches: Match[];
  onFocus: (id: string) => void;
}): ReactNode {
  return (
    <div className="legend" aria-label="Search results">
      {matches.map((m) => (
        <button key={m.id} className="link" onClick={() => onFocus(m.id)} data-testid="search-hit">
          {m.label}
        </button>
      ))}
    </div>
  );
}

/** The colours of the graph's nodes and edges, and its size and drawing time. */
export function NetworkLegend({
  order,
  edges,
  renderMs,
}: {
  order: number;
  edges: number;
  renderMs: number | null;
}): ReactNode {
  return (
    <div className="legend" aria-label="Legend" data-testid="network-legend">
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
      {Object.entries(EDGE_COLOURS).map(([k, c]) => (
        <span key={k}>
          <span className="line-swatch" style={{ background: c }} />
          {k === 'link' ? 'other link (family, associate, hand-over)' : `${k} edge`}
        </span>
      ))}
      <span>
        <span className="line-swatch" style={{ background: PATH_COLOUR }} />
        path shown
      </span>
      <span className="muted" data-testid="network-stats">
        {fmt(order)} nodes · {fmt(edges)} edges
        {renderMs !== null ? ` · drawn in ${renderMs} ms` : ''}
      </span>
    </div>
  );
}
