import { NUMBER_WORDS, numberWords, TENS, UNITS, wordNumber } from '../core/numbers.ts';
import type { OFFSET_DIRS } from '../incidents/schema.ts';

export type CompassDir = (typeof OFFSET_DIRS)[number];

const EARTH_RADIUS_KM = 6371.0088;

export const BEARINGS: Record<CompassDir, number> = {
  N: 0,
  NE: 45,
  E: 90,
  SE: 135,
  S: 180,
  SW: 225,
  W: 270,
  NW: 315,
};

const toRad = (d: number) => (d * Math.PI) / 180;
const toDeg = (r: number) => (r * 180) / Math.PI;

/**
 * The point `km` away from (lat, lon) along the initial bearing, on a sphere of the mean
 * Earth radius. Great-circle destination formula (Williams, "Aviation Formulary";
 * Sinnott, "Virtues of the Haversine", Sky & Telescope 68(2), 1984): over the tens of
 * kilometres bulletins give, the spherical error (< 0.5 %) is far below the "about" of
 * the text itself.
 */
export function destinationPoint(
  lat: number,
  lon: number,
  km: number,
  bearingDeg: number,
): { lat: number; lon: number } {
  const d = km / EARTH_RADIUS_KM;
  const th = toRad(bearingDeg);
  const p1 = toRad(lat);
  const l1 = toRad(lon);
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(th));
  const l2 =
    l1 +
    Math.atan2(
      Math.sin(th) * Math.sin(d) * Math.cos(p1),
      Math.cos(d) - Math.sin(p1) * Math.sin(p2),
    );
  return { lat: round6(toDeg(p2)), lon: round6(((toDeg(l2) + 540) % 360) - 180) };
}

/** Great-circle distance in km (haversine; Sinnott 1984). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dp = toRad(lat2 - lat1);
  const dl = toRad(lon2 - lon1);
  const a =
    Math.sin(dp / 2) ** 2 + Math.cos(toRad(lat1)) * Math.cos(toRad(lat2)) * Math.sin(dl / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const DIR_WORDS: Record<string, CompassDir> = {
  north: 'N',
  northeast: 'NE',
  northeastern: 'NE',
  east: 'E',
  southeast: 'SE',
  south: 'S',
  southwest: 'SW',
  west: 'W',
  northwest: 'NW',
  northern: 'N',
  eastern: 'E',
  southern: 'S',
  western: 'W',
  southeastern: 'SE',
  southwestern: 'SW',
  northwestern: 'NW',
  n: 'N',
  ne: 'NE',
  e: 'E',
  se: 'SE',
  s: 'S',
  sw: 'SW',
  w: 'W',
  nw: 'NW',
};

/** "north-east", "North East", "NE", "northeastern" → NE; null for anything else. */
export function compassDir(word: string): CompassDir | null {
  return DIR_WORDS[word.toLowerCase().replace(/[\s-]+/g, '')] ?? null;
}

/** Number words for a distance: the shared table and "a hundred" (an offset, never a count). */
const OFFSET_WORDS = numberWords({ hundred: 100, 'a hundred': 100, 'one hundred': 100 });

const NUM = String.raw`\d+(?:[.,]\d+)?|(?:(?:${TENS})[- ](?:${UNITS}))|(?:a |one )?hundred|${Object.keys(
  NUMBER_WORDS,
).join('|')}`;
const UNIT = String.raw`km|kms|kilomet(?:er|re)s?|mi|miles?`;
const COMPASS = String.raw`(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?`;
/** Words that may stand between "of" and the anchor's name ("the provincial capital of", "the Borno state capital"). */
const ANCHOR_LEAD = String.raw`(?:(?:the|its|a)\s+)?(?:(?:[A-Z][\p{L}'’-]+|[a-z]+)\s+){0,3}?(?:(?:city|town|village|capital(?: city)?|provincial capital|district headquarters|headquarters|commercial centre|commercial center|district|area|region|locality|border town)\s+(?:of\s+)?)?`;

export interface OffsetMention {
  /** Where the offset phrase starts and ends in the text. */
  index: number;
  end: number;
  /** The distance in km (miles converted, ranges averaged); null for a direction alone. */
  km: number | null;
  dir: CompassDir | null;
  /** The words after the offset that name the anchor ("Maiduguri", "the Borno state capital"). */
  anchorText: string;
  /** Where anchorText starts. */
  anchorIndex: number;
}

/** "11", "11.5", "sixty", "twenty-five" → a number. */
export function numberValue(s: string): number | null {
  const t = s.toLowerCase().trim();
  if (/^\d/.test(t)) return Number(t.replace(',', '.'));
  return wordNumber(t, OFFSET_WORDS) ?? null;
}

/** km as a bulletin gives them; miles converted with one decimal (11 miles → 17.7). */
export function toKilometres(value: number, unit: string): number {
  return /^mi/i.test(unit) ? Math.round(value * 1.609344 * 10) / 10 : value;
}

const KM_OFFSET = new RegExp(
  String.raw`(?<!within\s)(?<!\w)(?:(?:about|approximately|approx\.|some|around|roughly|nearly|almost|just|only|less than|more than|over|up to|at least|an estimated)\s+)?(${NUM})(?:\s*(?:-|–|to)\s*(${NUM}))?\s*(${UNIT})\b\.?(?:\s*\([^)]{0,30}\))?\s+(?:away\s+)?(?:(?:to\s+the\s+)?(${COMPASS})\s+(?:of|from)|(?:away\s+)?from|outside(?:\s+of)?|to|off|south|north)\s+`,
  'giu',
);

const DIR_ONLY = new RegExp(
  String.raw`(?<![\d]\s?(?:km|kilometres|kilometers|miles)\s)\b(?:to\s+the\s+|just\s+|located\s+|lying\s+)?(${COMPASS})\s+of\s+`,
  'giu',
);

/**
 * Offsets a text gives from a named place, in order: "about 10 km north of X", "25
 * kilometers (15 miles) from X", "10-15 km east of X", "some 40 km south of the provincial
 * capital of X", "about 11 miles away from X" (miles to km, one decimal), "sixty kilometers
 * north of X", "17 kilometres outside X" (distance only: dir null), and direction only
 * ("north-east of X", "to the west of X": km null). Not offsets: "within 10 km of X"
 * (a reach, not a place), a road's length ("the 54-kilometre road"), "in the north of X"
 * and "near X" (the place itself, the conventions say). The anchor is the text after the
 * offset: the caller resolves it to a place.
 */
export function findOffsets(text: string): OffsetMention[] {
  const out: OffsetMention[] = [];
  for (const m of text.matchAll(KM_OFFSET)) {
    const a = numberValue(m[1]!);
    const b = m[2] ? numberValue(m[2]) : null;
    if (a === null) continue;
    const value = b !== null && b > a ? (a + b) / 2 : a;
    const o = mentionAt(text, m, toKilometres(value, m[3]!), m[4] ? compassDir(m[4]) : null);
    if (o) out.push(o);
  }
  for (const m of text.matchAll(DIR_ONLY)) {
    const before = text.slice(Math.max(0, m.index! - 12), m.index!);
    // "in the north of X", "the southern part of X": the place itself, not an offset.
    if (/\b(?:in|the)\s*$/i.test(before) && !/^to\b/i.test(m[0])) continue;
    if (out.some((o) => m.index! >= o.index && m.index! < o.end)) continue;
    const o = mentionAt(text, m, null, compassDir(m[1]!));
    if (o) out.push(o);
  }
  return out.sort((x, y) => x.index - y.index);
}

/** The offset a match of KM_OFFSET or DIR_ONLY gives, with the anchor named right after it; null without one. */
function mentionAt(
  text: string,
  m: RegExpMatchArray,
  km: number | null,
  dir: CompassDir | null,
): OffsetMention | null {
  const anchorIndex = m.index! + m[0].length;
  const anchorText = anchorAt(text, anchorIndex);
  if (!anchorText) return null;
  return { index: m.index!, end: anchorIndex, km, dir, anchorText, anchorIndex };
}

const ANCHOR = new RegExp(
  String.raw`^${ANCHOR_LEAD}((?:(?:al|el|ad|ar|as|ash|az)[-\s])?[A-Z][\p{L}'’‘ʿ-]*(?:\s+(?:(?:al|el|ad|ar|as|ash|az|ez|de|da|du|e|i)[-\s])?[A-Z][\p{L}'’‘ʿ-]*)*)`,
  'u',
);

const CAPITAL_ANCHOR = new RegExp(
  String.raw`^(?:the\s+|its\s+)?(?:[A-Z][\p{L}'’-]+\s+)?(?:provincial\s+|state\s+|regional\s+)?capital(?:\s+city)?,?\s+(?:of\s+)?((?:(?:al|el)[-\s])?[A-Z][\p{L}'’‘ʿ-]*(?:\s+[A-Z][\p{L}'’‘ʿ-]*)*)`,
  'u',
);

/** The anchor's words after an offset: "the provincial capital of Tikrit" → "Tikrit"; "the Borno state capital" kept whole. */
function anchorAt(text: string, at: number): string | null {
  const rest = text.slice(at, at + 120);
  // "the Syrian capital Damascus", "the capital, Maiduguri", "the state capital Maiduguri".
  const capital = CAPITAL_ANCHOR.exec(rest);
  if (capital) return capital[1]!;
  const m = ANCHOR.exec(rest);
  if (m) {
    // "the Borno state capital": the capital of a province, which the caller resolves.
    const cap =
      /^(?:the\s+)?([A-Z][\p{L}'’ -]+?)\s+(?:state|province|governorate|region)\s+capital\b/u.exec(
        rest,
      );
    if (cap && (!m[1] || cap.index <= m.index)) return `${cap[1]} state capital`;
    return m[1]!;
  }
  const cap =
    /^(?:the\s+)?([A-Z][\p{L}'’ -]+?)\s+(?:state|province|governorate|region)\s+capital\b/u.exec(
      rest,
    );
  return cap ? `${cap[1]} state capital` : null;
}
