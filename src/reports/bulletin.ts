import type { Incident } from '../incidents/schema.ts';
import { casualtiesOf, type Bucket, type Summary, type Totals } from '../incidents/summary.ts';
import {
  attacksByProvinceOption,
  attacksByTypeOption,
  casualtiesPerAttackOption,
  weeklyTrendOption,
  type ChartRow,
} from './charts.ts';
import {
  formatChange,
  type Block,
  type Citation,
  type Figure,
  type Inline,
  type ReportDoc,
} from './doc.ts';
import { SourceAnnex, type GradedSource } from './sources.ts';
import { barChartHeight, chartSvg } from './svg.ts';
import {
  attackTypeLabel,
  attributionText,
  casualtiesText,
  dateText,
  placeText,
  whatText,
} from './wording.ts';

/** The totals of `summary --json` (DESIGN.md), as src/incidents/summary.ts computes them. */
export type SummaryTotals = Totals;
/** One row of by_country, by_admin1, by_attack_type or by_week. */
export type SummaryRow = Bucket & { country?: string | null; label?: string };
/** `summary --json`: the one summary implementation's output. */
export type SummaryLike = Summary;

export interface BulletinInput {
  from: string;
  to: string;
  /** The period's incidents (merged duplicates left out). */
  incidents: Incident[];
  /** Summary of the period, with `previous` totals. */
  summary: SummaryLike;
  /** The previous period of the same length. */
  previousPeriod: { from: string; to: string };
  /** Summary of the previous period: the changes by province and type. */
  previous: SummaryLike | null;
  /** Weeks leading to the period's end, for the trend chart (a longer summary's by_week). */
  trend: SummaryRow[];
  /** Graded sources per incident id. */
  evidence: Record<string, GradedSource[]>;
  /** ISO timestamp; now when absent. */
  generated?: string;
  /** Leave charts out (tests of the text, or a plain Markdown run). */
  charts?: boolean;
  title?: string;
}

const UNKNOWN_COUNTRY = 'Country not reported';
const UNKNOWN_PROVINCE = 'Province not reported';

/**
 * The weekly bulletin as a report document: headline figures against the previous period,
 * the biggest changes, the main events, charts, then every incident by country and
 * province in date order with its casualties as known, its attribution as worded from the
 * record and its graded sources, and an annex of every source cited.
 */
export function buildBulletin(input: BulletinInput): ReportDoc {
  const { summary } = input;
  const annex = new SourceAnnex();
  const blocks: Block[] = [];
  const prevTotals = summary.previous ?? input.previous?.totals ?? null;
  const { from: prevFrom, to: prevTo } = input.previousPeriod;
  const admin1 = provinceRows(summary.by_admin1);
  const prevAdmin1 = provinceRows(input.previous?.by_admin1 ?? []);

  blocks.push({ kind: 'heading', level: 1, text: 'Headline figures', anchor: 'figures' });
  blocks.push({ kind: 'figures', items: headlineFigures(summary.totals, prevTotals) });
  blocks.push({
    kind: 'paragraph',
    tone: 'note',
    parts: [
      `Period ${input.from} to ${input.to} against ${prevFrom} to ${prevTo}. ` +
        'An attack is an incident of any attack type but an arrest raid; arrests and other events are listed below but not counted. ' +
        'An incident\'s casualties are the "killed or wounded" total when the source gives only that, else its killed plus wounded; a count a source does not give is "not reported" and adds nothing, so figures are floors.',
    ],
  });
  blocks.push({ kind: 'paragraph', parts: [headlineSentence(summary.totals, prevTotals)] });

  const main = mainEvents(input.incidents);
  if (main.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: 'Main events', anchor: 'main-events' });
    blocks.push({
      kind: 'list',
      items: main.map((i) => [
        {
          text: `${dateText(i.date, i.date_precision)}, ${placeText(i)}${regionSuffix(i)}: `,
          strong: true,
        },
        `${sentence(whatText(i))} Casualties: ${casualtiesText(i)}. ${attributionText(i)}.`,
        annex.cite(input.evidence[i.id]),
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 1, text: 'Biggest changes', anchor: 'changes' });
  const prevTypes = input.previous?.by_attack_type ?? [];
  blocks.push(changesTable('Province', admin1, prevAdmin1));
  blocks.push(changesTable('Attack type', typeRows(summary.by_attack_type), typeRows(prevTypes)));

  if (input.charts !== false) {
    blocks.push({ kind: 'heading', level: 1, text: 'Charts', anchor: 'charts' });
    const provinces = new Set([...admin1, ...prevAdmin1].map((r) => r.key)).size;
    blocks.push(
      chart(
        'Attacks by province, this period and the previous one',
        attacksByProvinceOption(admin1, prevAdmin1),
        barChartHeight(Math.min(12, provinces) * 2),
      ),
    );
    const types = typeRows(summary.by_attack_type);
    blocks.push(chart('Attacks by type', attacksByTypeOption(types), barChartHeight(types.length)));
    blocks.push(
      chart(
        'Casualties per attack, by province',
        casualtiesPerAttackOption(admin1),
        barChartHeight(Math.min(12, admin1.length)),
      ),
    );
    blocks.push(chart('Attacks and casualties per week', weeklyTrendOption(input.trend), 300));
  }

  blocks.push({
    kind: 'heading',
    level: 1,
    text: 'Incidents by country and province',
    anchor: 'incidents',
  });
  if (input.incidents.length === 0) {
    blocks.push({ kind: 'paragraph', parts: ['No incident is recorded for the period.'] });
  }
  for (const [country, provinces] of groupIncidents(input.incidents)) {
    const n = [...provinces.values()].reduce((a, l) => a + l.length, 0);
    blocks.push({
      kind: 'heading',
      level: 2,
      text: `${country} (${n} ${n === 1 ? 'incident' : 'incidents'})`,
    });
    for (const [province, list] of provinces) {
      blocks.push({ kind: 'heading', level: 3, text: `${province} (${list.length})` });
      blocks.push({
        kind: 'list',
        items: list.map((i) => incidentLine(i, annex.cite(input.evidence[i.id]))),
      });
    }
  }

  blocks.push({ kind: 'heading', level: 1, text: 'Annex: sources', anchor: 'annex' });
  if (annex.size === 0) {
    blocks.push({
      kind: 'paragraph',
      tone: 'gap',
      parts: ['No incident of the period has a recorded source.'],
    });
  } else {
    blocks.push({
      kind: 'paragraph',
      tone: 'note',
      parts: [
        'Every source cited above, best reliability first; the number is the one used in citations.',
      ],
    });
    blocks.push({ kind: 'annex', sources: annex.entries() });
  }

  return {
    title: input.title ?? 'Weekly bulletin',
    subtitle: `${dateText(input.from)} – ${dateText(input.to)}`,
    generated: input.generated ?? new Date().toISOString(),
    blocks,
  };
}

export function headlineFigures(t: SummaryTotals, p: SummaryTotals | null): Figure[] {
  return [
    { label: 'Attacks', value: t.attacks, previous: p?.attacks ?? null },
    { label: 'Killed', value: t.killed, previous: p?.killed ?? null },
    { label: 'Wounded', value: t.wounded, previous: p?.wounded ?? null },
    { label: 'Casualties', value: t.casualties, previous: p?.casualties ?? null },
    {
      label: 'Casualties per attack',
      value: t.casualties_per_attack,
      previous: p?.casualties_per_attack ?? null,
      digits: 2,
    },
  ];
}

function headlineSentence(t: SummaryTotals, p: SummaryTotals | null): string {
  const attacks = `${t.attacks} ${t.attacks === 1 ? 'attack' : 'attacks'}`;
  const cas = `${t.casualties} casualties (${t.killed} reported killed and ${t.wounded} reported wounded; the rest given only as killed or wounded)`;
  if (!p) return `${attacks} with ${cas}.`;
  const trend =
    t.attacks > p.attacks ? 'up from' : t.attacks < p.attacks ? 'down from' : 'the same as';
  return `${attacks}, ${trend} ${p.attacks} in the previous period, with ${cas} against ${p.casualties} casualties before.`;
}

/** The deadliest incidents of the period (known casualties), at most three. */
export function mainEvents(incidents: Incident[], limit = 3): Incident[] {
  const cas = (i: Incident) => casualtiesOf(i);
  return incidents
    .filter((i) => cas(i) > 0)
    .sort(
      (a, b) =>
        cas(b) - cas(a) || (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}

/**
 * Provinces keyed by country and name (two countries may share a province name), labelled
 * by name, with the country added where a name recurs.
 */
function provinceRows(rows: SummaryRow[]): SummaryRow[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  return rows.map((r) => ({
    ...r,
    key: `${r.country ?? ''}\u0000${r.key}`,
    label: (counts.get(r.key) ?? 0) > 1 && r.country ? `${r.key} (${r.country})` : r.key,
  }));
}

function typeRows(rows: SummaryRow[]): SummaryRow[] {
  return rows.map((r) => ({ ...r, label: r.label ?? attackTypeLabel(r.key) }));
}

/** A row against the previous period: attacks now and before, and the change. */
export interface ChangeRow {
  key: string;
  label: string;
  attacks: number;
  previous: number;
  delta: number;
}

/**
 * Every row of either period against the other (a row missing from one counts 0 there),
 * the biggest change first, then the most attacks, then by label.
 */
export function changesAgainst(current: ChartRow[], previous: ChartRow[]): ChangeRow[] {
  const byKey = new Map<
    string,
    { key: string; label: string; attacks: number; previous: number }
  >();
  for (const r of current)
    byKey.set(r.key, { key: r.key, label: r.label ?? r.key, attacks: r.attacks, previous: 0 });
  for (const r of previous) {
    const e = byKey.get(r.key) ?? { key: r.key, label: r.label ?? r.key, attacks: 0, previous: 0 };
    e.previous = r.attacks;
    byKey.set(r.key, e);
  }
  return [...byKey.values()]
    .map((e) => ({ ...e, delta: e.attacks - e.previous }))
    .sort(
      (a, b) =>
        Math.abs(b.delta) - Math.abs(a.delta) ||
        b.attacks - a.attacks ||
        a.label.localeCompare(b.label),
    );
}

/** The rows whose attacks changed most against the previous period, at most five. */
export function biggestChanges(current: ChartRow[], previous: ChartRow[], limit = 5): ChangeRow[] {
  return changesAgainst(current, previous)
    .filter((e) => e.delta !== 0)
    .slice(0, limit);
}

/**
 * Every province of two roll-ups, this period against the previous one: the rows of the
 * bulletin's "Attacks by province" comparison, all of them (the dashboard's table). Keyed
 * by country and name, as the bulletin keys them.
 */
export function provinceChanges(
  current: SummaryRow[],
  previous: SummaryRow[],
): (ChangeRow & { country: string | null; province: string })[] {
  return changesAgainst(provinceRows(current), provinceRows(previous)).map((r) => {
    const [country, province] = r.key.split('\u0000') as [string, string];
    return { ...r, country: country || null, province };
  });
}

function changesTable(what: string, current: ChartRow[], previous: ChartRow[]): Block {
  const rows = biggestChanges(current, previous);
  return {
    kind: 'table',
    caption: `Attacks by ${what.toLowerCase()}: the biggest changes`,
    columns: [what, 'This period', 'Previous period', 'Change'],
    numeric: [1, 2, 3],
    rows:
      rows.length === 0
        ? [[['No change']]]
        : rows.map((r) => [
            [r.label],
            [String(r.attacks)],
            [String(r.previous)],
            [formatChange(r.attacks, r.previous)],
          ]),
  };
}

function chart(title: string, option: Record<string, unknown>, height: number): Block {
  return { kind: 'chart', title, svg: chartSvg(option, 680, height), alt: title };
}

function regionSuffix(i: Incident): string {
  const parts = [i.admin1, i.country ?? i.country_code].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Country → province → incidents in date order (then id), countries and provinces by name. */
export function groupIncidents(incidents: Incident[]): Map<string, Map<string, Incident[]>> {
  const sorted = [...incidents].sort(
    (a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id),
  );
  const byCountry = new Map<string, Map<string, Incident[]>>();
  for (const i of sorted) {
    const country = i.country ?? i.country_code ?? UNKNOWN_COUNTRY;
    const province = i.admin1 ?? UNKNOWN_PROVINCE;
    let m = byCountry.get(country);
    if (!m) byCountry.set(country, (m = new Map()));
    let l = m.get(province);
    if (!l) m.set(province, (l = []));
    l.push(i);
  }
  const byName = <V>(m: Map<string, V>, unknown: string) =>
    new Map(
      [...m].sort(([a], [b]) => (a === unknown ? 1 : b === unknown ? -1 : a.localeCompare(b))),
    );
  return new Map(
    [...byName(byCountry, UNKNOWN_COUNTRY)].map(([c, m]) => [c, byName(m, UNKNOWN_PROVINCE)]),
  );
}

/** One bulletin line: date, place, what happened, target, casualties, attribution, sources. */
export function incidentLine(i: Incident, cite: { cite: Citation[] }): Inline[] {
  const parts: Inline[] = [
    { text: `${dateText(i.date, i.date_precision)}, ${placeText(i)}`, strong: true },
    i.attack_type ? ` — ${attackTypeLabel(i.attack_type)}. ` : ' — ',
    sentence(whatText(i)),
  ];
  if (i.target && !(i.text ?? '').includes(i.target)) parts.push(` Target: ${i.target}.`);
  parts.push(` Casualties: ${casualtiesText(i)}. `);
  parts.push({ text: `${attributionText(i)}.`, em: true });
  parts.push(cite);
  return parts;
}

function sentence(text: string): string {
  return /[.!?…]["')\]]?$/.test(text) ? text : `${text}.`;
}
