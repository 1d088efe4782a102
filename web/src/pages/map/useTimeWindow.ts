import { useMemo, useState } from 'react';
import type { Incident } from '../../components/Incident.tsx';
import { addDays } from '../../lib.tsx';

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

/** The time slider's state: a last day and a window of days before it, and what falls in it. */
export function useTimeWindow(incidents: Incident[] | null): TimeWindow {
  const [windowDays, setWindowDays] = useState(0);
  const [dayIndex, setDayIndex] = useState<number | null>(null);
  const dates = useMemo(
    () => [...new Set((incidents ?? []).map((i) => i.date).filter((d): d is string => !!d))].sort(),
    [incidents],
  );
  const minDate = dates[0];
  const maxDate = dates.at(-1);
  const span =
    minDate && maxDate ? Math.round((Date.parse(maxDate) - Date.parse(minDate)) / 864e5) : 0;
  const end = minDate ? addDays(minDate, dayIndex ?? span) : null;
  const start = end && windowDays > 0 ? addDays(end, -(windowDays - 1)) : null;
  const visible = useMemo(
    () =>
      (incidents ?? []).filter(
        (i) => !end || !i.date || (i.date <= end && (!start || i.date >= start)),
      ),
    [incidents, start, end],
  );
  return { span, dayIndex, setDayIndex, windowDays, setWindowDays, start, end, visible };
}
