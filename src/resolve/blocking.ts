import { matchRecords, DEFAULT_THRESHOLD, scorePair, type MatchResult } from './match.ts';
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
 * - single keys: one token's skeleton, used when the query has one token or the key is rare.
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
}

export interface SearchOptions {
  threshold?: number;
  limit?: number;
  /** How many of the best-ranked candidates are scored in full (default 50; more while matches keep coming). */
  maxCandidates?: number;
  /** Single-token keys longer than this are skipped when the query has more than one token. */
  maxSinglePosting?: number;
}

export interface SearchHit extends MatchResult {
  id: string;
  record: NameRecord;
}

const DEFAULT_MAX_CANDIDATES = Number(process.env.CHOKEPOINT_MAX_CANDIDATES) || 50;
const PATIENCE = Number(process.env.CHOKEPOINT_PATIENCE) || 12;
const PAIR = 4;
const DELETION = 1;
const SINGLE = 1;
const STRICT = 2;
const MAX_TOKENS = 6;
/** How many of the best key-ranked candidates are re-ranked by bigram overlap. */
/** Postings read per query, rarest keys first (see candidates). */
const POSTING_BUDGET = Number(process.env.CHOKEPOINT_POSTING_BUDGET) || 20000;
const GRAM_WEIGHT = Number(process.env.CHOKEPOINT_GRAM_WEIGHT) || 4;
const HARD_CAP = Number(process.env.CHOKEPOINT_HARD_CAP) || 2000;
const RERANK = Number(process.env.CHOKEPOINT_RERANK) || 1000;

const FNV_START = 0x811c9dc5;

/** FNV-1a state after feeding s. */
function fnvFeed(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** FNV-1a state after feeding s without its character at `skip`. */
function fnvSkip(h: number, s: string, skip: number): number {
  for (let i = 0; i < s.length; i++) {
    if (i === skip) continue;
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The character bigrams of a record's tokens as sorted unique 32-bit integers (two UTF-16
 * units side by side, no hashing): of the canonical or light spelling with word boundaries,
 * and of the loose skeleton (high bit set), so that an Arabic-script name meets a Latin one.
 * Their Dice overlap re-ranks the best candidates of the key ranking (Ukkonen 1992, q-gram
 * distance; Christen 2012, §5.3): cheap on integers, and it tells a typo of this family name
 * from another family name that merely shares its consonant classes.
 */
export function nameGrams(p: PreparedRecord): Uint32Array {
  const out: number[] = [];
  for (const name of p.names) {
    for (const t of name.tokens.slice(0, MAX_TOKENS)) {
      const s = `#${t.canon ?? t.light}#`;
      for (let i = 0; i + 1 < s.length; i++)
        out.push(((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1)) >>> 0);
      const l = `#${t.loose}#`;
      for (let i = 0; i + 1 < l.length; i++)
        out.push((((l.charCodeAt(i) & 0x7fff) << 16) | l.charCodeAt(i + 1) | 0x80000000) >>> 0);
    }
  }
  const a = Uint32Array.from(out).sort();
  let m = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[m - 1]) a[m++] = a[i]!;
  return a.subarray(0, m);
}

/** Words of the bigram signature: 256 bits, one bit per hashed bigram (a Bloom-style sketch). */
const SIG_WORDS = 8;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** The bigrams of `nameGrams` folded into a 256-bit signature at `sig[at…at+8)`. */
function writeSignature(g: Uint32Array, sig: Uint32Array, at: number): void {
  for (let i = 0; i < g.length; i++) {
    const bit = Math.imul(g[i]!, 0x9e3779b1) >>> 24;
    sig[at + (bit >>> 5)]! |= 1 << (bit & 31);
  }
}

/** Dice coefficient of two signatures: the bigram overlap, estimated on bits. */
function signatureDice(a: Uint32Array, b: Uint32Array, at: number): number {
  let common = 0;
  let total = 0;
  for (let w = 0; w < SIG_WORDS; w++) {
    const x = a[w]!;
    const y = b[at + w]!;
    common += popcount(x & y);
    total += popcount(x) + popcount(y);
  }
  return total > 0 ? (2 * common) / total : 0;
}

interface Key {
  hash: number;
  kind: number;
}

/** The blocking keys of a prepared record, deduplicated. */
export function blockingKeys(p: PreparedRecord): Key[] {
  const seen = new Map<number, number>();
  const addHash = (h: number, kind: number) => {
    const prev = seen.get(h);
    if (prev === undefined || prev < kind) seen.set(h, kind);
  };
  const add = (k: string, kind: number) => addHash(fnv1a(k), kind);
  for (const name of p.names) {
    const toks = name.tokens
      .filter((t) => t.loose.length > 0)
      .slice(0, MAX_TOKENS)
      .map((t) => t.loose);
    const uniq = [...new Set(toks)].sort();
    for (const t of uniq) add(`s:${t}`, SINGLE);
    // Strict skeletons tell apart what the loose one merges (Dhadih / Tazit are both "d"):
    // rare ones weigh a lot in the IDF ranking, common ones are skipped at query time.
    for (const t of name.tokens.slice(0, MAX_TOKENS))
      if (t.strict.length > 0) add(`S:${t.strict}`, STRICT);
    for (let i = 0; i < uniq.length; i++) {
      for (let j = 0; j < uniq.length; j++) {
        if (i === j) continue;
        const a = uniq[i]!;
        const b = uniq[j]!;
        if (i < j) add(`p:${a}|${b}`, PAIR);
        // Deletion neighbourhood of the second token (Mor, Wong & Zobel, "Dictionary
        // look-up within small edit distance", 2002; the SymSpell idea): one typo,
        // dropped letter or swapped pair in it still shares a key with the true spelling.
        // Hashed without building the strings: the FNV-1a state after "d:a|" is shared by
        // every deletion of b (the same hashes as of the concatenated strings).
        const base = fnvFeed(fnvFeed(FNV_START, 'd:'), a) ^ 124; // '|'
        const start = Math.imul(base, 0x01000193);
        addHash(fnvFeed(start, b) >>> 0, DELETION);
        if (b.length >= 3)
          for (let k = 0; k < b.length; k++) addHash(fnvSkip(start, b, k) >>> 0, DELETION);
      }
    }
  }
  return [...seen].map(([hash, kind]) => ({ hash, kind }));
}

export interface NameIndex {
  size: number;
  records: PreparedRecord[];
  /** Candidate ids (positions in `records`) for a query, best-ranked first. */
  candidates(query: PreparedRecord, opts?: SearchOptions): number[];
  search(query: NameRecord | PreparedRecord, opts?: SearchOptions): SearchHit[];
  /** Comparisons made by `search` since the index was built (for measuring blocking). */
  comparisons: number;
}

/** Builds the blocking index over records (names normalised once, here). */
export function buildIndex(
  input: (NameRecord | PreparedRecord)[],
  opts: IndexOptions = {},
  onProgress?: (done: number, total: number) => void,
): NameIndex {
  const records = input.map((r) => ('record' in r ? r : prepareRecord(r)));
  // Pass 1: every (key, record) pair into growable typed arrays.
  // About 50 keys per three-token name: sized once, not grown by repeated copying.
  let cap = Math.max(1024, records.length * 56);
  let hashes = new Uint32Array(cap);
  let owners = new Int32Array(cap);
  let kinds = new Uint8Array(cap);
  let n = 0;
  const signatures = new Uint32Array(records.length * SIG_WORDS);
  for (let r = 0; r < records.length; r++) {
    const p = records[r]!;
    writeSignature(nameGrams(p), signatures, r * SIG_WORDS);
    for (const k of blockingKeys(p)) {
      if (n === cap) {
        cap *= 2;
        const h2 = new Uint32Array(cap);
        h2.set(hashes);
        hashes = h2;
        const o2 = new Int32Array(cap);
        o2.set(owners);
        owners = o2;
        const k2 = new Uint8Array(cap);
        k2.set(kinds);
        kinds = k2;
      }
      hashes[n] = k.hash;
      owners[n] = r;
      kinds[n] = k.kind;
      n++;
    }
    if (onProgress && (r & 0xffff) === 0) onProgress(r, records.length);
  }
  // Pass 2: counting sort into buckets (CSR): offsets[b]..offsets[b+1] hold bucket b.
  const bits = opts.bucketBits ?? Math.max(10, Math.min(24, Math.ceil(Math.log2(Math.max(1, n)))));
  const mask = (1 << bits) - 1;
  const offsets = new Uint32Array((1 << bits) + 1);
  for (let i = 0; i < n; i++) offsets[(hashes[i]! & mask) + 1]!++;
  for (let b = 0; b < 1 << bits; b++) offsets[b + 1]! += offsets[b]!;
  const fill = offsets.slice(0, 1 << bits);
  const postHash = new Uint32Array(n);
  const postOwner = new Int32Array(n);
  const postKind = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = hashes[i]! & mask;
    const at = fill[b]!++;
    postHash[at] = hashes[i]!;
    postOwner[at] = owners[i]!;
    postKind[at] = kinds[i]!;
  }
  hashes = new Uint32Array(0);
  owners = new Int32Array(0);
  kinds = new Uint8Array(0);

  // IDF of a key (Robertson & Spärck Jones 1976; Christen 2012, §4.3 on weighting blocking
  // keys): a key shared by a handful of records says more than one shared by thousands.
  const total = records.length;
  const idf = (df: number) => Math.log(1 + total / df);
  // Each record's own key weight, per name: the denominator of the Dice-style pre-score, so
  // that among records sharing the query's keys the ones with little else come first.
  const norm = new Float32Array(records.length);
  for (let b = 0; b < 1 << bits; b++) {
    const lo = offsets[b]!;
    const hi = offsets[b + 1]!;
    let same = true;
    for (let i = lo + 1; i < hi && same; i++) same = postHash[i] === postHash[lo];
    if (same) {
      const w = idf(hi - lo);
      for (let i = lo; i < hi; i++) norm[postOwner[i]!]! += postKind[i]! * w;
    } else if (hi - lo <= 16) {
      for (let i = lo; i < hi; i++) {
        let df = 0;
        for (let j = lo; j < hi; j++) if (postHash[j] === postHash[i]) df++;
        norm[postOwner[i]!]! += postKind[i]! * idf(df);
      }
    } else {
      const dfOf = new Map<number, number>();
      for (let i = lo; i < hi; i++) dfOf.set(postHash[i]!, (dfOf.get(postHash[i]!) ?? 0) + 1);
      for (let i = lo; i < hi; i++)
        norm[postOwner[i]!]! += postKind[i]! * idf(dfOf.get(postHash[i]!)!);
    }
  }
  for (let r = 0; r < records.length; r++) norm[r]! /= Math.max(1, records[r]!.names.length);
  onProgress?.(records.length, records.length);

  const postingLength = (hash: number): number => {
    const b = hash & mask;
    let c = 0;
    for (let i = offsets[b]!; i < offsets[b + 1]!; i++) if (postHash[i] === hash) c++;
    return c;
  };

  // Per-query scratch, reused: accumulated key weight per record and the records touched.
  const acc = new Float32Array(records.length);
  let touched = new Int32Array(4096);
  const LEVELS = 1024;
  const levelCounts = new Uint32Array(LEVELS + 1);
  const levelStart = new Uint32Array(LEVELS + 1);
  let levelOf = new Uint16Array(4096);
  let preOf = new Float64Array(512);
  const RANK_LEVELS = 4096;
  let rankLevel = new Uint16Array(512);
  const rankCounts = new Uint32Array(RANK_LEVELS);
  const rankStart = new Uint32Array(RANK_LEVELS);

  const index: NameIndex = {
    size: records.length,
    records,
    comparisons: 0,
    candidates(query, o = {}) {
      const maxCandidates = o.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
      const maxSingle = o.maxSinglePosting ?? 2000;
      const keys = blockingKeys(query);
      const multi = (query.names[0]?.tokens.length ?? 0) > 1 || query.names.length > 1;
      const dfs = keys.map((k) => postingLength(k.hash));
      // Rarest keys first, within a budget of postings read: a pair or deletion key of two very
      // common given names ranks little (low IDF) and costs a long scan, so it is read only
      // while the budget lasts; every key still counts in the query's weight.
      const order = keys.map((_, i) => i).sort((x, y) => dfs[x]! - dfs[y]!);
      let budget = POSTING_BUDGET;
      let queryWeight = 0;
      let nt = 0;
      for (const ki of order) {
        const k = keys[ki]!;
        const df = dfs[ki]!;
        if (df === 0) continue;
        const w = k.kind * idf(df);
        queryWeight += w;
        if (k.kind === SINGLE && multi && df > maxSingle) continue;
        if (df > budget && nt > 0) continue;
        budget -= df;
        const b = k.hash & mask;
        for (let i = offsets[b]!; i < offsets[b + 1]!; i++) {
          if (postHash[i] !== k.hash) continue;
          const r = postOwner[i]!;
          if (acc[r] === 0) {
            if (nt === touched.length) {
              const t2 = new Int32Array(touched.length * 2);
              t2.set(touched);
              touched = t2;
            }
            touched[nt++] = r;
          }
          acc[r]! += w;
        }
      }
      queryWeight /= Math.max(1, query.names.length);
      // Dice-style pre-score on the shared key weight, quantised to LEVELS for a bucket sort:
      // a comparison sort of tens of thousands of candidates per query would cost more than scoring.
      if (levelOf.length < nt) levelOf = new Uint16Array(touched.length);
      levelCounts.fill(0);
      let best = 0;
      for (let i = 0; i < nt; i++) {
        const r = touched[i]!;
        const pre = acc[r]! / (queryWeight + norm[r]!);
        acc[r] = pre;
        if (pre > best) best = pre;
      }
      for (let i = 0; i < nt; i++) {
        const r = touched[i]!;
        const lv = best > 0 ? Math.floor((acc[r]! / best) * LEVELS) : 0;
        levelOf[i] = lv;
        levelCounts[lv]!++;
      }
      const hardCap = Math.max(HARD_CAP, maxCandidates * 20);
      const keep = Math.min(nt, hardCap);
      for (let v = LEVELS, at = 0; v >= 0; v--) {
        levelStart[v] = at;
        at += levelCounts[v]!;
      }
      const out = new Array<number>(keep);
      const rerank = Math.min(keep, RERANK);
      if (preOf.length < rerank) preOf = new Float64Array(rerank * 2);
      for (let i = 0; i < nt; i++) {
        const at = levelStart[levelOf[i]!]!++;
        if (at < keep) out[at] = touched[i]!;
        if (at < rerank) preOf[at] = levelOf[i]! / LEVELS;
      }
      for (let i = 0; i < nt; i++) acc[touched[i]!] = 0;
      // Re-rank the head by key pre-score plus bigram overlap, again by a bucket sort.
      const head = Math.min(out.length, rerank);
      if (head > 1) {
        const qs = new Uint32Array(SIG_WORDS);
        writeSignature(nameGrams(query), qs, 0);
        if (rankLevel.length < head) rankLevel = new Uint16Array(head * 2);
        rankCounts.fill(0);
        const top = (1 + GRAM_WEIGHT) * 1.0000001;
        for (let i = 0; i < head; i++) {
          const r = out[i]!;
          const key = preOf[i]! + GRAM_WEIGHT * signatureDice(qs, signatures, r * SIG_WORDS);
          const lv = Math.floor((key / top) * RANK_LEVELS);
          rankLevel[i] = lv;
          rankCounts[lv]!++;
        }
        for (let v = RANK_LEVELS - 1, at = 0; v >= 0; v--) {
          rankStart[v] = at;
          at += rankCounts[v]!;
        }
        const reordered = out.slice(0, head);
        for (let i = 0; i < head; i++) out[rankStart[rankLevel[i]!]!++] = reordered[i]!;
      }
      return out;
    },
    search(q, o = {}) {
      const query = 'record' in q ? q : prepareRecord(q);
      const threshold = o.threshold ?? DEFAULT_THRESHOLD;
      const scored: { r: number; score: number }[] = [];
      const maxCandidates = o.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
      // Score the best-ranked candidates; go on past maxCandidates only while matches keep
      // coming (a common name held by many records), stopping after a run of misses.
      let sinceLastHit = 0;
      let n = 0;
      for (const r of index.candidates(query, o)) {
        if (n >= maxCandidates && sinceLastHit >= PATIENCE) break;
        n++;
        index.comparisons++;
        const score = scorePair(query, records[r]!);
        if (score >= threshold) {
          scored.push({ r, score });
          sinceLastHit = 0;
        } else sinceLastHit++;
      }
      scored.sort((x, y) => y.score - x.score);
      const top = o.limit !== undefined ? scored.slice(0, o.limit) : scored;
      return top.map(({ r }) => {
        const rec = records[r]!;
        return { id: rec.record.id, record: rec.record, ...matchRecords(query, rec) };
      });
    },
  };
  return index;
}
