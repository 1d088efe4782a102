/**
 * Comparing a name token written in an abjad (Arabic or Hebrew script, transliterated letter
 * by letter by `normalise.ts`) with a Latin spelling of it.
 *
 * An abjad writes consonants and long vowels and leaves short vowels out; Latin spellings
 * write every vowel and render one letter several ways (ق as q, k, g or gh; ذ as dh, z or d;
 * و as w, u, o or ou). So the two are aligned unit by unit with a weighted edit distance in
 * which each abjad letter may stand for a set of Latin renderings at no cost, a Latin short
 * vowel may stand for nothing, and an abjad long vowel must meet a compatible Latin vowel.
 * This is the one-to-many extension of Levenshtein distance of Freeman, Condon & Ackerman,
 * "Cross linguistic name matching in English and Arabic" (HLT-NAACL 2006), with our own
 * rendering table and costs.
 *
 * Units of the abjad side (the alphabet of `arabicWord` in normalise.ts): consonants,
 * `a` (alif, ta marbuta, a word-opening carrier), `w` and `y` (which are consonants or long
 * vowels), `i` (an opening إ), `o` (ʿayn, any vowel or none); `e` only separates two letters
 * that would read as a digraph.
 */

type Unit = string;

/** Latin renderings of each abjad consonant unit (besides itself). */
const RENDERINGS: Record<string, string[]> = {
  b: ['p', 'v'],
  p: ['b', 'f', 'ph'],
  t: ['d', 'th'],
  th: ['s', 't', 'ts'],
  j: ['g', 'dj', 'c', 'zh', 'dsch', 'y'],
  h: ['kh', 'ch', 'x'],
  kh: ['h', 'x', 'ch', 'k'],
  d: ['t', 'dh', 'z'],
  dh: ['z', 'd', 'th'],
  r: [],
  z: ['dh', 'zh', 'd', 's'],
  s: ['c', 'ts', 'z', 'ç'],
  sh: ['ch', 'sch', 's', 'x'],
  gh: ['g', 'q', 'k', 'r'],
  q: ['k', 'g', 'gh', 'c', 'ck', 'qu'],
  k: ['q', 'c', 'ck', 'g', 'ch', 'kh', 'qu'],
  g: ['k', 'gh', 'q', 'j'],
  f: ['ph', 'v', 'p'],
  v: ['w', 'f'],
  l: [],
  m: [],
  n: [],
  ch: ['c', 'tch', 'tsch', 'sh', 'j'],
  zh: ['j', 'z', 'sh', 'g'],
  ts: ['tz', 'z', 's', 'c', 'ch'],
  tz: ['ts', 'z', 's', 'c', 'ch'],
  dz: ['z', 'j', 'dj'],
  w: ['v', 'u', 'o', 'ou', 'oo', 'ow', 'aw', 'au', 'ue', 'f'],
  y: ['i', 'e', 'ee', 'ei', 'ey', 'ie', 'ai', 'ay', 'j', 'ii', 'iy'],
};
const RENDER_SET = new Map(Object.entries(RENDERINGS).map(([k, v]) => [k, new Set([k, ...v])]));

/** Latin vowel groups an abjad long vowel may be written as. */
const LONG_A = new Set(['a', 'aa', 'e', 'ae', 'ah', 'o', 'â', 'ea', 'ai', 'ay', 'ei', 'ey', 'ia']);
const LONG_W = new Set([
  'u',
  'o',
  'ou',
  'oo',
  'uu',
  'ow',
  'aw',
  'au',
  'ue',
  'oa',
  'w',
  'v',
  'wa',
  'ua',
]);
const LONG_Y = new Set([
  'i',
  'e',
  'ee',
  'ei',
  'ey',
  'ie',
  'ii',
  'iy',
  'ai',
  'ay',
  'y',
  'ia',
  'j',
  'ea',
]);

const VOWEL = /[aeiou]/;

/** Costs: a consonant added, dropped or changed; a long vowel or a long Latin vowel unmatched. */
const CONSONANT = 1;
const LONG_VOWEL_UNMATCHED = 0.5;
const LATIN_LONG_VOWEL_UNMATCHED = 0.6;
const FINAL_I = 0.6;
/** A word-final h (Fatimah, Abdullah / عبدالله without its ه) costs little. */
const FINAL_H = 0.2;

const DIGRAPHS_ABJAD = ['th', 'kh', 'dh', 'sh', 'gh', 'ch', 'zh', 'ts', 'tz', 'dz'];
const DIGRAPHS_LATIN = [
  'dsch',
  'tsch',
  'sch',
  'tch',
  'sh',
  'ch',
  'kh',
  'gh',
  'th',
  'dh',
  'ph',
  'zh',
  'dj',
  'ck',
  'ts',
  'tz',
  // Before a vowel, qu is one k sound (Aquino, أكينو); "qua" keeps its a.
  'qu',
];

function abjadUnits(text: string): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < text.length;) {
    const two = text.slice(i, i + 2);
    if (DIGRAPHS_ABJAD.includes(two)) {
      out.push(two);
      i += 2;
      continue;
    }
    let c = text[i]!;
    i++;
    if (c === 'e' || /[0-9]/.test(c)) continue;
    // Particles spelled in Latin (abu, bin) keep their vowels: u stands where و would.
    if (c === 'u') c = 'w';
    // Two letters alike are two consonants (مملوك, Mamlouk); two vowel letters are one vowel.
    const last = out[out.length - 1];
    if ((c === 'a' || c === 'i') && (last === 'a' || last === 'i')) continue;
    if ((c === 'w' || c === 'y') && c === last) continue;
    // A word-opening alif or hamza carrier is whatever vowel Latin writes (Ibrahim, Ebrahim, Osama).
    if (out.length === 0 && c === 'a') c = 'i';
    // Before و or ي it only carries that long vowel: أو is o or u (Obote, Oleg), إي is i or e.
    if (out.length === 0 && c === 'i' && (text[i] === 'w' || text[i] === 'y')) continue;
    out.push(c);
  }
  return out;
}

function latinUnits(text: string): Unit[] {
  const out: Unit[] = [];
  // Doubled consonants are one (a shadda the abjad does not write): Hassan, Haddad.
  const s = text.replace(/([^aeiou])\1+/g, '$1');
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (VOWEL.test(c)) {
      let j = i + 1;
      while (j < s.length && VOWEL.test(s[j]!)) j++;
      out.push(s.slice(i, j));
      i = j;
      continue;
    }
    let unit = c;
    for (const d of DIGRAPHS_LATIN)
      if (s.startsWith(d, i)) {
        unit = d;
        break;
      }
    out.push(unit);
    i += unit.length;
  }
  return out;
}

/** Whether an abjad unit is one of the vowel letters of our alphabet (alif, carrier, ʿayn, w, y). */
function isAbjadVowel(u: Unit): boolean {
  return u === 'a' || u === 'i' || u === 'o' || u === 'w' || u === 'y';
}

/** Whether a Latin unit is a vowel group (by its first letter: a, e, i, o, u). */
function isLatinVowel(u: Unit): boolean {
  const c = u.charCodeAt(0);
  return c === 97 || c === 101 || c === 105 || c === 111 || c === 117;
}
const isLongLatin = (u: Unit): boolean => u.length > 1;

/** The cost of aligning abjad unit x with Latin unit y, or Infinity when they cannot meet. */
function substitution(x: Unit, y: Unit): number {
  if (x === 'o') return isLatinVowel(y) ? 0 : Infinity;
  if (x === 'a' || x === 'i')
    return isLatinVowel(y) ? (LONG_A.has(y) || x === 'i' ? 0 : 0.3) : Infinity;
  if (x === 'w') {
    if (LONG_W.has(y)) return 0;
    return isLatinVowel(y) ? 0.5 : Infinity;
  }
  if (x === 'y') {
    if (LONG_Y.has(y)) return 0;
    return isLatinVowel(y) ? 0.5 : Infinity;
  }
  if (isLatinVowel(y)) return Infinity;
  return RENDER_SET.get(x)?.has(y) ? 0 : CONSONANT;
}

function abjadDeletion(x: Unit, last: boolean, previous: Unit | undefined): number {
  if (x === 'o') return 0;
  // A consonant written twice may be one geminated consonant (Sorani عەبدوڵڵا, Abdullah).
  if (x === previous) return 0.2;
  // A Persian word-final or pre-vowel ه is the vowel e, which Latin often leaves out (Khamenei).
  if (x === 'h') return last ? FINAL_H : 0.5;
  if (x === 'a' || x === 'i' || x === 'w' || x === 'y') return LONG_VOWEL_UNMATCHED;
  if (x === 'h' && last) return FINAL_H;
  return CONSONANT;
}

function latinInsertion(y: Unit, last: boolean, previous: Unit | undefined): number {
  // A glide and its vowel spell one abjad letter (Dawood داود: the و is "woo").
  if ((previous === 'w' || previous === 'y') && isLatinVowel(y)) return 0;
  // A final i is a written ي / ی in the abjad (the nisba: Bagheri is not باقر).
  if (last && (y === 'i' || y === 'ee' || y === 'y' || y === 'ie')) return FINAL_I;
  // A final t after a ta marbuta read in construct (Izzat, عزة): the abjad wrote it as a vowel.
  if (last && y === 't') return 0.2;
  if (isLatinVowel(y)) return isLongLatin(y) ? LATIN_LONG_VOWEL_UNMATCHED : 0;
  if (y === 'h' && last) return FINAL_H;
  // An h after a vowel often only lengthens it (Amdahl, Mohd): it costs half a letter.
  if (y === 'h' && previous !== undefined && isLatinVowel(previous)) return SILENT_H;
  return CONSONANT;
}

const SILENT_H = 0.5;

// A token is aligned against hundreds of others in a screening job: its units are split once.
const abjadCache = new Map<string, Unit[]>();
const latinCache = new Map<string, Unit[]>();

function unitsOf(cache: Map<string, Unit[]>, text: string, split: (t: string) => Unit[]): Unit[] {
  let units = cache.get(text);
  if (units === undefined) {
    if (cache.size > 100_000) cache.clear();
    units = split(text);
    cache.set(text, units);
  }
  return units;
}

let row = new Float64Array(64);
let prevRow = new Float64Array(64);
let prevPrevRow = new Float64Array(64);

const VOWEL_OF: Record<string, string> = { a: 'ae', i: 'aeiou', o: 'aeiou', w: 'ou', y: 'iey' };

/** Whether a Latin vowel group can spell two abjad vowel letters: a vowel of each, in order. */
function pairCompatible(first: Unit, second: Unit, group: string): boolean {
  const k = [...group].findIndex((c) => VOWEL_OF[first]!.includes(c));
  if (k < 0) return false;
  return [...group.slice(k + 1)].some((c) => VOWEL_OF[second]!.includes(c));
}

/** The weighted edit distance between an abjad token's letters and a Latin spelling. */
export function crossScriptDistance(abjad: string, latin: string): { cost: number; size: number } {
  const x = unitsOf(abjadCache, abjad, abjadUnits);
  const y = unitsOf(latinCache, latin, latinUnits);
  const n = x.length;
  const m = y.length;
  if (prevRow.length < m + 1) {
    row = new Float64Array((m + 1) * 2);
    prevRow = new Float64Array((m + 1) * 2);
    prevPrevRow = new Float64Array((m + 1) * 2);
  }
  prevRow[0] = 0;
  let consonants = 0;
  for (let j = 1; j <= m; j++) {
    prevRow[j] = prevRow[j - 1]! + latinInsertion(y[j - 1]!, j === m, y[j - 2]);
    if (!isLatinVowel(y[j - 1]!)) consonants++;
  }
  let abjadConsonants = 0;
  for (let i = 1; i <= n; i++) {
    const xi = x[i - 1]!;
    if (!isAbjadVowel(xi)) abjadConsonants++;
    const deletion = abjadDeletion(xi, i === n, x[i - 2]);
    row[0] = prevRow[0]! + deletion;
    for (let j = 1; j <= m; j++) {
      const yj = y[j - 1]!;
      let v = Math.min(
        prevRow[j - 1]! + substitution(xi, yj),
        prevRow[j]! + deletion,
        row[j - 1]! + latinInsertion(yj, j === m, y[j - 2]),
      );
      // One Latin vowel group for two abjad vowel letters (رضایی Rezaei, יאיר Yair): the
      // group must be long and hold a vowel of each.
      if (i >= 2 && yj.length >= 2 && isLatinVowel(yj)) {
        const x0 = x[i - 2]!;
        if (isAbjadVowel(x0) && isAbjadVowel(xi) && pairCompatible(x0, xi, yj))
          v = Math.min(v, prevPrevRow[j - 1]!);
      }
      // Latin x for the two letters كس (Alexandra, ألكسندرا).
      if (i >= 2 && yj === 'x' && xi === 's' && (x[i - 2] === 'k' || x[i - 2] === 'q'))
        v = Math.min(v, prevPrevRow[j - 1]!);
      row[j] = v;
    }
    // Rotate the three rows without allocating.
    const oldest = prevPrevRow;
    prevPrevRow = prevRow;
    prevRow = row;
    row = oldest;
  }
  return { cost: prevRow[m]!, size: Math.max(consonants, abjadConsonants, 1) };
}

/**
 * Similarity of an abjad token and a Latin token, on the scale of the other token
 * similarities: 0.95 when every letter has a rendering (the best a cross-script pair gets,
 * as spelling cannot be checked), falling with the cost relative to the consonants.
 */
export function crossScriptSimilarity(abjad: string, latin: string): number {
  const { cost, size } = crossScriptDistance(abjad, latin);
  if (cost === 0) return 0.95;
  return Math.max(0, 0.95 - (0.45 * cost) / size);
}
