import type { ReactNode } from 'react';
import type { Incident } from '../../components/Incident.tsx';

export interface Span {
  field: string;
  start: number;
  end: number;
}
const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const TEXT_FIELDS = ['place', 'anchor_place', 'admin1', 'perpetrator', 'target'] as const;
const COUNT_FIELDS = ['killed', 'wounded', 'casualties_total'] as const;

/**
 * Where the extractor gives no spans, find each field's value inside the incident's own
 * sentence: names by case-insensitive search, counts as digits or number words next to
 * the word that names them ("three guards were killed"), the date by its day number.
 */
export function locateSpans(source: string, inc: Incident): Span[] {
  const lower = source.toLowerCase();
  const sentence = inc.text ? lower.indexOf(inc.text.toLowerCase()) : -1;
  const from = sentence >= 0 ? sentence : 0;
  const to = sentence >= 0 ? sentence + (inc.text?.length ?? 0) : source.length;
  const spans: Span[] = [];
  const find = (needle: string, field: string) => {
    if (!needle) return;
    const at = lower.indexOf(needle.toLowerCase(), from);
    if (at >= 0 && at + needle.length <= to)
      spans.push({ field, start: at, end: at + needle.length });
  };
  for (const f of TEXT_FIELDS) {
    const v = inc[f];
    if (typeof v === 'string') find(v, f);
  }
  for (const f of COUNT_FIELDS) {
    const v = inc[f];
    if (typeof v !== 'number') continue;
    const cue = f === 'killed' ? 'killed' : f === 'wounded' ? 'wounded' : 'casualties';
    const cueAt = lower.indexOf(cue, from);
    if (cueAt < 0 || cueAt >= to) continue;
    // The nearest number before the cue word.
    const words = [String(v), NUMBER_WORDS[v] ?? ''].filter(Boolean);
    let best = -1;
    let len = 0;
    for (const w of words) {
      const re = new RegExp(`\\b${w}\\b`, 'g');
      for (const m of lower.slice(from, cueAt).matchAll(re))
        if (from + m.index > best) {
          best = from + m.index;
          len = w.length;
        }
    }
    if (best >= 0) spans.push({ field: f, start: best, end: best + len });
    spans.push({ field: f, start: cueAt, end: cueAt + cue.length });
  }
  if (inc.attribution === 'claimed') find('claimed responsibility', 'attribution');
  else if (inc.attribution === 'suspected') find('probably', 'attribution');
  if (inc.date) {
    const day = String(Number(inc.date.slice(8, 10)));
    const m = new RegExp(`\\b[a-z]+ ${day}\\b|\\b${day} [a-z]+\\b`).exec(lower.slice(from, to));
    if (m) spans.push({ field: 'date', start: from + m.index, end: from + m.index + m[0].length });
  }
  return spans;
}

/** The bulletin text with each extracted field's span wrapped in <mark>, built as React nodes. */
export function Highlighted({ source, spans }: { source: string; spans: Span[] }): ReactNode {
  const sorted = [...spans]
    .filter((s) => s.start >= 0 && s.end <= source.length && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue; // overlapping spans: the first (widest) wins
    if (s.start > at) parts.push(source.slice(at, s.start));
    parts.push(
      <mark key={`${s.start}-${s.field}`} data-field={s.field} title={s.field}>
        {source.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  if (at < source.length) parts.push(source.slice(at));
  return (
    <div className="extract-text" data-testid="highlighted">
      {parts}
    </div>
  );
}
