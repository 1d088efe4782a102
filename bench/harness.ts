/**
 * A small harness for `npm run bench`: every benchmark measures our code and a named peer
 * on the same data in the same run, and reports the ratio with the data size.
 */
export interface BenchRow {
  bench: string;
  size: string;
  ours: string;
  ours_ms: number;
  peer: string;
  peer_ms: number | null;
  /** ours / peer time: below 1 means we are faster. */
  ratio: number | null;
  note?: string;
  /** The database the figure was measured on (sqlite, postgres), where one was used. */
  db?: string;
}

export const rows: BenchRow[] = [];

/** Scale factor for data sizes: BENCH_SCALE=0.1 runs a tenth of the data for a quick look. */
export const SCALE = Number(process.env.BENCH_SCALE ?? '1') || 1;

export function scaled(n: number): number {
  return Math.max(1, Math.round(n * SCALE));
}

/** Median wall time of `runs` runs of fn, in milliseconds. */
export async function time(fn: () => unknown | Promise<unknown>, runs = 1): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export function report(row: Omit<BenchRow, 'ratio'> & { ratio?: number | null }): void {
  const ratio =
    row.ratio !== undefined ? row.ratio : row.peer_ms ? row.ours_ms / row.peer_ms : null;
  const full: BenchRow = { ...row, ratio };
  rows.push(full);
  const fmt = (ms: number | null) =>
    ms === null ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
  process.stdout.write(
    `${row.bench} [${row.size}]: ${row.ours} ${fmt(row.ours_ms)} vs ${row.peer} ${fmt(row.peer_ms)}` +
      `${ratio !== null ? ` → ratio ${ratio.toFixed(2)}×` : ''}${row.note ? ` (${row.note})` : ''}\n`,
  );
}
