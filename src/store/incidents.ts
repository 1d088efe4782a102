import type { Kysely } from 'kysely';
import { parseAcled } from '../incidents/importers/acled.ts';
import { parseGtd } from '../incidents/importers/gtd.ts';
import type { Incident } from '../incidents/schema.ts';
import { upsertRows } from './batch.ts';
import type { ImportKind } from './importer.ts';
import { indexRecords } from './search.ts';
import type { Database, IncidentRow } from './types.ts';

export function incidentToRow(caseId: string, i: Incident, now: string): IncidentRow {
  return {
    case_id: caseId,
    ...i,
    sources: JSON.stringify(i.sources),
    merged_into: null,
    created_at: now,
  };
}

export function rowToIncident(r: IncidentRow): Incident {
  const { case_id: _c, merged_into: _m, created_at: _t, sources, ...rest } = r;
  return {
    ...rest,
    geo_precision: rest.geo_precision as Incident['geo_precision'],
    date_precision: rest.date_precision as Incident['date_precision'],
    offset_dir: rest.offset_dir as Incident['offset_dir'],
    attack_type: rest.attack_type as Incident['attack_type'],
    attribution: rest.attribution as Incident['attribution'],
    sources: JSON.parse(sources) as Incident['sources'],
  };
}

export async function upsertIncidents(
  db: Kysely<Database>,
  caseId: string,
  incidents: Incident[],
  onProgress?: (done: number) => void,
): Promise<void> {
  const now = new Date().toISOString();
  await upsertRows(
    db,
    'incidents',
    incidents.map((i) => incidentToRow(caseId, i, now)),
    ['case_id', 'id'],
    onProgress,
  );
}

export interface IncidentFilter {
  caseIds: string[];
  from?: string;
  to?: string;
  country?: string;
  admin1?: string;
  attackType?: string;
  attribution?: string;
  /** Include incidents merged into another (hidden by default: the kept one carries them). */
  includeMerged?: boolean;
  limit?: number;
  offset?: number;
}

export async function listIncidents(db: Kysely<Database>, f: IncidentFilter): Promise<Incident[]> {
  if (f.caseIds.length === 0) return [];
  let q = db.selectFrom('incidents').selectAll().where('case_id', 'in', f.caseIds);
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  if (f.country)
    q = q.where((eb) =>
      eb.or([eb('country', '=', f.country!), eb('country_code', '=', f.country!.toUpperCase())]),
    );
  if (f.admin1) q = q.where('admin1', '=', f.admin1);
  if (f.attackType) q = q.where('attack_type', '=', f.attackType);
  if (f.attribution) q = q.where('attribution', '=', f.attribution);
  if (!f.includeMerged) q = q.where('merged_into', 'is', null);
  q = q.orderBy('date').orderBy('id');
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset) q = q.offset(f.offset);
  const rows = await q.execute();
  return rows.map(rowToIncident);
}

export async function getIncident(
  db: Kysely<Database>,
  caseIds: string[],
  id: string,
): Promise<(Incident & { case_id: string; merged_into: string | null }) | undefined> {
  if (caseIds.length === 0) return undefined;
  const r = await db
    .selectFrom('incidents')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .where('id', '=', id)
    .executeTakeFirst();
  return r ? { ...rowToIncident(r), case_id: r.case_id, merged_into: r.merged_into } : undefined;
}

/**
 * The `acled` and `gtd` import kinds: the dataset's rows become incidents under the
 * dataset's own ids, every row kept as it came (duplicates across datasets are for
 * `incidents dedupe` to propose, never silently dropped). Search indexing goes in slices
 * so that its cost stays linear in the file's size.
 */
function datasetKind(kind: 'acled' | 'gtd', parse: (text: string, file: string) => Incident[]): ImportKind<Incident> {
  return {
    kind,
    parse,
    async write(db, caseId, incidents, progress) {
      await upsertIncidents(db, caseId, incidents, progress);
      for (let i = 0; i < incidents.length; i += 2000) {
        await indexRecords(
          db,
          caseId,
          incidents.slice(i, i + 2000).map((x) => ({
            record_kind: 'incident',
            record_id: x.id,
            title: [x.date, x.place ?? x.admin1 ?? x.country, x.attack_type ?? x.event_type].filter(Boolean).join(' · '),
            body: [x.text, x.place, x.admin1, x.admin2, x.country, x.perpetrator, x.target].filter(Boolean).join(' '),
          })),
        );
      }
    },
  };
}

export const acledImportKind = datasetKind('acled', parseAcled);
export const gtdImportKind = datasetKind('gtd', parseGtd);
