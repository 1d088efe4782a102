import { Fragment, type ReactNode } from 'react';

export interface Mark {
  start: number;
  end: number;
  /** What the span is (query, or a mention kind): styled by `mark[data-field]`. */
  field?: string;
}

/** Marks from [start, end) pairs (the search snippets' highlights). */
export function pairs(ranges: readonly (readonly number[])[], field?: string): Mark[] {
  return ranges.map((r) => ({ start: r[0] ?? 0, end: r[1] ?? 0, field }));
}

/** Text with spans marked; overlapping spans keep the first. Rendered as text, never HTML. */
export function Highlighted({ text, marks }: { text: string; marks: readonly Mark[] }): ReactNode {
  const parts: ReactNode[] = [];
  let at = 0;
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  sorted.forEach((m, i) => {
    if (m.start < at || m.end > text.length) return;
    if (m.start > at) parts.push(<Fragment key={`t${i}`}>{text.slice(at, m.start)}</Fragment>);
    parts.push(
      <mark key={`m${i}`} data-field={m.field}>
        {text.slice(m.start, m.end)}
      </mark>,
    );
    at = m.end;
  });
  if (at < text.length) parts.push(<Fragment key="tail">{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}

/**
 * Where the words of a query sit in a text, folded as the index folds Latin script (case and
 * diacritics ignored: "sanliurfa" marks Şanlıurfa), each word matched as a prefix.
 */
export function queryRanges(text: string, query: string): Mark[] {
  const fold = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ı/g, 'i')
      .toLowerCase();
  const words = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  if (words.length === 0) return [];
  const out: Mark[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
    const w = fold(m[0]);
    if (words.some((q) => w.startsWith(q)))
      out.push({ start: m.index, end: m.index + m[0].length, field: 'query' });
  }
  return out;
}
