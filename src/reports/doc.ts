/**
 * The report document: a small tree of blocks that the bulletin and the dossiers build
 * once and that each format (HTML, Markdown; PDF prints the HTML) renders. All text in it
 * is plain, untrusted text; renderers escape it. Only chart SVG, which we draw ourselves,
 * is carried as markup.
 */

/** A source cited by a statement, with its Admiralty grade ("B2"). */
export interface Citation {
  source_id: string;
  title: string;
  grade: string;
  page?: string | null;
}

/** A run of text; `cite` attaches the sources of the statement (empty: "unsourced"). */
export type Inline =
  string | { text: string; strong?: boolean; em?: boolean } | { cite: Citation[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string; anchor?: string }
  | { kind: 'paragraph'; parts: Inline[]; tone?: 'note' | 'gap' }
  | { kind: 'list'; items: Inline[][]; ordered?: boolean }
  | {
      kind: 'table';
      columns: string[];
      rows: Inline[][][];
      /** Columns holding numbers, right-aligned. */
      numeric?: number[];
      caption?: string;
    }
  | { kind: 'figures'; items: Figure[] }
  | { kind: 'chart'; title: string; svg: string; alt: string }
  | { kind: 'annex'; sources: AnnexSource[] };

/** A headline figure against the previous period. */
export interface Figure {
  label: string;
  value: number | null;
  previous: number | null;
  /** Digits after the decimal point (casualties per attack: 1). */
  digits?: number;
}

export interface AnnexSource {
  id: string;
  title: string;
  publisher: string | null;
  kind: string;
  published: string | null;
  url: string | null;
  reliability: string;
  reliability_label: string;
  /** How many statements of the report cite it. */
  cited: number;
}

export interface ReportDoc {
  title: string;
  subtitle?: string;
  /** ISO timestamp the report was written at. */
  generated: string;
  blocks: Block[];
}

/** Text of an inline list without markup, for tests and plain output. */
export function inlineText(parts: Inline[]): string {
  return parts
    .map((p) =>
      typeof p === 'string'
        ? p
        : 'cite' in p
          ? p.cite.length === 0
            ? '[unsourced]'
            : `[${p.cite.map((c) => `${c.source_id} ${c.grade}`).join('; ')}]`
          : p.text,
    )
    .join('');
}

export function formatNumber(v: number | null, digits = 0): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** "+3 (+25 %)", "−2 (−50 %)", "+4 (new)", "0". */
export function formatChange(value: number | null, previous: number | null, digits = 0): string {
  if (value === null || previous === null) return 'n/a';
  const delta = value - previous;
  const rounded = Number(delta.toFixed(digits));
  if (rounded === 0) return '±0';
  const sign = rounded > 0 ? '+' : '−';
  const abs = formatNumber(Math.abs(rounded), digits);
  const pct = previous === 0 ? 'new' : `${sign}${Math.round((Math.abs(delta) / previous) * 100)} %`;
  return `${sign}${abs} (${pct})`;
}
