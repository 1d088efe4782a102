import type { Incident } from './schema.ts';

/** The fields of an incident the summary's roll-up reads. */
export type RollupSource = Pick<
  Incident,
  | 'date'
  | 'attack_type'
  | 'country'
  | 'country_code'
  | 'admin1'
  | 'event_type'
  | 'perpetrator'
  | 'killed'
  | 'wounded'
  | 'casualties_total'
>;

/** Day cells as they cross a thread boundary: [dim\0date\0k1\0k2, [events, attacks, killed, wounded, casualties]]. */
export interface DayCellsSnapshot {
  cells: [string, number[]][];
  lo: string | null;
  hi: string | null;
}

/**
 * The summary's figures of incidents added up per dimension and day as they pass, by the
 * rules of summary.ts (an attack has an attack type other than arrest_raid; killed and
 * wounded add known counts; casualties are casualties_total, else killed + wounded):
 * `type` (attack type) and `admin1` (country or its code, admin-1 or 'unknown') for attacks,
 * `event` (event type or 'unknown') and `actor` (perpetrator, country code) for every
 * incident. The store writes them into its roll-up table (src/store/rollups.ts); plain
 * code, so that an importer's parsing thread can add them up.
 */
export class DayCells {
  protected readonly cells = new Map<string, number[]>();
  protected lo: string | null = null;
  protected hi: string | null = null;

  add(r: RollupSource): void {
    const date = r.date;
    if (typeof date !== 'string' || date.length !== 10) return;
    if (this.lo === null || date < this.lo) this.lo = date;
    if (this.hi === null || date > this.hi) this.hi = date;
    const attack = r.attack_type != null && r.attack_type !== 'arrest_raid';
    const killed = r.killed ?? 0;
    const wounded = r.wounded ?? 0;
    const casualties = r.casualties_total ?? killed + wounded;
    const bump = (key: string) => {
      let c = this.cells.get(key);
      if (!c) this.cells.set(key, (c = [0, 0, 0, 0, 0]));
      c[0]!++;
      if (attack) {
        c[1]!++;
        c[2]! += killed;
        c[3]! += wounded;
        c[4]! += casualties;
      }
    };
    const at = `\u0000${date}\u0000`;
    if (attack) {
      bump(`type${at}${r.attack_type}\u0000`);
      bump(`admin1${at}${r.country ?? r.country_code ?? ''}\u0000${r.admin1 ?? 'unknown'}`);
    }
    bump(`event${at}${r.event_type ?? 'unknown'}\u0000`);
    bump(`actor${at}${r.perpetrator ?? ''}\u0000${r.country_code ?? ''}`);
  }

  snapshot(): DayCellsSnapshot {
    return { cells: [...this.cells], lo: this.lo, hi: this.hi };
  }

  /** Adds cells added up elsewhere (another thread's snapshot). */
  merge(s: DayCellsSnapshot): void {
    for (const [key, c] of s.cells) {
      const mine = this.cells.get(key);
      if (!mine) this.cells.set(key, [...c]);
      else for (let i = 0; i < 5; i++) mine[i]! += c[i]!;
    }
    for (const d of [s.lo, s.hi]) {
      if (d === null) continue;
      if (this.lo === null || d < this.lo) this.lo = d;
      if (this.hi === null || d > this.hi) this.hi = d;
    }
  }
}
