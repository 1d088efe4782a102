import { RELIABILITY_LABEL } from '../core/provenance.ts';
import type { AnnexSource, Citation } from './doc.ts';

/**
 * A source as it supports one record: the shape `evidenceFor` (src/store/sources.ts)
 * returns, restated here so that report building stays free of the store.
 */
export interface GradedSource {
  id: string;
  title: string;
  publisher: string | null;
  kind: string;
  url: string | null;
  published: string | null;
  reliability: string;
  credibility: number;
  page: string | null;
  excerpt?: string | null;
  /** "B2". */
  grade: string;
}

/** Collects every source a report cites, counting citations, for the annex. */
export class SourceAnnex {
  private sources = new Map<string, { s: GradedSource; cited: number }>();

  /** The citations of a statement; records the sources for the annex. */
  cite(evidence: readonly GradedSource[] | undefined): { cite: Citation[] } {
    const seen = new Set<string>();
    const cite: Citation[] = [];
    for (const s of evidence ?? []) {
      const key = `${s.id}\u0000${s.grade}\u0000${s.page ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = this.sources.get(s.id);
      if (entry) entry.cited++;
      else this.sources.set(s.id, { s, cited: 1 });
      cite.push({ source_id: s.id, title: s.title, grade: s.grade, page: s.page });
    }
    return { cite };
  }

  get size(): number {
    return this.sources.size;
  }

  /** Best-graded sources first, then by title. */
  entries(): AnnexSource[] {
    return [...this.sources.values()]
      .sort(
        (a, b) =>
          a.s.reliability.localeCompare(b.s.reliability) ||
          a.s.title.localeCompare(b.s.title) ||
          a.s.id.localeCompare(b.s.id),
      )
      .map(({ s, cited }) => ({
        id: s.id,
        title: s.title,
        publisher: s.publisher,
        kind: s.kind,
        published: s.published,
        url: s.url,
        reliability: s.reliability,
        reliability_label:
          RELIABILITY_LABEL[s.reliability as keyof typeof RELIABILITY_LABEL] ?? 'not graded',
        cited,
      }));
  }
}
