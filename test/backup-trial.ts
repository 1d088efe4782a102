import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { dropPostgresSchema, openStore, type Store } from '../src/store/connect.ts';
import { buildServer } from '../src/server/app.ts';
import { CASE_A, CASE_B, type World } from '../src/server/testing.ts';
import { CLI_ENV } from './cli.ts';
import { PG_TEST_URL } from './stores.ts';

/**
 * One trial of issue 18, item 5 (src/server/backup.test.ts runs one in `npm test`,
 * test/reliability/backup-under-writes.test.ts several): `chokepoint backup` taken while the
 * API writes, restored into a fresh database, answers every read route of the demo case
 * exactly as the source does, and holds every write acknowledged before the backup started
 * (and, per writer, a prefix of its writes: one consistent snapshot, no holes).
 */

const BIN = fileURLToPath(new URL('../bin/chokepoint.js', import.meta.url));

/** The built CLI, without blocking the event loop (the server under test runs in this process). */
function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...CLI_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const A = `/api/cases/${CASE_A}`;

/** The read routes of case A with sample parameters (those that need ids get them below). */
const QUERIES: Record<string, string> = {
  '/api/cases/:caseId/incidents': '?limit=500',
  '/api/cases/:caseId/summary': '?from=2024-03-01&to=2024-03-10&compare=previous',
  '/api/cases/:caseId/seizures': '',
  '/api/cases/:caseId/items': '?serial=*&limit=500',
  '/api/cases/:caseId/arms/composition': '?by=model',
  '/api/cases/:caseId/entities': '?limit=500',
  '/api/cases/:caseId/network/chokepoints': '?from=role:supplier&to=role:end_user&budget=2',
  '/api/cases/:caseId/network/paths': '?from=role:supplier&to=role:end_user',
  '/api/cases/:caseId/network/centrality': '?pivots=5',
  '/api/cases/:caseId/orders': '?limit=500',
  '/api/cases/:caseId/export/:kind': '',
  '/api/cases/:caseId/reports/bulletin': '?from=2024-03-01&to=2024-03-10&format=md',
  '/api/cases/:caseId/reports/entity/:id': '?format=md',
  '/api/cases/:caseId/reports/seizure/:id': '?format=md',
  '/api/cases/:caseId/reports/order/:id': '?format=md',
};

interface Ids {
  incident: string[];
  seizure: string[];
  item: string[];
  entity: string[];
  order: string[];
  source: string[];
  import: string[];
  user: string[];
}

/** Every concrete path of every GET route of case A (ids taken from the source's lists). */
function casePaths(app: FastifyInstance, ids: Ids): { paths: string[]; routes: number } {
  const out: string[] = [];
  const routes = app.routeTable.filter(
    (r) => r.method === 'GET' && r.url.startsWith('/api/cases/:caseId'),
  );
  for (const r of routes) {
    const q = QUERIES[r.url] ?? '';
    const url = r.url.replace(':caseId', CASE_A);
    // Every id on the record pages; the first few on the heavier analyses and reports.
    const heavy = /\/(reports|trace|neighbours|nearby|evidence)\b/.test(r.url);
    const fill = (param: string, values: string[]) =>
      values
        .slice(0, heavy ? 2 : undefined)
        .map((v) => url.replace(param, encodeURIComponent(v)) + q);
    if (r.url.endsWith('/export/:kind')) {
      for (const k of ['incidents', 'seizures', 'baseline', 'orders', 'ftm', 'sources', 'network'])
        out.push(url.replace(':kind', k));
    } else if (r.url.includes('/members/:userId')) out.push(...fill(':userId', ids.user));
    else if (r.url.includes('/trace/:itemId')) out.push(...fill(':itemId', ids.item));
    else if (r.url.includes('/incidents/:id')) out.push(...fill(':id', ids.incident));
    else if (r.url.includes('/seizures/:id')) out.push(...fill(':id', ids.seizure));
    else if (r.url.includes('/entities/:id') || r.url.includes('/reports/entity/:id'))
      out.push(...fill(':id', ids.entity));
    else if (r.url.includes('/orders/:id') || r.url.includes('/reports/order/:id'))
      out.push(...fill(':id', ids.order));
    else if (r.url.includes('/reports/seizure/:id')) out.push(...fill(':id', ids.seizure));
    else if (r.url.includes('/sources/:id')) out.push(...fill(':id', ids.source));
    else if (r.url.includes('/records/:id')) out.push(...fill(':id', ids.entity));
    else if (r.url.includes('/imports/:id')) out.push(...fill(':id', ids.import));
    // Records the demo case holds none of (documents and what is read from them, list
    // versions): no page of them to compare.
    else if (/\/(documents|drafts|xref|mentions|lists)\/:/.test(r.url)) continue;
    else if (url.includes(':')) throw new Error(`no sample ids for ${r.url}`);
    else out.push(url + q);
  }
  return { paths: out, routes: routes.length };
}

export interface TrialFigures {
  dialect: 'sqlite' | 'postgres';
  /** Writes acknowledged when the backup command started, when it ended, found after restore. */
  before: number;
  during: number;
  found: number;
  /** Read requests answered identically, and the GET routes they cover. */
  requests: number;
  routes: number;
  timing: { backup: number; restore: number; compare: number };
}

/**
 * Runs one trial against `world` (a started test world over the store at `url`), writing
 * the backup and the restored SQLite file (if any) into `dir`. Every check is an expect.
 */
export async function backupUnderWrites(
  world: World,
  url: string,
  dialect: 'sqlite' | 'postgres',
  dir: string,
  opts: { warmup?: number; tag?: string } = {},
): Promise<TrialFigures> {
  const tag = opts.tag ?? randomBytes(3).toString('hex');
  const restoredUrl =
    dialect === 'sqlite'
      ? join(dir, `restored-${tag}.db`)
      : `${PG_TEST_URL}?schema=r_${randomBytes(5).toString('hex')}`;
  let restored: Store | undefined;
  let restoredApp: FastifyInstance | undefined;
  try {
    const file = join(dir, `backup-${tag}.${dialect === 'sqlite' ? 'db' : 'dump'}`);
    // Two writers, each saving one incident of case B at a time through the API.
    const acked: number[][] = [[], []];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const r = await world.call('stranger', 'POST', `/api/cases/${CASE_B}/incidents`, {
          incidents: [
            {
              id: `bw-${tag}-${w}-${i}`,
              text: `Written during the backup by writer ${w}, number ${i}.`,
              date: '2023-01-09',
              country: 'Syria',
              attack_type: 'other',
              sources: [{ name: 'Backup test', date: '2023-01-09' }],
            },
          ],
        });
        expect(r.status).toBe(200);
        acked[w]!.push(i);
      }
    };
    const writers = [writer(0), writer(1)];
    while (acked[0]!.length + acked[1]!.length < (opts.warmup ?? 30))
      await new Promise((r) => setTimeout(r, 20));
    const before = acked.map((a) => a.length);
    const timing = { backup: Date.now(), restore: 0 };
    const backup = await cli(['backup', file, '--db', url, '--json']);
    timing.backup = Date.now() - timing.backup;
    const during = acked.map((a) => a.length);
    stop = true;
    await Promise.all(writers);
    expect(backup.stderr).not.toMatch(/error/);
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ file, dialect });

    // Restored into a fresh database, refused a second time without --force.
    timing.restore = Date.now();
    const restore = await cli(['restore', file, '--db', restoredUrl, '--json']);
    timing.restore = Date.now() - timing.restore;
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    // A second restore into it is refused (run while the comparisons below read it).
    const again = cli(['restore', file, '--db', restoredUrl]);
    restored = await openStore({ url: restoredUrl });
    restoredApp = await buildServer({ store: restored, webDist: null, strictResponses: true });
    const rbase = await restoredApp.listen({ port: 0, host: '127.0.0.1' });
    const get = async (base: string, who: 'admin' | 'stranger', path: string) => {
      const res = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${world.tokens[who]}` },
      });
      return { status: res.status, body: await res.text() };
    };

    // Case B: every write acknowledged before the backup started is there; each writer's
    // restored writes are a prefix of its writes (one snapshot); each reads as in the source.
    const exported = async (base: string) =>
      (await get(base, 'stranger', `/api/cases/${CASE_B}/export/incidents?format=jsonl`)).body
        .split('\n')
        .filter(Boolean);
    const restoredB = await exported(rbase);
    const found = [0, 1].map(
      (w) => restoredB.filter((l) => l.includes(`"id":"bw-${tag}-${w}-`)).length,
    );
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    for (const w of [0, 1]) {
      expect(found[w]).toBeGreaterThanOrEqual(before[w]!);
      expect(found[w]).toBeLessThanOrEqual(during[w]! + 1);
      for (let i = 0; i < found[w]!; i++)
        expect(restoredB.some((l) => l.includes(`"id":"bw-${tag}-${w}-${i}"`))).toBe(true);
    }
    const inBackup = (line: string) => {
      const m = new RegExp(`"id":"bw-${tag}-(\\d)-(\\d+)"`).exec(line);
      return !m || Number(m[2]) < found[Number(m[1])]!;
    };
    expect(restoredB).toEqual((await exported(world.base)).filter(inBackup));

    // Case A (the demo world and its fixtures): every GET route, every id, alike.
    const list = async (path: string, field: string) => {
      const body = JSON.parse((await get(world.base, 'admin', `${A}/${path}`)).body) as {
        items: Record<string, string>[];
      };
      if (!body.items) throw new Error(`${path}: ${JSON.stringify(body).slice(0, 300)}`);
      const out = body.items.map((r) => r[field]!);
      expect(out.length, path).toBeGreaterThan(0);
      expect(
        out.every((v) => typeof v === 'string'),
        `${path} ${field}`,
      ).toBe(true);
      return [...new Set(out)];
    };
    const ids: Ids = {
      incident: await list('incidents?limit=500', 'id'),
      seizure: await list('seizures', 'id'),
      item: await list('items?serial=*&limit=500', 'item_id'),
      entity: await list('entities?limit=500', 'id'),
      order: await list('orders?limit=500', 'order_id'),
      source: await list('sources', 'id'),
      import: await list('imports', 'id'),
      user: await list('members', 'user_id'),
    };
    const t0 = Date.now();
    const { paths, routes } = casePaths(world.app, ids);
    paths.push('/api/cases', '/api/stats');
    let ok = 0;
    const differ: string[] = [];
    // Four at a time: the two servers share this process.
    for (let i = 0; i < paths.length; i += 4) {
      await Promise.all(
        paths.slice(i, i + 4).map(async (path) => {
          const src = await get(world.base, 'admin', path);
          const dst = await get(rbase, 'admin', path);
          if (src.status === dst.status && src.body === dst.body) ok++;
          else
            differ.push(
              `${path}: ${src.status} ${src.body.slice(0, 200)} | ${dst.status} ${dst.body.slice(0, 200)}`,
            );
        }),
      );
    }
    expect(differ).toEqual([]);
    const refused = await again;
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/error CP_CONFLICT: .*not empty.*--force/);
    return {
      dialect,
      before: total(before),
      during: total(during),
      found: total(found),
      requests: ok,
      routes: routes + 2,
      timing: { ...timing, compare: Date.now() - t0 },
    };
  } finally {
    await restoredApp?.close();
    if (restored) {
      if (restored.pgSchema) await dropPostgresSchema(restored, restored.pgSchema);
      await restored.close();
    }
  }
}
