import { casualtiesOf, dayNumber, isAttack, isoOfDay, type SummaryRow } from './summary.ts';

/**
 * A columnar, in-memory index of incidents for roll-ups: one typed array per field,
 * admin-1, country and attack type dictionary-encoded, dates as day numbers, counts
 * with -1 for unknown. Built once (from the store or an import), it answers an
 * admin-1 × type × week roll-up over a million incidents in one pass over contiguous
 * memory, with no row objects, no strings and no hashing in the loop: the design of
 * column stores (Abadi, Madden & Hachem, "Column-stores vs. row-stores", SIGMOD 2008:
 * dictionary encoding and late materialisation).
 */
export class IncidentColumns {
  readonly length: number;
  readonly day: Int32Array;
  readonly admin1: Int32Array;
  readonly country: Int32Array;
  readonly type: Int32Array;
  readonly killed: Int32Array;
  readonly wounded: Int32Array;
  readonly casualties: Int32Array;
  readonly admin1Names: string[];
  readonly countryNames: string[];
  readonly typeNames: string[];

  private constructor(n: number) {
    this.length = n;
    this.day = new Int32Array(n);
    this.admin1 = new Int32Array(n);
    this.country = new Int32Array(n);
    this.type = new Int32Array(n);
    this.killed = new Int32Array(n);
    this.wounded = new Int32Array(n);
    this.casualties = new Int32Array(n);
    this.admin1Names = [];
    this.countryNames = [];
    this.typeNames = [];
  }

  /** Indexes the attacks among the rows (dated, with an attack type other than arrest_raid). */
  static build(rows: ArrayLike<SummaryRow> | SummaryRow[]): IncidentColumns {
    let n = 0;
    for (let i = 0; i < rows.length; i++) if (rows[i]!.date && isAttack(rows[i]!)) n++;
    const c = new IncidentColumns(n);
    const a1Ids = new Map<string, number>();
    const ccIds = new Map<string, number>();
    const tIds = new Map<string, number>();
    const dayCache = new Map<string, number>();
    const code = (map: Map<string, number>, names: string[], key: string) => {
      let id = map.get(key);
      if (id === undefined) {
        id = names.length;
        names.push(key);
        map.set(key, id);
      }
      return id;
    };
    let j = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (!r.date || !isAttack(r)) continue;
      let d = dayCache.get(r.date);
      if (d === undefined) {
        d = dayNumber(r.date);
        dayCache.set(r.date, d);
      }
      c.day[j] = d;
      const country = r.country ?? r.country_code ?? 'unknown';
      c.country[j] = code(ccIds, c.countryNames, country);
      c.admin1[j] = code(a1Ids, c.admin1Names, `${country}\u0000${r.admin1 ?? 'unknown'}`);
      c.type[j] = code(tIds, c.typeNames, r.attack_type!);
      c.killed[j] = r.killed ?? -1;
      c.wounded[j] = r.wounded ?? -1;
      c.casualties[j] = casualtiesOf(r);
      j++;
    }
    return c;
  }

  /**
   * Attacks, killed, wounded and casualties per (admin-1, attack type, week) over
   * [from, to], weeks counted from `from`. Accumulates into flat typed arrays indexed by
   * (admin1 × types + type) × weeks + week, then materialises only the non-empty cells.
   */
  rollup(from: string, to: string): RollupCell[] {
    const lo = dayNumber(from);
    const hi = dayNumber(to);
    const weeks = Math.floor((hi - lo) / 7) + 1;
    const T = this.typeNames.length;
    const cells = this.admin1Names.length * T * weeks;
    const attacks = new Int32Array(cells);
    const killed = new Int32Array(cells);
    const wounded = new Int32Array(cells);
    const casualties = new Int32Array(cells);
    const { day, admin1, type } = this;
    const k = this.killed;
    const w = this.wounded;
    const cas = this.casualties;
    for (let i = 0; i < this.length; i++) {
      const d = day[i]!;
      if (d < lo || d > hi) continue;
      const cell = (admin1[i]! * T + type[i]!) * weeks + (((d - lo) / 7) | 0);
      attacks[cell]!++;
      const ki = k[i]!;
      if (ki > 0) killed[cell]! += ki;
      const wi = w[i]!;
      if (wi > 0) wounded[cell]! += wi;
      casualties[cell]! += cas[i]!;
    }
    const out: RollupCell[] = [];
    for (let cell = 0; cell < cells; cell++) {
      if (attacks[cell] === 0) continue;
      const week = cell % weeks;
      const at = ((cell - week) / weeks) | 0;
      const t = at % T;
      const a = ((at - t) / T) | 0;
      const [country, a1] = this.admin1Names[a]!.split('\u0000') as [string, string];
      out.push({
        country,
        admin1: a1,
        attack_type: this.typeNames[t]!,
        week: isoOfDay(lo + 7 * week),
        attacks: attacks[cell]!,
        killed: killed[cell]!,
        wounded: wounded[cell]!,
        casualties: casualties[cell]!,
      });
    }
    return out;
  }
}

export interface RollupCell {
  country: string;
  admin1: string;
  attack_type: string;
  /** First day of the 7-day bin, counted from the roll-up's `from`. */
  week: string;
  attacks: number;
  killed: number;
  wounded: number;
  casualties: number;
}
