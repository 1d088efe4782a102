import { ChokepointError } from '../core/errors.ts';
import {
  factCount,
  namePairScore,
  NAME_WEIGHTS,
  schemaPenalty,
  schemasCompatible,
} from './features.ts';
import { scorePair } from './match.ts';
import type { NameToken } from './normalise.ts';
import type { PreparedRecord } from './record.ts';
import { TokenWeights } from './token-weights.ts';

/**
 * The names of an index's records in typed arrays, for scoring: token ids per name, a few
 * flags, the fingerprint string. A million prepared records as objects (record, names
 * array, name object, token array, five strings each) cost the collector about 3.4 s to
 * keep while they are made, and scoring one meant following five or six pointers to as
 * many cache lines; here a record is a few integers beside its neighbours'.
 *
 * Records that state facts besides names (identifiers, dates, countries, legal forms) are
 * kept whole and scored by `scorePair`; the others are scored from these arrays by
 * `namePairScore`, the function `bestNameScore` uses, so both give the same number.
 */
export class CompactNames {
  /** Distinct tokens, by the id the arrays hold. */
  private readonly tokens: NameToken[] = [];
  private readonly tokenIdOfUid = new Map<number, number>();
  private readonly schemas: string[] = [];
  /** Per record: its first name (names of record r are [recordName[r], recordName[r + 1])). */
  private recordName = new Uint32Array(1024);
  private recordSchema = new Uint16Array(1024);
  /** Records that state facts, kept whole (by record number). */
  private whole = new Map<number, PreparedRecord>();
  /** Per name: its first token slot; flags (1 abjad, 2 person); fingerprint. */
  private nameToken = new Uint32Array(1024);
  private nameFlags = new Uint8Array(1024);
  private packed: string[] = [];
  private tokenIds = new Uint32Array(4096);
  private records = 0;
  private names = 0;
  private slots = 0;
  /** Token arrays handed to namePairScore, one per length (reused: nothing allocated per pair). */
  private readonly scratch: NameToken[][] = [];

  get size(): number {
    return this.records;
  }

  /** Appends a record; it is number `size - 1`. */
  add(p: PreparedRecord): void {
    const r = this.records;
    if (r + 2 > this.recordName.length) {
      this.recordName = grow(this.recordName, r + 2);
      this.recordSchema = grow(this.recordSchema, r + 2);
    }
    this.recordName[r] = this.names;
    let schema = this.schemas.indexOf(p.schema);
    if (schema < 0) schema = this.schemas.push(p.schema) - 1;
    if (schema > 0xffff)
      throw new ChokepointError(
        'CP_LIMIT_EXCEEDED',
        `record "${p.record.id}" brings the 65 537th schema into one name index`,
        { field: 'schema', expected: 'FollowTheMoney schema names', got: p.schema },
      );
    this.recordSchema[r] = schema;
    if (factCount(p) > 0) this.whole.set(r, p);
    for (const name of p.names) {
      const j = this.names++;
      if (j + 2 > this.nameToken.length) {
        this.nameToken = grow(this.nameToken, j + 2);
        this.nameFlags = grow(this.nameFlags, j + 2);
      }
      this.nameToken[j] = this.slots;
      this.nameFlags[j] = (name.abjad ? 1 : 0) | (name.person ? 2 : 0);
      this.packed.push(name.packed);
      for (const t of name.tokens) {
        let id = this.tokenIdOfUid.get(t.uid);
        if (id === undefined) {
          id = this.tokens.push(t) - 1;
          this.tokenIdOfUid.set(t.uid, id);
        }
        if (this.slots + 1 > this.tokenIds.length)
          this.tokenIds = grow(this.tokenIds, this.slots + 1);
        this.tokenIds[this.slots++] = id;
      }
      this.nameToken[j + 1] = this.slots;
    }
    this.records++;
    this.recordName[this.records] = this.names;
  }

  /** How many names (name and aliases, with alternative romanisations) record r has. */
  nameCount(r: number): number {
    return this.recordName[r + 1]! - this.recordName[r]!;
  }

  /** The same records in another order: record i of the result is record order[i] of this. */
  permuted(order: Int32Array): CompactNames {
    const out = new CompactNames();
    out.tokens.push(...this.tokens);
    out.schemas.push(...this.schemas);
    out.recordName = new Uint32Array(this.records + 1);
    out.recordSchema = new Uint16Array(this.records + 1);
    out.nameToken = new Uint32Array(this.names + 1);
    out.nameFlags = new Uint8Array(this.names + 1);
    out.tokenIds = new Uint32Array(Math.max(1, this.slots));
    out.packed = new Array<string>(this.names);
    let names = 0;
    let slots = 0;
    for (let i = 0; i < order.length; i++) {
      const r = order[i]!;
      out.recordName[i] = names;
      out.recordSchema[i] = this.recordSchema[r]!;
      const whole = this.whole.get(r);
      if (whole) out.whole.set(i, whole);
      for (let j = this.recordName[r]!; j < this.recordName[r + 1]!; j++) {
        out.nameToken[names] = slots;
        out.nameFlags[names] = this.nameFlags[j]!;
        out.packed[names] = this.packed[j]!;
        for (let k = this.nameToken[j]!; k < this.nameToken[j + 1]!; k++)
          out.tokenIds[slots++] = this.tokenIds[k]!;
        names++;
      }
    }
    out.recordName[order.length] = names;
    out.nameToken[names] = slots;
    out.records = order.length;
    out.names = names;
    out.slots = slots;
    return out;
  }

  /**
   * `scorePair(query, record r, threshold)`: exact at or above the threshold, a lower bound
   * below it.
   */
  score(
    query: PreparedRecord,
    r: number,
    threshold = 0,
    weights: TokenWeights = TokenWeights.intrinsic,
  ): number {
    const whole = this.whole.get(r);
    if (whole !== undefined) return scorePair(query, whole, threshold, weights);
    const schema = this.schemas[this.recordSchema[r]!]!;
    if (!schemasCompatible(query.schema, schema)) return 0;
    // No facts on this side: scorePair's fact score is 0 and the name score is the sum.
    const penalty = schemaPenalty(query.schema, schema);
    threshold -= penalty;
    let best = 0;
    const first = this.recordName[r]!;
    const end = this.recordName[r + 1]!;
    for (const na of query.names) {
      for (let j = first; j < end; j++) {
        const flags = this.nameFlags[j]!;
        const score = namePairScore(
          na,
          this.tokensOf(j),
          (flags & 2) !== 0,
          (flags & 1) !== 0,
          this.packed[j]!,
          best,
          threshold,
          weights,
        );
        if (score >= NAME_WEIGHTS.name_literal) return Math.min(1, score + penalty);
        if (score > best) best = score;
      }
    }
    return Math.max(0, Math.min(1, best + penalty));
  }

  /** The tokens of name j, in a scratch array that the next call reuses. */
  private tokensOf(j: number): NameToken[] {
    const lo = this.nameToken[j]!;
    const n = this.nameToken[j + 1]! - lo;
    const out = (this.scratch[n] ??= new Array<NameToken>(n));
    for (let i = 0; i < n; i++) out[i] = this.tokens[this.tokenIds[lo + i]!]!;
    return out;
  }
}

function grow<T extends Uint32Array | Uint16Array | Uint8Array>(a: T, atLeast: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}
