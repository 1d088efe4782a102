/**
 * Incident use cases: text to incidents, the period roll-up and the deduplication of
 * incidents several sources reported (proposed, applied all or by id), for `chokepoint
 * extract | summary | incidents dedupe` and the API's incident routes alike.
 */
import { z } from 'zod';
import { ChokepointError } from '../core/errors.ts';
import { checkPeriod, previousPeriod } from '../incidents/summary.ts';
import { provinceChanges } from '../reports/bulletin.ts';
import { extractIncidents } from '../incidents/extract/extract.ts';
import { IncidentSchema, type Incident } from '../incidents/schema.ts';
import type { Summary } from '../incidents/schema.ts';
import type { Store } from '../store/connect.ts';
import { applyIncidentMerges, incidentSummary, proposeIncidentMerges } from '../store/incidents.ts';
import { incidentsNear, incidentsWithin, type NearHit } from '../store/spatial.ts';
import { findProvince, type ProvinceArea } from '../geo/provinces.ts';

/** Incidents found in a bulletin or news text, each checked against the one schema; nothing is stored. */
export function extractText(
  text: string,
  opts: { docDate: string | null; sourceName: string | null },
): Incident[] {
  return extractIncidents(text, opts).map((i) => IncidentSchema.parse(i));
}

/**
 * The incident roll-up of a case for a period, against the previous one unless told not
 * to: by country, admin-1, attack type and week, and by ACLED event type and by actor.
 */
export function summarise(
  store: Store,
  req: { caseId: string; from: string; to: string; compare?: 'previous' | 'none' },
): Promise<Summary> {
  return incidentSummary(store.db, [req.caseId], req.from, req.to, req.compare ?? 'previous');
}

/** One province, this period against the previous one (the bulletin's comparison rows). */
export const ProvinceChangeSchema = z.object({
  key: z.string().describe('country and province, joined by U+0000: unique across countries'),
  province: z.string(),
  country: z.string().nullable(),
  label: z.string().describe('the province, with its country when two countries share the name'),
  attacks: z.number().int(),
  previous: z.number().int(),
  delta: z.number().int(),
});

/** Attacks per province in a period and in the period of equal length before it. */
export const ProvinceComparisonSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    previous: z.object({ from: z.string(), to: z.string() }),
    provinces: z.array(ProvinceChangeSchema),
  })
  .meta({ id: 'ProvinceComparison' });
export type ProvinceComparison = z.output<typeof ProvinceComparisonSchema>;

/**
 * Attacks per province, this period against the previous one of equal length, as the
 * weekly bulletin compares them (the same roll-ups and `provinceChanges`), every province
 * of either period, the biggest change first: the dashboard's table and chart, `summary
 * --by-province`, `GET …/summary/provinces`.
 */
export async function provinceComparison(
  store: Store,
  req: { caseId: string; from: string; to: string },
): Promise<ProvinceComparison> {
  checkPeriod(req.from, req.to);
  const prev = previousPeriod(req.from, req.to);
  const [now, before] = await Promise.all([
    incidentSummary(store.db, [req.caseId], req.from, req.to, 'none'),
    incidentSummary(store.db, [req.caseId], prev.from, prev.to, 'none'),
  ]);
  return {
    from: req.from,
    to: req.to,
    previous: prev,
    provinces: provinceChanges(now.by_admin1, before.by_admin1),
  };
}

/** Proposed merges of a case's incidents that several sources reported, each explained. */
export function dedupeProposals(store: Store, caseId: string) {
  return proposeIncidentMerges(store.db, [caseId]);
}

/**
 * Applies the current merge proposals of a case: all of them, or those named by id
 * (CP_NOT_FOUND for an id that is not a current proposal). Each merge is recorded and can
 * be reverted.
 */
export async function applyDedupe(store: Store, req: { caseId: string; ids?: string[] }) {
  const proposals = await dedupeProposals(store, req.caseId);
  let chosen = proposals;
  if (req.ids) {
    const byId = new Map(proposals.map((p) => [p.merge_id, p]));
    const unknown = req.ids.filter((id) => !byId.has(id));
    if (unknown.length) {
      throw new ChokepointError('CP_NOT_FOUND', `no current proposal ${unknown.join(', ')}`, {
        field: 'body.ids',
        expected: 'merge ids from GET …/incidents/dedupe',
      });
    }
    chosen = req.ids.map((id) => byId.get(id)!);
  }
  const merged = chosen.length ? await applyIncidentMerges(store.db, req.caseId, chosen) : 0;
  return { proposals, applied: chosen.map((p) => p.merge_id), merged };
}

/**
 * The incidents of a case within `km` of a point (a seizure's place), nearest first: PostGIS
 * on PostgreSQL, the latitude/longitude index on SQLite, the same answers (issue 24).
 */
export function nearPoint(
  store: Store,
  req: { caseId: string; lat: number; lon: number; km: number; limit?: number },
): Promise<NearHit[]> {
  return incidentsNear(store, [req.caseId], { lat: req.lat, lon: req.lon }, req.km, req.limit);
}

/** A province as "incidents within" answers it: its code, country and name. */
export interface ProvinceRef {
  code: string;
  country_code: string;
  name: string;
}

/**
 * The incidents of a case whose point lies within a province's area (named by code, name or
 * another spelling; `country` settles a name two countries share), newest first: PostGIS on
 * PostgreSQL, the latitude/longitude index and the same polygon test on SQLite (issue 24).
 * An incident counts by where it is, whatever its admin-1 field says.
 */
export async function withinProvince(
  store: Store,
  req: { caseId: string; province: string; country?: string; limit?: number },
): Promise<{ province: ProvinceRef; items: Incident[] }> {
  const area: ProvinceArea = findProvince(req.province, req.country);
  const items = await incidentsWithin(store, [req.caseId], area, req.limit);
  return {
    province: { code: area.code, country_code: area.country_code, name: area.name },
    items,
  };
}
