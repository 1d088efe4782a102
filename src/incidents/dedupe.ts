import { stableId } from '../core/ids.ts';
import { distanceKm } from '../geo/offset.ts';
import type { Incident, MergeProposal } from './schema.ts';
import { dayNumber } from './summary.ts';

/**
 * Proposes merging incidents that several sources reported: the same attack type, dates
 * at most a day apart, points at most 10 km apart, and no source in common (one source
 * reporting two bombs in one town on one day reported two bombs). Pairs are found by
 * sorting on the date and comparing each incident with those of the next day only
 * (sorted-neighbourhood blocking, Hernández & Stolfo, "The merge/purge problem", SIGMOD
 * 1995), then joined into groups with union-find; a group must hold together pairwise
 * (complete linkage) so that a chain of near neighbours never merges two far-apart
 * attacks. The kept incident is the best-documented one; it carries every source.
 */
export interface MergeRules {
  maxDays: number;
  maxKm: number;
}

export const DEFAULT_RULES: MergeRules = { maxDays: 1, maxKm: 10 };

export type { MergeProposal, PairEvidence } from './schema.ts';

function sharesSource(a: Incident['sources'], b: Incident['sources']): boolean {
  const names = new Set(a.map((x) => x.name.trim().toLowerCase()));
  return b.some((x) => names.has(x.name.trim().toLowerCase()));
}

/** How complete an incident's record is: the kept one is the best documented. */
function completeness(i: Incident): number {
  const fields: (keyof Incident)[] = [
    'date',
    'place',
    'admin1',
    'lat',
    'perpetrator',
    'target',
    'killed',
    'wounded',
    'text',
  ];
  return (
    fields.filter((f) => i[f] !== null && i[f] !== undefined).length +
    (i.date_precision === 'day' ? 1 : 0) +
    (i.geo_precision === 1 ? 1 : 0) +
    (i.confidence ?? 0) +
    i.sources.length * 0.1
  );
}

function compatible(
  a: Incident,
  b: Incident,
  day: Map<string, number>,
  rules: MergeRules,
): { days: number; km: number } | null {
  if (!a.attack_type || a.attack_type !== b.attack_type) return null;
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return null;
  const days = Math.abs(day.get(a.id)! - day.get(b.id)!);
  if (days > rules.maxDays) return null;
  // A source that reported both reported two events: only reports from different sources merge.
  if (sharesSource(a.sources, b.sources)) return null;
  const km = distanceKm(a.lat, a.lon, b.lat, b.lon);
  if (km > rules.maxKm) return null;
  return { days, km };
}

export function proposeMerges(
  incidents: Incident[],
  rules: MergeRules = DEFAULT_RULES,
): MergeProposal[] {
  const dated = incidents.filter(
    (i) => i.date && i.attack_type && i.lat !== null && i.lon !== null,
  );
  const day = new Map(dated.map((i) => [i.id, dayNumber(i.date!)] as const));
  dated.sort((a, b) => day.get(a.id)! - day.get(b.id)! || a.id.localeCompare(b.id));
  const parent = new Map(dated.map((i) => [i.id, i.id] as const));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const edges = new Map<string, { days: number; km: number }>();
  for (let i = 0; i < dated.length; i++) {
    const a = dated[i]!;
    for (let j = i + 1; j < dated.length; j++) {
      const b = dated[j]!;
      if (day.get(b.id)! - day.get(a.id)! > rules.maxDays) break;
      const c = compatible(a, b, day, rules);
      if (!c) continue;
      edges.set(`${a.id}\u0000${b.id}`, c);
      edges.set(`${b.id}\u0000${a.id}`, c);
      parent.set(find(a.id), find(b.id));
    }
  }
  const groups = new Map<string, Incident[]>();
  for (const i of dated) {
    const r = find(i.id);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(i);
  }
  const proposals: MergeProposal[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // Complete linkage: grow from the best-documented incident, admitting only those
    // compatible with every member admitted so far.
    const ranked = [...group].sort(
      (a, b) => completeness(b) - completeness(a) || a.id.localeCompare(b.id),
    );
    const kept = ranked[0]!;
    const members = [kept];
    for (const cand of ranked.slice(1)) {
      if (members.every((m) => edges.has(`${m.id}\u0000${cand.id}`))) members.push(cand);
    }
    if (members.length < 2) continue;
    const merged = members.slice(1);
    const seen = new Set<string>();
    const sources: Incident['sources'] = [];
    for (const m of members) {
      for (const s of m.sources) {
        const k = `${s.name.trim().toLowerCase()}|${s.date ?? ''}`;
        if (!seen.has(k)) {
          seen.add(k);
          sources.push(s);
        }
      }
    }
    const pairs = merged.map((m) => {
      const e = edges.get(`${kept.id}\u0000${m.id}`)!;
      return {
        id: m.id,
        days_apart: e.days,
        km_apart: Math.round(e.km * 10) / 10,
        sources: m.sources.map((s) => s.name),
      };
    });
    const explanation =
      `${merged.length + 1} reports of one ${kept.attack_type} attack` +
      ` on ${kept.date}${kept.place ? ` at ${kept.place}` : ''}: ` +
      pairs
        .map(
          (p) =>
            `${p.id} (${p.sources.join(', ') || 'no source'}) is ${p.km_apart} km and ${p.days_apart} day(s) from ${kept.id}`,
        )
        .join('; ') +
      `; kept ${kept.id} (${kept.sources.map((s) => s.name).join(', ') || 'no source'}), the most complete record, now citing ${sources.length} source(s)`;
    proposals.push({
      merge_id: stableId('mrg', kept.id, ...merged.map((m) => m.id).sort()),
      kept_id: kept.id,
      merged_ids: merged.map((m) => m.id),
      attack_type: kept.attack_type!,
      sources,
      explanation,
      pairs,
    });
  }
  return proposals.sort((a, b) => a.kept_id.localeCompare(b.kept_id));
}
