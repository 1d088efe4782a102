import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ensureCase, openStore } from '../src/store/connect.ts';
import { importFile } from '../src/store/importer.ts';
import { createToken, createUser, grantRole } from '../src/store/users.ts';
import { report, scaled } from './harness.ts';

/**
 * The HTTP API under load on loopback: entity lookup, incident summary and a graph
 * neighbourhood, against a plain Fastify route returning a constant (the peer) in the
 * same run. Both servers run as child processes (ours is the real `chokepoint start`),
 * autocannon drives them from this process. Two passes per route: flat out (requests/s,
 * p99) and at a fixed 1 000 requests/s (p95 and p99, measured per response, so
 * coordinated omission is corrected by autocannon's fixed-rate scheduling).
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
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(
  url: string,
  token: string | null,
  paths: string[],
  opts: { seconds: number; rate?: number; connections: number },
): Promise<Load> {
  const latencies: number[] = [];
  let i = 0;
  // The returned instance is both a promise of the result and an event emitter.
  const inst = autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }),
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
    p95: q(0.95),
    p99: q(0.99),
    errors: res.errors + res.timeouts,
    non2xx: res.non2xx,
  };
}

export async function run(): Promise<void> {
  const nIncidents = scaled(20_000);
  const nCompanies = scaled(5_000);
  const seconds = Math.max(3, scaled(10));
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-api-bench-'));
  const db = join(dir, 'api.db');
  const children: ChildProcess[] = [];
  try {
    const store = await openStore({ url: db });
    await ensureCase(store.db, CASE, 'Benchmark case');
    const files = worldFiles(nIncidents, nCompanies);
    await importFile(store, 'incidents', 'incidents.jsonl', {
      caseId: CASE,
      text: files.incidents,
    });
    await importFile(store, 'ftm', 'network.ftm.jsonl', { caseId: CASE, text: files.entities });
    const user = await createUser(store.db, { username: 'bench', password: 'bench-password-1' });
    await grantRole(store.db, user.id, CASE, 'viewer');
    const { token } = await createToken(store.db, user.id, 'bench');
    await store.close();

    const ours = spawn(
      process.execPath,
      [join(ROOT, 'bin/chokepoint.js'), 'start', '--db', db, '--port', '0', '--no-demo'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHOKEPOINT_DEMO_PASSWORD: '' } },
    );
    children.push(ours);
    const peer = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import Fastify from 'fastify'; const app = Fastify(); app.get('/constant', async () => ({ status: 'ok', n: 42 })); const a = await app.listen({ port: 0, host: '127.0.0.1' }); console.log('listening on ' + a);",
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(peer);
    const [oursUrl, peerUrl] = await Promise.all([
      waitForListening(ours, /listening on (http:\/\/\S+)/),
      waitForListening(peer, /listening on (http:\/\/\S+)/),
    ]);

    const ids = Array.from({ length: 200 }, (_, k) => `co-${(k * 7919) % nCompanies}`);
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
    // Warm both servers (and our memoised analyses) before measuring.
    for (const r of routes) await load(oursUrl, token, r.paths, { seconds: 1, connections: 4 });
    await load(peerUrl, null, ['/constant'], { seconds: 1, connections: 4 });

    const peerMax = await load(peerUrl, null, ['/constant'], { seconds, connections: 10 });
    const peerFixed = await load(peerUrl, null, ['/constant'], {
      seconds,
      rate: 1000,
      connections: 20,
    });
    const size = `${nIncidents} incidents, ${nCompanies * 4} entities`;
    for (const r of routes) {
      const max = await load(oursUrl, token, r.paths, { seconds, connections: 10 });
      const fixed = await load(oursUrl, token, r.paths, { seconds, rate: 1000, connections: 20 });
      const bad = max.errors + max.non2xx + fixed.errors + fixed.non2xx;
      report({
        bench: `api ${r.name}`,
        size,
        ours: `chokepoint ${Math.round(max.rps)} req/s, p99 ${max.p99.toFixed(1)} ms`,
        ours_ms: 1000 / max.rps,
        peer: `constant route ${Math.round(peerMax.rps)} req/s, p99 ${peerMax.p99.toFixed(1)} ms`,
        peer_ms: 1000 / peerMax.rps,
        note:
          `at 1000 req/s: p95 ${fixed.p95.toFixed(1)} ms (goal < ${r.goal}), p99 ${fixed.p99.toFixed(1)} ms, ` +
          `${Math.round(fixed.rps)} req/s served; constant route at 1000 req/s p95 ${peerFixed.p95.toFixed(1)} ms; ` +
          `throughput ratio ${(peerMax.rps / max.rps).toFixed(2)}× (goal ≤ 3)` +
          (bad ? `; ${bad} errors or non-2xx answers` : ''),
      });
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
