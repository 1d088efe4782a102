import Ajv from 'ajv';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { buildServer } from './app.ts';
import { installAccessControl } from './auth.ts';
import { CASE_A, PASSWORD, startWorld, type World } from './testing.ts';

async function login(w: World, username: string, password = PASSWORD) {
  const res = await fetch(`${w.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

async function upload(w: World, token: string, kind: string, name: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text]), name);
  return fetch(`${w.base}/api/cases/${CASE_A}/imports?kind=${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
}

async function waitForImport(w: World, id: string) {
  for (let i = 0; i < 200; i++) {
    const r = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/imports/${id}`);
    const job = r.body as { status: string };
    if (job.status !== 'running') return r.body as Record<string, unknown>;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error(`import ${id} still running`);
}

describeEachStore('API sessions, tokens, audit, uploads', (ctx) => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld(ctx.store, {
      loginAttempts: { max: 3, windowMs: 60_000 },
      maxUploadBytes: 64 * 1024,
    });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  describe('sessions', () => {
    it('signs in with an HttpOnly SameSite=Strict cookie and answers the contract shape', async () => {
      const { res, body } = await login(w, 'analyst');
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^cp_session=[\w-]{40,};/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).toMatch(/Path=\//);
      expect(body).toMatchObject({
        user: { username: 'analyst', is_admin: false },
        cases: [{ id: CASE_A, role: 'analyst' }],
      });
      expect(typeof body.csrf_token).toBe('string');
      // The session secret is not stored: only its hash is.
      const secret = cookie.split(';')[0]!.split('=')[1]!;
      const stored = await ctx.store.db.selectFrom('user_sessions').select('id').execute();
      expect(stored.some((s) => s.id === secret)).toBe(false);
    });

    it('refuses a wrong password and an unknown user alike', async () => {
      const wrong = await login(w, 'viewer', 'not-the-password');
      const unknown = await login(w, 'nobody-here', 'not-the-password');
      expect(wrong.res.status).toBe(401);
      expect(unknown.res.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
    });

    it('needs the CSRF token for a cookie-authenticated write, not for a read', async () => {
      const { res, body } = await login(w, 'analyst');
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const read = await fetch(`${w.base}/api/auth/me`, { headers: { cookie } });
      expect(read.status).toBe(200);
      expect(((await read.json()) as { csrf_token: string }).csrf_token).toBe(body.csrf_token);
      const review = `${w.base}/api/cases/${CASE_A}/orders/O-2015-001/review`;
      const payload = JSON.stringify({ status: 'escalated', reason: 'csrf check' });
      const forged = await fetch(review, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: payload,
      });
      expect(forged.status).toBe(403);
      expect(((await forged.json()) as { error: { code: string } }).error.code).toBe(
        'CP_FORBIDDEN',
      );
      const wrongToken = await fetch(review, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': 'guess' },
        body: payload,
      });
      expect(wrongToken.status).toBe(403);
      const ok = await fetch(review, {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/json',
          'x-csrf-token': body.csrf_token as string,
        },
        body: payload,
      });
      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ status: 'escalated', decided_by: 'analyst' });
    });

    it('ends the session on logout', async () => {
      const { res, body } = await login(w, 'admin');
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const out = await fetch(`${w.base}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': body.csrf_token as string },
      });
      expect(out.status).toBe(200);
      const after = await fetch(`${w.base}/api/auth/me`, { headers: { cookie } });
      expect(after.status).toBe(401);
    });

    it('rate-limits login attempts per IP and username with a coded 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await login(w, 'stranger', 'wrong-password')).res.status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      const limited = await login(w, 'stranger', PASSWORD);
      expect(limited.res.status).toBe(429);
      expect((limited.body as { error: { code: string } }).error.code).toBe('CP_RATE_LIMITED');
      // Another username from the same address is not locked out.
      expect((await login(w, 'viewer')).res.status).toBe(200);
    });
  });

  describe('API tokens', () => {
    it('issues a token once, stores only its hash, lists it and revokes it', async () => {
      const made = await w.call('viewer', 'POST', '/api/tokens', { name: 'script' });
      expect(made.status).toBe(201);
      const { id, token } = made.body as { id: string; token: string };
      const rows = await ctx.store.db
        .selectFrom('api_tokens')
        .select(['id', 'token_hash'])
        .execute();
      expect(rows.some((r) => r.token_hash === token)).toBe(false);
      expect(rows.find((r) => r.id === id)?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      const me = await fetch(`${w.base}/api/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(((await me.json()) as { user: { username: string } }).user.username).toBe('viewer');
      const list = (await w.call('viewer', 'GET', '/api/tokens')).body as {
        items: { id: string }[];
      };
      expect(list.items.map((t) => t.id)).toContain(id);
      expect(JSON.stringify(list)).not.toContain(token);
      // Nobody revokes another user's token.
      expect((await w.call('analyst', 'DELETE', `/api/tokens/${id}`)).status).toBe(404);
      expect((await w.call('viewer', 'DELETE', `/api/tokens/${id}`)).status).toBe(200);
      const after = await fetch(`${w.base}/api/auth/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(after.status).toBe(401);
    });
  });

  describe('audit', () => {
    it('records every write and every export with who, when, what and from where', async () => {
      const before = new Date().toISOString();
      await w.call('analyst', 'POST', `/api/cases/${CASE_A}/orders/O-2015-002/review`, {
        status: 'under_review',
        reason: 'audit check',
      });
      await w.call('viewer', 'GET', `/api/cases/${CASE_A}/export/orders?format=csv`);
      // A refused write is recorded too.
      await w.call('viewer', 'POST', `/api/cases/${CASE_A}/orders/O-2015-002/review`, {
        status: 'cleared',
      });
      const log = await w.call('root', 'GET', `/api/audit?from=${before}&limit=100`);
      expect(log.status).toBe(200);
      const items = (log.body as { items: Record<string, unknown>[] }).items;
      const review = items.find((i) => i.action === 'order.review' && i.username === 'analyst');
      expect(review).toMatchObject({
        case_id: CASE_A,
        target: `/api/cases/${CASE_A}/orders/O-2015-002/review`,
        ip: '127.0.0.1',
        detail: {
          status: 201,
          order_id: 'O-2015-002',
          review_status: 'under_review',
          via: 'token',
        },
      });
      expect(Date.parse(review!.at as string)).toBeGreaterThanOrEqual(Date.parse(before));
      const exp = items.find((i) => i.action === 'export' && i.username === 'viewer');
      expect(exp).toMatchObject({
        case_id: CASE_A,
        detail: { kind: 'orders', format: 'csv', status: 200 },
      });
      const refused = items.find((i) => i.action === 'order.review' && i.username === 'viewer');
      expect(refused).toMatchObject({ detail: { status: 403 } });
      // Filters.
      const mine = (await w.call('root', 'GET', '/api/audit?user=viewer&action=export')).body as {
        items: { username: string; action: string }[];
      };
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((i) => i.username === 'viewer' && i.action === 'export')).toBe(true);
    });

    it('is for global admins only and offers no way to change the log', async () => {
      expect((await w.call('admin', 'GET', '/api/audit')).status).toBe(403);
      expect((await w.call('anonymous', 'GET', '/api/audit')).status).toBe(401);
      const routes = w.app.routeTable.filter((r) => r.url.startsWith('/api/audit'));
      expect(routes.map((r) => r.method)).toEqual(['GET']);
      for (const m of ['DELETE', 'PUT', 'PATCH', 'POST'])
        expect(
          (await w.call('root', m, '/api/audit', m === 'DELETE' ? undefined : {})).status,
        ).toBe(404);
    });
  });

  describe('imports and exports', () => {
    it('imports an uploaded file in the background and reports progress and the outcome', async () => {
      const lines = [1, 2, 3]
        .map((i) =>
          JSON.stringify({
            id: `up-${i}`,
            text: `Uploaded incident ${i}`,
            date: `2024-03-0${i}`,
            country: 'Syria',
            attack_type: 'other',
            sources: [{ name: 'Upload fixture', date: '2024-03-04' }],
          }),
        )
        .join('\n');
      const res = await upload(w, w.tokens.analyst, 'incidents', 'three.jsonl', lines);
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      const job = await waitForImport(w, id);
      expect(job).toMatchObject({
        id,
        kind: 'incidents',
        file: 'three.jsonl',
        status: 'done',
        done: 3,
        total: 3,
      });
      const got = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/incidents/up-2`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ id: 'up-2', evidence: [{ title: 'Upload fixture' }] });
    });

    it('refuses a bad file with the coded error naming file, line and field, and writes nothing', async () => {
      const text = `${JSON.stringify({ id: 'bad-1', date: '2024-03-01' })}\n${JSON.stringify({ id: 'bad-2', date: '3 March' })}\n`;
      const res = await upload(w, w.tokens.analyst, 'incidents', 'bad.jsonl', text);
      const { id } = (await res.json()) as { id: string };
      const job = await waitForImport(w, id);
      expect(job).toMatchObject({
        status: 'refused',
        error: { code: 'CP_IMPORT_BAD_ROW', file: 'bad.jsonl', line: 2, field: 'date' },
      });
      expect((await w.call('viewer', 'GET', `/api/cases/${CASE_A}/incidents/bad-1`)).status).toBe(
        404,
      );
    });

    it('refuses an upload over the size limit with 413 and an unknown kind with a coded 400', async () => {
      const big = await upload(
        w,
        w.tokens.analyst,
        'incidents',
        'big.jsonl',
        'x'.repeat(100 * 1024),
      );
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
        'CP_PAYLOAD_TOO_LARGE',
      );
      const kind = await upload(w, w.tokens.analyst, 'nonsense', 'a.csv', 'a,b\n');
      expect(kind.status).toBe(400);
      expect(((await kind.json()) as { error: { code: string } }).error.code).toBe(
        'CP_UNKNOWN_KIND',
      );
      expect((await upload(w, w.tokens.viewer, 'incidents', 'a.jsonl', '{}')).status).toBe(403);
    });

    it('exports a kind of the case only', async () => {
      const res = await fetch(`${w.base}/api/cases/${CASE_A}/export/incidents?format=csv`, {
        headers: { authorization: `Bearer ${w.tokens.viewer}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/csv/);
      const csv = await res.text();
      expect(csv.split('\n')[0]).toMatch(/^id,text,date/);
      expect(csv).toContain('a-inc-1');
      expect(csv).not.toContain('b-inc-secret');
      const bad = await w.call('viewer', 'GET', `/api/cases/${CASE_A}/export/incidents?format=pdf`);
      expect(bad.status).toBe(400);
    });
  });

  describe('members', () => {
    it('lets a case admin grant and change roles, and keeps the last admin', async () => {
      const list = (await w.call('admin', 'GET', `/api/cases/${CASE_A}/members`)).body as {
        items: { username: string; role: string; user_id: string }[];
      };
      expect(list.items.map((m) => `${m.username}:${m.role}`)).toEqual(
        expect.arrayContaining(['admin:admin', 'analyst:analyst', 'viewer:viewer']),
      );
      const stranger = w.users.stranger.id;
      expect(
        (
          await w.call('admin', 'PUT', `/api/cases/${CASE_A}/members/${stranger}`, {
            role: 'viewer',
          })
        ).status,
      ).toBe(200);
      expect(
        (await w.call('stranger', 'GET', `/api/cases/${CASE_A}/incidents/a-inc-1`)).status,
      ).toBe(200);
      expect(
        (await w.call('admin', 'DELETE', `/api/cases/${CASE_A}/members/${stranger}`)).status,
      ).toBe(200);
      expect(
        (await w.call('stranger', 'GET', `/api/cases/${CASE_A}/incidents/a-inc-1`)).status,
      ).toBe(404);
      const last = await w.call(
        'admin',
        'DELETE',
        `/api/cases/${CASE_A}/members/${w.users.admin.id}`,
      );
      expect(last.status).toBe(409);
    });
  });
});

describe('route declarations', () => {
  it('refuses to register a route that declares no access rule', async () => {
    const app = Fastify();
    app.decorate('store', {} as never);
    installAccessControl(app);
    expect(() => app.get('/api/unguarded', async () => 'open')).toThrow(
      /declares no valid access rule/,
    );
    expect(() =>
      app.get('/api/odd', { config: { access: 'everyone' as never } }, async () => 'open'),
    ).toThrow(/declares no valid access rule/);
    expect(() =>
      app.get('/api/cases/stats', { config: { access: { case: 'viewer' } } }, async () => 'x'),
    ).toThrow(/no :caseId parameter/);
    expect(() =>
      app.get('/api/ok', { config: { access: 'public' } }, async () => 'ok'),
    ).not.toThrow();
    await app.close();
  });
});

describeEachStore('OpenAPI document', (ctx) => {
  let doc: Record<string, unknown>;
  let routes: { method: string; url: string }[];
  beforeAll(async () => {
    const app = await buildServer({ store: ctx.store, webDist: null });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    doc = (await (await fetch(`${base}/openapi.json`)).json()) as Record<string, unknown>;
    routes = app.routeTable;
    await app.close();
  });

  it('lists every registered route with its method', () => {
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    const missing = routes.filter((r) => {
      const p = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      return !paths[p]?.[r.method.toLowerCase()];
    });
    expect(missing).toEqual([]);
  });

  it('is a structurally valid OpenAPI 3 document whose schemas compile and whose refs resolve', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const components = (doc.components as { schemas: Record<string, unknown> }).schemas;
    // Ajv (draft-07) ignores the OpenAPI-only keywords (nullable, example) as unknown ones.
    const ajv = new Ajv({ format: false });
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    for (const r of refs) {
      const m = /^#\/components\/schemas\/(.+)$/.exec(r);
      expect(m, r).not.toBeNull();
      expect(components[m![1]!], r).toBeDefined();
    }
    // OpenAPI 3.0 writes exclusive bounds the draft-04 way (a boolean beside minimum);
    // Ajv reads draft-07, where the bound itself is the number.
    const draft7 = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(draft7);
      if (!v || typeof v !== 'object') return v;
      const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, draft7(x)])) as Record<
        string,
        unknown
      >;
      if (o.exclusiveMinimum === true) [o.exclusiveMinimum, o.minimum] = [o.minimum, undefined];
      if (o.exclusiveMaximum === true) [o.exclusiveMaximum, o.maximum] = [o.maximum, undefined];
      if (o.exclusiveMinimum === false) delete o.exclusiveMinimum;
      if (o.exclusiveMaximum === false) delete o.exclusiveMaximum;
      return JSON.parse(JSON.stringify(o)) as unknown;
    };
    const schemas7 = draft7(components);
    const compile = (schema: unknown) =>
      ajv.compile({ ...(draft7(schema) as object), components: { schemas: schemas7 } } as object);
    const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
    for (const [path, item] of Object.entries(paths)) {
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(['get', 'put', 'post', 'delete', 'patch']).toContain(method);
        expect(Object.keys(op.responses as object).length, `${method} ${path}`).toBeGreaterThan(0);
        const params = (op.parameters ?? []) as {
          in: string;
          name: string;
          required?: boolean;
          schema: unknown;
        }[];
        for (const name of templated) {
          const p = params.find((x) => x.in === 'path' && x.name === name);
          expect(p, `${method} ${path} declares {${name}}`).toBeDefined();
          expect(p!.required).toBe(true);
        }
        for (const p of params)
          expect(() => compile(p.schema), `${method} ${path} ${p.name}`).not.toThrow();
        const body = op.requestBody as { content: Record<string, { schema: unknown }> } | undefined;
        for (const c of Object.values(body?.content ?? {}))
          expect(() => compile(c.schema), `${method} ${path} body`).not.toThrow();
        for (const r of Object.values(
          op.responses as Record<string, { content?: Record<string, { schema: unknown }> }>,
        ))
          for (const c of Object.values(r.content ?? {}))
            expect(() => compile(c.schema), `${method} ${path} response`).not.toThrow();
      }
    }
  });
});
