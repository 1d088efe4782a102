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
 * Candidates are ranked by how many weighted keys they share, and only the best
 * `maxCandidates` are scored: a sorted-neighbourhood bound on work per query.
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
  /** How many of the best-ranked candidates are scored in full (default 100; more while matches keep coming, up to 20 times). */
  maxCandidates?: number;
  /** Single-token keys longer than this are skipped when the query has more than one token. */
  maxSinglePosting?: number;
}

export interface SearchHit extends MatchResult {
  id: string;
  record: NameRecord;
}

const DEFAULT_MAX_CANDIDATES = Number(process.env.CHOKEPOINT_MAX_CANDIDATES) || 100;
const PATIENCE = Number(process.env.CHOKEPOINT_PATIENCE) || 25;
const PAIR = 4;
const DELETION = 1;
const SINGLE = 1;
const MAX_TOKENS = 6;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

interface Key {
  hash: number;
  kind: number;
}

/** The blocking keys of a prepared record, deduplicated. */
export function blockingKeys(p: PreparedRecord): Key[] {
  const seen = new Map<number, number>();
  const add = (k: string, kind: number) => {
    const h = fnv1a(k);
    const prev = seen.get(h);
    if (prev === undefined || prev < kind) seen.set(h, kind);
  };
  for (const name of p.names) {
    const toks = name.tokens
      .filter((t) => t.loose.length > 0)
      .slice(0, MAX_TOKENS)
      .map((t) => t.loose);
    const uniq = [...new Set(toks)].sort();
    for (const t of uniq) add(`s:${t}`, SINGLE);
    for (let i = 0; i < uniq.length; i++) {
      for (let j = 0; j < uniq.length; j++) {
        if (i === j) continue;
        const a = uniq[i]!;
        const b = uniq[j]!;
        if (i < j) add(`p:${a}|${b}`, PAIR);
        // Deletion neighbourhood of the second token (Mor, Wong & Zobel, "Dictionary
        // look-up within small edit distance", 2002; the SymSpell idea): one typo,
        // dropped letter or swapped pair in it still shares a key with the true spelling.
        if (b.length >= 3) {
          add(`d:${a}|${b}`, DELETION);
          for (let k = 0; k < b.length; k++)
            add(`d:${a}|${b.slice(0, k)}${b.slice(k + 1)}`, DELETION);
        } else add(`d:${a}|${b}`, DELETION);
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
  let cap = Math.max(1024, records.length * 8);
  let hashes = new Uint32Array(cap);
  let owners = new Int32Array(cap);
  let n = 0;
  for (let r = 0; r < records.length; r++) {
    const p = records[r]!;
    for (const k of blockingKeys(p)) {
      if (n === cap) {
        cap *= 2;
        const h2 = new Uint32Array(cap);
        h2.set(hashes);
        hashes = h2;
        const o2 = new Int32Array(cap);
        o2.set(owners);
        owners = o2;
      }
      hashes[n] = k.hash;
      owners[n] = r;
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
  for (let i = 0; i < n; i++) {
    const b = hashes[i]! & mask;
    const at = fill[b]!++;
    postHash[at] = hashes[i]!;
    postOwner[at] = owners[i]!;
  }
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

  const index: NameIndex = {
    size: records.length,
    records,
    comparisons: 0,
    candidates(query, o = {}) {
      const maxCandidates = o.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
      const maxSingle = o.maxSinglePosting ?? 2000;
      const keys = blockingKeys(query);
      const multi = (query.names[0]?.tokens.length ?? 0) > 1 || query.names.length > 1;
      let nt = 0;
      for (const k of keys) {
        if (k.kind === SINGLE && multi && postingLength(k.hash) > maxSingle) continue;
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
          acc[r]! += k.kind;
        }
      }
      // Highest shared-key weight first, by a bucket sort on the (small, integral) weights:
      // a comparison sort of tens of thousands of candidates per query would cost more than scoring.
      const hardCap = maxCandidates * 20;
      let maxAcc = 0;
      for (let i = 0; i < nt; i++) if (acc[touched[i]!]! > maxAcc) maxAcc = acc[touched[i]!]!;
      const counts = new Uint32Array(maxAcc + 2);
      for (let i = 0; i < nt; i++) counts[acc[touched[i]!]!]!++;
      // Buckets from the top until the hard cap is reached; lower buckets are never ordered.
      let keepFrom = maxAcc;
      let kept = counts[maxAcc]!;
      while (keepFrom > 1 && kept + counts[keepFrom - 1]! <= hardCap) kept += counts[--keepFrom]!;
      const start = new Uint32Array(maxAcc + 2);
      for (let v = maxAcc, at = 0; v >= keepFrom; v--) {
        start[v] = at;
        at += counts[v]!;
      }
      const out = new Array<number>(Math.min(kept, hardCap));
      for (let i = 0; i < nt; i++) {
        const r = touched[i]!;
        const v = acc[r]!;
        if (v >= keepFrom) {
          const at = start[v]!++;
          if (at < out.length) out[at] = r;
        }
      }
      for (let i = 0; i < nt; i++) acc[touched[i]!] = 0;
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
