import {
  formatChange,
  formatNumber,
  type Block,
  type Citation,
  type Inline,
  type ReportDoc,
} from './doc.ts';
import { escapeMarkdown } from './escape.ts';
import { citationNumbers } from './render-html.ts';

/**
 * A report as CommonMark with GFM tables, for pasting into other tools. Charts are left
 * out (their figures are in the tables next to them); every record text is escaped.
 */
export function renderMarkdown(doc: ReportDoc): string {
  const numbers = citationNumbers(doc);
  const out: string[] = [`# ${escapeMarkdown(doc.title)}`, ''];
  if (doc.subtitle) out.push(`**${escapeMarkdown(doc.subtitle)}**`, '');
  out.push(
    `*Written by Chokepoint on ${doc.generated.slice(0, 10)} from the records it holds. Grades are Admiralty: source reliability A–F, information credibility 1–6.*`,
    '',
  );
  for (const b of doc.blocks) {
    const text = block(b, numbers);
    if (text !== null) out.push(text, '');
  }
  return out.join('\n');
}

function block(b: Block, numbers: Map<string, number>): string | null {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level + 1)} ${escapeMarkdown(b.text)}`;
    case 'paragraph': {
      const t = inlines(b.parts, numbers);
      return b.tone === 'gap' ? `> **Gap:** ${t}` : b.tone === 'note' ? `*${t}*` : t;
    }
    case 'list':
      return b.items
        .map((it, i) => `${b.ordered ? `${i + 1}.` : '-'} ${inlines(it, numbers)}`)
        .join('\n');
    case 'table': {
      const num = new Set(b.numeric ?? []);
      const head = `| ${b.columns.map(escapeMarkdown).join(' | ')} |`;
      const rule = `|${b.columns.map((_c, i) => (num.has(i) ? ' ---: ' : ' --- ')).join('|')}|`;
      const rows = b.rows.map((r) => `| ${r.map((c) => inlines(c, numbers) || ' ').join(' | ')} |`);
      return [b.caption ? `**${escapeMarkdown(b.caption)}**\n` : '', head, rule, ...rows]
        .filter(Boolean)
        .join('\n');
    }
    case 'figures': {
      const rows = b.items.map(
        (f) =>
          `| ${escapeMarkdown(f.label)} | ${formatNumber(f.value, f.digits)} | ${formatNumber(f.previous, f.digits)} | ${escapeMarkdown(formatChange(f.value, f.previous, f.digits))} |`,
      );
      return [
        '| Figure | This period | Previous period | Change |',
        '| --- | ---: | ---: | ---: |',
        ...rows,
      ].join('\n');
    }
    case 'chart':
      return null;
    case 'annex':
      return b.sources
        .map((s, i) => {
          const bits = [
            s.publisher ? escapeMarkdown(s.publisher) : null,
            s.published ?? 'undated',
            escapeMarkdown(s.kind),
            `reliability ${escapeMarkdown(s.reliability)} (${s.reliability_label})`,
            `cited ${s.cited}×`,
            s.url ? `\`${s.url.replace(/[`\r\n]/g, ' ')}\`` : null,
          ].filter(Boolean);
          return `${i + 1}. **${escapeMarkdown(s.title)}** \\[${escapeMarkdown(s.id)}\\] — ${bits.join(' · ')}`;
        })
        .join('\n');
  }
}

function inlines(parts: Inline[], numbers: Map<string, number>): string {
  return parts.map((p) => inline(p, numbers)).join('');
}

function inline(p: Inline, numbers: Map<string, number>): string {
  if (typeof p === 'string') return escapeMarkdown(p);
  if ('cite' in p) return citation(p.cite, numbers);
  // Emphasis markers must touch the text (CommonMark flanking rules): spaces go outside.
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(p.text)!;
  let t = escapeMarkdown(m[2]!);
  if (!t) return p.text;
  if (p.em) t = `*${t}*`;
  if (p.strong) t = `**${t}**`;
  return `${m[1]}${t}${m[3]}`;
}

function citation(cites: Citation[], numbers: Map<string, number>): string {
  if (cites.length === 0) return ' **\\[unsourced\\]**';
  const refs = cites.map(
    (c) =>
      `${escapeMarkdown(String(numbers.get(c.source_id) ?? c.source_id))} ${escapeMarkdown(c.grade)}`,
  );
  return ` \\[${refs.join('; ')}\\]`;
}
