import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addTextDocument, ingestDocuments } from '../app/documents.ts';
import { ERROR_CATALOGUE } from '../core/errors.ts';
import { importFile } from '../store/importer.ts';
import { recordHits } from '../store/watchlist.ts';
import { extractDocumentMentions } from '../app/mentions.ts';
import { listMentions, replaceXrefs } from '../store/mentions.ts';
import { submitJob } from '../jobs/submit.ts';
import { finishJob } from '../store/jobs.ts';
import type { User } from '../access/schema.ts';
import { createToken, createUser, grantRole } from '../store/users.ts';
import type { AccessRule, RegisteredRoute } from './auth.ts';
import {
  CASE_A,
  CASE_B,
  PASSWORD,
  PRINCIPALS,
  startWorld,
  type Principal,
  type World,
} from './testing.ts';

/**
 * Walks every registered route and calls it as every kind of caller. A route added
 * without a sample request here fails the suite, so no route escapes the walk.
 */

interface Sample {
  path: string;
  body?: unknown;
  /** A multipart upload instead of a JSON body. */
  upload?: { name: string; text: string };
  /** A multipart upload of several named files (import mapped: a mapping and a table). */
  files?: { field: string; name: string; text: string }[];
}
type SampleFn = (w: World, who: Principal, n: number) => Promise<Sample> | Sample;

const A = `/api/cases/${CASE_A}`;
let tempUser: User;
let importId: string;

/** A job of the caller's (the viewer's for anonymous), queued, or succeeded when `done`. */
async function walkJob(w: World, who: Principal, done = false): Promise<string> {
  const owner = who === 'anonymous' ? w.users.viewer : w.users[who];
  const job = await submitJob(w.store, {
    kind: 'test.probe',
    case_id: null,
    input: {},
    created_by: owner.id,
  });
  if (done) await finishJob(w.store, job.id, { state: 'succeeded', result: '{}' });
  return job.id;
}

/** A list loaded once for the walk's screening routes (the OFAC XML fixture). */
async function walkList(w: World): Promise<void> {
  if ((await w.store.db.selectFrom('lists').select('id').execute()).length) return;
  const text = readFileSync(new URL('../resolve/fixtures/sdn.xml', import.meta.url), 'utf8');
  await importFile(w.store, 'sanctions', 'sdn.xml', { text });
}

/** An undecided alert of case A, a new one each call. */
async function walkAlert(w: World, n: number): Promise<string> {
  await walkList(w);
  await recordHits(w.store.db, CASE_A, [
    {
      party_id: `walk-party-${n}`,
      party_name: 'Youssef Darwich',
      list_id: 'us-ofac-sdn',
      list_version: 1,
      entry_id: 'ofac-47001',
      entry_caption: 'Yusuf Ahmad DARWISH',
      entry_fingerprint: 'walk',
      score: 0.9,
      features: { name_literal: { value: 0.9, weight: 1 } },
    },
  ]);
  const a = await w.store.db
    .selectFrom('list_alerts')
    .select('id')
    .where('party_id', '=', `walk-party-${n}`)
    .executeTakeFirstOrThrow();
  return a.id;
}

const YENTE_QUERY = {
  queries: { q: { schema: 'Person', properties: { name: ['Youssef Darwich'] } } },
};

const SAMPLES: Record<string, SampleFn> = {
  'GET /api/health': () => ({ path: '/api/health' }),
  'GET /api/errors': () => ({ path: '/api/errors' }),
  'GET /openapi.json': () => ({ path: '/openapi.json' }),
  'GET /api/stats': () => ({ path: '/api/stats' }),
  'GET /api/search': () => ({ path: '/api/search?q=hajin' }),
  'GET /api/audit': () => ({ path: '/api/audit?limit=5' }),
  'POST /api/auth/login': () => ({
    path: '/api/auth/login',
    body: { username: 'viewer', password: PASSWORD },
  }),
  'POST /api/auth/logout': () => ({ path: '/api/auth/logout' }),
  'GET /api/auth/me': () => ({ path: '/api/auth/me' }),
  'POST /api/tokens': () => ({ path: '/api/tokens', body: { name: 'walk' } }),
  'GET /api/tokens': () => ({ path: '/api/tokens' }),
  'DELETE /api/tokens/:id': async (w, who) => {
    // Each caller revokes a token of their own.
    const owner = who === 'anonymous' ? w.users.viewer : w.users[who];
    const t = await createToken(w.store.db, owner.id, 'to revoke');
    return { path: `/api/tokens/${t.id}` };
  },
  'GET /api/users': () => ({ path: '/api/users' }),
  'POST /api/users': (_w, who, n) => ({
    path: '/api/users',
    body: { username: `made-by-${who}-${n}`, password: 'a-long-password' },
  }),
  'GET /api/cases': () => ({ path: '/api/cases' }),
  'POST /api/cases': (_w, who, n) => ({
    path: '/api/cases',
    body: { id: `c-${who}-${n}`, name: `Case made by ${who}` },
  }),
  'GET /api/cases/:caseId/stats': () => ({ path: `${A}/stats` }),
  'GET /api/cases/:caseId/members': () => ({ path: `${A}/members` }),
  'GET /api/cases/:caseId/members/:userId': (w) => ({ path: `${A}/members/${w.users.viewer.id}` }),
  'PUT /api/cases/:caseId/members/:userId': () => ({
    path: `${A}/members/${tempUser.id}`,
    body: { role: 'viewer' },
  }),
  'DELETE /api/cases/:caseId/members/:userId': async (w) => {
    await grantRole(w.store.db, tempUser.id, CASE_A, 'viewer');
    return { path: `${A}/members/${tempUser.id}` };
  },
  'GET /api/cases/:caseId/incidents': () => ({ path: `${A}/incidents?from=2024-03-01&limit=10` }),
  'GET /api/cases/:caseId/incidents/:id': () => ({ path: `${A}/incidents/a-inc-1` }),
  'POST /api/cases/:caseId/incidents': (_w, who, n) => ({
    path: `${A}/incidents`,
    body: {
      incidents: [
        {
          id: `walk-${who}-${n}`,
          text: 'Fixture incident saved by the route walk.',
          // Outside the fixture week, so that the summary test below sees the fixtures only.
          date: '2023-01-09',
          country: 'Syria',
          attack_type: 'other',
          sources: [{ name: 'Route walk', date: '2023-01-09' }],
        },
      ],
    },
  }),
  'GET /api/cases/:caseId/summary': () => ({
    path: `${A}/summary?from=2024-03-01&to=2024-03-10&compare=previous`,
  }),
  'GET /api/cases/:caseId/incidents/near': () => ({
    path: `${A}/incidents/near?lat=35.02&lon=40.45&km=50`,
  }),
  'GET /api/cases/:caseId/incidents/within': () => ({
    path: `${A}/incidents/within?province=${encodeURIComponent('Deir ez-Zor')}`,
  }),
  'GET /api/cases/:caseId/summary/provinces': () => ({
    path: `${A}/summary/provinces?from=2024-03-01&to=2024-03-10`,
  }),
  'POST /api/cases/:caseId/extract': () => ({
    path: `${A}/extract`,
    body: {
      text: '4 March: an IED killed two fighters 8 km east of Hajin, Deir ez-Zor.',
      doc_date: '2024-03-05',
    },
  }),
  'GET /api/cases/:caseId/incidents/dedupe': () => ({ path: `${A}/incidents/dedupe` }),
  'POST /api/cases/:caseId/incidents/dedupe/apply': () => ({
    path: `${A}/incidents/dedupe/apply`,
    body: { ids: [] },
  }),
  'GET /api/cases/:caseId/seizures': () => ({ path: `${A}/seizures` }),
  'GET /api/cases/:caseId/seizures/:id': () => ({ path: `${A}/seizures/SZ-2021-ABK` }),
  'GET /api/cases/:caseId/seizures/:id/nearby': () => ({
    path: `${A}/seizures/SZ-2021-RAQ/nearby`,
  }),
  'GET /api/cases/:caseId/trace/:itemId': () => ({ path: `${A}/trace/RAQ-U001?limit=3` }),
  'GET /api/cases/:caseId/items': () => ({ path: `${A}/items?serial=A-1045*` }),
  'GET /api/cases/:caseId/arms/composition': () => ({
    path: `${A}/arms/composition?by=model&within_type=assault_rifle`,
  }),
  'GET /api/cases/:caseId/arms/links': () => ({ path: `${A}/arms/links` }),
  'GET /api/cases/:caseId/entities': () => ({ path: `${A}/entities?q=akcakale` }),
  'GET /api/cases/:caseId/entities/:id': () => ({ path: `${A}/entities/c-akcakale-iletisim` }),
  'GET /api/cases/:caseId/entities/:id/neighbours': () => ({
    path: `${A}/entities/c-akcakale-iletisim/neighbours?depth=2`,
  }),
  'POST /api/cases/:caseId/match': () => ({
    path: `${A}/match`,
    body: {
      left: [
        { id: 'l1', name: 'Akcakale Iletisim' },
        { id: 'l2', name: 'Akçakale İletişim' },
      ],
    },
  }),
  'POST /api/cases/:caseId/screen': () => ({
    path: `${A}/screen`,
    body: { names: [{ id: 'n1', name: 'Akcakale Iletisim' }] },
  }),
  'GET /api/cases/:caseId/network/graph': () => ({ path: `${A}/network/graph` }),
  'GET /api/cases/:caseId/network/junctions': () => ({ path: `${A}/network/junctions` }),
  'GET /api/cases/:caseId/network/chokepoints': () => ({
    path: `${A}/network/chokepoints?from=role:supplier&to=role:end_user&budget=2`,
  }),
  'GET /api/cases/:caseId/network/paths': () => ({
    path: `${A}/network/paths?from=role:supplier&to=role:end_user`,
  }),
  'GET /api/cases/:caseId/network/shortest-path': () => ({
    path: `${A}/network/shortest-path?from=c-akcakale-iletisim&to=c-akcakale-iletisim`,
  }),
  'GET /api/cases/:caseId/network/centrality': () => ({
    path: `${A}/network/centrality?pivots=5`,
  }),
  'GET /api/cases/:caseId/orders': () => ({ path: `${A}/orders?limit=5` }),
  'GET /api/cases/:caseId/orders/:id': () => ({ path: `${A}/orders/O-2015-001` }),
  'GET /api/cases/:caseId/flags/queue': () => ({ path: `${A}/flags/queue` }),
  'GET /api/cases/:caseId/timeline': () => ({
    path: `${A}/timeline?from=2024-03-01&to=2024-03-10&kind=incident,order`,
  }),
  'POST /api/cases/:caseId/flags/score': () => ({ path: `${A}/flags/score`, body: {} }),
  'POST /api/cases/:caseId/orders/:id/review': () => ({
    path: `${A}/orders/O-2015-001/review`,
    body: { status: 'under_review', reason: 'route walk' },
  }),
  'GET /api/cases/:caseId/sources': () => ({ path: `${A}/sources` }),
  'GET /api/cases/:caseId/sources/:id': () => ({ path: `${A}/sources/src-car-red-flags` }),
  'GET /api/cases/:caseId/records/:id/evidence': () => ({
    path: `${A}/records/p-mehmet-karahan/evidence`,
  }),
  'POST /api/cases/:caseId/imports': (_w, who, n) => ({
    path: `${A}/imports?kind=incidents`,
    upload: {
      name: 'walk.jsonl',
      text: `${JSON.stringify({ id: `upload-${who}-${n}`, text: 'Uploaded by the walk.', date: '2023-01-09' })}\n`,
    },
  }),
  'GET /api/cases/:caseId/imports': () => ({ path: `${A}/imports` }),
  'GET /api/cases/:caseId/lists': () => ({ path: `${A}/lists` }),
  'GET /api/cases/:caseId/lists/:list/versions': async (w) => {
    await walkList(w);
    return { path: `${A}/lists/us-ofac-sdn/versions` };
  },
  'GET /api/cases/:caseId/lists/:list/changes': async (w) => {
    await walkList(w);
    return { path: `${A}/lists/us-ofac-sdn/changes` };
  },
  'GET /api/cases/:caseId/alerts': () => ({ path: `${A}/alerts?state=new` }),
  'POST /api/cases/:caseId/alerts/refresh': () => ({ path: `${A}/alerts/refresh` }),
  'POST /api/cases/:caseId/alerts/:id/decision': async (w, _who, n) => ({
    path: `${A}/alerts/${await walkAlert(w, n)}/decision`,
    body: { decision: 'unsure', note: 'route walk' },
  }),
  'GET /api/cases/:caseId/screening/decisions': () => ({ path: `${A}/screening/decisions` }),
  'POST /api/cases/:caseId/screening/decisions': async (w) => {
    await walkList(w);
    return {
      path: `${A}/screening/decisions`,
      body: {
        query: { id: 'walk', name: 'Youssef Darwich', schema: 'Person' },
        list: 'us-ofac-sdn',
        entity_id: 'ofac-47001',
        decision: 'unsure',
      },
    };
  },
  'POST /api/match/:dataset': async (w) => {
    await walkList(w);
    return { path: '/api/match/default?limit=3', body: YENTE_QUERY };
  },
  'GET /api/search/:dataset': async (w) => {
    await walkList(w);
    return { path: '/api/search/us-ofac-sdn?q=Darwish' };
  },
  'GET /api/catalog': () => ({ path: '/api/catalog' }),
  'GET /api/entities/:id': async (w) => {
    await walkList(w);
    return { path: '/api/entities/ofac-47001' };
  },
  'GET /api/jobs': () => ({ path: '/api/jobs' }),
  'GET /api/jobs/:id': async (w, who) => ({ path: `/api/jobs/${await walkJob(w, who)}` }),
  'POST /api/jobs/:id/cancel': async (w, who) => ({
    path: `/api/jobs/${await walkJob(w, who)}/cancel`,
  }),
  'GET /api/jobs/:id/result': async (w, who) => ({
    path: `/api/jobs/${await walkJob(w, who, true)}/result`,
  }),
  'POST /api/cases/:caseId/flags/calibrate': () => ({
    path: `${A}/flags/calibrate`,
    body: { csv: 'order_id,label\nx,illicit\n' },
  }),
  'POST /api/cases/:caseId/documents': (_w, who, n) => ({
    path: `${A}/documents`,
    upload: { name: 'walk.txt', text: `Document uploaded by the walk as ${who}, ${n}.` },
  }),
  'GET /api/cases/:caseId/documents': () => ({ path: `${A}/documents` }),
  'GET /api/cases/:caseId/documents/search': () => ({ path: `${A}/documents/search?q=walk` }),
  'GET /api/cases/:caseId/documents/:id': async (w) => ({
    path: `${A}/documents/${(await walkDocuments(w)).text}`,
  }),
  'GET /api/cases/:caseId/documents/:id/pages': async (w) => ({
    path: `${A}/documents/${(await walkDocuments(w)).text}/pages`,
  }),
  'GET /api/cases/:caseId/documents/:id/pages/:page': async (w) => ({
    path: `${A}/documents/${(await walkDocuments(w)).text}/pages/1`,
  }),
  'GET /api/cases/:caseId/documents/:id/pages/:page/image': async (w) => ({
    path: `${A}/documents/${(await walkDocuments(w)).image}/pages/1/image`,
  }),
  'GET /api/cases/:caseId/documents/:id/original': async (w) => ({
    path: `${A}/documents/${(await walkDocuments(w)).text}/original`,
  }),
  'POST /api/cases/:caseId/documents/:id/reprocess': async (w) => ({
    path: `${A}/documents/${(await walkDocuments(w)).text}/reprocess`,
  }),
  'GET /api/cases/:caseId/documents/:id/mentions': async (w) => ({
    path: `${A}/documents/${(await walkInvoice(w, 0)).doc}/mentions`,
  }),
  'POST /api/cases/:caseId/documents/:id/mentions/extract': async (w) => ({
    path: `${A}/documents/${(await walkInvoice(w, 0)).doc}/mentions/extract`,
  }),
  'POST /api/cases/:caseId/mentions/:id/accept': async (w) => ({
    path: `${A}/mentions/${(await walkInvoice(w, 0)).mention}/accept`,
    body: { record_kind: 'entity', record_id: 'c-akcakale-iletisim' },
  }),
  'POST /api/cases/:caseId/mentions/:id/reject': async (w) => ({
    path: `${A}/mentions/${(await walkInvoice(w, 0)).mention}/reject`,
  }),
  'GET /api/cases/:caseId/drafts': () => ({ path: `${A}/drafts` }),
  'POST /api/cases/:caseId/drafts/:id/confirm': async (w, _who, n) => ({
    path: `${A}/drafts/${(await walkInvoice(w, n)).draft}/confirm`,
    body: { set: { buyer_business: 'walk' } },
  }),
  'POST /api/cases/:caseId/drafts/:id/discard': async (w, _who, n) => ({
    path: `${A}/drafts/${(await walkInvoice(w, n)).draft}/discard`,
  }),
  'POST /api/cases/:caseId/xref': () => ({ path: `${A}/xref`, body: {} }),
  'GET /api/cases/:caseId/xref': () => ({ path: `${A}/xref` }),
  'POST /api/cases/:caseId/xref/:id/decision': async (w, _who, n) => ({
    path: `${A}/xref/${await walkXref(w, n)}/decision`,
    body: { decision: 'match' },
  }),
  'POST /api/cases/:caseId/imports/mapped': () => ({
    path: `${A}/imports/mapped`,
    files: [
      { field: 'mapping', name: 'walk.yml', text: 'orders: { order_id: id, seller: s, buyer: b }' },
      { field: 'file', name: 'walk.csv', text: 'id,s,b\nWALK-1,Walk Seller Ltd,Walk Buyer Ltd\n' },
    ],
  }),
  'GET /api/cases/:caseId/imports/:id': () => ({ path: `${A}/imports/${importId}` }),
  'GET /api/cases/:caseId/export/:kind': () => ({ path: `${A}/export/incidents?format=csv` }),
  'GET /api/cases/:caseId/reports/bulletin': () => ({
    path: `${A}/reports/bulletin?from=2024-03-01&to=2024-03-10&format=md`,
  }),
  'GET /api/cases/:caseId/reports/entity/:id': () => ({
    path: `${A}/reports/entity/c-akcakale-iletisim?format=md`,
  }),
  'GET /api/cases/:caseId/reports/seizure/:id': () => ({
    path: `${A}/reports/seizure/SZ-2021-ABK?format=md`,
  }),
  'GET /api/cases/:caseId/reports/order/:id': () => ({
    path: `${A}/reports/order/O-2015-001?format=md`,
  }),
};

/** A text document and an image document in case A, made once a world (the image is its own page). */
const walkDocs = new WeakMap<World, Promise<{ text: string; image: string }>>();
function walkDocuments(w: World) {
  let made = walkDocs.get(w);
  if (!made) {
    made = (async () => {
      const text = await addTextDocument(w.store, CASE_A, {
        title: 'Walk',
        file_name: 'walk.txt',
        pages: ['A page for the route walk.'],
      });
      const png = join(mkdtempSync(join(tmpdir(), 'cp-walk-')), 'walk.png');
      writeFileSync(png, TINY_PNG);
      const ctx = {
        progress: () => {},
        count: () => {},
        signal: new AbortController().signal,
        actor: 'walk',
      };
      const r = await ingestDocuments(w.store, { case_id: CASE_A, files: [{ path: png }] }, ctx);
      return { text: text.id, image: r.documents[0]!.id };
    })();
    walkDocs.set(w, made);
  }
  return made;
}
/** An invoice of case A read for mentions and its draft; the n-th is a document of its own. */
const walkInvoices = new Map<string, Promise<{ doc: string; mention: string; draft: string }>>();
function walkInvoice(w: World, n: number) {
  const key = `${w.base} ${n}`;
  let made = walkInvoices.get(key);
  if (!made) {
    made = (async () => {
      const d = await addTextDocument(w.store, CASE_A, {
        title: `Walk invoice ${n}`,
        file_name: `walk-invoice-${n}.txt`,
        pages: [
          `COMMERCIAL INVOICE\nInvoice No: WALK-${n}\nSeller: Anadolu Kimya Dağıtım A.Ş.\nBuyer: Akçakale İletişim Ltd. Şti.\nTotal: USD 1,000.00`,
        ],
      });
      const r = await extractDocumentMentions(w.store, CASE_A, d.id);
      const [m] = await listMentions(w.store.db, CASE_A, { document_id: d.id });
      return { doc: d.id, mention: m!.id, draft: r.draft!.id };
    })();
    walkInvoices.set(key, made);
  }
  return made;
}

/** A cross-reference of the walk invoice's first mention, a new one each call. */
async function walkXref(w: World, n: number): Promise<string> {
  const { doc, mention } = await walkInvoice(w, 0);
  const id = `xref-walk-${n}`;
  const x = { id, mention_id: mention, document_id: doc, page: 1, name: 'walk' };
  await replaceXrefs(
    w.store.db,
    CASE_A,
    doc,
    [
      {
        ...x,
        target: 'list',
        target_case_id: null,
        list: 'walk',
        entity_id: 'walk',
        entity_name: 'walk',
        score: 0.9,
        explanation: {},
        decision: null,
        decided_by: null,
        decided_at: null,
      },
    ],
    [],
  );
  return id;
}

const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Role of each principal on case A. */
const ROLE_ON_A: Record<Principal, 'viewer' | 'analyst' | 'admin' | null> = {
  anonymous: null,
  admin: 'admin',
  analyst: 'analyst',
  viewer: 'viewer',
  stranger: null,
  root: null,
};
const RANK = { viewer: 1, analyst: 2, admin: 3 } as const;

/** What a principal must get from a route with this rule: 'ok' (2xx) or an error status. */
export function expectedStatus(rule: AccessRule, who: Principal): 'ok' | 401 | 403 | 404 {
  if (rule === 'public') return 'ok';
  if (who === 'anonymous') return 401;
  if (rule === 'user') return 'ok';
  if (rule === 'global_admin') return who === 'root' ? 'ok' : 403;
  const role = ROLE_ON_A[who];
  if (!role) return 404;
  return RANK[role] >= RANK[rule.case] ? 'ok' : 403;
}

async function send(w: World, who: Principal, method: string, s: Sample) {
  if (!s.upload && !s.files) return w.call(who, method, s.path, s.body);
  const form = new FormData();
  if (s.upload)
    form.append('file', new Blob([s.upload.text], { type: 'application/x-ndjson' }), s.upload.name);
  for (const f of s.files ?? []) form.append(f.field, new Blob([f.text]), f.name);
  const headers: Record<string, string> = {};
  if (who !== 'anonymous') headers.authorization = `Bearer ${w.tokens[who]}`;
  const res = await fetch(`${w.base}${s.path}`, { method, headers, body: form });
  return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
}

function isCoded(body: unknown): boolean {
  const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
  return typeof code === 'string' && code in ERROR_CATALOGUE;
}

describeEachStore('API access walk', (ctx) => {
  let w: World;
  let routes: RegisteredRoute[];
  beforeAll(async () => {
    w = await startWorld(ctx.store, { loginAttempts: { max: 10_000, windowMs: 60_000 } });
    tempUser = await createUser(ctx.store.db, { username: 'temp', password: PASSWORD });
    const imp = await ctx.store.db
      .selectFrom('imports')
      .select('id')
      .where('case_id', '=', CASE_A)
      .executeTakeFirstOrThrow();
    importId = imp.id;
    routes = w.app.routeTable;
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('has a sample request for every registered route', () => {
    const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !SAMPLES[k]);
    expect(missing).toEqual([]);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('answers every route as its declared rule says, for every kind of caller', async () => {
    const failures: string[] = [];
    let n = 0;
    for (const r of routes) {
      const sample = SAMPLES[`${r.method} ${r.url}`];
      if (!sample) continue;
      for (const who of PRINCIPALS) {
        const s = await sample(w, who, n++);
        const res = await send(w, who, r.method, s);
        const want = expectedStatus(r.access, who);
        const ok =
          want === 'ok'
            ? res.status >= 200 && res.status < 300
            : res.status === want && isCoded(res.body);
        if (!ok)
          failures.push(
            `${r.method} ${s.path} as ${who}: got ${res.status}, want ${want} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses bad input on every route with a coded 4xx, never a 5xx', async () => {
    const failures: string[] = [];
    const bad = (label: string, status: number, body: unknown, must4xx: boolean) => {
      if (
        status >= 500 ||
        (status >= 400 && !isCoded(body)) ||
        (must4xx && (status < 400 || status >= 500))
      )
        failures.push(`${label}: ${status} ${JSON.stringify(body).slice(0, 200)}`);
    };
    let n = 0;
    for (const r of routes) {
      const sample = SAMPLES[`${r.method} ${r.url}`];
      if (!sample) continue;
      const who: Principal = r.access === 'global_admin' ? 'root' : 'admin';
      const s = await sample(w, who, 10_000 + n++);
      const [path, qs] = s.path.split('?') as [string, string | undefined];

      // Path parameters: odd, hostile and oversized values.
      const paramNames = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      for (const p of paramNames) {
        for (const v of ['%00', "'%20OR%20'1'%3D'1", 'x'.repeat(600), '..%2F..%2Fetc', '%E2%82']) {
          const target = r.url.replace(/:([A-Za-z]+)/g, (_m, name: string) =>
            name === p ? v : (matchParam(r.url, path, name) ?? 'x'),
          );
          const res = await w.call(who, r.method, target, s.body);
          bad(`${r.method} ${target.slice(0, 80)}`, res.status, res.body, false);
        }
      }

      // Query parameters: wrong types, repeated keys, absurd numbers.
      const shape = zodShape(r.schema?.querystring);
      for (const key of Object.keys(shape)) {
        for (const v of ['abc', '-1', '1e999', '', '%00', 'role:', 'x'.repeat(2000)]) {
          const q = new URLSearchParams(qs ?? '');
          q.set(key, decodeURIComponent(v));
          const res = await w.call(who, r.method, `${path}?${q}`, s.body);
          bad(`${r.method} ${path}?${key}=${v.slice(0, 20)}`, res.status, res.body, false);
        }
        const q = new URLSearchParams(qs ?? '');
        q.append(key, 'one');
        q.append(key, 'two');
        const res = await w.call(who, r.method, `${path}?${q}`, s.body);
        bad(`${r.method} ${path}?${key}=one&${key}=two`, res.status, res.body, false);
      }
      for (const key of ['limit', 'offset']) {
        if (!(key in shape)) continue;
        const q = new URLSearchParams(qs ?? '');
        q.set(key, 'not-a-number');
        const res = await w.call(who, r.method, `${path}?${q}`, s.body);
        bad(`${r.method} ${path}?${key}=not-a-number`, res.status, res.body, true);
      }

      // Bodies: the wrong JSON type altogether, broken JSON, each field of the wrong type.
      if (r.schema?.body) {
        for (const body of ['"a string"', '[1,2,3]', '{"unclosed":', 'null', '42']) {
          const res = await w.call(who, r.method, s.path, body, {
            'content-type': 'application/json',
          });
          bad(`${r.method} ${s.path} body ${body}`, res.status, res.body, true);
        }
        const res = await w.call(who, r.method, s.path, 'plain', { 'content-type': 'text/plain' });
        bad(`${r.method} ${s.path} text/plain body`, res.status, res.body, true);
        const fields = Object.keys(zodShape(r.schema.body));
        for (const f of fields) {
          for (const v of [12345, { nested: true }, [[]], 'x'.repeat(5000), -1]) {
            const body = { ...(s.body as object), [f]: v };
            const res = await w.call(who, r.method, s.path, body);
            bad(
              `${r.method} ${s.path} ${f}=${JSON.stringify(v).slice(0, 20)}`,
              res.status,
              res.body,
              false,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  describe('case isolation', () => {
    const B_RECORDS = [
      ['incidents', 'b-inc-secret-1'],
      ['entities', 'b-co-zephyr'],
      ['orders', 'B-ORD-SECRET'],
      ['seizures', 'B-SZ-SECRET'],
    ] as const;

    it("gives a viewer of case A 404 for case B's records by id, in A and in B", async () => {
      for (const [kind, id] of B_RECORDS) {
        const inA = await w.call('viewer', 'GET', `${A}/${kind}/${id}`);
        expect(inA.status, `${kind}/${id} via case A`).toBe(404);
        expect(isCoded(inA.body)).toBe(true);
        const inB = await w.call('viewer', 'GET', `/api/cases/${CASE_B}/${kind}/${id}`);
        expect(inB.status, `${kind}/${id} via case B`).toBe(404);
        // The member of case B does see them: the 404s above are about access, not data.
        const own = await w.call('stranger', 'GET', `/api/cases/${CASE_B}/${kind}/${id}`);
        expect(own.status, `${kind}/${id} as a member of B`).toBe(200);
      }
      const bSources = (await w.call('stranger', 'GET', `/api/cases/${CASE_B}/sources`)).body as {
        items: { id: string }[];
      };
      expect(bSources.items.length).toBeGreaterThan(0);
      for (const s of bSources.items) {
        expect((await w.call('viewer', 'GET', `${A}/sources/${s.id}`)).status).toBe(404);
      }
      // Not even the case's existence leaks: the same answer as for a case that does not exist.
      const none = await w.call('viewer', 'GET', '/api/cases/no-such-case/incidents');
      const b = await w.call('viewer', 'GET', `/api/cases/${CASE_B}/incidents`);
      expect(b.status).toBe(none.status);
      expect((b.body as { error: { code: string } }).error.code).toBe(
        (none.body as { error: { code: string } }).error.code,
      );
    });

    it("keeps case B out of case A's lists, search, network and counts", async () => {
      const list = (await w.call('viewer', 'GET', `${A}/incidents?limit=1000`)).body as {
        items: { id: string }[];
        total: number;
      };
      expect(list.items.some((i) => i.id.startsWith('b-'))).toBe(false);
      expect(list.items.map((i) => i.id)).toEqual(
        expect.arrayContaining(['a-inc-1', 'a-inc-2', 'a-inc-3']),
      );
      const stats = (await w.call('viewer', 'GET', `${A}/stats`)).body as Record<string, number>;
      const global = (await w.call('viewer', 'GET', '/api/stats')).body as Record<string, number>;
      expect(global).toEqual(stats);
      const bStats = (await w.call('stranger', 'GET', `/api/cases/${CASE_B}/stats`)).body as Record<
        string,
        number
      >;
      expect(bStats.incidents).toBe(2);
      expect(stats.incidents).toBe(
        Number(
          (
            await ctx.store.db
              .selectFrom('incidents')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('case_id', '=', CASE_A)
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );
      const hidden = (await w.call('viewer', 'GET', '/api/search?q=Quxbridge')).body as {
        items: unknown[];
      };
      expect(hidden.items).toEqual([]);
      const seen = (await w.call('stranger', 'GET', '/api/search?q=Quxbridge')).body as {
        items: { case_id: string }[];
      };
      expect(seen.items.length).toBeGreaterThan(0);
      expect(seen.items.every((h) => h.case_id === CASE_B)).toBe(true);
      const ents = (await w.call('viewer', 'GET', `${A}/entities?q=zephyrine`)).body as {
        total: number;
      };
      expect(ents.total).toBe(0);
      const graph = (await w.call('viewer', 'GET', `${A}/network/graph`)).body as {
        nodes: { id: string }[];
      };
      expect(graph.nodes.length).toBeGreaterThan(10);
      expect(graph.nodes.some((n) => n.id.startsWith('b-'))).toBe(false);
    });

    it("does not count case B's incidents in case A's summary", async () => {
      expect(routes.some((r) => r.url === '/api/cases/:caseId/summary')).toBe(true);
      const window = 'from=2024-03-01&to=2024-03-10';
      const s = (await w.call('viewer', 'GET', `${A}/summary?${window}`)).body as {
        totals: { attacks: number; killed: number };
      };
      // The roll-up of exactly case A's incidents of the window, whatever else A holds.
      const own = (
        (await w.call('viewer', 'GET', `${A}/incidents?${window}&limit=1000`)).body as {
          items: { attack_type: string | null; killed: number | null }[];
        }
      ).items.filter((i) => i.attack_type !== null && i.attack_type !== 'arrest_raid');
      expect(own.length).toBeGreaterThanOrEqual(3);
      expect(s.totals.attacks).toBe(own.length);
      expect(s.totals.killed).toBe(own.reduce((n, i) => n + (i.killed ?? 0), 0));
      // Case B's two Deir ez-Zor attacks (17 killed) in the same week are not there.
      const b = (await w.call('stranger', 'GET', `/api/cases/${CASE_B}/summary?${window}`))
        .body as {
        totals: { attacks: number; killed: number };
      };
      expect(b.totals).toMatchObject({ attacks: 2, killed: 17 });
    });
  });
});

function zodShape(schema: unknown): Record<string, unknown> {
  const s = schema as {
    shape?: Record<string, unknown>;
    _zod?: { def?: { shape?: Record<string, unknown> } };
  };
  return s?.shape ?? s?._zod?.def?.shape ?? {};
}

/** The sample's value for a path parameter, read back from the sample path. */
function matchParam(url: string, path: string, name: string): string | undefined {
  const keys = url.split('/');
  const vals = path.split('/');
  const i = keys.indexOf(`:${name}`);
  return i >= 0 ? vals[i] : undefined;
}
