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
  /** The database the figure was measured on: sqlite, postgres, or none (in memory, no store). */
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
  const full: BenchRow = { ...row, db: row.db ?? 'none', ratio };
  rows.push(full);
  const fmt = (ms: number | null) =>
    ms === null ? 'n/a' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
  process.stdout.write(
    `${row.bench} [${row.size}; ${full.db}]: ${row.ours} ${fmt(row.ours_ms)} vs ${row.peer} ${fmt(row.peer_ms)}` +
      `${ratio !== null ? ` → ratio ${ratio.toFixed(2)}×` : ''}${row.note ? ` (${row.note})` : ''}\n`,
  );
}

/**
 * Runs `fn` against a fresh PostgreSQL database on BENCH_PG_URL's server (a database of
 * its own, not a schema: Kysely's migrator looks at every schema of its database, and
 * tests beside it create and drop theirs), dropped after; skipped, with a line saying so,
 * when BENCH_PG_URL is not set.
 */
export async function withBenchPostgres(
  what: string,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const base = process.env.BENCH_PG_URL;
  if (!base) {
    process.stdout.write(`${what}: BENCH_PG_URL not set, PostgreSQL skipped\n`);
    return;
  }
  const { default: pg } = await import('pg');
  const name = `bench_${what.replace(/\W+/g, '_')}_${Math.random().toString(16).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  try {
    await fn(u.toString());
  } finally {
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  }
}
