import type { ReactNode } from 'react';
import { fmt } from '../../lib.tsx';
import { CUT_COLOUR, JUNCTION_RING, SCHEMA_COLOURS } from './graph.ts';

type Match = { id: string; label: string };

/** The name search: a datalist of matches, Enter moves to the first. */
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
  );
}

/** The two selectors of a choke-point cut, computed on submit. */
export function CutForm({
  from,
  setFrom,
  to,
  setTo,
  onCompute,
}: {
  from: string;
  setFrom: (v: string) => void;
  to: string;
  setTo: (v: string) => void;
  onCompute: () => void;
}): ReactNode {
  return (
    <form
      className="filters"
      onSubmit={(e) => {
        e.preventDefault();
        onCompute();
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
        <input value={to} onChange={(e) => setTo(e.target.value)} aria-label="Cut to (selector)" />
      </label>
      <button type="submit" className="secondary">
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

/** The colours of the graph, and its size and drawing time. */
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
        {fmt(order)} nodes · {fmt(edges)} edges
        {renderMs !== null ? ` · drawn in ${renderMs} ms` : ''}
      </span>
    </div>
  );
}
