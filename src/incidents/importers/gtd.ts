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
  const c = gtdColumns(header, file);
  const out: Incident[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const line = lines[r]!;
    const id = gtdEventId(row, c, seen, file, line);
    out.push(gtdIncident(row, c, id, file, line));
  }
  return out;
}

/** Where the columns the importer reads sit in a row: -1 for an optional column the file lacks. */
interface GtdColumns {
  id: number;
  y: number;
  m: number;
  d: number;
  country: number;
  attack: number;
  approx: number;
  prov: number;
  city: number;
  lat: number;
  lon: number;
  spec: number;
  summary: number;
  targtype: number;
  target: number;
  gname: number;
  claimed: number;
  guncertain: number;
  suicide: number;
  weapsub: number;
  nkill: number;
  nwound: number;
  scite: number[];
  dbsource: number;
}

/**
 * The columns by name, whatever their order or case. The event id, its date, country and
 * attack type are required (without them a row is no incident); the rest of the codebook is
 * optional, so that an extract with fewer columns still imports.
 */
function gtdColumns(header: string[], file: string): GtdColumns {
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
  return {
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
}

/** A cell, or undefined when the column is missing from the file. */
function cell(row: string[], i: number): string | undefined {
  return i >= 0 ? row[i] : undefined;
}

/** A text cell, trimmed; null when missing or one of GTD's unknowns. */
function text(row: string[], i: number): string | null {
  const v = cell(row, i);
  return v === undefined || gtdUnknown(v) ? null : v.trim();
}

/** A count of people (nkill, nwound), rounded to whole people; negative is refused, not unknown. */
function count(row: string[], i: number, field: string, file: string, line: number): number | null {
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
}

/** A latitude or longitude, with a decimal comma allowed (spreadsheet exports in some locales). */
function coord(
  row: string[],
  i: number,
  field: string,
  file: string,
  line: number,
  max: number,
): number | null {
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
}

/** The row's event id, refused when empty or already seen in the file (it becomes the incident's id). */
function gtdEventId(
  row: string[],
  c: GtdColumns,
  seen: Set<string>,
  file: string,
  line: number,
): string {
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
  return id;
}

/**
 * The date and its precision from iyear, imonth and iday: an unknown month makes it a year
 * (unless approxdate names the day), an unknown day a month; a day the month does not have
 * is refused rather than rolled over.
 */
function gtdDate(
  row: string[],
  c: GtdColumns,
  file: string,
  line: number,
): { date: string | null; precision: Incident['date_precision'] } {
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
  if (month === 0) {
    // GTD's approxdate sometimes pins what iyear/imonth/iday leave open.
    const approx = c.approx >= 0 ? parseDayMonthYear(row[c.approx] ?? '') : null;
    return { date: approx ?? `${year}-01-01`, precision: approx ? 'day' : 'year' };
  }
  if (day === 0) return { date: isoDateOf(year, month, 1), precision: 'month' };
  const date = isoDateOf(year, month, day);
  if (!date)
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a day of that month', {
      file,
      line,
      field: 'iday',
      expected: 'a day of the month, or 0 for unknown',
      got: row[c.d],
    });
  return { date, precision: 'day' };
}

/** The row's citations (scite1-3, with the date each names), else the GTD source database itself. */
function gtdSources(row: string[], c: GtdColumns): { name: string; date: string | null }[] {
  const sources = c.scite
    .map((i) => text(row, i))
    .filter((s): s is string => Boolean(s))
    .map((s) => ({ name: s.replace(/\s+/g, ' ').slice(0, 200), date: citationDate(s) }));
  if (sources.length === 0)
    sources.push({
      name: text(row, c.dbsource) ? `GTD (${text(row, c.dbsource)})` : 'GTD',
      date: null,
    });
  return sources;
}

/**
 * One row as an incident: the attack type in ours and the ACLED event types it implies
 * (a target that is not military, police, government or another armed group counts as
 * civilian), the perpetrator (claimed or suspected; a doubtful one, guncertain1, gets
 * confidence 0.5), the place and the casualty counts. The date is checked first, then the
 * coordinates, then the counts: a row with several bad cells is reported by the first.
 */
function gtdIncident(
  row: string[],
  c: GtdColumns,
  id: string,
  file: string,
  line: number,
): Incident {
  const { date, precision } = gtdDate(row, c, file, line);
  const country = text(row, c.country);
  const attackTxt = text(row, c.attack);
  const suicide = (cell(row, c.suicide) ?? '').trim() === '1';
  const attackType = gtdAttackType(attackTxt ?? 'unknown', suicide, text(row, c.weapsub));
  const targType = text(row, c.targtype);
  const civilian = !/military|police|terrorists|government/i.test(targType ?? '');
  const types = acledTypesFor(attackType, { civilianTarget: civilian });
  const gname = text(row, c.gname);
  const perpetrator = gname && !/^unknown$/i.test(gname) ? gname : null;
  const claimed = (cell(row, c.claimed) ?? '').trim();
  const uncertain = (cell(row, c.guncertain) ?? '').trim() === '1';
  const spec = (cell(row, c.spec) ?? '').trim();
  const sources = gtdSources(row, c);
  const city = text(row, c.city);
  return {
    id,
    text: text(row, c.summary),
    date,
    date_precision: precision,
    country,
    country_code: country ? (lookupCountry(country)?.code ?? null) : null,
    admin1: text(row, c.prov),
    admin2: null,
    place: city,
    anchor_place: null,
    offset_km: null,
    offset_dir: null,
    lat: coord(row, c.lat, 'latitude', file, line, 90),
    lon: coord(row, c.lon, 'longitude', file, line, 180),
    geo_precision: SPECIFICITY[spec] ?? null,
    event_type: types.event_type,
    sub_event_type: types.sub_event_type,
    attack_type: attackType,
    perpetrator,
    target: text(row, c.target),
    killed: count(row, c.nkill, 'nkill', file, line),
    wounded: count(row, c.nwound, 'nwound', file, line),
    casualties_total: null,
    attribution: perpetrator ? (claimed === '1' ? 'claimed' : 'suspected') : 'unknown',
    sources,
    confidence: perpetrator && uncertain ? 0.5 : null,
  };
}

/** The publication date a GTD citation names ('…," Reuters, January 5, 2015.'), if any. */
function citationDate(s: string): string | null {
  const m =
    /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})/.exec(
      s,
    );
  return m ? parseDayMonthYear(`${m[1]} ${m[2]}, ${m[3]}`) : null;
}
