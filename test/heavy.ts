import { spawn, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { World } from '../src/server/testing.ts';
import type { ClientConfig, ClientReport, PollReport } from './heavy-client.ts';
import { startTrace } from './heavy-trace.ts';

const CLIENT = fileURLToPath(new URL('./heavy-client.ts', import.meta.url));

/**
 * Issue 18, item 2: the four requests that used to freeze the server, sent at once while
 * /api/health is polled ten times a second by a client process of its own
 * (test/heavy-client.ts). Returns the health latencies it saw (and the server's event
 * loop delay, measured here) for the assertions and the README. Sizes are parameters: the
 * reliability suite sends the (20 000 names, 2 MB of text, 200 000 ACLED rows,
 * 8 bulletin PDFs), `npm test` a smaller set.
 */
export interface HeavySizes {
  names: number;
  extractChars: number;
  acledRows: number;
  pdfs: number;
  /** Stop polling after this long even if jobs still run (ms). */
  maxMs: number;
}

export const FULL: HeavySizes = {
  names: 20_000,
  extractChars: 2_000_000,
  acledRows: 200_000,
  pdfs: 8,
  maxMs: 240_000,
};

export interface HeavyFigures {
  polls: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The server's event-loop delay over the run (in-process server), ms. */
  loopMax: number;
  seconds: number;
  answers: Record<string, number>;
  jobs: Record<string, string>;
}

const HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp';

/** An ACLED export of `n` made-up rows (deterministic). */
export function acledCsv(n: number, prefix = 'GEN'): string {
  const admin1 = ['Deir ez Zor', 'Aleppo', 'Idlib', 'Raqqa', 'Hama'];
  const out = [HEADER];
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    const a = admin1[i % admin1.length]!;
    out.push(
      `${prefix}${i},2021-${month}-${day},2021,1,Political violence,Explosions/Remote violence,Remote explosive/landmine/IED,Unidentified Armed Group (Syria),,3,Military Forces of Syria (2000-),,1,13,,760,Middle East,Syria,${a},${a},,Town ${i % 300},35.${i % 1000},40.${i % 997},2,Local Source,National,"Row ${i}: a roadside device in ${a}.",${i % 5},,1600000000`,
    );
  }
  return out.join('\n') + '\n';
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Starts a client of test/heavy-client.ts (`send` or `poll`); resolves with its report. */
function startClient<T>(
  role: 'send' | 'poll',
  cfg: ClientConfig,
): { child: ChildProcess; report: Promise<T> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, role], {
    env: { ...process.env, HEAVY_CLIENT: JSON.stringify(cfg) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const report = new Promise<T>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the heavy ${role} client exited with code ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T);
    });
  });
  return { child, report };
}

export async function heavyUnderHealthPolling(
  world: World,
  sizes: HeavySizes,
): Promise<HeavyFigures> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const trace = await startTrace();
  loop.enable();
  const { analyst, admin, viewer } = world.tokens;
  const cfg: ClientConfig = { base: world.base, tokens: { analyst, admin, viewer }, sizes };
  const poller = startClient<PollReport>('poll', cfg);
  const sent = await startClient<ClientReport>('send', cfg).report.catch(async (e: unknown) => {
    poller.child.stdin!.end();
    await poller.report.catch(() => undefined);
    throw e;
  });
  poller.child.stdin!.end();
  const polled = await poller.report;
  loop.disable();
  await trace?.stop(sent, polled);
  const sorted = polled.polls.map((p) => p.ms).sort((a, b) => a - b);
  return {
    polls: sorted.length,
    failed: polled.failed,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    loopMax: loop.max / 1e6,
    seconds: sent.seconds,
    answers: sent.answers,
    jobs: sent.jobs,
  };
}

export function describeFigures(f: HeavyFigures): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return (
    `${f.polls} health polls over ${f.seconds.toFixed(0)} s (${f.failed} failed): p50 ${ms(f.p50)}, ` +
    `p95 ${ms(f.p95)}, p99 ${ms(f.p99)}, max ${ms(f.max)}; event-loop delay max ${ms(f.loopMax)}; ` +
    `answers ${JSON.stringify(f.answers)}; jobs ${JSON.stringify(f.jobs)}`
  );
}
