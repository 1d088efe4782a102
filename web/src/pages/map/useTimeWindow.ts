import { useMemo } from 'react';
import type { Incident } from '../../components/Incident.tsx';
import { addDays } from '../../lib.tsx';
import { setParams } from '../../router.ts';

export interface TimeWindow {
  /** Days from the first incident to the last. */
  span: number;
  /** The slider's day (from the first incident), `null` for the last. */
  dayIndex: number | null;
  setDayIndex: (day: number) => void;
  /** Days shown up to the chosen day; 0 for everything up to it. */
  windowDays: number;
  setWindowDays: (days: number) => void;
  start: string | null;
  end: string | null;
  /** The incidents in the window (undated ones always). */
  visible: Incident[];
}

/**
 * The time slider's state, held in the URL (`to`: the last day shown, `w`: days before it,
 * 0 for everything): a last day and a window of days before it, and what falls in it. A
 * window of 7 days ending on D is D−6 … D, the dashboard's week ending on D.
 */
export function useTimeWindow(incidents: Incident[] | null, params: URLSearchParams): TimeWindow {
  const windowDays = Math.max(0, Number(params.get('w') ?? 0) || 0);
  const wantedEnd = params.get('to');
  const dates = useMemo(
    () => [...new Set((incidents ?? []).map((i) => i.date).filter((d): d is string => !!d))].sort(),
    [incidents],
  );
  const minDate = dates[0];
  const maxDate = dates.at(-1);
  const daysFromMin = (d: string) => Math.round((Date.parse(d) - Date.parse(minDate!)) / 864e5);
  const span = minDate && maxDate ? daysFromMin(maxDate) : 0;
  const dayIndex =
    wantedEnd && minDate ? Math.min(span, Math.max(0, daysFromMin(wantedEnd))) : null;
  const end = minDate ? addDays(minDate, dayIndex ?? span) : null;
  const start = end && windowDays > 0 ? addDays(end, -(windowDays - 1)) : null;
  const visible = useMemo(
    () =>
      (incidents ?? []).filter(
        (i) => !end || !i.date || (i.date <= end && (!start || i.date >= start)),
      ),
    [incidents, start, end],
  );
  return {
    span,
    dayIndex,
    setDayIndex: (day) =>
      minDate && setParams({ to: day >= span ? null : addDays(minDate, day) }, { replace: true }),
    windowDays,
    setWindowDays: (days) => setParams({ w: days || null }),
    start,
    end,
    visible,
  };
}
