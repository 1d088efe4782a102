import type { ReactNode } from 'react';
import { attackTypeColour } from '../../components/attackTypes.ts';
import { fmt } from '../../lib.tsx';
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
}: {
  time: TimeWindow;
  placed: number;
  seizuresPlaced: number;
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
        {start ? ` · ${start} – ${end}` : ''}
      </span>
    </div>
  );
}

/** The colours of the attack types shown, of seizures, and what the shading means. */
export function MapLegend({ types }: { types: string[] }): ReactNode {
  return (
    <div className="legend" aria-label="Legend">
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
      <span className="muted">admin-1 shading: attacks in the window (areas approximate)</span>
    </div>
  );
}
