import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Incident } from '../src/incidents/schema.ts';
import { ensureCase, openStore, type Store } from '../src/store/connect.ts';
import { importFile } from '../src/store/importer.ts';
import { encodeCursor, loadIncidents } from '../src/store/incidents.ts';
import { createToken, createUser, grantRole } from '../src/store/users.ts';
import { report, scaled, withBenchPostgres } from './harness.ts';

/**
 * The HTTP API under load on loopback: entity lookup, incident summary and a graph
 * neighbourhood, against a plain Fastify route returning a constant (the peer) in the
 * same run. Both servers run as child processes (ours is the real `chokepoint start`),
 * autocannon drives them from this process. Two passes per route: flat out (requests/s,
 * p99) and at a fixed 1 000 requests/s (p95 and p99, measured per response, so
 * coordinated omission is corrected by autocannon's fixed-rate scheduling).
 *
 * Then the incidents list (issue 18, item 3) over a case of 1 M incidents (BENCH_SCALE
 * scales it). Everything runs on SQLite and, when BENCH_PG_URL is set, again on
 * PostgreSQL (a fresh database, dropped after): filtered first pages and keyset pages from cursors anywhere in the
 * case, flat out and at a fixed rate beside the constant route at the same rate, then a
 * mixed run of list reads and single-incident saves at fixed rates, with its errors.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CASE = 'bench';
const ADMIN1 = [
  'Deir ez-Zor',
  'Raqqa',
  'Al-Hasakah',
  'Aleppo',
  'Homs',
  'Idlib',
  'Daraa',
  'Nineveh',
  'Anbar',
  'Salah ad-Din',
];
const TYPES = [
  'ied',
  'armed_assault',
  'targeted_killing',
  'ambush',
  'rocket_mortar',
  'kidnapping',
  'arrest_raid',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function worldFiles(nIncidents: number, nCompanies: number) {
  const r = rng(7);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const incidents: string[] = [];
  for (let i = 0; i < nIncidents; i++) {
    const day = 1 + Math.floor(r() * 360);
    const d = new Date(Date.UTC(2023, 0, day)).toISOString().slice(0, 10);
    incidents.push(
      JSON.stringify({
        id: `inc-${i}`,
        text: `Synthetic incident ${i}`,
        date: d,
        country: 'Syria',
        country_code: 'SY',
        admin1: pick(ADMIN1),
        attack_type: pick(TYPES),
        killed: Math.floor(r() * 4),
        wounded: r() < 0.3 ? null : Math.floor(r() * 6),
        attribution: pick(['claimed', 'suspected', 'unknown']),
        sources: [{ name: `Monitor ${i % 13}`, date: d }],
      }),
    );
  }
  const entities: string[] = [];
  for (let i = 0; i < nCompanies; i++) {
    entities.push(
      JSON.stringify({
        id: `co-${i}`,
        schema: 'Company',
        properties: { name: [`Synthetic Trading ${i}`], country: [pick(['tr', 'sy', 'iq', 'ae'])] },
      }),
    );
    entities.push(
      JSON.stringify({
        id: `pe-${i}`,
        schema: 'Person',
        properties: { name: [`Person ${i} Example`] },
      }),
    );
  }
  for (let i = 0; i < nCompanies; i++) {
    entities.push(
      JSON.stringify({
        id: `own-${i}`,
        schema: 'Ownership',
        properties: { owner: [`pe-${i}`], asset: [`co-${i}`] },
      }),
    );
    entities.push(
      JSON.stringify({
        id: `dir-${i}`,
        schema: 'Directorship',
        properties: { director: [`pe-${Math.floor(r() * nCompanies)}`], organization: [`co-${i}`] },
      }),
    );
  }
  return { incidents: incidents.join('\n'), entities: entities.join('\n') };
}

function waitForListening(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) resolve(m[1]!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${text}`)));
  });
}

interface Load {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(
  url: string,
  token: string | null,
  paths: string[],
  opts: { seconds: number; rate?: number; connections: number; body?: (i: number) => string },
): Promise<Load> {
  const latencies: number[] = [];
  let i = 0;
  const body = opts.body;
  // The returned instance is both a promise of the result and an event emitter.
  const inst = autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    requests: [
      {
        setupRequest: (req) => {
          const k = i++;
          const path = paths[k % paths.length]!;
          return body ? { ...req, path, method: 'POST', body: body(k) } : { ...req, path };
        },
      },
    ],
  }) as unknown as EventEmitter & Promise<autocannon.Result>;
  inst.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const res = await inst;
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    rps: res.requests.average,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    errors: res.errors + res.timeouts,
    non2xx: res.non2xx,
  };
}

/** The list case: 1 M generated incidents over ten years, four countries. */
const LIST_CASE = 'bench-list';
const L_COUNTRIES: [string, string, number, string[]][] = [
  ['Syria', 'SY', 0.5, ADMIN1.slice(0, 7)],
  ['Iraq', 'IQ', 0.3, ['Nineveh', 'Anbar', 'Salah ad-Din', 'Kirkuk', 'Diyala', 'Baghdad']],
  ['Türkiye', 'TR', 0.1, ['Şanlıurfa', 'Hatay', 'Gaziantep']],
  ['Lebanon', 'LB', 0.1, ['Beqaa', 'North', 'South']],
];
const PERPS = [
  'Islamic State',
  'HTS',
  'SDF',
  'Syrian Arab Army',
  'Unidentified gunmen',
  'PKK',
  'Hezbollah',
  'Popular Mobilization Forces',
  'Turkish Armed Forces',
  'Ahrar al-Sham',
];
const DAYS = 3650;
const dayOf = (d: number) => new Date(Date.UTC(2015, 0, 1 + d)).toISOString().slice(0, 10);

export function* listWorld(n: number, batch = 50_000): Iterable<Incident[]> {
  const r = rng(11);
  const sources = Array.from({ length: 13 }, (_, k) => [{ name: `Monitor ${k}`, date: null }]);
  for (let start = 0; start < n; start += batch) {
    const b: Incident[] = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const u = r();
      const [country, code, , admin] = L_COUNTRIES[u < 0.5 ? 0 : u < 0.8 ? 1 : u < 0.9 ? 2 : 3]!;
      const date = r() < 0.001 ? null : dayOf(Math.floor(r() * DAYS));
      b.push({
        id: `inc-${i}`,
        text: `Synthetic incident ${i}`,
        date,
        date_precision: date ? 'day' : 'unknown',
        country,
        country_code: code,
        admin1: admin[Math.floor(r() * admin.length)]!,
        admin2: null,
        place: null,
        anchor_place: null,
        offset_km: null,
        offset_dir: null,
        lat: null,
        lon: null,
        geo_precision: null,
        event_type: 'Explosions/Remote violence',
        sub_event_type: null,
        attack_type: TYPES[Math.floor(r() * TYPES.length)]!,
        perpetrator: r() < 0.3 ? null : PERPS[Math.floor(r() * PERPS.length)]!,
        target: null,
        killed: Math.floor(r() * 4),
        wounded: Math.floor(r() * 6),
        casualties_total: null,
        attribution: (['claimed', 'suspected', 'unknown'] as const)[Math.floor(r() * 3)]!,
        sources: sources[i % 13]!,
        confidence: null,
      } as Incident);
    }
    yield b;
  }
}

/**
 * Requests of the list as an analyst browses: first pages under each filter (folded
 * names, codes, a month, two filters at once, newest first) and keyset pages from a
 * cursor at a random point of the case (as deep as the last page costs the same).
 */
export function listPaths(n: number): string[] {
  const r = rng(5);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const enc = encodeURIComponent;
  const allAdmin1 = L_COUNTRIES.flatMap((c) => c[3]);
  const month = () => {
    const d = dayOf(Math.floor(r() * (DAYS - 31)));
    return `&from=${d.slice(0, 8)}01&to=${d.slice(0, 8)}28`;
  };
  const filters: (() => string)[] = [
    () => '',
    () => '&country=syria',
    () => '&country=IQ',
    () => `&admin1=${enc(pick(allAdmin1).toLowerCase())}`,
    () => `&attack_type=${pick(TYPES)}`,
    () => `&perpetrator=${enc(pick(PERPS))}`,
    month,
    () => `&admin1=${enc(pick(allAdmin1))}&attack_type=${pick(TYPES)}`,
    () => `&country=Syria${month()}&sort=-date`,
    () => `&attribution=claimed&sort=-date`,
  ];
  const out: string[] = [];
  for (let k = 0; k < 400; k++) {
    let q = filters[k % filters.length]!();
    if (k % 2 === 1) {
      const sort = q.includes('sort=-date') ? '-date' : 'date';
      const cursor = encodeCursor({
        sort,
        date: dayOf(Math.floor(r() * DAYS)),
        id: `inc-${Math.floor(r() * n)}`,
        // As a client's next_cursor carries it: the first page's (capped) count.
        total: { n: 1000, exact: false },
      });
      // A cursor outside a month window starts past it or before it: keep windows first-page.
      if (!q.includes('from=')) q += `&cursor=${cursor}`;
    }
    out.push(`/api/cases/${LIST_CASE}/incidents?limit=50${q}`);
  }
  return out;
}

/** Loads the list case into a store, timed. */
async function loadListCase(store: Store, n: number): Promise<number> {
  await ensureCase(store.db, LIST_CASE, 'Benchmark list case');
  const t0 = performance.now();
  await loadIncidents(store, LIST_CASE, listWorld(n));
  return performance.now() - t0;
}

/**
 * An open-loop driver at a fixed rate: one request every 1000/rate ms, evenly spaced, on
 * keep-alive connections (as many as are in flight), each latency measured from when the
 * request was due, so a server that falls behind is charged for the wait (no coordinated
 * omission). autocannon's `overallRate` is a quota a second that each connection spends
 * back to back when the second starts: a burst of the second's requests, whose latency is
 * the time to drain the burst; autocannon stays for the flat-out passes.
 */
async function paced(
  url: string,
  token: string | null,
  paths: string[],
  opts: { seconds: number; rate: number; body?: (i: number) => string },
): Promise<Load> {
  const u = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(opts.rate * opts.seconds);
  const every = 1000 / opts.rate;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = t0 + k * every;
    const wait = due - performance.now();
    if (wait > 0.5) await new Promise((r) => setTimeout(r, wait));
    const body = opts.body?.(k);
    // From when it was due, or from now if the timer woke a little early.
    const from = Math.min(due, performance.now());
    inflight.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            path: paths[k % paths.length],
            method: body ? 'POST' : 'GET',
            agent,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - from);
              if ((res.statusCode ?? 0) >= 300) non2xx++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / elapsed,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    errors,
    non2xx,
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc; null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** The list runs on one server: flat out, at a fixed rate beside the peer, and mixed. */
async function listBench(o: {
  db: 'sqlite' | 'postgres';
  /** The server's process, for its CPU time a request (what the machine's load leaves out). */
  pid: number | undefined;
  url: string;
  token: string;
  peerUrl: string;
  n: number;
  seconds: number;
  loadMs: number;
}): Promise<void> {
  const paths = listPaths(o.n);
  const size = `${o.n} incidents`;
  const fmt = (l: Load) =>
    `p50 ${l.p50.toFixed(1)} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms`;
  await load(o.url, o.token, paths, { seconds: 2, connections: 4 });
  const cpu0 = cpuSeconds(o.pid);
  const max = await load(o.url, o.token, paths, { seconds: o.seconds, connections: 10 });
  const cpu1 = cpuSeconds(o.pid);
  const cpuMs =
    cpu0 !== null && cpu1 !== null ? ((cpu1 - cpu0) * 1000) / (max.rps * o.seconds) : null;
  const fixed = await paced(o.url, o.token, paths, { seconds: o.seconds, rate: LIST_RATE });
  const peer = await paced(o.peerUrl, null, ['/constant'], {
    seconds: o.seconds,
    rate: LIST_RATE,
  });
  const bad = max.errors + max.non2xx + fixed.errors + fixed.non2xx;
  report({
    bench: 'api incidents list',
    db: o.db,
    size,
    ours: `chokepoint at ${LIST_RATE} req/s: ${fmt(fixed)}; flat out ${Math.round(max.rps)} req/s (p99 ${max.p99.toFixed(1)} ms)`,
    ours_ms: fixed.p95,
    peer: `constant route at ${LIST_RATE} req/s: ${fmt(peer)}`,
    peer_ms: peer.p95,
    note:
      `p95 goal < 50 ms at 1 M incidents; filtered first pages and keyset pages, limit 50; ` +
      `fixed rates paced open-loop (evenly spaced, latency from the due time); ` +
      `${Math.round(fixed.rps)} req/s served at the fixed rate; ${bad} errors or non-2xx; ` +
      (cpuMs !== null
        ? `server process CPU ${cpuMs.toFixed(2)} ms a request flat out${o.db === 'postgres' ? ' (PostgreSQL backends apart)' : ''}; `
        : '') +
      `machine load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; ` +
      `case loaded in ${(o.loadMs / 1000).toFixed(1)} s (loadIncidents, indexes rebuilt)`,
  });

  // Mixed: list reads and single-incident saves at once, each at its fixed rate, after a
  // few saves alone (the first save of a server loads what writes need: the warm-up the
  // read routes had above).
  const run = randomBytes(3).toString('hex');
  const save = (k: number) =>
    JSON.stringify({
      incidents: [
        {
          id: `w-${run}-${k}`,
          text: `Saved during the run ${k}`,
          date: dayOf(Math.floor((k * 7919) % DAYS)),
          country: 'Syria',
          country_code: 'SY',
          admin1: 'Raqqa',
          attack_type: 'ied',
          attribution: 'unknown',
        },
      ],
    });
  await paced(o.url, o.token, [`/api/cases/${LIST_CASE}/incidents`], {
    seconds: 1,
    rate: 5,
    body: (k) => save(100_000 + k),
  });
  const saves = paced(o.url, o.token, [`/api/cases/${LIST_CASE}/incidents`], {
    seconds: o.seconds,
    rate: MIXED_WRITES,
    body: save,
  });
  const reads = paced(o.url, o.token, paths, { seconds: o.seconds, rate: MIXED_READS });
  const [w, rd] = await Promise.all([saves, reads]);
  const errors = w.errors + w.non2xx + rd.errors + rd.non2xx;
  report({
    bench: 'api incidents list + saves',
    db: o.db,
    size,
    ours: `${MIXED_READS} reads + ${MIXED_WRITES} saves a second: reads ${fmt(rd)}; saves p50 ${w.p50.toFixed(1)} ms, p99 ${w.p99.toFixed(1)} ms`,
    ours_ms: rd.p95,
    peer: `constant route at ${LIST_RATE} req/s: p95 ${peer.p95.toFixed(1)} ms`,
    peer_ms: peer.p95,
    note: `${Math.round(rd.rps)} reads/s and ${w.rps.toFixed(1)} saves/s served; ${errors} errors or non-2xx (reads ${rd.errors + rd.non2xx}, saves ${w.errors + w.non2xx})`,
  });
}

/** The list's fixed rate, and the mixed run's (issue 18: 200 reads + 10 writes a second). */
const LIST_RATE = Number(process.env.BENCH_LIST_RATE ?? '200');
const MIXED_READS = 200;
const MIXED_WRITES = 10;

interface Sizes {
  nIncidents: number;
  nCompanies: number;
  nList: number;
  seconds: number;
}

/** Fills a store with the benchmark's world and list case; returns a token and the list case's load time. */
async function prepareStore(url: string, z: Sizes): Promise<{ token: string; listLoadMs: number }> {
  const store = await openStore({ url });
  try {
    await ensureCase(store.db, CASE, 'Benchmark case');
    const files = worldFiles(z.nIncidents, z.nCompanies);
    await importFile(store, 'incidents', 'incidents.jsonl', {
      caseId: CASE,
      text: files.incidents,
    });
    await importFile(store, 'ftm', 'network.ftm.jsonl', { caseId: CASE, text: files.entities });
    const listLoadMs = await loadListCase(store, z.nList);
    const user = await createUser(store.db, { username: 'bench', password: 'bench-password-1' });
    await grantRole(store.db, user.id, CASE, 'viewer');
    await grantRole(store.db, user.id, LIST_CASE, 'analyst');
    const { token } = await createToken(store.db, user.id, 'bench');
    return { token, listLoadMs };
  } finally {
    await store.close();
  }
}

/** The constant route's figures, measured once and set beside each database's. */
interface PeerFigures {
  url: string;
  max: Load;
  fixed: Load;
}

/** Every route on one database: `chokepoint start --db url`, the routes, then the incidents list. */
async function benchDatabase(
  db: 'sqlite' | 'postgres',
  url: string,
  peer: PeerFigures,
  z: Sizes,
): Promise<void> {
  const { token, listLoadMs } = await prepareStore(url, z);
  const ours = spawn(
    process.execPath,
    [join(ROOT, 'bin/chokepoint.js'), 'start', '--db', url, '--port', '0', '--no-demo'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHOKEPOINT_DEMO_PASSWORD: '' } },
  );
  try {
    const oursUrl = await waitForListening(ours, /listening on (http:\/\/\S+)/);
    const ids = Array.from({ length: 200 }, (_, k) => `co-${(k * 7919) % z.nCompanies}`);
    const routes: { name: string; paths: string[]; goal: number }[] = [
      {
        name: 'entity lookup',
        goal: 20,
        paths: ids.map((id) => `/api/cases/${CASE}/entities/${id}`),
      },
      {
        name: 'incident summary',
        goal: 50,
        paths: ['01', '02', '03', '04', '05', '06'].map(
          (m) => `/api/cases/${CASE}/summary?from=2023-${m}-01&to=2023-${m}-28&compare=previous`,
        ),
      },
      {
        name: 'graph neighbourhood',
        goal: 50,
        paths: ids.map((id) => `/api/cases/${CASE}/entities/${id}/neighbours?depth=2`),
      },
    ];
    // Warm the server (and our memoised analyses) before measuring.
    for (const r of routes) await load(oursUrl, token, r.paths, { seconds: 1, connections: 4 });
    const size = `${z.nIncidents} incidents, ${z.nCompanies * 4} entities`;
    for (const r of routes) {
      const max = await load(oursUrl, token, r.paths, { seconds: z.seconds, connections: 10 });
      const fixed = await load(oursUrl, token, r.paths, {
        seconds: z.seconds,
        rate: 1000,
        connections: 20,
      });
      const bad = max.errors + max.non2xx + fixed.errors + fixed.non2xx;
      report({
        bench: `api ${r.name}`,
        db,
        size,
        ours: `chokepoint ${Math.round(max.rps)} req/s, p99 ${max.p99.toFixed(1)} ms`,
        ours_ms: 1000 / max.rps,
        peer: `constant route ${Math.round(peer.max.rps)} req/s, p99 ${peer.max.p99.toFixed(1)} ms`,
        peer_ms: 1000 / peer.max.rps,
        note:
          `at 1000 req/s: p95 ${fixed.p95.toFixed(1)} ms (goal < ${r.goal}), p99 ${fixed.p99.toFixed(1)} ms, ` +
          `${Math.round(fixed.rps)} req/s served; constant route at 1000 req/s p95 ${peer.fixed.p95.toFixed(1)} ms; ` +
          `throughput ratio ${(peer.max.rps / max.rps).toFixed(2)}× (goal ≤ 3)` +
          (bad ? `; ${bad} errors or non-2xx answers` : ''),
      });
    }
    await listBench({
      db,
      pid: ours.pid,
      url: oursUrl,
      token,
      peerUrl: peer.url,
      n: z.nList,
      seconds: z.seconds,
      loadMs: listLoadMs,
    });
  } finally {
    const exited = new Promise((r) => ours.once('exit', r));
    ours.kill('SIGTERM');
    await exited;
  }
}

export async function run(): Promise<void> {
  const z: Sizes = {
    nIncidents: scaled(20_000),
    nCompanies: scaled(5_000),
    nList: scaled(1_000_000),
    seconds: Math.max(3, scaled(10)),
  };
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-api-bench-'));
  const peerServer = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import Fastify from 'fastify'; const app = Fastify(); app.get('/constant', async () => ({ status: 'ok', n: 42 })); const a = await app.listen({ port: 0, host: '127.0.0.1' }); console.log('listening on ' + a);",
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const peerUrl = await waitForListening(peerServer, /listening on (http:\/\/\S+)/);
    await load(peerUrl, null, ['/constant'], { seconds: 1, connections: 4 });
    const peer: PeerFigures = {
      url: peerUrl,
      max: await load(peerUrl, null, ['/constant'], { seconds: z.seconds, connections: 10 }),
      fixed: await load(peerUrl, null, ['/constant'], {
        seconds: z.seconds,
        rate: 1000,
        connections: 20,
      }),
    };
    await benchDatabase('sqlite', join(dir, 'api.db'), peer, z);
    await withBenchPostgres('api', (url) => benchDatabase('postgres', url, peer, z));
  } finally {
    peerServer.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
