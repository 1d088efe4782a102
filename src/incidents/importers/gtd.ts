import { ChokepointError } from '../../core/errors.ts';
import { lookupCountry } from '../../geo/gazetteer.ts';
import { acledTypesFor } from '../attack-type.ts';
import type { AttackType, Incident } from '../schema.ts';
import { readCsvRows } from '../../core/csv.ts';
import { isoDateOf, parseDayMonthYear } from '../../core/date.ts';

/** GTD writes "unknown" as -9 or -99 (and exports as N/A or "Unknown"): never a zero. */
export function gtdUnknown(v: string | undefined): boolean {
  const t = (v ?? '').trim();
  return (
    t === '' ||
    t === '-9' ||
    t === '-99' ||
    t === '-9.0' ||
    t === '-99.0' ||
    /^(n\/a|na|unknown|\.)$/i.test(t)
  );
}

/** GTD's attack types (attacktype1_txt) in ours. */
export function gtdAttackType(
  attack: string | null,
  suicide: boolean,
  weaponSub: string | null,
): AttackType | null {
  switch ((attack ?? '').toLowerCase()) {
    case 'assassination':
      return 'targeted_killing';
    case 'armed assault':
      return 'armed_assault';
    case 'bombing/explosion':
      if (suicide) return 'suicide_bombing';
      return /vehicle/i.test(weaponSub ?? '') ? 'vehicle_bomb' : 'ied';
    case 'hostage taking (kidnapping)':
    case 'hostage taking (barricade incident)':
    case 'hijacking':
      return 'kidnapping';
    case 'facility/infrastructure attack':
      return 'arson_sabotage';
    case 'unarmed assault':
      return 'other';
    case 'unknown':
    case '':
      return null;
    default:
      return 'other';
  }
}

const SPECIFICITY: Record<string, 1 | 2 | 3> = { '1': 1, '2': 2, '3': 3, '4': 3 };

/**
 * Reads a Global Terrorism Database CSV: the codebook's columns (eventid, iyear, imonth,
 * iday, country_txt, provstate, city, latitude, longitude, specificity, summary,
 * attacktype1_txt, targtype1_txt, target1, gname, claimed, nkill, nwound, scite1-3),
 * files from spreadsheets that start with `sep=;` and use `;`, summaries quoted over
 * several lines. -9, -99, N/A and empty stay unknown (null); a 0 day or month lowers
 * the date precision instead of inventing a date.
 */
export function parseGtd(csvText: string, file: string): Incident[] {
  const { header, rows, lines } = readCsvRows(csvText, file);
  const col = new Map(header.map((h, i) => [h.toLowerCase(), i]));
  const need = (name: string) => {
    const i = col.get(name);
    if (i === undefined)
      throw new ChokepointError('CP_IMPORT_BAD_HEADER', `missing column "${name}"`, {
        file,
        line: 1,
        field: name,
        expected:
          'a GTD header (eventid, iyear, imonth, iday, country_txt, attacktype1_txt, nkill, nwound)',
      });
    return i;
  };
  const opt = (name: string) => col.get(name) ?? -1;
  const c = {
    id: need('eventid'),
    y: need('iyear'),
    m: need('imonth'),
    d: need('iday'),
    country: need('country_txt'),
    attack: need('attacktype1_txt'),
    approx: opt('approxdate'),
    prov: opt('provstate'),
    city: opt('city'),
    lat: opt('latitude'),
    lon: opt('longitude'),
    spec: opt('specificity'),
    summary: opt('summary'),
    targtype: opt('targtype1_txt'),
    target: opt('target1'),
    gname: opt('gname'),
    claimed: opt('claimed'),
    guncertain: opt('guncertain1'),
    suicide: opt('suicide'),
    weapsub: opt('weapsubtype1_txt'),
    nkill: opt('nkill'),
    nwound: opt('nwound'),
    scite: [opt('scite1'), opt('scite2'), opt('scite3')],
    dbsource: opt('dbsource'),
  };
  const cell = (row: string[], i: number) => (i >= 0 ? row[i] : undefined);
  const txt = (row: string[], i: number) => {
    const v = cell(row, i);
    return v === undefined || gtdUnknown(v) ? null : v.trim();
  };
  const count = (row: string[], i: number, field: string, line: number): number | null => {
    const v = cell(row, i);
    if (v === undefined || gtdUnknown(v)) return null;
    const n = Number(v.trim());
    if (!Number.isFinite(n) || n < 0)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a count', {
        file,
        line,
        field,
        expected: 'a count of 0 or more, or -9/-99/empty for unknown',
        got: v,
      });
    return Math.round(n);
  };
  const coord = (
    row: string[],
    i: number,
    field: string,
    line: number,
    max: number,
  ): number | null => {
    const v = cell(row, i);
    if (v === undefined || gtdUnknown(v)) return null;
    const n = Number(v.trim().replace(',', '.'));
    if (!Number.isFinite(n) || Math.abs(n) > max)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a coordinate', {
        file,
        line,
        field,
        expected: `a number between -${max} and ${max}`,
        got: v,
      });
    return n;
  };
  const out: Incident[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const line = lines[r]!;
    const id = (row[c.id] ?? '').trim();
    if (!id)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'no event id', {
        file,
        line,
        field: 'eventid',
        expected: 'the GTD event id',
      });
    if (seen.has(id))
      throw new ChokepointError('CP_IMPORT_BAD_ROW', `duplicate eventid "${id}"`, {
        file,
        line,
        field: 'eventid',
        expected: 'a unique event id',
      });
    seen.add(id);
    const year = Number((row[c.y] ?? '').trim());
    if (!Number.isInteger(year) || year < 1900 || year > 2100)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a year', {
        file,
        line,
        field: 'iyear',
        expected: 'a four-digit year',
        got: row[c.y],
      });
    const month = gtdUnknown(row[c.m]) ? 0 : Number(row[c.m]);
    const day = gtdUnknown(row[c.d]) ? 0 : Number(row[c.d]);
    if (!Number.isInteger(month) || month < 0 || month > 12)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a month', {
        file,
        line,
        field: 'imonth',
        expected: '1-12, or 0 for unknown',
        got: row[c.m],
      });
    let date: string | null;
    let precision: Incident['date_precision'];
    if (month === 0) {
      // GTD's approxdate sometimes pins what iyear/imonth/iday leave open.
      const approx = c.approx >= 0 ? parseDayMonthYear(row[c.approx] ?? '') : null;
      date = approx ?? `${year}-01-01`;
      precision = approx ? 'day' : 'year';
    } else if (day === 0) {
      date = isoDateOf(year, month, 1);
      precision = 'month';
    } else {
      date = isoDateOf(year, month, day);
      precision = 'day';
      if (!date)
        throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a day of that month', {
          file,
          line,
          field: 'iday',
          expected: 'a day of the month, or 0 for unknown',
          got: row[c.d],
        });
    }
    const country = txt(row, c.country);
    const attackTxt = txt(row, c.attack);
    const suicide = (cell(row, c.suicide) ?? '').trim() === '1';
    const attackType = gtdAttackType(attackTxt ?? 'unknown', suicide, txt(row, c.weapsub));
    const targType = txt(row, c.targtype);
    const civilian = !/military|police|terrorists|government/i.test(targType ?? '');
    const types = acledTypesFor(attackType, { civilianTarget: civilian });
    const gname = txt(row, c.gname);
    const perpetrator = gname && !/^unknown$/i.test(gname) ? gname : null;
    const claimed = (cell(row, c.claimed) ?? '').trim();
    const uncertain = (cell(row, c.guncertain) ?? '').trim() === '1';
    const spec = (cell(row, c.spec) ?? '').trim();
    const sources = c.scite
      .map((i) => txt(row, i))
      .filter((s): s is string => Boolean(s))
      .map((s) => ({ name: s.replace(/\s+/g, ' ').slice(0, 200), date: citationDate(s) }));
    if (sources.length === 0)
      sources.push({
        name: txt(row, c.dbsource) ? `GTD (${txt(row, c.dbsource)})` : 'GTD',
        date: null,
      });
    const city = txt(row, c.city);
    out.push({
      id,
      text: txt(row, c.summary),
      date,
      date_precision: precision,
      country,
      country_code: country ? (lookupCountry(country)?.code ?? null) : null,
      admin1: txt(row, c.prov),
      admin2: null,
      place: city,
      anchor_place: null,
      offset_km: null,
      offset_dir: null,
      lat: coord(row, c.lat, 'latitude', line, 90),
      lon: coord(row, c.lon, 'longitude', line, 180),
      geo_precision: SPECIFICITY[spec] ?? null,
      event_type: types.event_type,
      sub_event_type: types.sub_event_type,
      attack_type: attackType,
      perpetrator,
      target: txt(row, c.target),
      killed: count(row, c.nkill, 'nkill', line),
      wounded: count(row, c.nwound, 'nwound', line),
      casualties_total: null,
      attribution: perpetrator ? (claimed === '1' ? 'claimed' : 'suspected') : 'unknown',
      sources,
      confidence: perpetrator && uncertain ? 0.5 : null,
    });
  }
  return out;
}

/** The publication date a GTD citation names ('…," Reuters, January 5, 2015.'), if any. */
function citationDate(s: string): string | null {
  const m =
    /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})/.exec(
      s,
    );
  return m ? parseDayMonthYear(`${m[1]} ${m[2]}, ${m[3]}`) : null;
}
