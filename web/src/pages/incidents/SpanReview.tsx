import { useMemo, type ReactNode } from 'react';
import type { Incident } from '../../components/Incident.tsx';
import { TableHead, num } from '../../components/TableHead.tsx';

/** A field's span of the extracted text, as the extractor gives it, with its confidence. */
export interface ReviewSpan {
  field: string;
  start: number;
  end: number;
  /** How sure the extractor is of the field, 0–1. */
  confidence: number;
  /** Which extracted incident, from 0. */
  incident: number;
}

/**
 * Every span of an extraction: the extractor's spans of each incident (field, offsets in
 * the text sent, confidence), in text order. A field the extractor gave no span for is
 * left unmarked rather than guessed here.
 */
export function reviewSpans(source: string, incidents: Incident[]): ReviewSpan[] {
  return incidents
    .flatMap((inc, n) =>
      (inc.spans ?? [])
        .filter((s) => s.start >= 0 && s.end <= source.length && s.end > s.start)
        .map((s) => ({
          field: s.field,
          start: s.start,
          end: s.end,
          confidence: s.confidence,
          incident: n,
        })),
    )
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/** low, medium or high, for the mark's underline. */
export function confidenceBand(c: number): 'low' | 'medium' | 'high' {
  return c >= 0.8 ? 'high' : c >= 0.5 ? 'medium' : 'low';
}

const pct = (c: number) => `${Math.round(c * 100)}%`;

/**
 * The text as pasted, each extracted field's span highlighted with its confidence (the
 * mark's title, a label beside it drawn by CSS so the text stays the text, an underline
 * by band), then every span in a table: incident, field, text, confidence. The text is
 * untrusted: it is only ever React text nodes, never HTML. Overlapping spans: the first
 * (widest) is marked, and all of them are in the table.
 */
export function SpanReview({
  source,
  incidents,
}: {
  source: string;
  incidents: Incident[];
}): ReactNode {
  const spans = useMemo(() => reviewSpans(source, incidents), [source, incidents]);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    if (s.start > at) parts.push(source.slice(at, s.start));
    const label = pct(s.confidence);
    parts.push(
      <mark
        key={`${s.incident}-${s.start}-${s.field}`}
        data-field={s.field}
        data-incident={s.incident + 1}
        data-confidence={s.confidence ?? ''}
        data-band={confidenceBand(s.confidence)}
        data-label={label}
        title={`${s.field} · incident ${s.incident + 1} · confidence ${label}`}
      >
        {source.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  if (at < source.length) parts.push(source.slice(at));
  return (
    <>
      <div className="extract-text span-review" data-testid="highlighted">
        {parts}
      </div>
      <details className="span-table" open={spans.length <= 40}>
        <summary>
          {spans.length} span{spans.length === 1 ? '' : 's'}: where each field came from, and how
          sure the extractor is
        </summary>
        <table className="data" data-testid="span-table">
          <TableHead columns={['Incident', 'Field', 'Text', num('Confidence')]} />
          <tbody>
            {spans.map((s) => (
              <tr
                key={`${s.incident}-${s.start}-${s.end}-${s.field}`}
                data-field={s.field}
                data-band={confidenceBand(s.confidence)}
              >
                <td>{s.incident + 1}</td>
                <td>{s.field}</td>
                <td>{source.slice(s.start, s.end)}</td>
                <td className="num" data-testid="span-confidence">
                  {pct(s.confidence)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
