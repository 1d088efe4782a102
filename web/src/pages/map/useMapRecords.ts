import { useEffect, useState } from 'react';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection } from 'topojson-specification';
import type { Incident } from '../../components/Incident.tsx';
import { api, type ApiError, type CaseResponse, type ItemOf } from '../../api.ts';
import type { Seizure } from './points.ts';

export interface MapGeo {
  countries: FeatureCollection;
  admin1: FeatureCollection;
}

/** The most incidents the map holds: beyond it, the latest ones (and the page says so). */
export const MAP_MAX_INCIDENTS = 20_000;

/** Fetches every page of a paginated list of the case (bounded), so the map shows all records. */
async function fetchAll<R extends 'incidents' | 'seizures'>(
  caseId: string,
  rest: R,
  max = 20000,
): Promise<ItemOf<CaseResponse<R>>[]> {
  type Page = { items: ItemOf<CaseResponse<R>>[]; total: number };
  const out: ItemOf<CaseResponse<R>>[] = [];
  for (let offset = 0; offset < max;) {
    const page = (await api.get(`/api/cases/{caseId}/${rest}`, {
      caseId,
      limit: 1000,
      offset,
    })) as Page;
    out.push(...page.items);
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) break;
  }
  return out;
}

/**
 * The case's incidents newest first, by keyset pages, up to `MAP_MAX_INCIDENTS`: a case
 * larger than that shows its latest incidents (not its oldest, as offset pages in date
 * order did), and `more` says that older ones were left out.
 */
async function fetchLatestIncidents(caseId: string): Promise<{ items: Incident[]; more: boolean }> {
  const items: Incident[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await api.get('/api/cases/{caseId}/incidents', {
      caseId,
      limit: 1000,
      sort: '-date',
      cursor,
    });
    items.push(...page.items);
    if (!page.next_cursor || page.items.length === 0) return { items, more: false };
    if (items.length >= MAP_MAX_INCIDENTS) return { items, more: true };
    cursor = page.next_cursor;
  }
}

/**
 * What the map draws: the borders and admin-1 areas (loaded with the page's code), the
 * incidents of the case (`null` until they arrive; the latest `MAP_MAX_INCIDENTS` of a
 * bigger case) and every seizure (none when they fail).
 */
export function useMapRecords(caseId: string): {
  geo: MapGeo | null;
  incidents: Incident[] | null;
  /** The case holds older incidents than `incidents` (the map holds the latest only). */
  olderLeftOut: boolean;
  seizures: Seizure[];
  error: ApiError | null;
} {
  const [incidents, setIncidents] = useState<Incident[] | null>(null);
  const [olderLeftOut, setOlderLeftOut] = useState(false);
  const [seizures, setSeizures] = useState<Seizure[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [geo, setGeo] = useState<MapGeo | null>(null);
  useEffect(() => {
    let live = true;
    void import('virtual:geo').then(
      (m) =>
        live &&
        setGeo({
          countries: feature(
            m.topology,
            m.topology.objects.countries as GeometryCollection,
          ) as FeatureCollection,
          admin1: m.admin1,
        }),
    );
    fetchLatestIncidents(caseId)
      .then((r) => {
        if (!live) return;
        setIncidents(r.items);
        setOlderLeftOut(r.more);
      })
      .catch((e: unknown) => live && setError(e as ApiError));
    fetchAll(caseId, 'seizures')
      .then((items) => live && setSeizures(items))
      .catch(() => live && setSeizures([]));
    return () => {
      live = false;
    };
  }, [caseId]);
  return { geo, incidents, olderLeftOut, seizures, error };
}
