import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { foldText } from '../core/fold.ts';

/**
 * The offline gazetteer: GeoNames cities500 places of the countries bulletins cover
 * (`data/places.tsv`, derived by `build-places.ts`), plus our own alias, place, admin-1 and
 * country tables. Loaded on first use and cached for the life of the process, so that a
 * CLI run that never names a place never pays for it.
 *
 * The wide layer (`data/places-wide.tsv`: the villages of the countries around the
 * Turkey–Syria–Iraq crossings and the world's cities of 50,000 people or more, for trade
 * routes and buyers' towns) is loaded into the same index only when a lookup asks for it
 * (`wide: true`), and lookups that do not ask never see its places: bulletin geocoding
 * answers the same whether or not another caller loaded it.
 */

export type GeoPrecision = 1 | 2 | 3;

export interface Place {
  id: string;
  name: string;
  country_code: string;
  country: string | null;
  admin1_code: string | null;
  /** The admin-1 name as bulletins write it ("Diyala", "Borno", "Salah al-Din"). */
  admin1: string | null;
  lat: number;
  lon: number;
  population: number;
  /** GeoNames feature code (PPLC capital, PPLA seat of an admin-1, PPL populated place…); OURS for our own table. */
  feature: string;
  /** 1 a town or village, 2 an area around one, 3 a region (ACLED's geo_precision). */
  precision: GeoPrecision;
  /** The admin-2 (district, LGA, territory) where the village layer knows it. */
  admin2?: string | null;
}

export interface Admin1 {
  code: string;
  country_code: string;
  name: string;
}

export interface Country {
  code: string;
  name: string;
}

const ARTICLES = new Set([
  'al',
  'el',
  'ar',
  'as',
  'ash',
  'ad',
  'adh',
  'az',
  'an',
  'at',
  'ath',
  'ed',
  'es',
  'er',
  'ez',
  'ul',
  'l',
]);

/** The folded name with Arabic articles dropped wherever they stand ("deir ez zor" → "deir zor"). */
export function stripArticles(folded: string): string {
  // An article glued to a doubled sun letter after the first word: Deir Ezzor, Dayr Azzawr.
  const words = folded
    .split(' ')
    .filter((w) => w && !ARTICLES.has(w))
    .map((w, i) =>
      i > 0 && w.length > 4 && /^[ae]([dtrzsnl])\1[aeiouy]/.test(w) ? w.slice(2) : w,
    );
  return words.length ? words.join(' ') : folded;
}

/**
 * A transliteration-tolerant key: the same place written by French, English and
 * Arabist hands converges on one string. Vowel digraphs and the diphthongs ay/ei/ey,
 * aw/ou/oo become one letter each, doubled letters collapse, a final h after a vowel (tā'
 * marbūṭa: Hasakah / Hasaka) drops, and articles go. Dayr az Zawr, Deir ez-Zor and
 * Deir Ezzor all give "dairzor"; Al-Mayadeen and Al Mayādīn give "mayadin".
 */
export function softKey(name: string): string {
  return softFromFolded(fold(name));
}

function softFromFolded(folded: string): string {
  return stripArticles(folded)
    .replace(/ /g, '')
    .replace(/ee|ie/g, 'i')
    .replace(/oo|ou|aw|ow/g, 'u')
    .replace(/ei|ey|ay|ai/g, 'ai')
    .replace(/o/g, 'u')
    .replace(/e/g, 'a')
    .replace(/([a-z])\1+/g, '$1')
    .replace(/([aiu])h$/, '$1');
}

/** Consonant skeleton, the loosest key: used only inside one country and for long names. */
function skeletonFromSoft(s: string): string {
  return (
    s[0] +
    s
      .slice(1)
      .replace(/[aiuyw]/g, '')
      .replace(/h$/, '')
  );
}

/**
 * foldText with a fast path: for printable ASCII, NFKC and any-ascii are the identity, so
 * the result is the same and loading ten thousand places skips a costly call per name.
 */
function fold(s: string): string {
  if (!/^[ -~]*$/.test(s)) {
    // Latin with diacritics ("Tall ‘Ūrī", "Ḩawl"): dropping the combining marks gives what
    // any-ascii gives, far faster (the village layer folds 60 000 names a country).
    const stripped = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[‘’ʿʾ]/g, '');
    if (/^[ -~]*$/.test(stripped)) s = stripped;
  }
  if (/^[ -~]*$/.test(s))
    return s
      .toLowerCase()
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return foldText(s);
}

interface Index {
  places: Place[];
  /** Folded names; then only the keys that differ from the tier before (a lookup unions the tiers up to its own). */
  exact: Map<string, Ids>;
  stripped: Map<string, Ids>;
  soft: Map<string, Ids>;
  skeleton: Map<string, Ids>;
  admin1ByCode: Map<string, Admin1>;
  admin1ByName: Map<string, Admin1[]>;
  countryByName: Map<string, Country>;
  countryByCode: Map<string, Country>;
  countryByNumeric: Map<number, Country>;
  /** Seat of each admin-1 (its PPLA), for region-level coordinates. */
  admin1Seat: Map<string, Place>;
  /** places[0 … core) come from places.tsv and aliases.tsv; the wide layer's follow once loaded. */
  core: number;
  wideLoaded: boolean;
}

let cached: Index | undefined;

const dataFile = (name: string) => new URL(`./data/${name}`, import.meta.url);

function tsvLines(name: string): string[][] {
  return readFileSync(dataFile(name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.replace(/\r$/, '').split('\t'));
}

/** Most keys name one place: a bare number spares an array per key (the load is GC-bound). */
type Ids = number | number[];

function push(map: Map<string, Ids>, key: string, i: number): void {
  if (!key) return;
  const v = map.get(key);
  if (v === undefined) map.set(key, i);
  else if (typeof v === 'number') {
    if (v !== i) map.set(key, [v, i]);
  } else if (v[v.length - 1] !== i) v.push(i);
}

function ids(map: Map<string, Ids>, key: string): number[] {
  const v = map.get(key);
  return v === undefined ? [] : typeof v === 'number' ? [v] : v;
}

const ADMIN1_SUFFIX = /\s+(province|state|governorate|region|wilaya|department|prefecture)$/;

function loadIndex(): Index {
  const countryByName = new Map<string, Country>();
  const countryByCode = new Map<string, Country>();
  const countryByNumeric = new Map<number, Country>();
  for (const [code, name, others, numeric] of tsvLines('countries.tsv')) {
    const c = { code: code!, name: name! };
    countryByCode.set(c.code, c);
    if (numeric) countryByNumeric.set(Number(numeric), c);
    for (const n of [name!, ...(others ?? '').split(';')]) if (n) countryByName.set(foldText(n), c);
  }
  const admin1ByCode = new Map<string, Admin1>();
  const admin1ByName = new Map<string, Admin1[]>();
  for (const [code, name, others] of tsvLines('admin1.tsv')) {
    const a = { code: code!, country_code: code!.split('.')[0]!, name: name! };
    admin1ByCode.set(a.code, a);
    for (const n of [name!, name!.replace(/\s*\(.*\)$/, ''), ...(others ?? '').split(';')]) {
      if (!n) continue;
      const f = foldText(n);
      for (const key of new Set([f, stripArticles(f)])) {
        const list = admin1ByName.get(key) ?? [];
        if (!list.includes(a)) list.push(a);
        admin1ByName.set(key, list);
      }
    }
  }

  const places: Place[] = [];
  const exact = new Map<string, Ids>();
  const stripped = new Map<string, Ids>();
  const soft = new Map<string, Ids>();
  const skeleton = new Map<string, Ids>();
  const admin1Seat = new Map<string, Place>();
  const addNames = nameAdder({ exact, stripped, soft, skeleton });
  readPlaces('places.tsv', places, addNames, countryByCode, admin1ByCode, admin1Seat);

  for (const [name, cc, a1, lat, lon, precision, others] of tsvLines('aliases.tsv')) {
    const spellings = (others ?? '').split(';').filter(Boolean);
    if (lat && lon) {
      const place: Place = {
        id: `chokepoint:${foldText(name!).replace(/ /g, '-')}`,
        name: name!,
        country_code: cc!,
        country: countryByCode.get(cc!)?.name ?? null,
        admin1_code: a1 || null,
        admin1: a1 ? (admin1ByCode.get(a1)?.name ?? null) : null,
        lat: Number(lat),
        lon: Number(lon),
        population: 0,
        feature: 'OURS',
        precision: (Number(precision) || 1) as GeoPrecision,
      };
      addNames(places.push(place) - 1, [name!, ...spellings]);
    } else {
      const candidates = ids(exact, fold(name!)).filter((i) => places[i]!.country_code === cc);
      candidates.sort((x, y) => places[y]!.population - places[x]!.population);
      if (candidates[0] === undefined)
        throw new Error(`aliases.tsv: no GeoNames place "${name}" in ${cc}`);
      addNames(candidates[0], spellings);
    }
  }
  return {
    places,
    exact,
    stripped,
    soft,
    skeleton,
    admin1ByCode,
    admin1ByName,
    countryByName,
    countryByCode,
    countryByNumeric,
    admin1Seat,
    core: places.length,
    wideLoaded: false,
  };
}

type NameAdder = (i: number, names: string[]) => void;

/** Indexes a place's names under every tier's key. */
function nameAdder(maps: Pick<Index, 'exact' | 'stripped' | 'soft' | 'skeleton'>): NameAdder {
  const { exact, stripped, soft, skeleton } = maps;
  return (i, names) => {
    const seen = new Set<string>();
    for (const n of names) {
      if (!n) continue;
      const f = fold(n);
      if (seen.has(f)) continue;
      seen.add(f);
      push(exact, f, i);
      const st = stripArticles(f);
      if (st !== f) push(stripped, st, i);
      const sk = softFromFolded(f);
      if (sk !== st) push(soft, sk, i);
      const skel = skeletonFromSoft(sk);
      if (skel.length >= 4 && skel !== sk) push(skeleton, skel, i);
    }
  };
}

/** Reads a file of build-places.ts's format into `places` and the name index; admin-1 seats only when `seats` is given. */
function readPlaces(
  file: string,
  places: Place[],
  addNames: NameAdder,
  countryByCode: Map<string, Country>,
  admin1ByCode: Map<string, Admin1>,
  seats: Map<string, Place> | null,
): void {
  const text = readFileSync(dataFile(file), 'utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const c = text.slice(start, end).split('\t');
    start = end + 1;
    if (c.length < 10) continue;
    const cc = c[7]!;
    const a1code = c[8] ? `${cc}.${c[8]}` : null;
    const place: Place = {
      id: `geonames:${c[0]}`,
      name: c[1]!,
      country_code: cc,
      country: countryByCode.get(cc)?.name ?? null,
      admin1_code: a1code,
      admin1: a1code ? (admin1ByCode.get(a1code)?.name ?? null) : null,
      lat: Number(c[4]),
      lon: Number(c[5]),
      population: Number(c[9]) || 0,
      feature: c[6]!,
      precision: 1,
    };
    const i = places.push(place) - 1;
    addNames(i, [c[1]!, c[2]!, ...c[3]!.split('|')]);
    if (
      seats &&
      a1code &&
      (c[6] === 'PPLA' || c[6] === 'PPLC') &&
      (!seats.has(a1code) || c[6] === 'PPLA')
    )
      seats.set(a1code, place);
  }
}

/** The index with the wide layer loaded (once). */
function wideIndex(): Index {
  const ix = index();
  if (!ix.wideLoaded) {
    readPlaces(
      'places-wide.tsv',
      ix.places,
      nameAdder(ix),
      ix.countryByCode,
      ix.admin1ByCode,
      null,
    );
    ix.wideLoaded = true;
  }
  return ix;
}

function index(): Index {
  cached ??= loadIndex();
  return cached;
}

/**
 * Loads the gazetteer's index now (~1 s, synchronous) rather than on first use: the server
 * calls it before it listens, so the first request that names a place does not hold every
 * other request for that second.
 */
export function loadGazetteer(): void {
  index();
}

export interface LookupContext {
  /** Countries the text is about, most likely first (from headings or "Nigerian army"). */
  countries?: string[];
  /** An admin-1 code the text is about ("IQ.10" under a "Diyala Province" heading). */
  admin1Code?: string | null;
  /** Also the wide layer (places-wide.tsv): border villages and the world's cities, for trade. */
  wide?: boolean;
  /** false: exact and article-free names only, no transliteration key or skeleton (default true). */
  loose?: boolean;
}

/**
 * The countries the gazetteer is built for (build-places.ts keeps all their places);
 * without other context they win a tie (Rafah, Egypt over Rafah, Gaza).
 */
export const FOCUS_COUNTRIES = [
  'IQ',
  'SY',
  'EG',
  'NG',
  'NE',
  'TD',
  'CM',
  'ML',
  'BF',
  'AF',
  'PK',
  'CD',
  'MZ',
  'SO',
] as const;
const FOCUS_SET: ReadonlySet<string> = new Set(FOCUS_COUNTRIES);

const FEATURE_RANK: Record<string, number> = {
  PPLC: 5,
  PPLA: 4,
  OURS: 3.5,
  PPLA2: 3,
  PPLA3: 2,
  PPL: 1,
};

/**
 * Places a name may mean, best first. Exact folded names are tried first, then the
 * article-free name, then the transliteration-tolerant key, then (inside the context's
 * countries only) the consonant skeleton. Within a tier, a place in the context's admin-1
 * or countries wins, then a capital or seat, then the larger population; with `wide`, a place
 * of that very name, then the larger population, right after the context.
 */
export function lookupPlace(name: string, ctx: LookupContext = {}): Place[] {
  const ix = ctx.wide ? wideIndex() : index();
  const folded = fold(name);
  if (!folded) return [];
  const countries = ctx.countries ?? [];
  const st = stripArticles(folded);
  const so = softFromFolded(folded);
  // Without `wide`, the wide layer's places (loaded by another caller) are not there.
  const limit = ctx.wide ? Infinity : ix.core;
  const union = (key: string, maps: Map<string, Ids>[]) => [
    ...new Set(maps.flatMap((m) => ids(m, key))),
  ];
  const loose = ctx.loose ?? true;
  const tiers: number[][] = [
    ids(ix.exact, folded),
    union(st, [ix.exact, ix.stripped]),
    ...(loose ? [union(so, [ix.exact, ix.stripped, ix.soft])] : []),
  ].map((t) => (limit < ix.places.length ? t.filter((i) => i < limit) : t));
  if (loose && countries.length) {
    const sk = skeletonFromSoft(so);
    if (sk.length >= 5)
      tiers.push(
        union(sk, [ix.exact, ix.stripped, ix.soft, ix.skeleton]).filter(
          (i) => i < limit && countries.includes(ix.places[i]!.country_code),
        ),
      );
  }
  const score = (p: Place) => {
    const ci = countries.indexOf(p.country_code);
    // Trade data (wide) names sellers' cities and buyers' towns anywhere: after the context,
    // a place of that very name (not an alternate: "Philadelphia" is not Alaşehir, "Suluk"
    // not Jolo), then the most populous; the bulletin countries and seats do not count.
    if (ctx.wide) {
      const own = fold(p.name);
      return (
        (ctx.admin1Code && p.admin1_code === ctx.admin1Code ? 1000 : 0) +
        (ci >= 0 ? 500 - ci * 10 : 0) +
        (own === folded || stripArticles(own) === st ? 50 : 0) +
        Math.log10(p.population + 1)
      );
    }
    return (
      (ctx.admin1Code && p.admin1_code === ctx.admin1Code ? 1000 : 0) +
      (ci >= 0 ? 500 - ci * 10 : 0) +
      (FOCUS_SET.has(p.country_code) ? 100 : 0) +
      (FEATURE_RANK[p.feature] ?? 0) * 20 +
      Math.log10(p.population + 1)
    );
  };
  for (const tier of tiers) {
    if (tier.length === 0) continue;
    const found = tier.map((i) => ix.places[i]!);
    // Without any country context, a tier whose only hits are far-off villages is still
    // an answer; the caller decides whether to trust it (confidence).
    return found.sort((a, b) => score(b) - score(a));
  }
  return [];
}

export interface LocateOptions extends LookupContext {
  /**
   * Named points the caller adds (a rule list's border gates), one per spelling: a part of
   * the text that the gazetteer has no place for is tried against their folded names.
   */
  extra?: readonly Place[];
}

const extraKeys = new WeakMap<readonly Place[], Map<string, Place>>();

function extraPlace(extra: readonly Place[] | undefined, folded: string): Place | null {
  if (!extra?.length) return null;
  let keys = extraKeys.get(extra);
  if (!keys) {
    keys = new Map();
    for (const p of extra) {
      const k = fold(p.name);
      if (k && !keys.has(k)) keys.set(k, p);
    }
    extraKeys.set(extra, keys);
  }
  return keys.get(folded) ?? null;
}

/**
 * The place a free-text field names ("Akçakale", "Akcakale, Sanliurfa", "Şanlıurfa (Merkez)",
 * "Akçakale border gate"), best first as `lookupPlace` ranks, in the context's countries when
 * it has any. Tries the whole text (every tier unless `loose` is false), then each part split
 * at commas, slashes, brackets and dashes, then each word of four letters or more (a word only
 * counts in the context's countries). Parts and words match exact or article-free names only:
 * the transliteration keys of every word of a field find far too many namesakes ("upon" is
 * Opon, Philippines).
 */
export function locatePlace(
  text: string | null | undefined,
  opts: LocateOptions = {},
): Place | null {
  if (!text) return null;
  const whole = foldText(text);
  if (!whole) return null;
  const strict = { ...opts, loose: false };
  const one = (folded: string, ctx: LookupContext = strict) =>
    lookupPlace(folded, ctx)[0] ?? extraPlace(opts.extra, folded);
  const direct = one(whole, opts);
  if (direct) return direct;
  const parts = text
    .split(/[,/()\-–;]+/)
    .map((p) => foldText(p))
    .filter(Boolean);
  for (const p of parts) {
    const hit = one(p);
    if (hit) return hit;
  }
  const countries = opts.countries ?? [];
  for (const w of whole.split(' ')) {
    if (w.length < 4) continue;
    const hit = one(w);
    if (hit && (!countries.length || countries.includes(hit.country_code))) return hit;
  }
  return null;
}

/**
 * Whether one folded word (article or not) names a place of `minPopulation` people or more:
 * a town's name is too common to tell two parties apart.
 */
export function isTownName(
  word: string,
  minPopulation: number,
  ctx: { wide?: boolean } = {},
): boolean {
  const ix = ctx.wide ? wideIndex() : index();
  const limit = ctx.wide ? Infinity : ix.core;
  const f = fold(word);
  return [...ids(ix.exact, f), ...ids(ix.stripped, f)].some(
    (i) => i < limit && ix.places[i]!.population >= minPopulation,
  );
}

/** An admin-1 unit by any of its spellings, "Province"/"State" suffix or not. */
export function lookupAdmin1(name: string, countries: string[] = []): Admin1 | null {
  const ix = index();
  const folded = foldText(name).replace(ADMIN1_SUFFIX, '');
  const hits = ix.admin1ByName.get(folded) ?? ix.admin1ByName.get(stripArticles(folded)) ?? [];
  if (hits.length === 0) return null;
  return hits.find((a) => countries.includes(a.country_code)) ?? hits[0]!;
}

export function admin1ByCode(code: string): Admin1 | null {
  return index().admin1ByCode.get(code) ?? null;
}

/** The seat of an admin-1 (its capital), whose coordinates stand for the region at precision 3. */
export function admin1Seat(code: string): Place | null {
  return index().admin1Seat.get(code) ?? null;
}

/** A country by name, adjective ("Nigerian") or ISO code. */
export function lookupCountry(name: string): Country | null {
  const ix = index();
  const t = name.trim();
  if (/^[A-Z]{2}$/.test(t)) return ix.countryByCode.get(t) ?? null;
  return ix.countryByName.get(foldText(t)) ?? null;
}

/** A country by its ISO 3166-1 numeric code (ACLED's `iso` column). */
export function countryByNumeric(n: number): Country | null {
  return index().countryByNumeric.get(n) ?? null;
}

export function countryByCode(code: string): Country | null {
  return index().countryByCode.get(code.toUpperCase()) ?? null;
}

/** How many places and names the gazetteer holds, per country: for the README's measurement. */
export function gazetteerStats(): {
  places: number;
  names: number;
  perCountry: Record<string, number>;
} {
  const ix = index();
  const core = ix.places.slice(0, ix.core);
  const perCountry: Record<string, number> = {};
  for (const p of core) perCountry[p.country_code] = (perCountry[p.country_code] ?? 0) + 1;
  let names = 0;
  for (const v of ix.exact.values()) if ((typeof v === 'number' ? v : v[0]!) < ix.core) names++;
  return { places: core.length, names, perCountry };
}

let byCountry: Map<string, Place[]> | undefined;

/** Every town of one country (precision-1 places only), for reverse geocoding. */
export function placesIn(countryCode: string): Place[] {
  if (!byCountry) {
    byCountry = new Map();
    const ix = index();
    for (const p of ix.places.slice(0, ix.core)) {
      if (p.precision !== 1) continue;
      const list = byCountry.get(p.country_code) ?? [];
      list.push(p);
      byCountry.set(p.country_code, list);
    }
  }
  return byCountry.get(countryCode) ?? [];
}

// ---------------------------------------------------------------------------------------
// The village layer: every populated place GeoNames knows in the focus countries
// (`data/villages/XX.tsv.gz`, derived by `build-villages.ts` from Who's On First), with
// their other names (Latin and, where Arabic is spoken, Arabic script), admin-1 and admin-2.
// One country is loaded (about 20–80 ms) the first time a lookup asks for it; lookups that
// do not ask (`lookupPlace`, flags' `wide` layer) never see it.

interface VillageIndex {
  places: Place[];
  exact: Map<string, Ids>;
  stripped: Map<string, Ids>;
  soft: Map<string, Ids>;
  /** Folded admin-2 name → the district as a place (its villages' centre, precision 2). */
  districts: Map<string, Place>;
}

const villageCache = new Map<string, VillageIndex | null>();

function villageIndex(cc: string): VillageIndex | null {
  if (villageCache.has(cc)) return villageCache.get(cc)!;
  const file = dataFile(`villages/${cc}.tsv.gz`);
  if (!/^[A-Z]{2}$/.test(cc) || !existsSync(file)) {
    villageCache.set(cc, null);
    return null;
  }
  const ix = index();
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  const vi: VillageIndex = {
    places: [],
    exact: new Map(),
    stripped: new Map(),
    soft: new Map(),
    districts: new Map(),
  };
  const add = nameAdder({ ...vi, skeleton: new Map() });
  let admin2: string[] = [];
  const sums = new Map<string, { lat: number; lon: number; n: number; a1: Map<string, number> }>();
  const country = ix.countryByCode.get(cc)?.name ?? null;
  let n = 0;
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const c = line.split('\t');
    if (c[0] === '@admin2') {
      admin2 = (c[1] ?? '').split('|');
      continue;
    }
    const a1code = c[4] ? `${cc}.${c[4]}` : null;
    const a2 = c[5] ? (admin2[Number(c[5])] ?? null) : null;
    const place: Place = {
      id: `village:${cc}:${n++}`,
      name: c[0]!,
      country_code: cc,
      country,
      admin1_code: a1code,
      admin1: a1code ? (ix.admin1ByCode.get(a1code)?.name ?? null) : null,
      lat: Number(c[2]),
      lon: Number(c[3]),
      population: 0,
      feature: c[6] || 'PPL',
      precision: 1,
      admin2: a2,
    };
    const i = vi.places.push(place) - 1;
    add(i, [c[0]!, ...(c[1] ? c[1].split('|') : [])]);
    if (a2) {
      const s = sums.get(a2) ?? { lat: 0, lon: 0, n: 0, a1: new Map() };
      s.lat += place.lat;
      s.lon += place.lon;
      s.n++;
      if (a1code) s.a1.set(a1code, (s.a1.get(a1code) ?? 0) + 1);
      sums.set(a2, s);
    }
  }
  for (const [name, s] of sums) {
    const a1code = [...s.a1].sort((x, y) => y[1] - x[1])[0]?.[0] ?? null;
    const district: Place = {
      id: `district:${cc}:${fold(name).replace(/ /g, '-')}`,
      name,
      country_code: cc,
      country,
      admin1_code: a1code,
      admin1: a1code ? (ix.admin1ByCode.get(a1code)?.name ?? null) : null,
      lat: Math.round((s.lat / s.n) * 1000) / 1000,
      lon: Math.round((s.lon / s.n) * 1000) / 1000,
      population: 0,
      feature: 'ADM2',
      precision: 2,
      admin2: name,
    };
    const f = fold(name);
    for (const key of new Set([f, stripArticles(f), softKey(name)]))
      if (!vi.districts.has(key)) vi.districts.set(key, district);
  }
  villageCache.set(cc, vi);
  return vi;
}

const VILLAGE_FEATURE_RANK: Record<string, number> = {
  PPLA2: 3,
  PPLA3: 2.5,
  PPLA4: 2,
  PPL: 1,
  PPLX: 1,
  PPLL: 0.5,
  PPLF: 0.5,
  PPLW: 0,
  PPLQ: 0,
};

/**
 * Villages and neighbourhoods of the context's countries (the first three) that bear a
 * name: exact folded names first, then without Arabic articles, then by transliteration
 * key ("Al-Izbah", "Al ‘Izbah", "Izba"); Arabic script matches Arabic script. Within a tier
 * a village of the context's admin-1 comes first, then the countries in their order. No
 * country, no villages: a village name alone is too often some other country's village.
 */
export function lookupVillage(
  name: string,
  ctx: { countries?: string[]; admin1Code?: string | null } = {},
): Place[] {
  const countries = (ctx.countries ?? []).slice(0, 3);
  const folded = fold(name);
  if (!folded || folded.length < 3 || countries.length === 0) return [];
  const st = stripArticles(folded);
  const so = softFromFolded(folded);
  for (const tier of [0, 1, 2]) {
    const found: Place[] = [];
    for (const cc of countries) {
      const vi = villageIndex(cc);
      if (!vi) continue;
      const hits =
        tier === 0
          ? ids(vi.exact, folded)
          : tier === 1
            ? [...new Set([...ids(vi.exact, st), ...ids(vi.stripped, st)])]
            : so.length >= 4
              ? [...new Set([...ids(vi.exact, so), ...ids(vi.stripped, so), ...ids(vi.soft, so)])]
              : [];
      for (const i of hits) found.push(vi.places[i]!);
    }
    if (!found.length) continue;
    const score = (p: Place) =>
      (ctx.admin1Code && p.admin1_code === ctx.admin1Code ? 100 : 0) -
      countries.indexOf(p.country_code) * 10 +
      (VILLAGE_FEATURE_RANK[p.feature] ?? 1);
    return found.sort((a, b) => score(b) - score(a));
  }
  return [];
}

/**
 * A district (admin-2: an Afghan or Pakistani district, a Nigerian LGA, a Congolese
 * territory, an Iraqi or Syrian district) of the context's countries by name, placed at
 * the centre of its villages, precision 2.
 */
export function lookupDistrict(
  name: string,
  ctx: { countries?: string[]; admin1Code?: string | null } = {},
): Place | null {
  const f = fold(name.replace(/\s+(district|territory|lga|local government area|tehsil)$/i, ''));
  if (!f) return null;
  const hits: Place[] = [];
  for (const cc of (ctx.countries ?? []).slice(0, 3)) {
    const vi = villageIndex(cc);
    if (!vi) continue;
    const d =
      vi.districts.get(f) ?? vi.districts.get(stripArticles(f)) ?? vi.districts.get(softKey(f));
    if (d) hits.push(d);
  }
  return hits.find((d) => ctx.admin1Code && d.admin1_code === ctx.admin1Code) ?? hits[0] ?? null;
}
