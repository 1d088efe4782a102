import { CREDIBILITY_LABEL } from '../core/provenance.ts';
import {
  formatChange,
  formatNumber,
  type AnnexSource,
  type Block,
  type Citation,
  type Inline,
  type ReportDoc,
} from './doc.ts';
import { escapeHtml } from './escape.ts';

/**
 * A report as one standalone HTML file: inline CSS and inline SVG charts, no script and no
 * external resource; the Content-Security-Policy says so to the browser too, so that even
 * a mistake in escaping could not run or fetch anything.
 */
export function renderHtml(doc: ReportDoc): string {
  const numbers = citationNumbers(doc);
  const body = doc.blocks.map((b) => block(b, numbers)).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Chokepoint">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="masthead">
<h1>${escapeHtml(doc.title)}</h1>
${doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : ''}
<p class="generated">Written by Chokepoint on ${escapeHtml(doc.generated.slice(0, 10))} from the records it holds. Grades are Admiralty: source reliability A–F, information credibility 1–6.</p>
</header>
<main>
${body}
</main>
</body>
</html>
`;
}

/** Sources are numbered in annex order, so a citation reads "[3 B2]". */
export function citationNumbers(doc: ReportDoc): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of doc.blocks) {
    if (b.kind === 'annex') b.sources.forEach((s, i) => m.set(s.id, i + 1));
  }
  return m;
}

/** A fragment id that any source id maps to, one-to-one. */
export function sourceAnchor(id: string): string {
  return `src-${id.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`;
}

function block(b: Block, numbers: Map<string, number>): string {
  switch (b.kind) {
    case 'heading': {
      const id = b.anchor ? ` id="${escapeHtml(b.anchor)}"` : '';
      return `<h${b.level + 1}${id}>${escapeHtml(b.text)}</h${b.level + 1}>`;
    }
    case 'paragraph':
      return `<p${b.tone ? ` class="${b.tone}"` : ''}>${inlines(b.parts, numbers)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((it) => `<li>${inlines(it, numbers)}</li>`).join('\n')}</${tag}>`;
    }
    case 'table': {
      const num = new Set(b.numeric ?? []);
      const cls = (i: number) => (num.has(i) ? ' class="num"' : '');
      return `<table>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ''}
<thead><tr>${b.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${inlines(c, numbers)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>`;
    }
    case 'figures':
      return `<div class="figures">${b.items
        .map(
          (f) => `<div class="figure"><div class="label">${escapeHtml(f.label)}</div>
<div class="value">${escapeHtml(formatNumber(f.value, f.digits))}</div>
<div class="previous">previous ${escapeHtml(formatNumber(f.previous, f.digits))} · ${escapeHtml(formatChange(f.value, f.previous, f.digits))}</div></div>`,
        )
        .join('\n')}</div>`;
    case 'chart':
      return `<figure class="chart" role="img" aria-label="${escapeHtml(b.alt)}">${b.svg}<figcaption>${escapeHtml(b.title)}</figcaption></figure>`;
    case 'annex':
      return `<ol class="annex">${b.sources.map(annexItem).join('\n')}</ol>`;
  }
}

function annexItem(s: AnnexSource): string {
  const bits = [
    s.publisher ? escapeHtml(s.publisher) : null,
    s.published ? escapeHtml(s.published) : 'undated',
    escapeHtml(s.kind),
    `reliability ${escapeHtml(s.reliability)} (${escapeHtml(s.reliability_label)})`,
    `cited ${s.cited}×`,
  ].filter(Boolean);
  // The address is shown as text, never as a link: a report opens nothing by itself.
  const url = s.url ? `<br><span class="url">${escapeHtml(s.url)}</span>` : '';
  return `<li id="${sourceAnchor(s.id)}"><strong>${escapeHtml(s.title)}</strong> <span class="sid">[${escapeHtml(s.id)}]</span><br>${bits.join(' · ')}${url}</li>`;
}

function inlines(parts: Inline[], numbers: Map<string, number>): string {
  return parts.map((p) => inline(p, numbers)).join('');
}

function inline(p: Inline, numbers: Map<string, number>): string {
  if (typeof p === 'string') return escapeHtml(p);
  if ('cite' in p) return citation(p.cite, numbers);
  let t = escapeHtml(p.text);
  if (p.em) t = `<em>${t}</em>`;
  if (p.strong) t = `<strong>${t}</strong>`;
  return t;
}

function citation(cites: Citation[], numbers: Map<string, number>): string {
  if (cites.length === 0) return ' <span class="cite unsourced">[unsourced]</span>';
  const refs = cites.map((c) => {
    const n = numbers.get(c.source_id);
    const label = `${n ?? c.source_id} ${c.grade}`;
    const credibility = CREDIBILITY_LABEL[Number(c.grade.slice(1))] ?? '';
    const tip = `${c.title}${c.page ? `, ${c.page}` : ''} (${c.grade}${credibility ? `: ${credibility}` : ''})`;
    const text = escapeHtml(label);
    return n !== undefined
      ? `<a href="#${sourceAnchor(c.source_id)}" title="${escapeHtml(tip)}">${text}</a>`
      : `<span title="${escapeHtml(tip)}">${text}</span>`;
  });
  return ` <span class="cite">[${refs.join('; ')}]</span>`;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
:root { --ink: #1d2330; --muted: #5b6474; --rule: #d5d9e0; --accent: #8a1c1c; --gap: #7a5a00; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 190mm; padding: 8mm 6mm; }
.masthead { border-bottom: 3px solid var(--accent); margin-bottom: 6mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; color: var(--accent); }
h2 { font-size: 15pt; margin: 7mm 0 2mm; border-bottom: 1px solid var(--rule); padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 5mm 0 2mm; break-after: avoid; }
h4 { font-size: 11pt; margin: 4mm 0 1.5mm; color: var(--muted); break-after: avoid; }
h5 { font-size: 10.5pt; margin: 3mm 0 1mm; }
.subtitle { font-size: 12pt; margin: 0 0 1mm; }
.generated { color: var(--muted); font-size: 8.5pt; margin: 0 0 3mm; }
p { margin: 1.5mm 0; }
p.note { color: var(--muted); font-size: 9.5pt; }
p.gap { color: var(--gap); font-size: 9.5pt; border-left: 3px solid var(--gap); padding-left: 2mm; }
ul, ol { margin: 1.5mm 0; padding-left: 6mm; }
li { margin: 1.2mm 0; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; break-inside: auto; }
caption { text-align: left; font-weight: bold; margin-bottom: 1mm; }
th, td { border-bottom: 1px solid var(--rule); padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f1f3f6; }
tr { break-inside: avoid; }
td:first-child { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 3mm 0 4mm; }
.figure { flex: 1 1 30mm; border: 1px solid var(--rule); border-top: 3px solid var(--accent); padding: 2mm 3mm; break-inside: avoid; }
.figure .label { color: var(--muted); font-size: 8.5pt; text-transform: uppercase; letter-spacing: .03em; }
.figure .value { font-size: 18pt; font-weight: bold; }
.figure .previous { color: var(--muted); font-size: 8.5pt; }
figure.chart { margin: 2mm 0 4mm; break-inside: avoid; text-align: center; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 9pt; }
.cite { color: var(--muted); font-size: 8.5pt; white-space: nowrap; }
.cite a { color: var(--muted); }
.unsourced { color: var(--gap); font-weight: bold; }
.annex li { margin: 2mm 0; }
.sid, .url { color: var(--muted); font-size: 8.5pt; word-break: break-all; }
`;
