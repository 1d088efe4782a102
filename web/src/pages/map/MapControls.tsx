import type { ReactNode } from 'react';
import { attackTypeColour } from '../../components/attackTypes.ts';
import { ATTACK_TYPES } from '../../components/attackTypes.ts';
import { fmt } from '../../lib.tsx';
import { GEO_PRECISIONS } from '../incidents/IncidentFilters.tsx';
import { SEIZURE_COLOUR } from './points.ts';
import type { TimeWindow } from './useTimeWindow.ts';

/** A layer's on/off box in the page head. */
export function LayerToggle({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}): ReactNode {
  return (
    <label>
      <span>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />{' '}
        {label}
      </span>
    </label>
  );
}

/** The time slider, the window before its day, and how many records that shows. */
export function TimeSlider({
  time,
  placed,
  seizuresPlaced,
  seizuresUnplaced,
}: {
  time: TimeWindow;
  placed: number;
  seizuresPlaced: number;
  seizuresUnplaced: number;
}): ReactNode {
  const { span, dayIndex, setDayIndex, windowDays, setWindowDays, start, end, visible } = time;
  return (
    <div className="slider">
      <label>
        Up to {end ?? '—'}
        <input
          type="range"
          min={0}
          max={span}
          value={dayIndex ?? span}
          onChange={(e) => setDayIndex(Number(e.target.value))}
          aria-label="Time slider: last day shown"
          data-testid="time-slider"
          disabled={!span}
        />
      </label>
      <label>
        Window
        <select
          value={windowDays}
          onChange={(e) => setWindowDays(Number(e.target.value))}
          aria-label="Window"
        >
          <option value={0}>everything up to that day</option>
          <option value={7}>7 days</option>
          <option value={30}>30 days</option>
          <option value={90}>90 days</option>
        </select>
      </label>
      <span className="muted" data-testid="map-count">
        {fmt(visible.length)} incidents ({fmt(placed)} placed) · {fmt(seizuresPlaced)} seizures
        placed
        {seizuresUnplaced ? ` (${fmt(seizuresUnplaced)} not: see beside the map)` : ''}
        {start ? ` · ${start} – ${end}` : ''}
      </span>
    </div>
  );
}

/** The colours of the attack types shown, of seizures, how precision is drawn, and the shading. */
export function MapLegend({ types }: { types: string[] }): ReactNode {
  return (
    <div className="legend" aria-label="Legend" data-testid="map-legend">
      {types.map((t) => (
        <span key={t}>
          <span className="swatch" style={{ background: attackTypeColour(t) }} />
          {t}
        </span>
      ))}
      <span>
        <span className="swatch" style={{ background: SEIZURE_COLOUR }} />
        seizure
      </span>
      <span>
        <span className="swatch" style={{ background: '#555' }} />
        town (precise point)
      </span>
      <span>
        <span className="swatch swatch-area" />
        area near a town (dashed disc)
      </span>
      <span>
        <span className="swatch swatch-region" />
        region only (wide pale disc; seizures: their province)
      </span>
      <span className="muted">admin-1 shading: attacks in the window (areas approximate)</span>
    </div>
  );
}

/** The map's own filters (attack type, geo-precision), held in the URL. */
export function MapFilters({
  type,
  precision,
  onChange,
  onFit,
}: {
  type: string;
  precision: string;
  onChange: (v: { type?: string; precision?: string }) => void;
  onFit: () => void;
}): ReactNode {
  return (
    <>
      <label>
        Type
        <select
          value={type}
          onChange={(e) => onChange({ type: e.target.value })}
          data-testid="map-type"
        >
          <option value="">any</option>
          {ATTACK_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Geo-precision
        <select
          value={precision}
          onChange={(e) => onChange({ precision: e.target.value })}
          data-testid="map-precision"
        >
          <option value="">any</option>
          {GEO_PRECISIONS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary" onClick={onFit} data-testid="map-fit">
        Fit to data
      </button>
    </>
  );
}
