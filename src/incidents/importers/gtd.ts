import { ChokepointError } from '../../core/errors.ts';
import { lookupCountry } from '../../geo/gazetteer.ts';
import { acledTypesFor } from '../attack-type.ts';
import type { AttackType, Incident } from '../schema.ts';
import { readCsvRows } from '../../core/csv.ts';
import { isoDateOf, parseDayMonthYear } from '../../core/date.ts';
import { INT_MAX } from '../../core/schema.ts';
import {
  datasetDate,
  missingColumn,
  resolveColumns,
  type ColumnMap,
  type ColumnMapping,
  type FieldSpec,
} from './columns.ts';

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
 * the date precision instead of inventing a date. GTD-derived files that rename columns
 * (`year`, `month`, `day`, `country`, `killed`, …: see `GTD_COLUMNS`), give one `date`
 * column instead of iyear/imonth/iday, or code the attack type by number (attacktype1)
 * are read too; `opts.map` (`--map`) names any other column.
 */
export function parseGtd(csvText: string, file: string, opts: GtdReadOptions = {}): Incident[] {
  const { header, rows, lines } = readCsvRows(csvText, file);
  const c = gtdColumns(header, file, opts);
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

/** Options of the GTD reader: the user's `--map`, and who to tell which mapping was used. */
export interface GtdReadOptions {
  map?: ColumnMap;
  onMapping?: (m: ColumnMapping) => void;
}

/** The columns the GTD importer reads, with the names GTD-derived files give them. */
export const GTD_COLUMNS: readonly FieldSpec[] = [
  { field: 'eventid', aliases: ['event_id', 'gtd_id', 'gtdid', 'id'] },
  { field: 'iyear', aliases: ['year'] },
  { field: 'imonth', aliases: ['month'] },
  { field: 'iday', aliases: ['day'] },
  { field: 'date', aliases: ['event_date', 'incident_date'] },
  { field: 'country_txt', aliases: ['country', 'country_name'] },
  { field: 'attacktype1_txt', aliases: ['attack_type', 'attacktype', 'attacktype1'] },
  { field: 'approxdate', aliases: ['approx_date'] },
  { field: 'provstate', aliases: ['province', 'state', 'prov_state', 'admin1'] },
  { field: 'city', aliases: ['location', 'place', 'town'] },
  { field: 'latitude', aliases: ['lat'] },
  { field: 'longitude', aliases: ['lon', 'lng', 'long'] },
  { field: 'specificity' },
  { field: 'summary', aliases: ['description', 'notes'] },
  { field: 'targtype1_txt', aliases: ['target_type', 'targtype', 'targtype1'] },
  { field: 'target1', aliases: ['target'] },
  { field: 'gname', aliases: ['group', 'group_name', 'perpetrator', 'perpetrator_group'] },
  { field: 'claimed', aliases: ['claim'] },
  { field: 'guncertain1', aliases: ['guncertain', 'uncertain'] },
  { field: 'suicide' },
  { field: 'weapsubtype1_txt', aliases: ['weapon_subtype', 'weapsubtype'] },
  { field: 'nkill', aliases: ['killed', 'fatalities', 'deaths', 'nkilled', 'num_killed'] },
  { field: 'nwound', aliases: ['wounded', 'injured', 'nwounded', 'num_wounded', 'injuries'] },
  { field: 'scite1', aliases: ['source', 'citation'] },
  { field: 'scite2' },
  { field: 'scite3' },
  { field: 'dbsource', aliases: ['db_source'] },
];

/** Where the columns the importer reads sit in a row: -1 for an optional column the file lacks. */
interface GtdColumns {
  id: number;
  y: number;
  m: number;
  d: number;
  /** One date column (2016-01-05, 05/01/2016, …) where iyear/imonth/iday are not given. */
  date: number;
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
  /** The field names errors give: the file's column when it was read under another name. */
  names: Record<string, string>;
}

const GTD_HEADER =
  'a GTD header (eventid, iyear, imonth, iday, country_txt, attacktype1_txt, nkill, nwound)';

/**
 * The columns by name (or alias, or `--map`), whatever their order or case. The event id,
 * its date (iyear, imonth and iday, or one date column), country and attack type are
 * required (without them a row is no incident); the rest of the codebook is optional, so
 * that an extract with fewer columns still imports.
 */
function gtdColumns(header: string[], file: string, opts: GtdReadOptions): GtdColumns {
  const { index, mapping } = resolveColumns(header, GTD_COLUMNS, opts.map, file);
  const spec = (field: string) => GTD_COLUMNS.find((f) => f.field === field)!;
  const need = (field: string) => {
    if (index[field]! < 0) throw missingColumn(spec(field), file, GTD_HEADER);
  };
  need('eventid');
  // One date column stands in for the three parts only when none of them is given.
  const parts = ['iyear', 'imonth', 'iday'];
  if (index.date! < 0 || parts.some((p) => index[p]! >= 0)) {
    parts.forEach(need);
    const unread = mapping.fields.find((f) => f.field === 'date');
    if (unread) {
      mapping.fields = mapping.fields.filter((f) => f !== unread);
      mapping.unused.push(unread.column);
      index.date = -1;
    }
  }
  need('country_txt');
  need('attacktype1_txt');
  opts.onMapping?.(mapping);
  const names: Record<string, string> = {};
  for (const f of mapping.fields) names[f.field] = f.via === 'name' ? f.field : f.column;
  const i = (field: string) => index[field]!;
  return {
    id: i('eventid'),
    y: i('iyear'),
    m: i('imonth'),
    d: i('iday'),
    date: i('date'),
    country: i('country_txt'),
    attack: i('attacktype1_txt'),
    approx: i('approxdate'),
    prov: i('provstate'),
    city: i('city'),
    lat: i('latitude'),
    lon: i('longitude'),
    spec: i('specificity'),
    summary: i('summary'),
    targtype: i('targtype1_txt'),
    target: i('target1'),
    gname: i('gname'),
    claimed: i('claimed'),
    guncertain: i('guncertain1'),
    suicide: i('suicide'),
    weapsub: i('weapsubtype1_txt'),
    nkill: i('nkill'),
    nwound: i('nwound'),
    scite: [i('scite1'), i('scite2'), i('scite3')],
    dbsource: i('dbsource'),
    names,
  };
}

/** The name an error gives a field: the file's column when it was read under another name. */
function nameOf(c: GtdColumns, field: string): string {
  return c.names[field] ?? field;
}

/** GTD's attack type codes (attacktype1), for files that give the code without its text. */
const GTD_ATTACK_CODES: Record<string, string> = {
  '1': 'Assassination',
  '2': 'Armed Assault',
  '3': 'Bombing/Explosion',
  '4': 'Hijacking',
  '5': 'Hostage Taking (Barricade Incident)',
  '6': 'Hostage Taking (Kidnapping)',
  '7': 'Facility/Infrastructure Attack',
  '8': 'Unarmed Assault',
  '9': 'Unknown',
};

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
  if (!Number.isFinite(n) || n < 0 || Math.round(n) > INT_MAX)
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a count', {
      file,
      line,
      field,
      expected: `a count from 0 to ${INT_MAX}, or -9/-99/empty for unknown`,
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
      field: nameOf(c, 'eventid'),
      expected: 'the GTD event id',
    });
  if (seen.has(id))
    throw new ChokepointError('CP_IMPORT_BAD_ROW', `duplicate eventid "${id}"`, {
      file,
      line,
      field: nameOf(c, 'eventid'),
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
  if (c.date >= 0) {
    const raw = row[c.date] ?? '';
    if (gtdUnknown(raw)) return { date: null, precision: 'unknown' };
    const partial = /^(\d{4})(?:-(\d{1,2}))?$/.exec(raw.trim());
    if (partial) {
      const month = partial[2] ? Number(partial[2]) : 0;
      const date = isoDateOf(Number(partial[1]), month || 1, 1);
      if (date) return { date, precision: month ? 'month' : 'year' };
    }
    const date = datasetDate(raw);
    if (!date)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a date', {
        file,
        line,
        field: nameOf(c, 'date'),
        expected:
          'YYYY-MM-DD, "05 January 2016", 05/01/2016 (day first), 2016/01/05, or YYYY-MM / YYYY for a month or year',
        got: raw,
      });
    return { date, precision: 'day' };
  }
  const year = Number((row[c.y] ?? '').trim());
  if (!Number.isInteger(year) || year < 1900 || year > 2100)
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a year', {
      file,
      line,
      field: nameOf(c, 'iyear'),
      expected: 'a four-digit year',
      got: row[c.y],
    });
  const month = gtdUnknown(row[c.m]) ? 0 : Number(row[c.m]);
  const day = gtdUnknown(row[c.d]) ? 0 : Number(row[c.d]);
  if (!Number.isInteger(month) || month < 0 || month > 12)
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a month', {
      file,
      line,
      field: nameOf(c, 'imonth'),
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
      field: nameOf(c, 'iday'),
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
  if (country && /^\d+$/.test(country))
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'a country code, not a country name', {
      file,
      line,
      field: nameOf(c, 'country_txt'),
      expected:
        "the country's name (GTD's country_txt; the numeric country column is GTD's own code): --map COLUMN=country_txt",
      got: country,
    });
  const attackRaw = text(row, c.attack);
  const attackTxt = attackRaw !== null ? (GTD_ATTACK_CODES[attackRaw] ?? attackRaw) : null;
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
    lat: coord(row, c.lat, nameOf(c, 'latitude'), file, line, 90),
    lon: coord(row, c.lon, nameOf(c, 'longitude'), file, line, 180),
    geo_precision: SPECIFICITY[spec] ?? null,
    event_type: types.event_type,
    sub_event_type: types.sub_event_type,
    attack_type: attackType,
    perpetrator,
    target: text(row, c.target),
    killed: count(row, c.nkill, nameOf(c, 'nkill'), file, line),
    wounded: count(row, c.nwound, nameOf(c, 'nwound'), file, line),
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
