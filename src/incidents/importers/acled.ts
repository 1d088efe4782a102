import type { RollupSource } from '../rollup-cells.ts';
import { ChokepointError } from '../../core/errors.ts';
import { foldText } from '../../core/fold.ts';
import { INT_MAX, INT_MIN } from '../../core/schema.ts';
import { countryByNumeric, lookupCountry } from '../../geo/gazetteer.ts';
import { classifyAttack } from '../attack-type.ts';
import type { AttackType, Incident } from '../schema.ts';
import { forEachCsvRow, shortRow } from '../../core/csv.ts';
import {
  datasetDate,
  missingColumn,
  resolveColumns,
  type ColumnMap,
  type ColumnMapping,
  type FieldSpec,
} from './columns.ts';

/**
 * ACLED's event types before its 2019 taxonomy, mapped to the current event type and,
 * where the old name says it, the sub-event type.
 */
export const OLD_ACLED_EVENT_TYPES: Record<string, [string, string | null]> = {
  'battle-no change of territory': ['Battles', 'Armed clash'],
  'battle-government regains territory': ['Battles', 'Government regains territory'],
  'battle-non-state actor overtakes territory': ['Battles', 'Non-state actor overtakes territory'],
  'remote violence': ['Explosions/Remote violence', null],
  'violence against civilians': ['Violence against civilians', 'Attack'],
  'riots/protests': ['Protests', null],
  'strategic development': ['Strategic developments', null],
  'non-violent transfer of territory': [
    'Strategic developments',
    'Non-violent transfer of territory',
  ],
  'headquarters or base established': [
    'Strategic developments',
    'Headquarters or base established',
  ],
};

const SUB_EVENT_ATTACK: Record<string, AttackType | null> = {
  'remote explosive/landmine/ied': 'ied',
  'suicide bomb': 'suicide_bombing',
  'air/drone strike': 'airstrike',
  'shelling/artillery/missile attack': 'rocket_mortar',
  grenade: 'other',
  'chemical weapon': 'other',
  'armed clash': 'armed_assault',
  'government regains territory': 'armed_assault',
  'non-state actor overtakes territory': 'armed_assault',
  attack: 'armed_assault',
  'abduction/forced disappearance': 'kidnapping',
  'sexual violence': 'other',
  arrests: 'arrest_raid',
  'looting/property destruction': 'arson_sabotage',
};

/**
 * Our attack type for an ACLED event: the sub-event type fixes it where it is specific
 * (an IED, an air strike), the notes refine a generic "Attack" or "Armed clash" (an
 * ambush, an assassination), and protests, riots and agreements are not attacks (null).
 */
export function acledAttackType(
  eventType: string | null,
  subEventType: string | null,
  notes: string | null,
): AttackType | null {
  const et = (eventType ?? '').toLowerCase();
  if (et === 'protests' || et === 'riots') return null;
  const sub = (subEventType ?? '').toLowerCase();
  const fromSub = SUB_EVENT_ATTACK[sub];
  if (fromSub && fromSub !== 'armed_assault') return fromSub;
  // The notes are read only when the sub-event type leaves the means open: a million
  // rows of regular expressions would otherwise be most of an import's time.
  if (fromSub === 'armed_assault') {
    if (!notes || !REFINES.test(notes)) return 'armed_assault';
    const refined = classifyAttack(notes);
    return refined === 'ambush' || refined === 'targeted_killing' || refined === 'sniper'
      ? refined
      : 'armed_assault';
  }
  if (et === 'strategic developments') return null;
  const fromNotes = notes ? classifyAttack(notes) : null;
  if (et === 'explosions/remote violence') return fromNotes ?? 'other';
  return fromNotes;
}

/** Words that can turn a generic clash or attack into an ambush, an assassination or sniping. */
const REFINES =
  /ambush|assassinat|sniper|targeted|executed|behead|shot dead|gunned down|(was|were) (shot|targeted)/i;

/** ACLED's "source" cell ("Reuters; AFP") as our sources; the dataset itself when empty. Shared per distinct cell. */
function sourcesOf(cell: string, cache: Map<string, Incident['sources']>): Incident['sources'] {
  let s = cache.get(cell);
  if (!s) {
    s = cell
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((name) => ({ name, date: null }));
    if (s.length === 0) s = [{ name: 'ACLED', date: null }];
    cache.set(cell, s);
  }
  return s;
}

const TIME_PRECISION: Record<string, Incident['date_precision']> = {
  '1': 'day',
  '2': 'week',
  '3': 'month',
};

function num(
  v: string | undefined,
  file: string,
  line: number,
  field: string,
  int: boolean,
): number | null {
  if (v === undefined) return null;
  const t = v.trim();
  if (t === '') return null;
  const n = Number(t);
  if (!Number.isFinite(n) || (int && !Number.isInteger(n))) {
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a number', {
      file,
      line,
      field,
      expected: int ? 'a whole number' : 'a number',
      got: t,
    });
  }
  if (int && (n > INT_MAX || n < INT_MIN))
    throw new ChokepointError('CP_IMPORT_BAD_ROW', 'a whole number out of range', {
      file,
      line,
      field,
      expected: `a whole number from ${INT_MIN} to ${INT_MAX}`,
      got: t,
    });
  return n;
}

const text = (v: string | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/**
 * Reads an ACLED CSV export, in the current lower-case schema (event_id_cnty, event_date
 * as 2021-01-09 or "09 January 2021", iso numeric, fatalities) or the older upper-case
 * one (GWNO, EVENT_ID_CNTY, EVENT_DATE as 01-January-2015, the pre-2019 event types),
 * and the variants other tools write: columns renamed (`data_id`, `lat`, `killed`, …: see
 * `ACLED_COLUMNS`), spaced or cased otherwise, or named by `opts.map` (`--map`); year-first
 * dates. Every row is kept as it came, its id the dataset's own event id. Streams the
 * incidents to `onIncident` one by one, validating as it goes.
 */
export function forEachAcledRow(
  csvText: string,
  file: string,
  onIncident: (i: Incident) => void,
  opts: AcledReadOptions = {},
): void {
  let read: ((row: string[], line: number) => void) | null = null;
  forEachCsvRow(csvText, file, (row, line) => {
    if (read === null)
      read = rowReader(
        row.map((h) => h.trim()),
        file,
        onIncident,
        opts,
      );
    else read(row, line);
  });
  if (read === null)
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'the file is empty: a header line is needed', {
      file,
      line: 1,
    });
}

/**
 * The incident fields an ACLED row fills, in the store's column order; the others
 * (offsets, wounded, totals, confidence) are always null for ACLED.
 */
export const ACLED_FIELDS = [
  'id',
  'text',
  'date',
  'date_precision',
  'country',
  'country_code',
  'admin1',
  'admin2',
  'place',
  'lat',
  'lon',
  'geo_precision',
  'event_type',
  'sub_event_type',
  'attack_type',
  'perpetrator',
  'target',
  'killed',
  'attribution',
  'sources',
] as const;

/** Where each field sits in a row of an ACLED value batch. */
const ACLED_AT = Object.fromEntries(ACLED_FIELDS.map((f, i) => [f, i])) as Record<
  (typeof ACLED_FIELDS)[number],
  number
>;

/** The roll-up's fields of the row at offset `o` of an ACLED value batch (ACLED gives no wounded nor a joint total). */
export function acledRollupSource(v: unknown[], o: number): RollupSource {
  return {
    date: v[o + ACLED_AT.date] as string | null,
    attack_type: v[o + ACLED_AT.attack_type] as string | null,
    country: v[o + ACLED_AT.country] as string | null,
    country_code: v[o + ACLED_AT.country_code] as string | null,
    admin1: v[o + ACLED_AT.admin1] as string | null,
    event_type: v[o + ACLED_AT.event_type] as string | null,
    perpetrator: v[o + ACLED_AT.perpetrator] as string | null,
    killed: v[o + ACLED_AT.killed] as number | null,
    wounded: null,
    casualties_total: null,
  } as RollupSource;
}

/**
 * The search-index entry of the row at offset `o` of an ACLED value batch, as the store's
 * `indexRecords` keeps one (src/store/search.ts): the display title with its fold behind
 * U+0001, and the folded body. Computed on the parsing thread, beside the batch.
 */
export function acledSearchEntry(v: unknown[], o: number): [title: string, body: string] {
  const at = (f: (typeof ACLED_FIELDS)[number]) => v[o + ACLED_AT[f]] as string | null;
  const title = [
    at('date'),
    at('place') ?? at('admin1') ?? at('country'),
    at('attack_type') ?? at('event_type'),
  ]
    .filter(Boolean)
    .join(' · ');
  const body = [
    at('text'),
    at('place'),
    at('admin1'),
    at('admin2'),
    at('country'),
    at('perpetrator'),
    at('target'),
  ]
    .filter(Boolean)
    .join(' ');
  return [`${title}\u0001${foldText(title)}`, foldText(body)];
}

/** The search entries of an ACLED value batch's `count` rows, title and body of each in turn. */
export function acledSearchEntries(v: unknown[], count: number): string[] {
  const out = new Array<string>(count * 2);
  for (let r = 0; r < count; r++) {
    const [t, b] = acledSearchEntry(v, r * ACLED_FIELDS.length);
    out[2 * r] = t;
    out[2 * r + 1] = b;
  }
  return out;
}

/**
 * Streams an ACLED file as flat batches of `ACLED_FIELDS` values, `rows` rows a batch
 * (the last may be shorter), `sources` already as JSON: the shape a multi-row prepared
 * INSERT binds, and one that crosses a worker boundary as a single array. Validates as
 * `forEachAcledRow` does; returns the number of rows.
 */
export function forEachAcledBatch(
  csvText: string,
  file: string,
  rows: number,
  onBatch: (values: unknown[], count: number) => void,
  opts: AcledReadOptions = {},
): number {
  // sourcesOf shares one array per distinct cell: stringify each once.
  const sourceJson = new Map<Incident['sources'], string>();
  let values: unknown[] = [];
  let count = 0;
  let total = 0;
  forEachAcledRow(
    csvText,
    file,
    (r) => {
      let sj = sourceJson.get(r.sources);
      if (sj === undefined) {
        sj = JSON.stringify(r.sources);
        sourceJson.set(r.sources, sj);
      }
      values.push(
        r.id,
        r.text,
        r.date,
        r.date_precision,
        r.country,
        r.country_code,
        r.admin1,
        r.admin2,
        r.place,
        r.lat,
        r.lon,
        r.geo_precision,
        r.event_type,
        r.sub_event_type,
        r.attack_type,
        r.perpetrator,
        r.target,
        r.killed,
        r.attribution,
        sj,
      );
      total++;
      if (++count === rows) {
        onBatch(values, count);
        values = [];
        count = 0;
      }
    },
    opts,
  );
  if (count > 0) onBatch(values, count);
  return total;
}

/** The columns an ACLED importer reads, with the names other exports give them. */
export const ACLED_COLUMNS: readonly FieldSpec[] = [
  { field: 'event_id_cnty', aliases: ['event_id', 'data_id', 'eventid'] },
  { field: 'event_date', aliases: ['date', 'eventdate'] },
  { field: 'event_type', aliases: ['eventtype', 'type'] },
  { field: 'country', aliases: ['country_name', 'country_txt'] },
  { field: 'latitude', aliases: ['lat'] },
  { field: 'longitude', aliases: ['lon', 'lng', 'long'] },
  { field: 'fatalities', aliases: ['killed', 'deaths', 'fatality', 'nkill'] },
  { field: 'sub_event_type', aliases: ['subevent_type', 'sub_type', 'subtype'] },
  { field: 'time_precision', aliases: ['timeprecision'] },
  { field: 'iso', aliases: ['iso_numeric', 'iso_num'] },
  { field: 'admin1', aliases: ['adm1', 'admin_1', 'province'] },
  { field: 'admin2', aliases: ['adm2', 'admin_2', 'district'] },
  { field: 'location', aliases: ['place', 'city', 'town'] },
  { field: 'geo_precision', aliases: ['geoprecision', 'geo_prec'] },
  { field: 'actor1', aliases: ['actor_1'] },
  { field: 'actor2', aliases: ['actor_2'] },
  { field: 'source', aliases: ['sources'] },
  { field: 'notes', aliases: ['note', 'description', 'summary'] },
];

const ACLED_REQUIRED = [
  'event_id_cnty',
  'event_date',
  'event_type',
  'country',
  'latitude',
  'longitude',
  'fatalities',
];

/** Options of the ACLED readers: the user's `--map`, and who to tell which mapping was used. */
export interface AcledReadOptions {
  map?: ColumnMap;
  onMapping?: (m: ColumnMapping) => void;
}

function rowReader(
  header: string[],
  file: string,
  onIncident: (i: Incident) => void,
  opts: AcledReadOptions,
): (row: string[], line: number) => void {
  const { index, mapping } = resolveColumns(header, ACLED_COLUMNS, opts.map, file);
  for (const field of ACLED_REQUIRED) {
    if (index[field]! < 0)
      throw missingColumn(
        ACLED_COLUMNS.find((f) => f.field === field)!,
        file,
        'an ACLED export header (event_id_cnty, event_date, event_type, country, latitude, longitude, fatalities)',
      );
  }
  opts.onMapping?.(mapping);
  // Errors name the column as the file spells it when it was read under another name.
  const named = new Map(
    mapping.fields.map((f) => [f.field, f.via === 'name' ? f.field : f.column]),
  );
  const fieldOf = (field: string) => named.get(field) ?? field;
  const opt = (name: string) => index[name]!;
  const cId = opt('event_id_cnty');
  const cDate = opt('event_date');
  const cType = opt('event_type');
  const cCountry = opt('country');
  const cLat = opt('latitude');
  const cLon = opt('longitude');
  const cFat = opt('fatalities');
  const cSub = opt('sub_event_type');
  const cPrec = opt('time_precision');
  const cIso = opt('iso');
  const cA1 = opt('admin1');
  const cA2 = opt('admin2');
  const cLoc = opt('location');
  const cGeo = opt('geo_precision');
  const cActor1 = opt('actor1');
  const cActor2 = opt('actor2');
  const cSource = opt('source');
  const cNotes = opt('notes');
  const fId = fieldOf('event_id_cnty');
  const fDate = fieldOf('event_date');
  const fLat = fieldOf('latitude');
  const fLon = fieldOf('longitude');
  const fFat = fieldOf('fatalities');
  const fGeo = fieldOf('geo_precision');
  const countryCodes = new Map<string, string | null>();
  // Datasets repeat their dates and source lists thousands of times: parse each once.
  const dates = new Map<string, string | null>();
  const sourceLists = new Map<string, Incident['sources']>();

  const seen = new Set<string>();
  return (row, line) => {
    if (row.length < header.length) throw shortRow(row, header, file, line);
    const id = text(row[cId]);
    if (!id)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'no event id', {
        file,
        line,
        field: fId,
        expected: 'the event id',
      });
    if (seen.has(id))
      throw new ChokepointError('CP_IMPORT_BAD_ROW', `duplicate event id "${id}"`, {
        file,
        line,
        field: fId,
        expected: 'a unique event id',
      });
    seen.add(id);
    const rawDate = row[cDate] ?? '';
    let date = dates.get(rawDate);
    if (date === undefined) {
      date = datasetDate(rawDate);
      dates.set(rawDate, date);
    }
    if (!date)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'not a date', {
        file,
        line,
        field: fDate,
        expected:
          'YYYY-MM-DD, "09 January 2021", 09-January-2021, 09/01/2021 (day first) or 2021/01/09',
        got: rawDate,
      });
    let eventType = text(row[cType]);
    let sub = cSub >= 0 ? text(row[cSub]) : null;
    const old = eventType ? OLD_ACLED_EVENT_TYPES[eventType.toLowerCase()] : undefined;
    if (old) {
      eventType = old[0];
      sub ??= old[1];
    }
    const country = text(row[cCountry]);
    const countryKey = `${country}|${cIso >= 0 ? row[cIso] : ''}`;
    let cc = countryCodes.get(countryKey);
    if (cc === undefined) {
      cc =
        (country ? lookupCountry(country)?.code : undefined) ??
        (cIso >= 0 && row[cIso] ? countryByNumeric(Number(row[cIso]))?.code : undefined) ??
        null;
      countryCodes.set(countryKey, cc);
    }
    const notes = cNotes >= 0 ? text(row[cNotes]) : null;
    const lat = num(row[cLat], file, line, fLat, false);
    const lon = num(row[cLon], file, line, fLon, false);
    if ((lat !== null && (lat < -90 || lat > 90)) || (lon !== null && (lon < -180 || lon > 180))) {
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'coordinates out of range', {
        file,
        line,
        field: lat !== null && (lat < -90 || lat > 90) ? fLat : fLon,
        expected: 'latitude -90…90, longitude -180…180',
      });
    }
    const killed = num(row[cFat], file, line, fFat, true);
    if (killed !== null && killed < 0)
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'negative fatalities', {
        file,
        line,
        field: fFat,
        expected: 'a count of 0 or more',
        got: String(killed),
      });
    const geo = cGeo >= 0 ? num(row[cGeo], file, line, fGeo, true) : null;
    const actor1 = cActor1 >= 0 ? text(row[cActor1]) : null;
    const unidentified = !actor1 || /^unidentified/i.test(actor1);
    onIncident({
      id,
      text: notes,
      date,
      date_precision: (cPrec >= 0 ? TIME_PRECISION[(row[cPrec] ?? '').trim()] : undefined) ?? 'day',
      country,
      country_code: cc,
      admin1: cA1 >= 0 ? text(row[cA1]) : null,
      admin2: cA2 >= 0 ? text(row[cA2]) : null,
      place: cLoc >= 0 ? text(row[cLoc]) : null,
      anchor_place: null,
      offset_km: null,
      offset_dir: null,
      lat,
      lon,
      geo_precision: geo === 1 || geo === 2 || geo === 3 ? geo : null,
      event_type: eventType,
      sub_event_type: sub,
      attack_type: acledAttackType(eventType, sub, notes),
      perpetrator: unidentified ? null : actor1,
      target: cActor2 >= 0 ? text(row[cActor2]) : null,
      killed,
      wounded: null,
      casualties_total: null,
      attribution:
        notes && /claimed responsibility/i.test(notes)
          ? 'claimed'
          : unidentified
            ? 'unknown'
            : 'suspected',
      sources: sourcesOf(cSource >= 0 ? (row[cSource] ?? '') : '', sourceLists),
      confidence: null,
    });
  };
}
