import type { NameToken, NormalisedName } from './normalise.ts';
import type { PreparedRecord } from './record.ts';
import { crossScriptSimilarity } from './crossscript.ts';
import { jaroWinkler, jaroWinklerBound, levenshtein } from './similarity.ts';
import { TokenWeights } from './token-weights.ts';

/**
 * Features of a pair of records, in the spirit of OpenSanctions' logic-v1 (nomenklatura):
 * each feature has a value in [0, 1] and a weight; name features compete (the best
 * weighted one is the name score), the others add to it or, when they contradict, take
 * from it. A user reading the features sees why two records matched.
 */
export interface Feature {
  value: number;
  weight: number;
}
export type Features = Record<string, Feature>;

export const NAME_WEIGHTS = {
  name_literal: 1,
  name_token_match: 0.95,
  name_jaro_winkler: 0.9,
  name_phonetic: 0.85,
  name_fingerprint_levenshtein: 0.85,
} as const;

export const FACT_WEIGHTS = {
  identifier_match: 0.3,
  email_match: 0.25,
  phone_match: 0.2,
  identifier_mismatch: -0.1,
  // Two people of one exact birth date are rare (about 1 in 20 000 pairs): with a partial
  // name match it is the evidence that decides.
  birth_date_match: 0.1,
  birth_year_match: 0.02,
  // Namesakes (father and son, two Hüseyin Çeliks) differ first in their birth dates: a
  // contradicting date takes a literal name match below the default threshold.
  birth_date_mismatch: -0.3,
  birth_day_mismatch: -0.12,
  country_match: 0.03,
  city_match: 0.05,
  country_mismatch: -0.1,
  // A company of the same name in another jurisdiction, or of another legal form, is another
  // legal person (Sky Aviation Ltd in the UK, Sky Aviation FZE in Dubai).
  jurisdiction_mismatch: -0.3,
  legal_form_mismatch: -0.1,
} as const;

type TokenSim = (a: NameToken, b: NameToken) => number;

/** Jaro-Winkler between the canonical spellings; never across scripts (see crossSim). */
function jwSim(a: NameToken, b: NameToken): number {
  if (a.script === 'abjad' || b.script === 'abjad')
    return a.script === b.script ? jaroWinkler(a.text, b.text) : 0;
  // Two different well-known names (Khalil / Khalid) are different however alike they look.
  if (a.canon !== null && b.canon !== null && a.canon !== b.canon)
    return Math.min(0.5, jaroWinkler(a.canon, b.canon));
  let x = a.canon ?? a.text;
  let y = b.canon ?? b.text;
  let lx = a.light;
  let ly = b.light;
  // Abu Bakr / Abu Omar: the shared "abu" / "abd" would lift Jaro-Winkler through its prefix bonus.
  const prefix = x.slice(0, 3);
  if (
    (prefix === 'abu' || prefix === 'abd') &&
    y.startsWith(prefix) &&
    x.length > 4 &&
    y.length > 4
  ) {
    x = x.slice(3);
    y = y.slice(3);
    lx = lx.slice(3);
    ly = ly.slice(3);
  }
  const direct = jaroWinkler(x, y);
  if (direct >= 0.96) return direct;
  const best = Math.max(direct, lx === ly ? 0.96 : jaroWinkler(lx, ly));
  // A known name against an unknown spelling that differs from it only in y for i (Cyrillic
  // й and я as Belarusian and Ukrainian romanise them: Мікалай is mikalay, the passport
  // writes Mikalai) counts as a light-spelling match: its canonical form (Nikolai) would hide it.
  if (best < 0.96 && sameButYI(a, b)) return 0.96;
  return best;
}

/** Exactly one of two tokens is a known name, and their spellings are equal once y is read as i. */
function sameButYI(a: NameToken, b: NameToken): boolean {
  if ((a.canon === null) === (b.canon === null)) return false;
  const x = a.text;
  const y = b.text;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i);
    const d = y.charCodeAt(i);
    if (c !== d && !((c === 0x79 && d === 0x69) || (c === 0x69 && d === 0x79))) return false;
  }
  return true;
}

/** Token similarities at or below this count for nothing in an alignment (see `ramp`). */
const RAMP_FLOOR = 0.8;

/**
 * Whether jwSim(a, b) could exceed RAMP_FLOOR, below which `ramp` makes every similarity
 * nothing: false only when the letter-count bound of both spellings jwSim compares says no.
 * (Its abu / abd prefix stripping, and two different known names, are left to jwSim.)
 */
function jwCouldMatter(a: NameToken, b: NameToken): boolean {
  if (a.script === 'abjad' || b.script === 'abjad') return true;
  if (a.canon !== null && b.canon !== null && a.canon !== b.canon) return false;
  const x = a.canon ?? a.text;
  const y = b.canon ?? b.text;
  if ((x.startsWith('ab') && y.startsWith('ab')) || a.light === b.light) return true;
  return (
    jaroWinklerBound(x, y) > RAMP_FLOOR ||
    jaroWinklerBound(a.light, b.light) > RAMP_FLOOR ||
    sameButYI(a, b)
  );
}

/**
 * An abjad token against a Latin one, letter by letter (crossscript.ts), against the Latin
 * spelling as written: a canonical spelling would lose the long vowels that tell محمد
 * (Muhammad) from محمود (Mahmoud).
 */
function crossSim(a: NameToken, b: NameToken): number {
  const [abjad, latin] = a.script === 'abjad' ? [a, b] : [b, a];
  return crossScriptSimilarity(abjad.text, latin.text);
}

/**
 * A romanised Korean syllable's consonants, as every romanisation writes them alike:
 * Revised Romanisation, McCune-Reischauer and the press differ mostly in vowels (정 is
 * jeong, jong, chung; 은 is eun, un) and in voicing (기 is gi, ki).
 */
function koreanKey(text: string): string {
  return text
    .replace(/tch|ch|j/g, 'J')
    .replace(/ng/g, 'N')
    .replace(/sh/g, 's')
    .replace(/[kg]+/g, 'g')
    .replace(/[td]+/g, 'd')
    .replace(/[pb]+/g, 'b')
    .replace(/[rl]+/g, 'l')
    .replace(/[aeiouwy]/g, '')
    .replace(/(.)\1+/g, '$1');
}

/** The first vowel of a romanised Korean syllable as front (i, e, ae, ui), a, or back (o, u, eo, eu). */
function koreanVowel(text: string): string {
  const m = /[aeiou]+/.exec(text);
  if (!m) return '';
  const v = m[0];
  if (v === 'a' || v === 'aa') return 'a';
  if (/^(i|ee|ui|e|ae|ei|ie)$/.test(v)) return 'front';
  return 'back';
}

/** A Korean name's token against a Latin one: the same consonants and vowel class, or close spelling. */
function koreanSim(a: NameToken, b: NameToken): number {
  const key = koreanKey(a.text);
  if (key.length > 0 && key === koreanKey(b.text) && koreanVowel(a.text) === koreanVowel(b.text))
    return 0.95;
  return jwSim(a, b);
}

/** Phonetic: same strict skeleton; across scripts, every letter has a rendering. */
function phoneticSim(a: NameToken, b: NameToken): number {
  if (a.script !== b.script) return combinedSim(a, b) >= 0.95 ? 0.95 : 0;
  // Short skeletons say little (Emre / Omer → mr): then the spellings must be close too (Osama / Usama).
  if (
    a.strict === b.strict &&
    a.strict.length > 0 &&
    (a.strict.length >= 3 || jaroWinkler(a.text, b.text) >= 0.75)
  )
    return 1;
  return 0;
}

// Token pairs recur across comparisons (the same given names, the same family names), and
// tokens are shared immutable objects with a uid: their combined similarity is cached in a
// lossy hash table of typed arrays (two slots per bucket, the older overwritten), so a
// screening job of millions of pairs neither allocates per pair nor clears a whole cache.
/** Uids below this are cached under one number key lo·2^26 + hi (exact in a double). */
const UID_LIMIT = 1 << 26;
const PAIR_CACHE_MAX_BITS = 22;
let pairBits = 12;
let pairKeys = new Float64Array(1 << pairBits);
let pairValues = new Float64Array(1 << pairBits);
let pairStored = 0;
const NEAR_MASK = (1 << 12) - 1;
const nearKeys = new Float64Array(NEAR_MASK + 1);
const nearValues = new Float64Array(NEAR_MASK + 1);

function pairSlot(key: number): number {
  // Fibonacci hashing of the key's two halves; the slot pair is (slot, slot ^ 1).
  const h = Math.imul((key / UID_LIMIT) | 0, 0x9e3779b1) ^ Math.imul(key % UID_LIMIT, 0x85ebca6b);
  return (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> (32 - pairBits)) & ~1;
}

function storePair(key: number, value: number): void {
  if (pairStored > 1 << (pairBits - 1) && pairBits < PAIR_CACHE_MAX_BITS) {
    // Grow while the table is small, re-inserting what it holds; at its cap it only overwrites.
    const keys = pairKeys;
    const values = pairValues;
    pairBits++;
    pairKeys = new Float64Array(1 << pairBits);
    pairValues = new Float64Array(1 << pairBits);
    pairStored = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i]! > 0) storePair(keys[i]!, values[i]!);
  }
  const slot = pairSlot(key);
  const at = pairKeys[slot] === 0 ? slot : pairKeys[slot + 1] === 0 ? slot + 1 : slot;
  if (at === slot && pairKeys[slot] !== 0) {
    // Both taken: the newer moves to the second slot, the older one goes.
    pairKeys[slot + 1] = pairKeys[slot]!;
    pairValues[slot + 1] = pairValues[slot]!;
  } else pairStored++;
  pairKeys[at] = key;
  pairValues[at] = value;
}

/** The best of every per-token evidence (cached): spelling, known variant, skeleton. */
function combinedSim(a: NameToken, b: NameToken): number {
  if (a === b) return 1;
  const lo = a.uid < b.uid ? a.uid : b.uid;
  const hi = a.uid < b.uid ? b.uid : a.uid;
  if (hi >= UID_LIMIT) return computeCombinedSim(a, b);
  const key = lo * UID_LIMIT + hi;
  // A small table in front, that stays in the processor's cache: one query's candidates
  // share most of their tokens, so most lookups end here.
  const near = (Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> 20) & NEAR_MASK;
  if (nearKeys[near] === key) return nearValues[near]!;
  let v: number;
  if (plainlyUnrelated(a, b)) {
    // Most pairs of a screening job: cheaper to tell again than to fetch from the big table.
    v = 0;
  } else {
    const slot = pairSlot(key);
    if (pairKeys[slot] === key) v = pairValues[slot]!;
    else if (pairKeys[slot + 1] === key) v = pairValues[slot + 1]!;
    else {
      v = computeCombinedSim(a, b);
      storePair(key, v);
    }
  }
  nearKeys[near] = key;
  nearValues[near] = v;
  return v;
}

/**
 * Whether computeCombinedSim(a, b) is 0 on its cheap tests alone: two words of one script
 * that are no initial, no spelling or variant of each other, of different skeletons, and
 * whose letters rule out a Jaro-Winkler that could count.
 */
function plainlyUnrelated(a: NameToken, b: NameToken): boolean {
  return (
    a.script === b.script &&
    a.script !== 'abjad' &&
    a.strict !== b.strict &&
    a.text.length > 1 &&
    b.text.length > 1 &&
    a.text !== b.text &&
    (a.canon === null || a.canon !== b.canon) &&
    !jwCouldMatter(a, b)
  );
}

function computeCombinedSim(a: NameToken, b: NameToken): number {
  if (a.text === b.text) return 1;
  if (a.canon !== null && a.canon === b.canon) return 1;
  if (a.script !== b.script)
    return a.script === 'abjad' || b.script === 'abjad' ? crossSim(a, b) : koreanSim(a, b);
  let best = phoneticSim(a, b);
  if (best >= 1) return 1;
  // Jaro-Winkler is worked out only when it could clear the ramp (see `ramp`): most token
  // pairs of a screening job are unrelated words, told apart by their letters alone.
  if (jwCouldMatter(a, b)) best = Math.max(best, jwSim(a, b));
  // An initial against a name that starts with it (M. / Mohammed).
  if (
    (a.text.length === 1 && b.text.startsWith(a.text)) ||
    (b.text.length === 1 && a.text.startsWith(b.text))
  )
    // Counted like a close spelling (R. K. Sharma / Rajesh Kumar Sharma): an initial weighs
    // little in its own name, and the other tokens must still meet.
    best = Math.max(best, 0.92);
  return best;
}

/**
 * Token similarities below about 0.75 are unrelated words, not weak matches: the ramp
 * keeps "Ali" / "Hassan" from adding anything while a one-letter slip keeps most of its value.
 */
function ramp(sim: number): number {
  if (sim >= 0.92) return sim;
  if (sim <= RAMP_FLOOR) return 0;
  return ((sim - RAMP_FLOOR) / (0.92 - RAMP_FLOOR)) * 0.92;
}

let simGrid = new Float64Array(64);

/**
 * Aligns the tokens of two names one-to-one, best pairs first, and returns a score that
 * needs both the shorter name covered and little left unexplained in the longer: the
 * geometric mean of the best side's coverage and the overall coverage, with every token
 * weighted by how much identity it carries (`weights`: in the list screened against, a
 * token most names hold counts for less; see token-weights.ts).
 */
export function alignTokens(
  a: readonly NameToken[],
  b: readonly NameToken[],
  sim: TokenSim,
  person = false,
  weights: TokenWeights = TokenWeights.intrinsic,
): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  if (simGrid.length < n * m) simGrid = new Float64Array(n * m * 2);
  let any = false;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const s = ramp(sim(a[i]!, b[j]!));
      simGrid[i * m + j] = s;
      if (s > 0) any = true;
    }
  }
  if (!any) return 0;
  // Greedy one-to-one alignment, best pair first: names have a handful of tokens, so
  // repeated scans of the small grid beat allocating and sorting a list of pairs.
  let coveredA = 0;
  let coveredB = 0;
  let aligned = 0;
  let firstA = -1;
  let firstB = -1;
  const rounds = Math.min(n, m);
  for (let k = 0; k < rounds; k++) {
    let best = 0;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const s = simGrid[i * m + j]!;
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    aligned++;
    coveredA += best * weights.of(a[bi]!);
    coveredB += best * weights.of(b[bj]!);
    if (bi === 0) firstA = bj;
    if (bj === 0) firstB = bi;
    for (let j = 0; j < m; j++) simGrid[bi * m + j] = 0;
    for (let i = 0; i < n; i++) simGrid[i * m + bj] = 0;
  }
  let wa = 0;
  let wb = 0;
  for (const t of a) wa += weights.of(t);
  for (const t of b) wb += weights.of(t);
  const best = Math.max(coveredA / wa, coveredB / wb);
  const overall = (coveredA + coveredB) / (wa + wb);
  let score = Math.sqrt(best * overall);
  // One word in common between a one-word name and a longer one, when they are not both
  // persons (Selim Kaplan / SALIM S.A., Furkan Bulut / OPLOT), is one coincidence, not a
  // name: the longer name's other words, each of full weight, stay unexplained. (Between
  // persons a list's short alias, ALIZAI or a kunya, is common enough to be kept.)
  if (
    !person &&
    aligned === 1 &&
    Math.max(n, m) > 1 &&
    Math.max(unmatchedWeight(a), unmatchedWeight(b)) >= 1
  )
    score *= ONE_WORD_FACTOR;
  // A person's own name comes first and the father's after it (Uday Saddam Hussein is
  // Saddam Hussein's son): one name's first token meeting a later token of the other while
  // the other's first token meets nothing is a different person more often than not.
  if (person && n !== m && ((firstA > 0 && firstB < 0) || (firstB > 0 && firstA < 0)))
    return score * 0.85;
  // Two own names that meet nothing, before a shared chain of father's and grandfather's
  // names (Ali / Thoraya Barzan Ibrahim al-Tikriti): brother and sister, not one person.
  if (
    person &&
    firstA < 0 &&
    firstB < 0 &&
    n >= 3 &&
    m >= 3 &&
    a[0]!.weight >= 1 &&
    b[0]!.weight >= 1
  )
    return score * SIBLING_FACTOR;
  return score;
}

/** How much a shared chain of father's names is worth under two different own names (see alignTokens). */
const SIBLING_FACTOR = 0.85;

/** How much a lone shared word is worth against a longer name (see alignTokens). */
const ONE_WORD_FACTOR = 0.82;

/** The weight of a name's tokens beyond its heaviest one: what one aligned word leaves out. */
function unmatchedWeight(tokens: readonly NameToken[]): number {
  let sum = 0;
  let max = 0;
  for (const t of tokens) {
    sum += t.weight;
    if (t.weight > max) max = t.weight;
  }
  return sum - max;
}

export interface NameComparison {
  name_literal: number;
  name_token_match: number;
  name_jaro_winkler: number;
  name_phonetic: number;
  name_fingerprint_levenshtein: number;
  /** The pair of names that gave the best score. */
  left: string;
  right: string;
}

/**
 * Levenshtein over the sorted-token fingerprints without spaces, so that "Akca Kale" meets
 * "Akcakale"; each edit counts double, because one letter in a short name is often a
 * different name (Jamal / Kamal), and this feature sees no token boundaries to tell.
 */
function fingerprintSimilarity(x: string, y: string, atLeast = 0): number {
  if (x === y) return 1;
  const longest = Math.max(x.length, y.length);
  if (longest === 0) return 1;
  // Only a value above `atLeast` matters to the caller: stop counting edits past it.
  const maxEdits = Math.floor(((1 - atLeast) / 2) * longest);
  if (maxEdits === 0) return 0;
  const d = levenshtein(x, y, maxEdits);
  return Math.max(0, 1 - (2 * d) / longest);
}

function foldedJoin(n: NormalisedName): string {
  return n.key;
}

/** The same letters in the same order once spaces are gone: Hae Yang / Haeyang, Ayşe Gül / Aysegul. */
function gluedEqual(a: NormalisedName, b: NormalisedName): boolean {
  return a.glued === b.glued;
}

/** Compares two normalised names by every name feature. */
export function compareNames(
  a: NormalisedName,
  b: NormalisedName,
  weights: TokenWeights = TokenWeights.intrinsic,
): NameComparison {
  const person = a.person && b.person;
  const literal = foldedJoin(a) === foldedJoin(b) ? 1 : 0;
  const crossScript = a.abjad !== b.abjad;
  return {
    name_literal: literal,
    name_token_match: literal ? 1 : alignTokens(a.tokens, b.tokens, combinedSim, person, weights),
    name_jaro_winkler: literal ? 1 : alignTokens(a.tokens, b.tokens, jwSim, person, weights),
    name_phonetic: alignTokens(a.tokens, b.tokens, phoneticSim, person, weights),
    name_fingerprint_levenshtein: crossScript
      ? 0
      : Math.max(fingerprintSimilarity(a.packed, b.packed), gluedEqual(a, b) ? 1 : 0),
    left: a.original,
    right: b.original,
  };
}

function nameScore(c: NameComparison): number {
  let best = 0;
  for (const k of Object.keys(NAME_WEIGHTS) as (keyof typeof NAME_WEIGHTS)[])
    best = Math.max(best, c[k] * NAME_WEIGHTS[k]);
  return best;
}

/**
 * The name score alone, as `bestNames` would give it, computing only what can win:
 * token match outweighs Jaro-Winkler and phonetic (their per-token evidence is part of
 * it), and the fingerprint feature is computed only when it could still beat it. Below
 * `atLeast` the value is a lower bound only: callers that keep pairs above a threshold
 * need no more.
 */
export function bestNameScore(
  a: PreparedRecord,
  b: PreparedRecord,
  atLeast = 0,
  weights: TokenWeights = TokenWeights.intrinsic,
): number {
  let best = 0;
  for (const na of a.names) {
    for (const nb of b.names) {
      const score = namePairScore(
        na,
        nb.tokens,
        nb.person,
        nb.abjad,
        nb.packed,
        best,
        atLeast,
        weights,
      );
      if (score >= NAME_WEIGHTS.name_literal) return score;
      if (score > best) best = score;
    }
  }
  return best;
}

/**
 * One pair of names as `bestNameScore` scores it, the second given by its parts (so that
 * an index's compact store, which keeps no name objects, scores exactly alike): the
 * literal weight when they spell the same, else the better of token match and, when it
 * could still win over `best` and reach `atLeast`, the fingerprint feature.
 */
export function namePairScore(
  na: NormalisedName,
  tokens: readonly NameToken[],
  person: boolean,
  abjad: boolean,
  packed: string,
  best: number,
  atLeast: number,
  weights: TokenWeights = TokenWeights.intrinsic,
): number {
  if (spells(tokens, na.key, true)) return NAME_WEIGHTS.name_literal;
  const tm =
    alignTokens(na.tokens, tokens, combinedSim, na.person && person, weights) *
    NAME_WEIGHTS.name_token_match;
  // The fingerprint feature matters only if it can beat the token match and reach what
  // the caller needs: its edit distance stops counting past that bound.
  const floor = Math.max(tm, best, atLeast) / NAME_WEIGHTS.name_fingerprint_levenshtein;
  if (floor < 1 && na.abjad === abjad)
    return Math.max(
      tm,
      (spells(tokens, na.glued, false) ? 1 : fingerprintSimilarity(na.packed, packed, floor)) *
        NAME_WEIGHTS.name_fingerprint_levenshtein,
    );
  return tm;
}

/**
 * Whether the tokens' texts, joined by spaces (`spaced`) or not, are `text`: a name's key
 * or glued form, compared without building the other name's.
 */
function spells(tokens: readonly NameToken[], text: string, spaced: boolean): boolean {
  let at = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (spaced && i > 0) {
      if (text.charCodeAt(at) !== 0x20) return false;
      at++;
    }
    const t = tokens[i]!.text;
    if (!text.startsWith(t, at)) return false;
    at += t.length;
  }
  return at === text.length;
}

export interface BestNames {
  comparison: NameComparison;
  score: number;
  /** The two names compared. */
  left: NormalisedName;
  right: NormalisedName;
}

/** The best-scoring pair of names (a record has a name and aliases). */
export function bestNames(
  a: PreparedRecord,
  b: PreparedRecord,
  weights: TokenWeights = TokenWeights.intrinsic,
): BestNames | null {
  let best: BestNames | null = null;
  for (const na of a.names) {
    for (const nb of b.names) {
      const comparison = compareNames(na, nb, weights);
      const score = nameScore(comparison);
      if (!best || score > best.score) best = { comparison, score, left: na, right: nb };
      if (score >= 1) return best;
    }
  }
  return best;
}

function intersects<T>(a: Set<T>, b: Set<T>): boolean {
  for (const v of a) if (b.has(v)) return true;
  return false;
}

/** How many facts besides names a record states (one without any is scored on names alone). */
export function factCount(r: PreparedRecord): number {
  return (
    r.identifiers.size +
    r.emails.size +
    r.phones.size +
    r.birthDates.length +
    r.countries.size +
    r.cities.size +
    r.legalForms.size
  );
}

export function factScore(a: PreparedRecord, b: PreparedRecord): number {
  if (factCount(a) === 0 || factCount(b) === 0) return 0;
  let s = 0;
  for (const f of Object.values(factFeatures(a, b))) s += f.value * f.weight;
  return s;
}

/** Features from the facts other than names; only those both records speak to. */
export function factFeatures(a: PreparedRecord, b: PreparedRecord): Features {
  const f: Features = {};
  const add = (name: keyof typeof FACT_WEIGHTS) => {
    f[name] = { value: 1, weight: FACT_WEIGHTS[name] };
  };
  if (a.identifiers.size > 0 && b.identifiers.size > 0)
    add(intersects(a.identifiers, b.identifiers) ? 'identifier_match' : 'identifier_mismatch');
  if (a.emails.size > 0 && b.emails.size > 0 && intersects(a.emails, b.emails)) add('email_match');
  if (a.phones.size > 0 && b.phones.size > 0 && intersects(a.phones, b.phones)) add('phone_match');
  if (a.birthDates.length > 0 && b.birthDates.length > 0) {
    type Outcome =
      'birth_date_match' | 'birth_year_match' | 'birth_day_mismatch' | 'birth_date_mismatch';
    let outcome: Outcome = 'birth_date_mismatch';
    const rank = {
      birth_date_match: 3,
      birth_year_match: 2,
      birth_day_mismatch: 1,
      birth_date_mismatch: 0,
    };
    for (const da of a.birthDates) {
      for (const db of b.birthDates) {
        let o: Outcome;
        if (da === db && da.length === 10) o = 'birth_date_match';
        else if (da.slice(0, 4) === db.slice(0, 4))
          o = da.length === 10 && db.length === 10 ? 'birth_day_mismatch' : 'birth_year_match';
        // A year either side is tolerated when a side gives only the year (lists round and
        // guess); two full dates that differ are two people (siblings a year apart).
        else if (
          (da.length < 10 || db.length < 10) &&
          Math.abs(Number(da.slice(0, 4)) - Number(db.slice(0, 4))) <= 1
        )
          o = 'birth_year_match';
        else o = 'birth_date_mismatch';
        if (rank[o] > rank[outcome]) outcome = o;
      }
    }
    add(outcome);
  }
  if (a.cities.size > 0 && b.cities.size > 0 && intersects(a.cities, b.cities)) add('city_match');
  const organisations = ORGISH.has(a.schema) || ORGISH.has(b.schema);
  if (a.countries.size > 0 && b.countries.size > 0)
    add(
      intersects(a.countries, b.countries)
        ? 'country_match'
        : organisations
          ? 'jurisdiction_mismatch'
          : 'country_mismatch',
    );
  if (organisations && a.legalForms.size > 0 && b.legalForms.size > 0)
    if (freeZone(a.legalForms) !== freeZone(b.legalForms)) add('legal_form_mismatch');
  return f;
}

/**
 * Whether a company is a free-zone establishment (FZE, FZCO, FZ-LLC): a legal person apart
 * from an onshore company of the same name. Other forms are written too loosely across
 * sources (Co. Ltd, LLC, Limited Company) to tell companies apart.
 */
function freeZone(forms: Set<string>): boolean {
  for (const f of forms) if (f.startsWith('fz')) return true;
  return false;
}

const PERSONISH = new Set(['Person']);
const ORGISH = new Set(['Company', 'Organization', 'PublicBody']);
const CONCRETE = new Set([...PERSONISH, ...ORGISH, 'LegalEntity', 'Thing']);

/**
 * Whether two schemas can name the same thing: a Person is never a Company; LegalEntity
 * and Thing are vague enough to meet either.
 */
export function schemasCompatible(a: string, b: string): boolean {
  // (schemaPenalty below weighs the vaguer pairs that stay compatible.)
  if (a === b) return true;
  if (PERSONISH.has(a) && ORGISH.has(b)) return false;
  if (ORGISH.has(a) && PERSONISH.has(b)) return false;
  return CONCRETE.has(a) && CONCRETE.has(b);
}

export function roundFeatures(features: Features): Features {
  const out: Features = {};
  for (const [k, v] of Object.entries(features))
    out[k] = { value: Math.round(v.value * 1000) / 1000, weight: v.weight };
  return out;
}

/**
 * A person against a LegalEntity (a list entry of no stated kind, most often a company or
 * an organisation: OFAC's untyped entries): compatible, but weaker evidence than a person
 * against a person. Returned as a negative weight, the feature `schema_uncertain`.
 */
export function schemaPenalty(a: string, b: string): number {
  if ((a === 'Person' && b === 'LegalEntity') || (a === 'LegalEntity' && b === 'Person'))
    return SCHEMA_UNCERTAIN;
  return 0;
}

export const SCHEMA_UNCERTAIN = -0.05;

/**
 * What stands for the name score when one record has no name (a row of `match` with only a
 * birth date, an e-mail, a phone or an identifier): 0.6 once a fact that points to one
 * entity agrees, so that an identifier (+0.3), an e-mail (+0.25), a phone (+0.2) or a full
 * birth date with the city (+0.1 +0.05) reaches the default threshold, and a birth date
 * alone or with a country does not. The feature `name_absent`.
 */
export const NAMELESS_BASE = 0.6;

const NAMELESS_EVIDENCE = ['identifier_match', 'email_match', 'phone_match', 'birth_date_match'];

/** The nameless base for these fact features, or 0 when none of them points to one entity. */
export function namelessBase(a: PreparedRecord, b: PreparedRecord, facts: Features): number {
  if (a.names.length > 0 && b.names.length > 0) return 0;
  return NAMELESS_EVIDENCE.some((k) => facts[k] !== undefined) ? NAMELESS_BASE : 0;
}
