import type { NameToken } from './normalise.ts';

/**
 * How much identity a name token carries in the list being screened against: a token most
 * of the list's names hold (Mohammed, Ali, Kim, Trading) counts for less in the name score
 * than one only a handful hold. The weight is an inverse document frequency (Spärck Jones
 * 1972; Robertson & Spärck Jones 1976) over the list's records, one record one document
 * however many aliases repeat the token, keyed by the token's canonical spelling (Mohamed
 * and Muhammad are one key; محمد meets them by its skeleton, see frequencyKey).
 *
 * Small lists say little about frequency, so the count is smoothed towards a prior (an
 * additive prior of PRIOR_RECORDS pseudo-records, as in Bayesian estimates of a rate): a
 * frequent given name is assumed to be held by PRIOR_COMMON of names, any other word by
 * PRIOR_RARE. On a list of a few hundred names the weights stay near those the tokens
 * carry of themselves (0.5 for Mohammed, 1 for a family name); on a list of thousands the
 * list's own counts decide. An index of fewer than MIN_LIST_RECORDS
 * records keeps the tokens' own weights.
 */
export const PRIOR_RECORDS = 1000;
export const PRIOR_COMMON = 0.045;
export const PRIOR_RARE = 0.0001;
/** A token held by at most this share of the list's records counts in full. */
export const FULL_WEIGHT_SHARE = 0.002;
/**
 * Below this many records an index leaves tokens their own weights: a case's few parties
 * say nothing of how common a name is, and its deduplication keeps the scores it had.
 */
export const MIN_LIST_RECORDS = 500;
/** The least a token counts, however common. */
export const MIN_WEIGHT = 0.2;

const LOG_FULL = Math.log(1 / FULL_WEIGHT_SHARE);

/**
 * The key a token's frequency is read under: its canonical spelling when it is a known
 * name, else its spelling; an Arabic-script token (written without short vowels, its
 * letters transliterated one by one) by its loose skeleton, which Latin spellings of the
 * same name share (محمد and Mohammed are mhmd; see normalise.ts).
 */
export function frequencyKey(t: NameToken): string {
  return t.script === 'abjad' ? skeletonKey(t) : (t.canon ?? t.text);
}

function skeletonKey(t: NameToken): string {
  return `\u0001${t.loose}`;
}

/**
 * Token weights: `of(t)` is what a token counts in the name alignment (see alignTokens).
 * `TokenWeights.intrinsic` gives each token its own weight (no list); an index builds its
 * own from its records (`TokenCounter`).
 */
export class TokenWeights {
  /** Weights by token uid, filled as tokens are first met (0: not yet worked out). */
  private byUid: Float64Array;

  private constructor(
    /** Records counted (documents). */
    readonly records: number,
    private readonly df: Map<string, number> | null,
  ) {
    this.byUid = new Float64Array(df ? 4096 : 0);
  }

  /** No list: every token weighs what it carries of itself (`NameToken.weight`). */
  static readonly intrinsic = new TokenWeights(0, null);

  static fromCounts(records: number, df: Map<string, number>): TokenWeights {
    return new TokenWeights(records, df);
  }

  /** Whether these weights come from a list (the explanation then shows them). */
  get fromList(): boolean {
    return this.df !== null;
  }

  /** How many of the list's records hold the token (by its key). */
  documentFrequency(t: NameToken): number {
    return this.df?.get(frequencyKey(t)) ?? 0;
  }

  of(t: NameToken): number {
    if (this.df === null) return t.weight;
    const uid = t.uid;
    if (uid < this.byUid.length) {
      const w = this.byUid[uid]!;
      if (w > 0) return w;
    } else {
      const grown = new Float64Array(Math.max(uid + 1, this.byUid.length * 2));
      grown.set(this.byUid);
      this.byUid = grown;
    }
    const w = listWeight(t, this.df.get(frequencyKey(t)) ?? 0, this.records);
    this.byUid[uid] = w;
    return w;
  }
}

/**
 * A token's weight from its document frequency `df` among `records`: the token's own
 * shape (an initial 0.3, a number 0.6) times the smoothed inverse document frequency,
 * ln(1 / share) over ln(1 / FULL_WEIGHT_SHARE), clipped to [MIN_WEIGHT, 1].
 */
export function listWeight(t: NameToken, df: number, records: number): number {
  // A frequent given name carries 0.5 of itself; its frequency is the list's to say. A
  // generic company word (trading, sanayi) keeps its 0.5, less if the list is full of it.
  const frequent = t.common;
  const shape = frequent || t.weight >= 1 ? 1 : t.weight;
  const prior = frequent ? PRIOR_COMMON : PRIOR_RARE;
  const share = (df + PRIOR_RECORDS * prior) / (records + PRIOR_RECORDS);
  const idf = Math.log(1 / share) / LOG_FULL;
  return shape * Math.min(1, Math.max(MIN_WEIGHT, idf));
}

/**
 * Counts, record by record, how many records hold each token key (a record's aliases
 * repeating a token count once). Tokens are shared objects: each uid's key is looked up
 * once, later meetings cost a typed-array read.
 */
export class TokenCounter {
  private readonly keyOfUid = { ids: new Int32Array(4096).fill(-1) };
  private readonly skeletonOfUid = { ids: new Int32Array(4096).fill(-1) };
  private readonly keyIds = new Map<string, number>();
  private counts = new Int32Array(1024);
  /** The record that last counted each key (so a record counts a key once). */
  private lastRecord = new Int32Array(1024).fill(-1);
  private records = 0;

  /**
   * Counts one record's tokens (all its names): each under its key and, for the Arabic-script
   * names screened against the list, under its skeleton too.
   */
  add(names: readonly { tokens: readonly NameToken[] }[]): void {
    const r = this.records++;
    for (const n of names) {
      for (const t of n.tokens) {
        this.count(this.keyId(t, this.keyOfUid), r);
        if (t.script !== 'abjad') this.count(this.keyId(t, this.skeletonOfUid), r);
      }
    }
  }

  private count(k: number, r: number): void {
    if (this.lastRecord[k] === r) return;
    this.lastRecord[k] = r;
    this.counts[k]!++;
  }

  weights(): TokenWeights {
    const df = new Map<string, number>();
    for (const [key, id] of this.keyIds) df.set(key, this.counts[id]!);
    return TokenWeights.fromCounts(this.records, df);
  }

  /** The id of a token's key (`keyOfUid`) or skeleton key (`skeletonOfUid`). */
  private keyId(t: NameToken, ofUid: { ids: Int32Array }): number {
    const uid = t.uid;
    if (uid >= ofUid.ids.length) {
      const grown = new Int32Array(Math.max(uid + 1, ofUid.ids.length * 2)).fill(-1);
      grown.set(ofUid.ids);
      ofUid.ids = grown;
    }
    let id = ofUid.ids[uid]!;
    if (id >= 0) return id;
    const key = ofUid === this.keyOfUid ? frequencyKey(t) : skeletonKey(t);
    id = this.keyIds.get(key) ?? -1;
    if (id < 0) {
      id = this.keyIds.size;
      this.keyIds.set(key, id);
      if (id >= this.counts.length) {
        const c = new Int32Array(this.counts.length * 2);
        c.set(this.counts);
        this.counts = c;
        const l = new Int32Array(this.lastRecord.length * 2).fill(-1);
        l.set(this.lastRecord);
        this.lastRecord = l;
      }
    }
    ofUid.ids[uid] = id;
    return id;
  }
}
