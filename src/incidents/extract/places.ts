import { foldText } from '../../core/fold.ts';
import {
  admin1ByCode,
  admin1Seat,
  lookupAdmin1,
  lookupCountry,
  lookupDistrict,
  lookupPlace,
  lookupVillage,
  type Place,
} from '../../geo/gazetteer.ts';
import {
  BEARINGS,
  destinationPoint,
  distanceKm,
  findOffsets,
  type CompassDir,
  type OffsetMention,
} from '../../geo/offset.ts';
import { nearestPlace } from '../../geo/reverse.ts';

export interface GeoContext {
  countries: string[];
  admin1Code: string | null;
}

export interface GeoResult {
  place: string | null;
  anchor_place: string | null;
  offset_km: number | null;
  offset_dir: CompassDir | null;
  lat: number | null;
  lon: number | null;
  geo_precision: 1 | 2 | 3 | null;
  country_code: string | null;
  country: string | null;
  admin1: string | null;
  /** How sure the place is: 1 for a gazetteer hit inside the context's country, lower otherwise. */
  certainty: number;
}

const EMPTY: GeoResult = {
  place: null,
  anchor_place: null,
  offset_km: null,
  offset_dir: null,
  lat: null,
  lon: null,
  geo_precision: null,
  country_code: null,
  country: null,
  admin1: null,
  certainty: 0,
};

/** A run of capitalised words with the particles place names carry (al-, ez-, bin, de). */
const WORD = String.raw`[A-Z][\p{L}'’‘ʿ]*(?:-[A-Z]?[\p{L}'’‘ʿ]+)*`;
const PARTICLE = String.raw`(?:al|el|ar|as|ash|ad|az|an|at|ez|ed|es|er|de|da|du|di|la|le|bin|ibn|bni|i|e|ul|wa)`;
const NAME = String.raw`(?:(?:al|el)[-\s]|(?:ar|as|ash|ad|az|an|at)-)?${WORD}(?:(?:\s${PARTICLE}[-\s]|\s)${WORD})*`;

// ---------------------------------------------------------------------------------------
// Names that are not places: organisations, operations, outlets, and words glued to a
// country ("Iran-backed"). They are blanked (same length, so positions hold) before
// places are looked for.

const ORG_WORDS = String.raw`Forces|Force|Army|Council|Agency|News|Observatory|Tracker|Barometer|Cell|Command|Commands|Units?|Organi[sz]ation|Committee|Ministry|Hospital|Brigade|Battalion|Division|Regiment|Party|Front|Movement|Group|Service|Services|Directorate|Media|Press|Times|Post|Tribune|Radio|Television|TV|Channel|Coalition|Mobili[sz]ation|Guard|Guards|Police|Commission|Mission|Office|University|Institute|Network|Monitor|Authority|Agency|Alliance|Congress|Assembly|Parliament|Government|Administration|Department|Airport|Magazine|Gazette|Herald|Daily|Weekly|Review|Journal|Reporters|Watch|Foundation|Society|Association|Union|Federation|Bank|Company|Corporation`;
const ORG_SPAN = new RegExp(
  String.raw`\b(?:(?:[A-Z][\p{L}'’&-]*|[0-9]+(?:st|nd|rd|th)?)[ \t]+(?:(?:of|for|and|to|the|de|du|des|al|el)[ \t]+)*){0,6}(?:${ORG_WORDS})\b(?:[ \t]+(?:for|of|to)[ \t]+(?:the[ \t]+)?(?:[A-Z][\p{L}'’-]*)(?:[ \t]+(?:and[ \t]+)?[A-Z][\p{L}'’-]*){0,4})?`,
  'gu',
);
/** Armed groups whose names hold a place word: never the place or the country. */
const GROUP_SPAN =
  /\b(?:Islamic State|IS|ISIS|ISIL)(?:'s|’s)?(?:\s+(?:in|of)\s+(?:the\s+)?(?:Greater\s+)?[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*|\s+(?:[-–]\s+)?(?:West Africa|Central Africa|Sahel|Khorasan|Khurasan|Sinai|Somalia|Mozambique|Pakistan|Hind|[A-Z][a-z]+)\s+Province)|\b(?:Province of Sinai|Sinai Provinces?|Wilayat?\s+Sinai|Wilayet\s+Sinai|Khorasan Province|Khurasan Province|West Africa Province|Central Africa Province)\b|\bJam[aā][’'ʿ]?a?t\b[^,;()\n]{3,60}|\bAhlu?\s+(?:al-|as-)?Sunn?a[h]?\b[^,;()\n]{0,30}|\bAnsar\s+al-[A-Z][\p{L}]+|\bOperations?\s+[A-Z][\p{L}'’-]*(?:\s+[A-Z][\p{L}'’-]*)*|\b[A-Z][\p{L}]*\s+Operations?\s+Command\b/gu;
/** "Iran-backed", "US-led", "Britain-based", "ISIS-linked", "al-Qaeda-affiliated". */
const GLUED =
  /\b[\p{L}.]+(?:[- ][\p{L}]+)?-(?:backed|based|led|linked|affiliated|run|allied|aligned|sponsored|supported|funded|trained|born|made)\b/gu;
/** Outlets and news services a dateline or a citation names. */
const OUTLETS =
  /\((?:[^()]{1,40})\)|\b(?:Shafaq News(?: Agency)?|Kurdistan ?24|Rudaw|North Press|Mada Masr|The New Arab|Al-Araby Al-Jadeed|Anadolu(?: Agency)?|Xinhua|Reuters|AFP|Associated Press|Europa Press|Carta de Mo[cç]ambique|Zitamar(?: News)?|Mediafax|O Pa[ií]s|Amaq|A[a]?maq|Al-Naba'?a?|Telegram|Twitter|Facebook|Khaama Press|TOLOnews|Pajhwok|Dawn|Daily News Egypt|Egypt Today|Sahara Reporters|Premium Times|HumAngle|Daily Post|DailyPost|Kivu Security (?:Tracker|Barometer)|Long War Journal|Al Jazeera|Al Arabiya|Sky News|BBC|VOA|CNN|SANA|INA|IRNA|Tasnim|Fars|MENASTREAM|ACLED|Crisis24|Talos)\b/gu;
/** "By Njadvara MUSA, Maiduguri." — a byline's town is where the writer is. */
const BYLINE = /\bBy\s+[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+){0,3},\s+[A-Z][\p{L}]+\.?/gu;
/** "BAGHDAD (AP) —", "DEIR EZ-ZOR, Syria (North Press) –", "TIKRIT, Iraq, Aug. 16 (Xinhua) --", "ISLAMABAD:". */
const DATELINE =
  /(?:^|(?<=[.”"’]\s{1,3}|\s{2}))([A-Z][A-Z'’ -]{2,30}?|[A-Z][a-z]+)(?:,\s*[A-Z][\p{L} ]+?)?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:\([^)]{1,40}\))?\s*(?:\.-|--|[-–—:])(?=\s)/gu;

function blank(text: string, re: RegExp, keep?: (m: RegExpMatchArray) => boolean): string {
  return text.replace(re, (...args) => {
    const m = args as unknown as RegExpMatchArray;
    const whole = m[0];
    if (keep && keep(m)) return whole;
    return whole.replace(/[^\s]/g, ' ');
  });
}

/** Words that are never a place in this text, whatever a village may be called. */
const NOT_PLACES = new Set(
  [
    'isis',
    'isil',
    'is',
    'islamic state',
    'daesh',
    'sdf',
    'hts',
    'taliban',
    'amaq',
    'telegram',
    'irgc',
    'iswap',
    'iskp',
    'adf',
    'jnim',
    'boko haram',
    'al shabaab',
    'al qaeda',
    'al naba',
    'pkk',
    'ttp',
    'fama',
    'upd',
    'updf',
    'fardc',
    'monusco',
    'minusma',
    'pmu',
    'pmf',
    'popular mobilization',
    'peshmerga',
    'asayish',
    'hashd',
    'caliphate',
    'muslim',
    'muslims',
    'christian',
    'christians',
    'shia',
    'shiite',
    'sunni',
    'kurdish',
    'kurds',
    'arab',
    'arabs',
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'eid',
    'ramadan',
    'he',
    'she',
    'they',
    'the',
    'an',
    'a',
    'in',
    'on',
    'it',
    'this',
    'that',
    'there',
    'coalition',
    'international coalition',
    'republican guard',
    'sources',
    'police',
    'army',
    'government',
    'military',
    'security',
    'troops',
    'soldiers',
    'militants',
    'insurgents',
    'jihadists',
    'terrorists',
    'gunmen',
    'rebels',
    'forces',
    'officials',
    'local',
    'state',
    'province',
    'region',
    'district',
    'village',
    'town',
    'city',
    'area',
    'gmt',
    'us',
    'un',
    'uk',
    'eu',
    'ied',
    'vbied',
    'rpg',
    'dsp',
    'ibo',
    'ispr',
    'north',
    'south',
    'east',
    'west',
    'north east',
    'north west',
    'south east',
    'south west',
    'northeast',
    'northwest',
    'southeast',
    'southwest',
    'central',
  ].map((s) => s),
);

function usable(name: string): boolean {
  const f = foldText(name);
  return f.length >= 3 && !NOT_PLACES.has(f) && !lookupCountryAdjective(name);
}

/** "Syrian", "Iraqi", "Nigerien": an adjective of nationality is no place. */
function lookupCountryAdjective(word: string): boolean {
  if (!/^[A-Z][a-z]+(?:ese|ian|ean|an|i|ish|ien|ois)$/.test(word)) return false;
  const c = lookupCountry(word);
  return !!c && foldText(c.name) !== foldText(word);
}

// ---------------------------------------------------------------------------------------
// Candidates: a name and what the text says it is. Rank is how fine a place it is: 0.5 a
// street, road, square, camp, lake, base or neighbourhood; 1 a village or town; 1.5 a
// name after "in"/"at" the gazetteer does not know; 2 a district; 2.2 a city the text is
// only "near"; 2.5 a name that is both a province and its seat; 3 a province; 4 a country.

type Kind = 'facility' | 'settlement' | 'area' | 'district' | 'province' | 'country' | 'unknown';

const KIND_WORDS: Record<string, Kind> = {
  village: 'settlement',
  villages: 'settlement',
  town: 'settlement',
  city: 'settlement',
  hamlet: 'settlement',
  locality: 'settlement',
  community: 'settlement',
  settlement: 'settlement',
  neighbourhood: 'facility',
  neighborhood: 'facility',
  quarter: 'facility',
  camp: 'facility',
  street: 'facility',
  road: 'facility',
  highway: 'facility',
  square: 'facility',
  market: 'facility',
  bazaar: 'facility',
  lake: 'facility',
  mountains: 'facility',
  mountain: 'facility',
  hills: 'facility',
  valley: 'area',
  axis: 'facility',
  station: 'facility',
  base: 'facility',
  barracks: 'facility',
  outpost: 'facility',
  bridge: 'facility',
  dam: 'facility',
  airport: 'facility',
  area: 'area',
  'sub-district': 'district',
  subdistrict: 'district',
  'sub district': 'district',
  district: 'district',
  territory: 'district',
  'local government area': 'district',
  lga: 'district',
  tehsil: 'district',
  county: 'district',
  department: 'district',
  commune: 'district',
  'administrative post': 'district',
  prefecture: 'district',
  ward: 'district',
  province: 'province',
  governorate: 'province',
  state: 'province',
  region: 'province',
  countryside: 'province',
  desert: 'province',
};

/** Facilities keep their kind word in the place as written ("Hawl Camp", "al-Noor street"). */
const KEEP_KIND =
  /^(camp|street|road|highway|square|market|bazaar|lake|mountains|mountain|hills|axis)$/;

const KIND_AFTER = new RegExp(
  String.raw`(${NAME})\s+(?:(?:main|old|new|international|military|army|refugee|displacement|idp|local)\s+)?(local government area|administrative post|sub-district|subdistrict|neighbou?rhood|village|town|city|hamlet|locality|community|camp|street|road|highway|square|market|bazaar|lake|mountains|mountain|hills|valley|axis|station|base|barracks|outpost|bridge|area|district|territory|lga|tehsil|ward|province|governorate|state|region|countryside|desert)\b`,
  'gu',
);
const KIND_BEFORE = new RegExp(
  String.raw`\b(?:the\s+)?(?:[a-z-]+\s+){0,3}?(village|town|city|hamlet|locality|community|neighbou?rhood|district|sub-district|subdistrict|area|region|camp|territory|province|governorate|state|county|commune|department|prefecture|administrative post|tehsil|countryside)\s+of\s+(?:the\s+)?(${NAME})`,
  'gu',
);
const APPOSITIVE = new RegExp(
  String.raw`(${NAME}),\s+(?:(?:a|an|the)\s+)?(?:[a-z-]+\s+){0,3}?(village|town|community|city|locality|hamlet|settlement|district|area)\b`,
  'gu',
);
const ADMIN1_NAMED = new RegExp(
  String.raw`(${NAME})\s+(?:[Pp]rovince|[Ss]tate|[Gg]overnorate|[Rr]egion)\b`,
  'gu',
);
const CALLED = new RegExp(String.raw`\b(?:referred to as|known as|called|named)\s+(${NAME})`, 'gu');
const PREP = new RegExp(
  String.raw`\b(in|at|near|outside|around|attacked|attacks|stormed|raided|overran|rocked|struck|shook|from|into|of|between|toward|towards|inside|on the outskirts of|in the vicinity of|close to)\s+(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|southwest|rural|restive|volatile|disputed|troubled|remote|notorious)\s+)?(${NAME})`,
  'gu',
);

/** Words that put an event around a town rather than in it (ACLED's precision 2). */
const NEAR_PREP = /^(near|outside|around|on the outskirts of|in the vicinity of|close to)$/;

interface Candidate {
  name: string;
  /** The place as written ("Hawl Camp", "Ain Issa main road", "al-Izbah"). */
  written: string;
  index: number;
  end: number;
  kind: Kind;
  rank: number;
  place: Place | null;
  admin1Code: string | null;
  countryCode: string | null;
  sentence: number;
  prep: string | null;
}

const COMPASS_WORD =
  /^(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|North-?East|North-?West|South-?East|South-?West|Northeast|Northwest|Southeast|Southwest)(?:ern)?$/;
const TIME_WORD =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$/;

/** Trims a name run: a possessive ("Syria's Deir ez-Zor" → "Deir ez-Zor") and a leading adjective of nationality. */
function cleanName(name: string): { name: string; shift: number } {
  let shift = 0;
  let n = name;
  const poss = /^.*?['’]s\s+/.exec(n);
  if (poss) {
    shift += poss[0].length;
    n = n.slice(poss[0].length);
  }
  const words = n.split(/\s+/);
  while (
    words.length > 1 &&
    (lookupCountryAdjective(words[0]!) || /^(The|A|An)$/.test(words[0]!))
  ) {
    shift += words[0]!.length + 1;
    words.shift();
  }
  while (
    words.length > 1 &&
    COMPASS_WORD.test(words[0]!) &&
    !lookupAdmin1(words.join(' ')) &&
    !lookupPlace(words.join(' '), { loose: false }).length
  ) {
    shift += words[0]!.length + 1;
    words.shift();
  }
  while (words.length > 1 && TIME_WORD.test(words[words.length - 1]!)) words.pop();
  return { name: words.join(' ').replace(/['’]s$/, ''), shift };
}

function sentenceStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/[.!?…]["”’)]?\s+(?=["“‘(]?[A-Z0-9])|\s{2,}(?=[A-Z“"])/g))
    starts.push(m.index! + m[0].length);
  return starts;
}

function sentenceOf(starts: number[], at: number): number {
  let s = 0;
  for (let i = 0; i < starts.length; i++) if (starts[i]! <= at) s = i;
  return s;
}

/** The place a name means in this passage: a town of the context's countries, else one of its villages. */
function gazetteerPlace(name: string, ctx: GeoContext): Place | null {
  if (!usable(name)) return null;
  const hits = lookupPlace(name, { countries: ctx.countries, admin1Code: ctx.admin1Code });
  const inCtx = ctx.countries.length
    ? hits.find((p) => ctx.countries.includes(p.country_code))
    : hits[0];
  if (inCtx) return inCtx;
  return lookupVillage(name, ctx)[0] ?? null;
}

function collectCandidates(masked: string, ctx: GeoContext, anchors: Set<number>): Candidate[] {
  const starts = sentenceStarts(masked);
  const out: Candidate[] = [];
  const push = (
    raw: string,
    at: number,
    kindWord: string | null,
    prep: string | null,
    written?: string,
  ) => {
    const { name, shift } = cleanName(raw);
    const index = at + shift;
    if (!name || !usable(name) || !/^(?:al|el|ar|as|ash|ad|az|an|at)?[-\s]?[A-Z]/.test(name))
      return;
    if (out.some((c) => c.index === index && c.kind !== 'unknown')) return;
    const kw = (kindWord ?? '').toLowerCase().replace(/\s+/g, ' ');
    let kind: Kind = kindWord ? (KIND_WORDS[kw] ?? 'area') : 'unknown';
    const country = lookupCountry(name);
    if (country && foldText(country.name) === foldText(name)) kind = 'country';
    const cand: Candidate = {
      name,
      written: written ?? name,
      index,
      end: index + name.length,
      kind,
      rank: 0,
      place: null,
      admin1Code: null,
      countryCode: country ? country.code : null,
      sentence: sentenceOf(starts, index),
      prep,
    };
    if (kind === 'country') {
      cand.rank = 4;
      out.push(cand);
      return;
    }
    const a1 = lookupAdmin1(name, ctx.countries);
    const a1InCtx = a1 && (ctx.countries.length === 0 || ctx.countries.includes(a1.country_code));
    if (kind === 'province') {
      if (a1InCtx) {
        cand.admin1Code = a1!.code;
        cand.countryCode = a1!.country_code;
      }
      cand.rank = 3;
      out.push(cand);
      return;
    }
    if (kind === 'district') {
      cand.place =
        lookupDistrict(name, ctx) ??
        (() => {
          const p = gazetteerPlace(name, ctx);
          return p ? { ...p, precision: 2 as const } : null;
        })();
      cand.rank = 2;
    } else {
      cand.place = gazetteerPlace(name, ctx);
      if (kind === 'facility') cand.rank = 0.5;
      else if (kind === 'settlement') cand.rank = 1;
      else if (kind === 'area') cand.rank = 1.2;
      else {
        // A bare name: the gazetteer says what it is.
        const isSeat = cand.place && /^PPL(A|C)$/.test(cand.place.feature);
        const aroundTown = prep !== null && NEAR_PREP.test(prep);
        if (a1InCtx && isSeat && aroundTown) {
          // "on the outskirts of Homs": the city, not the province.
          cand.admin1Code = a1!.code;
          cand.rank = 2.2;
        } else if (a1InCtx && (!cand.place || isSeat || cand.place.admin1_code === a1!.code)) {
          // "in Kirkuk", "in Diyala": a province (or a province and its seat).
          cand.admin1Code = a1!.code;
          cand.countryCode = a1!.country_code;
          cand.rank = cand.place && isSeat ? 2.5 : 3;
        } else if (cand.place) {
          cand.rank = aroundTown && /^PPL(A|C|A2)$/.test(cand.place.feature) ? 2.2 : 1;
        } else if (prep && /^(in|at|attacked|attacks|stormed|raided|overran)$/.test(prep)) {
          cand.rank = 1.5;
        } else if (prep && NEAR_PREP.test(prep)) {
          // "a village near Oicha": a town the gazetteer lacks, the area around it.
          cand.rank = 1.8;
        } else return;
      }
    }
    if (cand.place) cand.countryCode = cand.place.country_code;
    // "the district of al-Noor in the center of the city of Raqqa": a city's district.
    if (
      (kind === 'district' || kind === 'area') &&
      /^\s*(?:,\s*)?in\s+(?:the\s+\w+\s+of\s+)?the\s+city\s+of\b/i.test(
        masked.slice(cand.end, cand.end + 40),
      )
    )
      cand.rank = 0.5;
    // "village of Salhaddin province": the kind word after the name wins.
    const after = /^\s+(province|governorate|state|region|district)\b/i.exec(
      masked.slice(cand.end),
    );
    if (after) {
      const k = KIND_WORDS[after[1]!.toLowerCase()]!;
      if (k === 'province') {
        cand.kind = 'province';
        cand.rank = 3;
        if (a1InCtx) {
          cand.admin1Code = a1!.code;
          cand.countryCode = a1!.country_code;
        }
        cand.place = null;
      }
    }
    if (anchors.has(index)) cand.rank += 1.6;
    out.push(cand);
  };
  for (const m of masked.matchAll(KIND_AFTER)) {
    const kw = m[2]!.toLowerCase();
    const written = KEEP_KIND.test(kw) ? m[0].replace(/\s+/g, ' ') : undefined;
    push(m[1]!, m.index!, kw, null, written);
  }
  for (const m of masked.matchAll(KIND_BEFORE))
    push(m[2]!, m.index! + m[0].length - m[2]!.length, m[1]!, null);
  for (const m of masked.matchAll(APPOSITIVE)) push(m[1]!, m.index!, m[2]!, null);
  for (const m of masked.matchAll(CALLED))
    push(m[1]!, m.index! + m[0].length - m[1]!.length, 'village', null);
  for (const m of masked.matchAll(PREP)) {
    const at = m.index! + m[0].length - m[2]!.length;
    if (out.some((c) => at >= c.index - 1 && at < c.end)) continue;
    push(m[2]!, at, null, m[1]!.toLowerCase());
  }
  // Containers: "Mbomouga in Chad's Ngouboua area", "Mbau, in Mocimboa da Praia district".
  out.sort((a, b) => a.index - b.index);
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    const c = out[i]!;
    const between = masked.slice(prev.end, c.index);
    if (
      /^(?:\s+(?:village|town|area|camp))?\s*,?\s*(?:in|of|within)\s+(?:the\s+)?(?:[a-z]+\s+)?$/.test(
        between,
      ) &&
      c.rank <= prev.rank + 0.5 &&
      c.kind !== 'facility'
    )
      c.rank = Math.max(c.rank, prev.rank + 0.6);
  }
  return out;
}

/** The candidate the passage is about: the finest place of the first sentence that names a district or finer; the headline last. */
function choose(cands: Candidate[], headlineEnd: number): Candidate | null {
  const body = cands.filter((c) => c.index >= headlineEnd && c.kind !== 'country');
  const head = cands.filter((c) => c.index < headlineEnd && c.kind !== 'country');
  const better = (a: Candidate, b: Candidate | null) =>
    !b || a.rank < b.rank || (a.rank === b.rank && a.index < b.index);
  let best: Candidate | null = null;
  const sentences = [...new Set(body.map((c) => c.sentence))].sort((a, b) => a - b);
  for (const s of sentences) {
    for (const c of body) if (c.sentence === s && better(c, best)) best = c;
    if (best && best.rank <= 2) {
      // A capital or provincial seat: a neighbourhood, street or square named later in the
      // story is where in the city ("in Peshawar … in the Kosha Risaldar neighbourhood").
      if (best.place && /^PPL(C|A)$/.test(best.place.feature) && best.rank >= 1) {
        const city = best.place;
        const inside = body.find(
          (c) =>
            c.sentence > s &&
            c.kind === 'facility' &&
            c.rank <= 0.5 &&
            (!c.place || distanceKm(c.place.lat, c.place.lon, city.lat, city.lon) <= 30),
        );
        if (inside) return inside;
      }
      return best;
    }
  }
  for (const c of head) if (better(c, best) && (!best || c.rank < best.rank)) best = c;
  return best;
}

/**
 * Where the headline ends: the text before the first double space or line break when it
 * reads as one, or a short first sentence (10 words at most, no comma) of a story of three or more
 * (extraction joins a headline to its story as a sentence of its own).
 */
function headlineEnd(text: string): number {
  const m = /^(.{10,160}?)(?:\s{2,}|\n)/s.exec(text);
  if (m && !/[.!?]["”’]?$/.test(m[1]!.trim())) return m[1]!.length;
  const starts = sentenceStarts(text);
  if (starts.length >= 3) {
    const first = text.slice(0, starts[1]!);
    if (first.trim().split(/\s+/).length <= 10 && !first.includes(',')) return starts[1]!;
  }
  return 0;
}

/** Country names with words the name runs do not take ("Democratic Republic of the Congo"). */
const LONG_COUNTRY =
  /\b(?:the\s+)?Democratic Republic of(?: the)? Congo\b|\bD\.?R\.? ?Congo\b|\bDRC\b|\bCentral African Republic\b/gu;

function maskText(text: string): string {
  let t = blank(text, LONG_COUNTRY);
  t = blank(t, GROUP_SPAN);
  t = blank(t, GLUED);
  t = blank(t, OUTLETS);
  t = blank(t, BYLINE);
  t = blank(t, ORG_SPAN);
  t = blank(t, DATELINE);
  return t;
}

// ---------------------------------------------------------------------------------------
// Countries of a passage.

/** Foreign forces and patrons: their adjectives do not move the place abroad. */
const FOREIGN_ACTORS = /^(RU|US|IR|TR|FR|GB|RW|AU|DE|IT|ES|BE|CA|CN|IL|SA|AE|QA|JO|LB)$/;

/**
 * The countries a passage is about, most likely first: a country named outright ("in
 * Syria", "Nigeria's Borno state", ", northern Syria") counts most, then provinces named
 * with their kind word, then adjectives of nationality ("Iraqi soldiers", "Syrian
 * Democratic Forces"), then the dateline; names glued into "Iran-backed" or "US-led" and
 * groups' names ("Islamic State West Africa Province") count for nothing. The heading's
 * countries follow.
 */
export function passageContext(outer: GeoContext, body: string): GeoContext {
  const votes = new Map<string, number>();
  const vote = (cc: string, w: number) => votes.set(cc, (votes.get(cc) ?? 0) + w);
  const light = blank(blank(blank(body, GROUP_SPAN), GLUED), OUTLETS);
  for (const m of light.matchAll(/\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,4})(['’]s)?/g)) {
    const words = m[1]!.split(/[ -]/);
    for (let k = 0; k < words.length; k++) {
      // The longest country name or adjective starting at this word ("South Sudan", "Iraqi").
      for (let n = Math.min(3, words.length - k); n >= 1; n--) {
        const phrase = words.slice(k, k + n).join(' ');
        const c = lookupCountry(phrase);
        if (!c) continue;
        const isName =
          foldText(c.name) === foldText(phrase) || /^(DR Congo|Congo|DRC)$/.test(phrase);
        if (isName) vote(c.code, FOREIGN_ACTORS.test(c.code) ? 1 : 3);
        else vote(c.code, FOREIGN_ACTORS.test(c.code) ? 0 : 1);
        k += n - 1;
        break;
      }
    }
  }
  for (const m of light.matchAll(LONG_COUNTRY)) vote(/Central/.test(m[0]) ? 'CF' : 'CD', 3);
  for (const m of light.matchAll(ADMIN1_NAMED)) {
    const { name } = cleanName(m[1]!);
    const a1 = lookupAdmin1(name, outer.countries);
    if (a1 && !lookupCountry(name)) vote(a1.country_code, 2);
  }
  const dl = DATELINE.exec(body);
  DATELINE.lastIndex = 0;
  if (dl) {
    const p = lookupPlace(titleCase(dl[1]!))[0];
    if (p) vote(p.country_code, 0.5);
  }
  const own = [...votes]
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c]) => c);
  const countries = [...new Set([...own, ...outer.countries])];
  const admin1Code =
    outer.admin1Code && countries[0] && outer.admin1Code.startsWith(`${countries[0]}.`)
      ? outer.admin1Code
      : null;
  return { countries, admin1Code };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s-])\p{L}/gu, (c) => c.toUpperCase());
}

// ---------------------------------------------------------------------------------------

function anchorPlace(text: string, ctx: GeoContext): Place | null {
  const capital = /^(.+?) state capital$/.exec(text);
  if (capital) {
    const a1 = lookupAdmin1(capital[1]!, ctx.countries);
    return a1 ? admin1Seat(a1.code) : null;
  }
  const { name } = cleanName(text);
  const words = name.split(/\s+/);
  for (let n = words.length; n >= 1; n--) {
    const p = gazetteerPlace(words.slice(0, n).join(' '), ctx);
    if (p) return p;
  }
  const a1 = lookupAdmin1(name, ctx.countries);
  return a1 ? admin1Seat(a1.code) : null;
}

function anchorName(o: OffsetMention): string {
  const capital = /^(.+?) state capital$/.exec(o.anchorText);
  if (capital) {
    const a1 = lookupAdmin1(capital[1]!);
    return (a1 && admin1Seat(a1.code)?.name) ?? o.anchorText;
  }
  return cleanName(o.anchorText).name;
}

/**
 * Where a passage happened. The place is the finest one the text names where it happened,
 * as written, even when the gazetteer does not know it ("the village of al-Izbah"); it is
 * located at the finest level known: the village or town itself (geo_precision 1), the
 * point an offset gives from its anchor ("50 km east of Deir ez-Zor": 2, as ACLED codes
 * "near a town"), the district (2) or the province (3). Organisations, operations,
 * outlets and datelines are not places. The offset is the first one the text gives
 * from a named place ("25 kilometers (15 miles) from Maiduguri": distance only; "north of
 * Jalawla": direction only).
 */
export function locate(text: string, ctx: GeoContext): GeoResult {
  const masked = maskText(text);
  const offsets = findOffsets(masked).filter(
    (o) => usable(cleanName(o.anchorText).name) || /state capital$/.test(o.anchorText),
  );
  const anchors = new Set<number>();
  for (const o of offsets) {
    const shift = o.anchorText.startsWith(masked.slice(o.anchorIndex, o.anchorIndex + 1))
      ? masked.indexOf(o.anchorText.split(' ')[0]!, o.anchorIndex)
      : o.anchorIndex;
    anchors.add(shift);
  }
  let cands = collectCandidates(masked, ctx, anchors);
  if (ctx.countries.length === 0) {
    // No country named: the towns and provinces the text names say which (a provincial
    // seat or a province outweighs a village's namesake abroad).
    const votes = new Map<string, number>();
    for (const c of cands) {
      if (!c.countryCode) continue;
      const w = c.admin1Code ? 3 : c.place && /^PPL(A|C|A2)$/.test(c.place.feature) ? 2 : 1;
      votes.set(c.countryCode, (votes.get(c.countryCode) ?? 0) + w);
    }
    const inferred = [...votes].sort((a, b) => b[1] - a[1]).map(([c]) => c);
    if (inferred.length) {
      ctx = { countries: inferred, admin1Code: null };
      cands = collectCandidates(masked, ctx, anchors);
    }
  }
  // "X, 9 km south of Y" / "X (100 km north-east of Y)": X is the place the offset locates.
  for (const o of offsets) {
    const before = masked.slice(Math.max(0, o.index - 80), o.index);
    const near = cands.find(
      (c) =>
        c.end <= o.index &&
        c.end >= o.index - 80 &&
        /^(?:\s+(?:village|town|district|area|camp|city))?\s*(?:,|\(|,?\s+(?:a|an)\s+[a-z ]+?(?:that is|which is|located|lying)?|,?\s+(?:located|lying|which is|that is))\s*(?:about|some|approximately|nearly|around|just)?\s*$/.test(
          masked.slice(c.end, o.index),
        ),
    );
    if (near && near.rank > 1) near.rank = anchors.has(near.index) ? near.rank - 1.6 : 1;
    void before;
  }
  const chosen = choose(cands, headlineEnd(text));
  const offset = offsets.find((o) => o.km !== null) ?? offsets[0] ?? null;
  const anchor = offset ? anchorPlace(offset.anchorText, ctx) : null;
  const anchorWritten = offset ? anchorName(offset) : null;

  // The admin-1 the text names with its kind word ("Diyala province", "Borno State").
  const named = cands.find((c) => c.kind === 'province' && c.admin1Code);
  // A namesake in the province the text names wins ("Kisima … in North Kivu province").
  if (chosen?.place && named?.admin1Code && chosen.place.admin1_code !== named.admin1Code) {
    const same = [
      ...lookupPlace(chosen.name, { countries: ctx.countries, admin1Code: named.admin1Code }),
      ...lookupVillage(chosen.name, { countries: ctx.countries, admin1Code: named.admin1Code }),
    ].find((p) => p.admin1_code === named.admin1Code);
    if (same) chosen.place = same;
  }
  let base = chosen?.place ?? null;
  // A news dateline ("KIRKUK, Iraq (Reuters) -") says where the report was filed: near the
  // event more often than not, so an area, and only when the text names nothing else.
  let fromDateline: Place | null = null;
  if (!base && !anchor && !chosen && !named) {
    const dl =
      /^\s*([A-Z][A-Z'’ -]{2,30}?)(?:,\s*[A-Z][\p{L} ]+?)?\s*(?:\([^)]*\)\s*)?(?:--|[-–—:])/u.exec(
        text,
      );
    fromDateline = dl ? gazetteerPlace(titleCase(dl[1]!.trim()), ctx) : null;
    base = fromDateline;
  }
  const cc =
    base?.country_code ??
    chosen?.countryCode ??
    anchor?.country_code ??
    named?.countryCode ??
    ctx.countries[0] ??
    cands.find((c) => c.countryCode)?.countryCode ??
    null;
  const admin1Code =
    (named && (!cc || named.admin1Code!.startsWith(`${cc}.`)) ? named.admin1Code : null) ??
    (chosen?.admin1Code && (!cc || chosen.admin1Code.startsWith(`${cc}.`))
      ? chosen.admin1Code
      : null) ??
    base?.admin1_code ??
    (ctx.admin1Code && (!cc || ctx.admin1Code.startsWith(`${cc}.`)) ? ctx.admin1Code : null) ??
    null;

  let lat: number | null = null;
  let lon: number | null = null;
  let precision: 1 | 2 | 3 | null = null;
  if (fromDateline) {
    lat = fromDateline.lat;
    lon = fromDateline.lon;
    precision = 2;
  } else if (base && chosen!.rank < 2.5) {
    lat = base.lat;
    lon = base.lon;
    precision =
      chosen!.kind === 'area' || chosen!.rank >= 2 || (chosen!.prep && NEAR_PREP.test(chosen!.prep))
        ? 2
        : base.precision;
  } else if (offset && anchor) {
    const pt =
      offset.dir && offset.km !== null
        ? destinationPoint(anchor.lat, anchor.lon, offset.km, BEARINGS[offset.dir])
        : { lat: anchor.lat, lon: anchor.lon };
    lat = pt.lat;
    lon = pt.lon;
    precision = 2;
  } else if (admin1Code) {
    const seat = admin1Seat(admin1Code);
    if (seat) {
      lat = seat.lat;
      lon = seat.lon;
      precision = 3;
    }
  } else if (base) {
    lat = base.lat;
    lon = base.lon;
    precision = base.precision;
  }
  let admin1 = admin1Code ? (admin1ByCode(admin1Code)?.name ?? null) : null;
  if (!admin1 && lat !== null && lon !== null && cc && offset && anchor)
    admin1 = pointAdmin1(lat, lon, anchor, ctx);
  const placeWritten =
    chosen && chosen.kind !== 'province' && !(chosen.rank >= 2.5 && offset) ? chosen.written : null;
  const country = cc ? (lookupCountry(cc)?.name ?? null) : null;
  return {
    ...EMPTY,
    place: placeWritten ?? (offset ? null : chosen ? chosen.written : (fromDateline?.name ?? null)),
    anchor_place: offset ? (anchor?.name && !anchorWritten ? anchor.name : anchorWritten) : null,
    offset_km: offset?.km ?? null,
    offset_dir: offset?.dir ?? null,
    lat,
    lon,
    geo_precision: precision,
    country_code: cc,
    country,
    admin1,
    certainty: base
      ? ctx.countries[0] === base.country_code
        ? 1
        : 0.85
      : chosen || offset
        ? 0.6
        : cc
          ? 0.3
          : 0,
  };
}

/**
 * The admin-1 of a computed point: the heading's province when the text is under one
 * (the bulletin's own assignment: "30 km north of Baghdad" under "Salah al-Din
 * Province"), else the province of the nearest gazetteer town, else the anchor's.
 */
function pointAdmin1(lat: number, lon: number, anchor: Place, ctx: GeoContext): string | null {
  const seat = ctx.admin1Code ? admin1Seat(ctx.admin1Code) : null;
  if (
    ctx.admin1Code &&
    ctx.admin1Code.startsWith(`${anchor.country_code}.`) &&
    (!seat || distanceKm(lat, lon, seat.lat, seat.lon) <= 150)
  ) {
    return admin1ByCode(ctx.admin1Code)?.name ?? anchor.admin1;
  }
  return nearestPlace(lat, lon, anchor.country_code)?.admin1 ?? anchor.admin1;
}
