import { CompactNames } from './compact.ts';
import { matchRecords, DEFAULT_THRESHOLD, type MatchResult } from './match.ts';
import { MIN_LIST_RECORDS, TokenCounter, TokenWeights } from './token-weights.ts';
import { calibrate, rawThreshold } from './calibration.ts';
import type { NameToken } from './normalise.ts';
import { prepareRecord, type NameRecord, type PreparedRecord } from './record.ts';

/**
 * Candidate generation ("blocking", Christen, "Data Matching", Springer 2012, ch. 4): an
 * inverted index from name keys to records, so that a query is compared with the few
 * records that share a key and never with all of them.
 *
 * Keys come from the loose consonant skeleton of each name token, which is script- and
 * transliteration-independent (محمد, Mohammed and Mehmet share "mhmd"):
 * - pair keys: two tokens' skeletons together — selective, since a match above any useful
 *   threshold shares at least two tokens when names have two or more;
 * - deletion keys: one token's skeleton with the other's deletion neighbourhood, which
 *   survive a typo, a dropped letter or a swapped pair in one token (Duzaysh / Duzayh);
 * - single keys: one token's skeleton, used when the query has one token or the key is rare;
 * - ending keys: one token's skeleton with the last three letters of the other's spelling,
 *   which survive what the deletion keys do not: a consonant of the family name lost to a
 *   vowel or rendered otherwise in its first half (Zebari / Zeaari, Jukayz / Gukayz,
 *   Mathtuji / Mtehtuji), where the skeletons differ in more than one letter.
 * Candidates are ranked by a cheap pre-score, and only the best `maxCandidates` are scored
 * (more while matches keep coming): a bound on work per query. The pre-score is the
 * IDF-weighted Dice overlap of shared keys, then, for the head of that ranking, plus the
 * Dice overlap of character-bigram signatures, so that the true record is not lost among
 * the many that share its consonant classes.
 *
 * Keys are 32-bit FNV-1a hashes stored in a compressed-sparse-row layout (typed arrays):
 * a million names index into a few hundred megabytes, never one JS array per key.
 */

export interface IndexOptions {
  /** log2 of the number of hash buckets (default: sized to the number of keys). */
  bucketBits?: number;
  /** Blocking knobs (default: DEFAULT_TUNING); search options still override maxCandidates and maxSinglePosting per query. */
  tuning?: Partial<BlockingTuning>;
  /**
   * Weigh name tokens by their frequency in these records (token-weights.ts; default true):
   * false gives each token its own weight, as `matchRecords` does without a list.
   */
  listTokenWeights?: boolean;
}

export interface SearchOptions {
  /** Lowest calibrated score returned (default DEFAULT_THRESHOLD). */
  threshold?: number;
  /** Lowest raw score returned instead (calibration.ts; for measuring and refitting the map). */
  rawThreshold?: number;
  limit?: number;
  /** At most how many of the best-ranked candidates are scored in full (default: the index's tuning, 200; more while matches keep coming; fewer when the rest rank far below the best). */
  maxCandidates?: number;
  /** Single-token keys longer than this are skipped when the query has more than one token. */
  maxSinglePosting?: number;
}

export interface SearchHit extends MatchResult {
  id: string;
  record: NameRecord;
}

/**
 * The knobs of blocking, each with the default measured on the benchmark. A caller that
 * tunes them (a benchmark, an experiment) passes them to `buildIndex` as `tuning`; the
 * module reads no environment.
 */
export interface BlockingTuning {
  /** At most how many of the best-ranked candidates are scored in full (more while matches keep coming). */
  maxCandidates: number;
  /** Misses in a row, past `maxCandidates`, after which search stops scoring. */
  patience: number;
  /**
   * Postings read per query, rarest keys first (see accumulate). Measured on 1 M benchmark
   * names and 20 000 queries searched in locality order: 8 000 finds the true record as often
   * as 20 000 did (0.9285 of queries), at 0.66 ms a query instead of 0.80–0.87 ms; 6 000
   * starts to lose some (0.9281).
   */
  postingBudget: number;
  /** Weight of the bigram overlap in the re-rank. */
  gramWeight: number;
  /** Weight of the distinctive tokens' bigram overlap in the re-rank (see writeSignature). */
  distinctWeight: number;
  /** Candidates kept per query at most (or 20 × maxCandidates when that is more). */
  hardCap: number;
  /**
   * How many of the best key-ranked candidates are re-ranked by bigram overlap. One index over
   * a million names (rather than two shards of half a million, each with its own budgets)
   * needs twice the room to find noisy spellings among common given names: measured on 10 000
   * benchmark queries, with the distinctive-token overlap, 2000 re-ranked, 6000 admitted and
   * single keys read up to 4000 postings find 0.982 of brute force's true records, against
   * 0.975 at 1000, 3000 and 2000 without it.
   */
  rerank: number;
  /**
   * Candidates whose rank key is below this share of the best candidate's are not scored
   * (after the first MIN_SCORED). Measured on the benchmark's names (a 500 k shard, 3 000
   * queries): at 0.7 the true record is found as often as when scoring the best 100 with no
   * cut (0.983 of brute force), with 63 comparisons instead of 109; at 0.8 recall falls to 0.963.
   */
  rankCut: number;
  /** Candidates admitted per query before common keys may only add weight to those already in. */
  admit: number;
  /** Single-token keys longer than this are skipped when the query has more than one token. */
  maxSinglePosting: number;
}

export const DEFAULT_TUNING: Readonly<BlockingTuning> = Object.freeze({
  maxCandidates: 200,
  patience: 12,
  postingBudget: 8000,
  gramWeight: 4,
  distinctWeight: 2,
  hardCap: 2000,
  rerank: 2000,
  rankCut: 0.7,
  admit: 6000,
  maxSinglePosting: 4000,
});

const PAIR = 4;
const DELETION = 1;
const SINGLE = 1;
const STRICT = 2;
const ENDING = 2;
const MAX_TOKENS = 6;
const MIN_SCORED = 10;

function fnv1a(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Combines a kind salt and two 32-bit hashes into one key (the MurmurHash3 finaliser
 * after a multiply-rotate mix): keys are made from per-token hashes with integer
 * arithmetic alone, never by building and hashing strings for every record.
 */
function mix(salt: number, a: number, b: number): number {
  let h = Math.imul(salt ^ a, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h ^ b, 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SALT_SINGLE = 0x51;
const SALT_STRICT = 0x53;
const SALT_PAIR = 0x70;
const SALT_DELETION = 0x64;
const SALT_IDENTIFIER = 0x69;
const SALT_ENDING = 0x65;
const SALT_CONTACT = 0x63;
const SALT_BIRTH = 0x62;

/** Words of the bigram signature: 256 bits, one bit per hashed bigram (a Bloom-style sketch). */
const SIG_WORDS = 8;

/**
 * What blocking needs of one token, computed once per distinct token (a million names
 * hold a few thousand distinct words; tokens are shared objects): the hashes of its loose
 * and strict skeletons, of the loose skeleton's deletion neighbourhood, and its bigram bits.
 */
interface TokenKeys {
  loose: number;
  strict: number;
  /** The loose skeleton itself, then every one-letter deletion of it (skeletons of three or more). */
  deletions: Uint32Array;
  /** Bigram signature bits of the token (see `tokenSignature`). */
  signature: Uint32Array;
  /** The hash of the light spelling's last three letters (0 when it has fewer than five). */
  ending: number;
}

// Found by token uid (uids are dense and small) in chunks of plain arrays: two array reads,
// where a Map keyed by the token object cost about 0.85 s of hashing per million names.
const TOKEN_KEYS_LIMIT = 1 << 24;
let tokenKeyChunks: ((TokenKeys | undefined)[] | undefined)[] = [];
let tokenKeysHeld = 0;

function keysOfToken(t: NameToken): TokenKeys {
  const cacheable = t.uid < TOKEN_KEYS_LIMIT;
  if (cacheable) {
    const hit = tokenKeyChunks[t.uid >>> 12]?.[t.uid & 4095];
    if (hit !== undefined) return hit;
  }
  const l = t.loose;
  const dels = [fnv1a(l)];
  // Deletion neighbourhood (Mor, Wong & Zobel, "Dictionary look-up within small edit
  // distance", 2002; the SymSpell idea): one typo, dropped letter or swapped pair in a
  // token still shares a key with the true spelling.
  if (l.length >= 3)
    for (let k = 0; k < l.length; k++) {
      const h = fnv1a(l.slice(0, k) + l.slice(k + 1));
      if (!dels.includes(h)) dels.push(h);
    }
  const keys: TokenKeys = {
    loose: fnv1a(l),
    strict: fnv1a(t.strict),
    deletions: Uint32Array.from(dels),
    signature: tokenSignature(t),
    ending: t.light.length >= 5 ? fnv1a(t.light.slice(-3)) : 0,
  };
  if (cacheable) {
    // Tokens are dropped by the normaliser's own cache past its bound; so are their keys.
    if (++tokenKeysHeld > 500_000) {
      tokenKeyChunks = [];
      tokenKeysHeld = 1;
    }
    const c = t.uid >>> 12;
    while (tokenKeyChunks.length <= c) tokenKeyChunks.push(undefined);
    (tokenKeyChunks[c] ??= new Array<TokenKeys | undefined>(4096).fill(undefined))[t.uid & 4095] =
      keys;
  }
  return keys;
}

/**
 * The character bigrams of a token — of its canonical or light spelling with word
 * boundaries, and of its loose skeleton (so that an Arabic-script name meets a Latin one) —
 * folded into a 256-bit signature (a Bloom-style sketch of the bigram set). A record's
 * signature is the union of its tokens'; the Dice overlap of two signatures re-ranks the
 * best candidates of the key ranking (Ukkonen 1992, q-gram distance; Christen 2012, §5.3):
 * cheap on integers, and it tells a typo of this family name from another family name that
 * merely shares its consonant classes.
 */
function tokenSignature(t: NameToken): Uint32Array {
  const sig = new Uint32Array(SIG_WORDS);
  const put = (gram: number) => {
    const bit = Math.imul(gram >>> 0, 0x9e3779b1) >>> 24;
    sig[bit >>> 5]! |= 1 << (bit & 31);
  };
  const s = `#${t.canon ?? t.light}#`;
  for (let i = 0; i + 1 < s.length; i++) put((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1));
  const l = `#${t.loose}#`;
  for (let i = 0; i + 1 < l.length; i++)
    put(((l.charCodeAt(i) & 0x7fff) << 16) | l.charCodeAt(i + 1) | 0x80000000);
  return sig;
}

/**
 * A record's two signatures, written at `sig[at…at+16)`: the union of all its tokens', then
 * the union of its distinctive tokens' (those of full weight: not a frequent given name, a
 * generic trade word, a number or an initial). A namesake who shares "Mohammed Ali" but not the family
 * name overlaps the first a lot and the second little; a misspelling of the family name
 * overlaps the second.
 */
function writeSignature(p: PreparedRecord, sig: Uint32Array, at: number): void {
  for (const name of p.names) {
    const tokens = name.tokens;
    for (let i = 0; i < tokens.length && i < MAX_TOKENS; i++) {
      const ts = keysOfToken(tokens[i]!).signature;
      for (let w = 0; w < SIG_WORDS; w++) sig[at + w]! |= ts[w]!;
      if (tokens[i]!.weight >= 1)
        for (let w = 0; w < SIG_WORDS; w++) sig[at + SIG_WORDS + w]! |= ts[w]!;
    }
  }
}

/** Where loads made only to warm the cache leave their result, so that the compiler keeps them. */
let _prefetchSink = 0;

/** Bits set in every 16-bit number: two loads count a word's bits faster than arithmetic does. */
const BITS16 = new Uint8Array(1 << 16);
for (let i = 1; i < 1 << 16; i++) BITS16[i] = (i & 1) + BITS16[i >>> 1]!;

function popcount16(x: number): number {
  return BITS16[x & 0xffff]! + BITS16[x >>> 16]!;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/**
 * The signatures of all records, one 64-byte run each (the bits set in each are kept apart,
 * in one 16-bit number per record): ranking reads them for the head of its candidates.
 */
const LINE_WORDS = 2 * SIG_WORDS;

function signatureBits(sig: Uint32Array, at: number): number {
  let bits = 0;
  for (let w = 0; w < SIG_WORDS; w++) bits += popcount(sig[at + w]!);
  return bits;
}

/**
 * The blocking keys of a prepared record, deduplicated, as parallel arrays of hashes and
 * kinds (valid up to `count`). The arrays are scratch space reused by the next call:
 * copy what must outlive it.
 */
export interface KeyList {
  hashes: Uint32Array;
  kinds: Uint8Array;
  count: number;
}

const keyScratch: KeyList = { hashes: new Uint32Array(256), kinds: new Uint8Array(256), count: 0 };
// A small open-addressing set (generation-stamped, so never cleared) deduplicates a record's keys.
// It grows when a record fills half of it: an OFAC entry with dozens of aliases has over a
// thousand distinct keys, and a full table would be probed for a free slot forever.
let dedupBits = 10;
let dedupHash = new Uint32Array(1 << dedupBits);
let dedupSlot = new Uint32Array(1 << dedupBits);
let dedupGen = new Uint32Array(1 << dedupBits);
let generation = 0;

/** Doubles the dedup set, re-inserting the keys of the record being keyed. */
function growDedup(out: KeyList): void {
  dedupBits++;
  dedupHash = new Uint32Array(1 << dedupBits);
  dedupSlot = new Uint32Array(1 << dedupBits);
  dedupGen = new Uint32Array(1 << dedupBits);
  const mask = (1 << dedupBits) - 1;
  for (let at = 0; at < out.count; at++) {
    const hash = out.hashes[at]!;
    let i = Math.imul(hash, 0x9e3779b1) >>> (32 - dedupBits);
    while (dedupGen[i] === generation) i = (i + 1) & mask;
    dedupGen[i] = generation;
    dedupHash[i] = hash;
    dedupSlot[i] = at;
  }
}

function addKey(out: KeyList, hash: number, kind: number): void {
  if (out.count >= 0xffff) return;
  if (out.count * 2 >= 1 << dedupBits) growDedup(out);
  const mask = (1 << dedupBits) - 1;
  for (let i = Math.imul(hash, 0x9e3779b1) >>> (32 - dedupBits); ; i = (i + 1) & mask) {
    if (dedupGen[i] !== generation) {
      if (out.count === out.hashes.length) {
        // A record with very many aliases: grow the scratch arrays.
        const h = new Uint32Array(out.count * 2);
        h.set(out.hashes);
        const k = new Uint8Array(out.count * 2);
        k.set(out.kinds);
        out.hashes = h;
        out.kinds = k;
      }
      dedupGen[i] = generation;
      dedupHash[i] = hash;
      dedupSlot[i] = out.count;
      out.hashes[out.count] = hash;
      out.kinds[out.count] = kind;
      out.count++;
      return;
    }
    if (dedupHash[i] === hash) {
      const at = dedupSlot[i]!;
      if (out.kinds[at]! < kind) out.kinds[at] = kind;
      return;
    }
  }
}

let tokenScratch: TokenKeys[] = [];

/** The blocking keys of a prepared record (see the module comment), in reused scratch arrays. */
export function blockingKeys(p: PreparedRecord): KeyList {
  const out = keyScratch;
  out.count = 0;
  generation++;
  if (generation === 0xffffffff) {
    dedupGen.fill(0);
    generation = 1;
  }
  for (const name of p.names) {
    // Distinct loose skeletons of the name's first tokens, with their strict forms keyed too.
    let nt = 0;
    const toks = name.tokens;
    for (let i = 0; i < toks.length && i < MAX_TOKENS; i++) {
      const t = toks[i]!;
      if (t.loose.length === 0) continue;
      const k = keysOfToken(t);
      // Strict skeletons tell apart what the loose one merges (Dhadih / Tazit are both "d"):
      // rare ones weigh a lot in the IDF ranking, common ones are skipped at query time.
      addKey(out, mix(SALT_STRICT, k.strict, 0), STRICT);
      let dup = false;
      for (let j = 0; j < nt; j++) if (tokenScratch[j]!.loose === k.loose) dup = true;
      if (!dup) tokenScratch[nt++] = k;
      // Two words of one skeleton (Said Suuayd: sd, sd) pair with each other as two distinct
      // ones would (Said Sunaydh: sd with sd among the deletions of snd).
      else
        for (let d = 0; d < k.deletions.length; d++)
          addKey(out, mix(SALT_DELETION, k.loose, k.deletions[d]!), DELETION);
    }
    for (let i = 0; i < nt; i++) addKey(out, mix(SALT_SINGLE, tokenScratch[i]!.loose, 0), SINGLE);
    for (let i = 0; i < nt; i++) {
      const a = tokenScratch[i]!;
      for (let j = 0; j < nt; j++) {
        if (i === j) continue;
        const b = tokenScratch[j]!;
        // A pair key is symmetric: the smaller hash goes first.
        if (a.loose < b.loose) addKey(out, mix(SALT_PAIR, a.loose, b.loose), PAIR);
        const dels = b.deletions;
        for (let d = 0; d < dels.length; d++)
          addKey(out, mix(SALT_DELETION, a.loose, dels[d]!), DELETION);
        if (b.ending !== 0) addKey(out, mix(SALT_ENDING, a.loose, b.ending), ENDING);
      }
    }
    // A one-word name (Rostec, Ростех) has no pairs: its own deletions are its typo keys.
    if (nt === 1) {
      const dels = tokenScratch[0]!.deletions;
      for (let d = 0; d < dels.length; d++) addKey(out, mix(SALT_DELETION, 0, dels[d]!), DELETION);
    }
    if (tokenScratch.length > 64) tokenScratch = [];
  }
  // A shared identifier (tax number, IMO, passport) finds a record whatever script its name is in.
  for (const id of p.identifiers) addKey(out, mix(SALT_IDENTIFIER, fnv1a(id), 0), PAIR);
  // So do an e-mail, a phone, and a full birth date with the city or a country: what a
  // record without a name is matched on.
  for (const e of p.emails) addKey(out, mix(SALT_CONTACT, fnv1a(e), 1), PAIR);
  for (const ph of p.phones) addKey(out, mix(SALT_CONTACT, fnv1a(ph), 2), PAIR);
  for (const d of p.birthDates) {
    if (d.length !== 10) continue;
    for (const c of p.cities) addKey(out, mix(SALT_BIRTH, fnv1a(d), fnv1a(c)), PAIR);
    for (const c of p.countries) addKey(out, mix(SALT_BIRTH, fnv1a(d), fnv1a(`@${c}`)), PAIR);
  }
  return out;
}

/**
 * A hit whose features and best names are worked out when first read (a screening job
 * that keeps only whether a name was hit never pays for them); JSON and spreading read them.
 */
function explainedHit(
  query: PreparedRecord,
  record: NameRecord,
  score: number,
  weights: TokenWeights,
): SearchHit {
  // (No helper closure: the loader that runs the TypeScript names every closure it makes,
  // a cost paid for every hit of a screening job.)
  let explained: MatchResult | null = null;
  return {
    id: record.id,
    record,
    score: Math.round(calibrate(Math.min(1, score)) * 10000) / 10000,
    raw_score: Math.round(Math.min(1, score) * 10000) / 10000,
    get features() {
      return (explained ??= matchRecords(query, record, weights)).features;
    },
    get names() {
      return (explained ??= matchRecords(query, record, weights)).names;
    },
  };
}

/** Sorts postings [lo, hi) by hash, carrying owners and kinds along (insertion sort: runs are short). */
function sortRun(h: Uint32Array, o: Int32Array, k: Uint8Array, lo: number, hi: number): void {
  if (hi - lo > 64) {
    const idx = Array.from({ length: hi - lo }, (_, i) => lo + i).sort((x, y) => h[x]! - h[y]!);
    const hs = idx.map((i) => h[i]!);
    const os = idx.map((i) => o[i]!);
    const ks = idx.map((i) => k[i]!);
    h.set(hs, lo);
    o.set(os, lo);
    k.set(ks, lo);
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const hv = h[i]!;
    const ov = o[i]!;
    const kv = k[i]!;
    let j = i - 1;
    while (j >= lo && h[j]! > hv) {
      h[j + 1] = h[j]!;
      o[j + 1] = o[j]!;
      k[j + 1] = k[j]!;
      j--;
    }
    h[j + 1] = hv;
    o[j + 1] = ov;
    k[j + 1] = kv;
  }
}

/**
 * The key records are laid out by inside the index: the loose, then the strict skeleton of
 * the first name's last token (usually the family name). The records a query ranks and
 * scores together (namesakes and near-spellings of one family) then sit side by side in the
 * index's arrays, so a query's reads share cache lines instead of each missing alone
 * (measured on 1 M names: about 15 % less time per query).
 */
function localityKey(p: PreparedRecord): number {
  const tokens = p.names[0]?.tokens;
  if (!tokens || tokens.length === 0) return 0;
  const k = keysOfToken(tokens[Math.min(tokens.length, MAX_TOKENS) - 1]!);
  return ((k.loose & 0xffff0000) | (k.strict >>> 16)) >>> 0;
}

/**
 * Positions sorted by their keys, stable: two passes of a 16-bit radix sort (linear, where a
 * comparison sort of a million keys would take a second).
 */
function localityOrder(keys: Uint32Array): Int32Array {
  const n = keys.length;
  let from = Int32Array.from({ length: n }, (_, i) => i);
  let to = new Int32Array(n);
  const counts = new Uint32Array(1 << 16);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[from[i]!]! >>> shift) & 0xffff]!++;
    for (let b = 0, at = 0; b < counts.length; b++) {
      const c = counts[b]!;
      counts[b] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) to[counts[(keys[from[i]!]! >>> shift) & 0xffff]!++] = from[i]!;
    [from, to] = [to, from];
  }
  return from;
}

export interface NameIndex {
  size: number;
  /** The records in the order given (positions in this array are what `candidates` returns). */
  records: NameRecord[];
  /** Candidate ids (positions in `records`) for a query, best-ranked first. */
  candidates(query: PreparedRecord, opts?: SearchOptions): number[];
  search(query: NameRecord | PreparedRecord, opts?: SearchOptions): SearchHit[];
  /**
   * Many queries at once (a screening job, a match of two lists): each answer is what
   * `search` gives, in the order of the queries; they are searched in the index's locality
   * order (see searchAll). `onProgress` is told after every query searched.
   */
  searchAll(
    queries: (NameRecord | PreparedRecord)[],
    opts?: SearchOptions,
    onProgress?: (done: number, total: number) => void,
  ): SearchHit[][];
  /** Comparisons made by `search` since the index was built (for measuring blocking). */
  comparisons: number;
  /** Postings read and candidate records touched by `candidates` since the index was built. */
  postingsRead: number;
  touched: number;
  /** What each name token counts in this index's name scores (its records' token frequencies). */
  weights: TokenWeights;
}

/**
 * Builds the blocking index over records (names normalised once, here), in phases: key the
 * records (pass 1), lay them out by locality, scatter the postings into hash buckets, sort the
 * buckets into a key directory, and weigh each record's own keys. The index then answers
 * queries from those typed arrays (see BlockingIndex).
 */
export function buildIndex(
  input: (NameRecord | PreparedRecord)[],
  opts: IndexOptions = {},
  onProgress?: (done: number, total: number) => void,
): NameIndex {
  const tuning: BlockingTuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const total = input.length;
  const keyed = keyRecords(input, opts.listTokenWeights ?? true, onProgress);
  // Inside the index a record is known by its place in locality order (see localityKey).
  const order = localityOrder(keyed.near);
  permuteSignatures(keyed, order);
  const names = keyed.compact.permuted(order);
  const directory = buildDirectory(scatterPostings(keyed, order, opts.bucketBits), keyed.count);
  const acc = recordNorms(directory, names, total);
  onProgress?.(total, total);
  return new BlockingIndex(
    keyed.given,
    order,
    names,
    directory,
    keyed.lines,
    keyed.lineBits,
    acc,
    tuning,
    keyed.weights,
  );
}

/**
 * What pass 1 leaves, in the order the records were given. The prepared records themselves
 * are let go as soon as they are keyed: the index keeps no objects per record (see
 * CompactNames), only these arrays.
 */
interface KeyedRecords {
  given: NameRecord[];
  /** Names in the compact store, still in the order given. */
  compact: CompactNames;
  /** Every record's keys (hash and kind), record after record, valid up to `count` (emptied by scatterPostings). */
  hashes: Uint32Array;
  kinds: Uint8Array;
  count: number;
  /** Where each record's keys start in `hashes` and `kinds` (`keyStart[total]` is `count`). */
  keyStart: Uint32Array;
  /** Each record's two signatures (LINE_WORDS words) and their bit counts (see writeSignature); in locality order once permuteSignatures has run. */
  lines: Uint32Array;
  lineBits: Uint16Array;
  /** Each record's locality key (see localityKey). */
  near: Uint32Array;
  /** Token weights from the records' token frequencies (or each token's own). */
  weights: TokenWeights;
}

/**
 * Pass 1, in the order given: each record prepared, its names put in the compact store,
 * its signature, locality key and blocking keys written.
 */
function keyRecords(
  input: (NameRecord | PreparedRecord)[],
  listTokenWeights: boolean,
  onProgress?: (done: number, total: number) => void,
): KeyedRecords {
  const total = input.length;
  const counter = listTokenWeights && total >= MIN_LIST_RECORDS ? new TokenCounter() : null;
  const given: NameRecord[] = new Array<NameRecord>(total);
  const compact = new CompactNames();
  // About 56 keys per three-token name: sized once, not grown by repeated copying.
  let cap = Math.max(1024, total * 64);
  let hashes = new Uint32Array(cap);
  let kinds = new Uint8Array(cap);
  let n = 0;
  const lines = new Uint32Array(total * LINE_WORDS);
  // Bits set in each record's two signatures (all tokens, distinctive ones), one 16-bit
  // number per record: the re-rank reads both with one load.
  const lineBits = new Uint16Array(total);
  const near = new Uint32Array(total);
  const keyStart = new Uint32Array(total + 1);
  for (let r = 0; r < total; r++) {
    keyStart[r] = n;
    const item = input[r]!;
    const p = 'record' in item ? item : prepareRecord(item);
    given[r] = p.record;
    compact.add(p);
    counter?.add(p.names);
    near[r] = localityKey(p);
    writeSignature(p, lines, r * LINE_WORDS);
    lineBits[r] =
      Math.min(255, signatureBits(lines, r * LINE_WORDS)) |
      (Math.min(255, signatureBits(lines, r * LINE_WORDS + SIG_WORDS)) << 8);
    const keys = blockingKeys(p);
    for (let i = 0; i < keys.count; i++) {
      if (n === cap) {
        cap *= 2;
        const h2 = new Uint32Array(cap);
        h2.set(hashes);
        hashes = h2;
        const k2 = new Uint8Array(cap);
        k2.set(kinds);
        kinds = k2;
      }
      hashes[n] = keys.hashes[i]!;
      kinds[n] = keys.kinds[i]!;
      n++;
    }
    if (onProgress && (r & 0xffff) === 0) onProgress(r, total);
  }
  keyStart[total] = n;
  const weights = counter?.weights() ?? TokenWeights.intrinsic;
  return { given, compact, hashes, kinds, count: n, keyStart, lines, lineBits, near, weights };
}

/**
 * The signatures and their bit counts moved from the order given into locality order, in
 * place: the arrays in the order given are let go.
 */
function permuteSignatures(keyed: KeyedRecords, order: Int32Array): void {
  const { lines, lineBits } = keyed;
  const total = order.length;
  const l2 = new Uint32Array(total * LINE_WORDS);
  const b2 = new Uint16Array(total);
  for (let i = 0; i < total; i++) {
    const r = order[i]!;
    l2.set(lines.subarray(r * LINE_WORDS, (r + 1) * LINE_WORDS), i * LINE_WORDS);
    b2[i] = lineBits[r]!;
  }
  keyed.lines = l2;
  keyed.lineBits = b2;
}

/** Postings (hash, owner's place in locality order, kind) grouped by hash bucket. */
interface Postings {
  mask: number;
  buckets: number;
  /** Bucket b's postings are [offsets[b], offsets[b + 1]). */
  offsets: Uint32Array;
  hash: Uint32Array;
  owner: Int32Array;
  kind: Uint8Array;
}

/**
 * Pass 2: a counting sort of all keys into hash buckets (the postings hold a record by its
 * place in locality order). About eight postings per bucket:
 * the bucket arrays stay a few megabytes (the scatter's random writes stay in the
 * processor's cache), and a lookup scans a handful of keys.
 */
function scatterPostings(keyed: KeyedRecords, order: Int32Array, bucketBits?: number): Postings {
  const { hashes, kinds, keyStart, count: n } = keyed;
  const total = order.length;
  const bits = bucketBits ?? Math.max(10, Math.min(22, Math.ceil(Math.log2(Math.max(1, n))) - 3));
  const mask = (1 << bits) - 1;
  const buckets = 1 << bits;
  const offsets = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) offsets[(hashes[i]! & mask) + 1]!++;
  for (let b = 0; b < buckets; b++) offsets[b + 1]! += offsets[b]!;
  const fill = offsets.slice(0, buckets);
  const postHash = new Uint32Array(n);
  const postOwner = new Int32Array(n);
  const postKind = new Uint8Array(n);
  // Scattered record by record in locality order, so that a key's postings come out sorted by
  // record (the sorts that follow are stable) and a query's scan of them walks its
  // accumulators in order, many records of one family to a cache line.
  for (let place = 0; place < total; place++) {
    const r = order[place]!;
    for (let i = keyStart[r]!; i < keyStart[r + 1]!; i++) {
      const b = hashes[i]! & mask;
      const at = fill[b]!++;
      postHash[at] = hashes[i]!;
      postOwner[at] = place;
      postKind[at] = kinds[i]!;
    }
  }
  // The keys in record order are the build's largest arrays: let go before the directory is made.
  keyed.hashes = new Uint32Array(0);
  keyed.kinds = new Uint8Array(0);
  return { mask, buckets, offsets, hash: postHash, owner: postOwner, kind: postKind };
}

/**
 * The distinct keys, found through their bucket: key e's postings are the owners
 * [start[e], start[e + 1]), and the keys of bucket b are [bucketDir[b], bucketDir[b + 1]).
 * A key's length and postings come without a scan.
 */
interface Directory {
  mask: number;
  keyCount: number;
  bucketDir: Uint32Array;
  hash: Uint32Array;
  start: Uint32Array;
  kind: Uint8Array;
  /** The postings' owners (places in locality order), every key's one contiguous run. */
  owner: Int32Array;
}

/**
 * Each bucket sorted by hash, so that every key's postings are one contiguous run, then the
 * directory of distinct keys (hash, first posting, kind). The postings' hashes and kinds are
 * dropped with the Postings: the directory holds them once per key.
 */
function buildDirectory(postings: Postings, n: number): Directory {
  const { mask, buckets, offsets, hash: postHash, owner: postOwner, kind: postKind } = postings;
  let keyCount = 0;
  for (let b = 0; b < buckets; b++) {
    const lo = offsets[b]!;
    const hi = offsets[b + 1]!;
    if (hi === lo) continue;
    let mixed = false;
    for (let i = lo + 1; i < hi && !mixed; i++) mixed = postHash[i] !== postHash[lo];
    if (mixed) sortRun(postHash, postOwner, postKind, lo, hi);
    keyCount++;
    for (let i = lo + 1; i < hi; i++) if (postHash[i] !== postHash[i - 1]) keyCount++;
  }
  const dirHash = new Uint32Array(keyCount);
  const dirStart = new Uint32Array(keyCount + 1);
  const dirKind = new Uint8Array(keyCount);
  const bucketDir = new Uint32Array(buckets + 1);
  let d = 0;
  for (let b = 0; b < buckets; b++) {
    bucketDir[b] = d;
    const lo = offsets[b]!;
    const hi = offsets[b + 1]!;
    for (let i = lo; i < hi; i++) {
      if (i === lo || postHash[i] !== postHash[i - 1]) {
        dirHash[d] = postHash[i]!;
        dirStart[d] = i;
        d++;
      }
      // One hash, one kind (kinds are salted into the hash); a 32-bit collision keeps the larger.
      if (postKind[i]! > dirKind[d - 1]!) dirKind[d - 1] = postKind[i]!;
    }
  }
  bucketDir[buckets] = d;
  dirStart[keyCount] = n;
  return {
    mask,
    keyCount,
    bucketDir,
    hash: dirHash,
    start: dirStart,
    kind: dirKind,
    owner: postOwner,
  };
}

/** The directory entry of a key, or -1. */
function lookupKey(dir: Directory, hash: number): number {
  const b = hash & dir.mask;
  const bucketDir = dir.bucketDir;
  for (let e = bucketDir[b]!; e < bucketDir[b + 1]!; e++) if (dir.hash[e] === hash) return e;
  return -1;
}

/**
 * IDF of a key (Robertson & Spärck Jones 1976; Christen 2012, §4.3 on weighting blocking
 * keys): a key shared by a handful of records says more than one shared by thousands.
 */
function idf(total: number, df: number): number {
  return Math.log(1 + total / df);
}

/**
 * Each record's own key weight, per name: the denominator of the Dice-style pre-score, so
 * that among records sharing the query's keys the ones with little else come first. Kept
 * interleaved with the per-query accumulators (acc at 2r, norm at 2r + 1): the pre-score
 * reads a record's norm from the cache line its accumulator was just written to.
 */
function recordNorms(dir: Directory, names: CompactNames, total: number): Float32Array {
  const { start: dirStart, kind: dirKind, owner: postOwner } = dir;
  const acc = new Float32Array(total * 2);
  for (let e = 0; e < dir.keyCount; e++) {
    const lo = dirStart[e]!;
    const hi = dirStart[e + 1]!;
    const w = dirKind[e]! * idf(total, hi - lo);
    for (let i = lo; i < hi; i++) acc[2 * postOwner[i]! + 1]! += w;
  }
  for (let r = 0; r < total; r++)
    acc[2 * r + 1] = acc[2 * r + 1]! / Math.max(1, names.nameCount(r));
  return acc;
}

const LEVELS = 1024;
const RANK_LEVELS = 4096;

/**
 * The built index. Inside it a record is known by its place in locality order; `order` maps
 * places back to positions in the records given. A query ranks in four steps (rank): its keys
 * found in the directory, rarest first; their postings accumulated per record; a pre-score
 * bucket-sorted; the head re-ranked by signature overlap. The per-query scratch arrays are
 * kept and reused (grown when a query needs more): a screening job runs 100 000 queries.
 */
class BlockingIndex implements NameIndex {
  readonly size: number;
  comparisons = 0;
  postingsRead = 0;
  touched = 0;

  // Per-query scratch: the records touched (their accumulators are in `acc`), their
  // pre-score levels, and the ranking.
  private touchedIds = new Int32Array(4096);
  private readonly levelCounts = new Uint32Array(LEVELS + 1);
  private readonly levelStart = new Uint32Array(LEVELS + 1);
  private levelOf = new Uint16Array(4096);
  private preDense = new Float64Array(4096);
  private preOf = new Float64Array(512);
  private rankLevel = new Uint16Array(512);
  private reordered = new Int32Array(512);
  /** The rank levels of the last candidate list's head, for search's cut (see rankCut). */
  private headLevels = new Uint16Array(512);
  private headCount = 0;
  private ranked = new Int32Array(2048);
  private entries = new Int32Array(256);
  private readonly querySignature = new Uint32Array(LINE_WORDS);
  private readonly rankCounts = new Uint32Array(RANK_LEVELS);
  private readonly rankStart = new Uint32Array(RANK_LEVELS);
  /** The query weight of the last accumulate (the Dice denominator's query half). */
  private queryWeight = 0;

  constructor(
    readonly records: NameRecord[],
    private readonly order: Int32Array,
    private readonly names: CompactNames,
    private readonly dir: Directory,
    private readonly lines: Uint32Array,
    private readonly lineBits: Uint16Array,
    private readonly acc: Float32Array,
    private readonly tuning: BlockingTuning,
    readonly weights: TokenWeights,
  ) {
    this.size = records.length;
  }

  candidates(query: PreparedRecord, o: SearchOptions = {}): number[] {
    const order = this.order;
    // Ranked first: ranking may grow `ranked` into a new array.
    const count = this.rank(query, o);
    return Array.from(this.ranked.subarray(0, count), (r) => order[r]!);
  }

  /**
   * Queries sorted by the key the records are laid out by (localityKey), so that queries of
   * one family name follow each other and find their candidates' accumulators and
   * signatures still in cache from the one before (measured on 1 M names, 10 000 queries:
   * 0.70–0.74 ms a query in this order, 0.81–0.94 ms in the order given). The sort is stable
   * and each query is answered as `search` answers it alone.
   */
  searchAll(
    queries: (NameRecord | PreparedRecord)[],
    o: SearchOptions = {},
    onProgress?: (done: number, total: number) => void,
  ): SearchHit[][] {
    const prepared = queries.map((q) => ('record' in q ? q : prepareRecord(q)));
    const order = localityOrder(Uint32Array.from(prepared, localityKey));
    const out: SearchHit[][] = new Array<SearchHit[]>(prepared.length);
    for (let i = 0; i < order.length; i++) {
      const at = order[i]!;
      out[at] = this.search(prepared[at]!, o);
      onProgress?.(i + 1, order.length);
    }
    return out;
  }

  search(q: NameRecord | PreparedRecord, o: SearchOptions = {}): SearchHit[] {
    const { order, names } = this;
    const query = 'record' in q ? q : prepareRecord(q);
    // Raw scores are compared against the raw score of the calibrated threshold (one cut: the map is monotone).
    const threshold = o.rawThreshold ?? rawThreshold(o.threshold ?? DEFAULT_THRESHOLD);
    const scored: { r: number; score: number }[] = [];
    const maxCandidates = o.maxCandidates ?? this.tuning.maxCandidates;
    const patience = this.tuning.patience;
    // Score the best-ranked candidates; go on past maxCandidates only while matches keep
    // coming (a common name held by many records), stopping after a run of misses.
    let sinceLastHit = 0;
    const count = this.rank(query, o);
    const ranked = this.ranked;
    const headLevels = this.headLevels;
    const headCount = this.headCount;
    // Past the first few, candidates ranked far below the best are not worth scoring.
    const cut = headCount > 0 ? headLevels[0]! * this.tuning.rankCut : 0;
    for (let n = 0; n < count; n++) {
      if (n >= maxCandidates && sinceLastHit >= patience) break;
      if (n >= MIN_SCORED && n < headCount && headLevels[n]! < cut) break;
      const r = ranked[n]!;
      this.comparisons++;
      const score = names.score(query, r, threshold, this.weights);
      if (score >= threshold) {
        scored.push({ r, score });
        sinceLastHit = 0;
      } else sinceLastHit++;
    }
    // Ties in the order the records were given, whatever the index's layout.
    scored.sort((x, y) => y.score - x.score || order[x.r]! - order[y.r]!);
    const top = o.limit !== undefined ? scored.slice(0, o.limit) : scored;
    return top.map(({ r, score }) =>
      explainedHit(query, this.records[order[r]!]!, score, this.weights),
    );
  }

  /**
   * Ranks the candidates of a query into `ranked` (best first) and returns how many there
   * are; the head's rank levels are left in `headLevels` (see rankCut).
   */
  private rank(query: PreparedRecord, o: SearchOptions): number {
    const maxCandidates = o.maxCandidates ?? this.tuning.maxCandidates;
    const maxSingle = o.maxSinglePosting ?? this.tuning.maxSinglePosting;
    const found = this.rarestKeys(query);
    const nt = this.accumulate(query, found, maxSingle);
    const keep = this.preRank(nt, maxCandidates);
    this.rerankHead(query, keep);
    return keep;
  }

  /**
   * The query's keys that the index holds, as directory entries in `entries`, rarest first;
   * returns how many. (Sorted by insertion as found: a query has a few dozen keys.)
   */
  private rarestKeys(query: PreparedRecord): number {
    const dirStart = this.dir.start;
    const scratch = blockingKeys(query);
    if (this.entries.length < scratch.count) this.entries = new Int32Array(scratch.count * 2);
    const entries = this.entries;
    let found = 0;
    for (let i = 0; i < scratch.count; i++) {
      const e = lookupKey(this.dir, scratch.hashes[i]!);
      if (e < 0) continue;
      const df = dirStart[e + 1]! - dirStart[e]!;
      let j = found++;
      while (j > 0 && dirStart[entries[j - 1]! + 1]! - dirStart[entries[j - 1]!]! > df) {
        entries[j] = entries[j - 1]!;
        j--;
      }
      entries[j] = e;
    }
    return found;
  }

  /**
   * Adds each key's weight to the accumulator of every record that holds it, and lists the
   * records touched in `touchedIds`; returns how many (the query's own weight is left in
   * `queryWeight`). Rarest keys first, within a budget of postings read: a pair or deletion
   * key of two very common given names ranks little (low IDF) and costs a long scan, so it is
   * read only while the budget lasts; every key still counts in the query's weight.
   */
  private accumulate(query: PreparedRecord, found: number, maxSingle: number): number {
    const { postingBudget, admit } = this.tuning;
    const { start: dirStart, kind: dirKind, owner: postOwner } = this.dir;
    const acc = this.acc;
    const entries = this.entries;
    const total = this.size;
    const multi = (query.names[0]?.tokens.length ?? 0) > 1 || query.names.length > 1;
    let budget = postingBudget;
    let queryWeight = 0;
    let nt = 0;
    for (let k = 0; k < found; k++) {
      const e = entries[k]!;
      const df = dirStart[e + 1]! - dirStart[e]!;
      const kind = dirKind[e]!;
      const w = kind * idf(total, df);
      queryWeight += w;
      if (kind === SINGLE && multi && df > maxSingle) continue;
      if (df > budget && nt > 0) continue;
      budget -= df;
      this.postingsRead += df;
      const start = dirStart[e]!;
      const end = dirStart[e + 1]!;
      if (nt + df > admit && nt > 0) {
        // Enough candidates came from rarer keys: a common key only adds its weight to
        // them (a record that shares nothing rarer would not rank near the top anyway).
        for (let i = start; i < end; i++) {
          const r = 2 * postOwner[i]!;
          if (acc[r] !== 0) acc[r]! += w;
        }
        continue;
      }
      if (nt + df > this.touchedIds.length) {
        const t2 = new Int32Array(Math.max(this.touchedIds.length * 2, nt + df));
        t2.set(this.touchedIds);
        this.touchedIds = t2;
      }
      // Without a branch on whether the record is new (which no predictor guesses): its id
      // is always written at the end, and the end moves on only when it was new.
      const list = this.touchedIds;
      for (let i = start; i < end; i++) {
        const r = postOwner[i]!;
        const a = acc[2 * r]!;
        list[nt] = r;
        nt += a === 0 ? 1 : 0;
        acc[2 * r] = a + w;
      }
    }
    this.queryWeight = queryWeight / Math.max(1, query.names.length);
    this.touched += nt;
    return nt;
  }

  /**
   * The Dice-style pre-score of the `nt` records touched, on the shared key weight, quantised
   * to LEVELS for a bucket sort (a comparison sort of tens of thousands of candidates per
   * query would cost more than scoring) into `ranked`; clears their accumulators. Returns
   * how many are kept (hardCap, or 20 × maxCandidates); the re-rank's head gets its
   * pre-scores in `preOf`.
   */
  private preRank(nt: number, maxCandidates: number): number {
    const acc = this.acc;
    const touched = this.touchedIds;
    const queryWeight = this.queryWeight;
    const levelCounts = this.levelCounts;
    const levelStart = this.levelStart;
    if (this.levelOf.length < nt) this.levelOf = new Uint16Array(touched.length);
    const levelOf = this.levelOf;
    levelCounts.fill(0);
    // One pass over the records touched (reading and clearing their accumulators), then
    // the quantisation over the dense copy.
    if (this.preDense.length < nt) this.preDense = new Float64Array(touched.length);
    const preDense = this.preDense;
    let best = 0;
    for (let i = 0; i < nt; i++) {
      const r = touched[i]!;
      const pre = acc[2 * r]! / (queryWeight + acc[2 * r + 1]!);
      acc[2 * r] = 0;
      preDense[i] = pre;
      if (pre > best) best = pre;
    }
    for (let i = 0; i < nt; i++) {
      const lv = best > 0 ? Math.floor((preDense[i]! / best) * LEVELS) : 0;
      levelOf[i] = lv;
      levelCounts[lv]!++;
    }
    const hardCap = Math.max(this.tuning.hardCap, maxCandidates * 20);
    const keep = Math.min(nt, hardCap);
    for (let v = LEVELS, at = 0; v >= 0; v--) {
      levelStart[v] = at;
      at += levelCounts[v]!;
    }
    if (this.ranked.length < keep) this.ranked = new Int32Array(keep * 2);
    const out = this.ranked;
    const rerank = Math.min(keep, this.tuning.rerank);
    if (this.preOf.length < rerank) this.preOf = new Float64Array(rerank * 2);
    const preOf = this.preOf;
    for (let i = 0; i < nt; i++) {
      const at = levelStart[levelOf[i]!]!++;
      if (at < keep) out[at] = touched[i]!;
      if (at < rerank) preOf[at] = levelOf[i]! / LEVELS;
    }
    return keep;
  }

  /**
   * Re-ranks the head of `ranked` (the best `rerank` of the `keep`) by key pre-score plus
   * the Dice overlap of bigram signatures, all tokens and distinctive ones, again by a bucket
   * sort; leaves the head's levels in `headLevels` and its length in `headCount`.
   */
  private rerankHead(query: PreparedRecord, keep: number): void {
    const head = Math.min(keep, this.tuning.rerank);
    if (head <= 1) {
      this.headCount = 0;
      return;
    }
    const { gramWeight, distinctWeight } = this.tuning;
    const { lines, lineBits, preOf, querySignature } = this;
    const out = this.ranked;
    querySignature.fill(0);
    writeSignature(query, querySignature, 0);
    const qBits = signatureBits(querySignature, 0);
    const qDistinct = signatureBits(querySignature, SIG_WORDS);
    if (this.rankLevel.length < head) {
      this.rankLevel = new Uint16Array(head * 2);
      this.reordered = new Int32Array(head * 2);
    }
    const rankLevel = this.rankLevel;
    const reordered = this.reordered;
    const rankCounts = this.rankCounts;
    rankCounts.fill(0);
    const top = (1 + gramWeight + distinctWeight) * 1.0000001;
    // First only touch every candidate's signature, in a loop of a few instructions, so that
    // the processor has many of these cache misses in flight at once; the Dice loop that
    // follows, heavier per candidate, then finds them in cache.
    let touchedBits = 0;
    for (let i = 0; i < head; i++) touchedBits |= lines[out[i]! * LINE_WORDS]! | lineBits[out[i]!]!;
    _prefetchSink ^= touchedBits;
    // The query's words in locals: this loop runs a thousand times per query.
    const q0 = querySignature[0]!;
    const q1 = querySignature[1]!;
    const q2 = querySignature[2]!;
    const q3 = querySignature[3]!;
    const q4 = querySignature[4]!;
    const q5 = querySignature[5]!;
    const q6 = querySignature[6]!;
    const q7 = querySignature[7]!;
    const d0 = querySignature[8]!;
    const d1 = querySignature[9]!;
    const d2 = querySignature[10]!;
    const d3 = querySignature[11]!;
    const d4 = querySignature[12]!;
    const d5 = querySignature[13]!;
    const d6 = querySignature[14]!;
    const d7 = querySignature[15]!;
    const scale = RANK_LEVELS / top;
    for (let i = 0; i < head; i++) {
      const r = out[i]!;
      reordered[i] = r;
      const at = r * LINE_WORDS;
      const common =
        popcount16(q0 & lines[at]!) +
        popcount16(q1 & lines[at + 1]!) +
        popcount16(q2 & lines[at + 2]!) +
        popcount16(q3 & lines[at + 3]!) +
        popcount16(q4 & lines[at + 4]!) +
        popcount16(q5 & lines[at + 5]!) +
        popcount16(q6 & lines[at + 6]!) +
        popcount16(q7 & lines[at + 7]!);
      const bits = lineBits[r]!;
      const bitTotal = qBits + (bits & 0xff);
      const dice = bitTotal > 0 ? (2 * common) / bitTotal : 0;
      const distinct =
        popcount16(d0 & lines[at + 8]!) +
        popcount16(d1 & lines[at + 9]!) +
        popcount16(d2 & lines[at + 10]!) +
        popcount16(d3 & lines[at + 11]!) +
        popcount16(d4 & lines[at + 12]!) +
        popcount16(d5 & lines[at + 13]!) +
        popcount16(d6 & lines[at + 14]!) +
        popcount16(d7 & lines[at + 15]!);
      const distinctTotal = qDistinct + (bits >>> 8);
      const distinctDice = distinctTotal > 0 ? (2 * distinct) / distinctTotal : 0;
      const lv = Math.floor(
        (preOf[i]! + gramWeight * dice + distinctWeight * distinctDice) * scale,
      );
      rankLevel[i] = lv;
      rankCounts[lv]!++;
    }
    this.placeHead(head);
  }

  /** Bucket-sorts the head by the rank levels just computed, best first, into `ranked`. */
  private placeHead(head: number): void {
    const { rankCounts, rankStart, rankLevel, reordered } = this;
    const out = this.ranked;
    for (let v = RANK_LEVELS - 1, at = 0; v >= 0; v--) {
      rankStart[v] = at;
      at += rankCounts[v]!;
    }
    if (this.headLevels.length < head) this.headLevels = new Uint16Array(head * 2);
    const headLevels = this.headLevels;
    for (let i = 0; i < head; i++) {
      const at = rankStart[rankLevel[i]!]!++;
      out[at] = reordered[i]!;
      headLevels[at] = rankLevel[i]!;
    }
    this.headCount = head;
  }
}
