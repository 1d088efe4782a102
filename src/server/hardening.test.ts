import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_TEST_URL, describeEachStore, runCli } from '../../test/stores.ts';
import { judgePassword } from '../access/password.ts';
import { dropPostgresSchema, openStore } from '../store/connect.ts';
import { createUser } from '../store/users.ts';
import { buildServer } from './app.ts';
import { APP_CSP, REPORT_CSP } from './security.ts';
import { CASE_A, PASSWORD, startWorld, type World } from './testing.ts';

/**
 * Issue 18, item 6: login limits across usernames and across addresses, the password
 * rule, usernames unique without regard to case, security headers, and the CLI's imports,
 * exports and reports in the audit log with the operating-system user.
 */

describe('the password rule', () => {
  it('refuses common, repeated, keyboard-run and username-based passwords', () => {
    for (const p of [
      'aaaaaaaaaa',
      'abcabcabcabc',
      'password123',
      'qwertyuiop',
      '1234567890',
      'alice-alice-alice',
    ])
      expect(judgePassword(p, ['alice']).ok, p).toBe(false);
    expect(judgePassword('short').problems[0]).toMatch(/shorter than 10/);
    expect(judgePassword('aaaaaaaaaa').problems.join(' ')).toMatch(/[Rr]epeat/);
    for (const p of [PASSWORD, 'correct horse battery staple', 'Tr0ub4dor&3x-7'])
      expect(judgePassword(p, ['alice']).ok, p).toBe(true);
  });
});

describeEachStore('hardening', (ctx, dialect) => {
  let w: World;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chokepoint-hardening-'));
    w = await startWorld(ctx.store);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (username: string, password: string, ip: string) =>
    w.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });
  const code = (r: { json(): unknown }) => (r.json() as { error?: { code: string } }).error?.code;

  describe('login limits', () => {
    it('limits one address across usernames: 40 usernames, 429 after 30', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await login(`someone-${i}`, 'wrong-password', '10.9.0.1')).statusCode);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
      const r = await login('viewer', PASSWORD, '10.9.0.1');
      expect(r.statusCode).toBe(429);
      expect(code(r)).toBe('CP_RATE_LIMITED');
      expect(r.headers['retry-after']).toMatch(/^\d+$/);
      // Another address is not held back.
      expect((await login('viewer', PASSWORD, '10.9.0.2')).statusCode).toBe(200);
    });

    it('limits one username across addresses, in any letter case', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++) {
        const name = i % 2 ? 'ANALYST' : 'analyst';
        statuses.push((await login(name, 'wrong-password', `10.8.${i}.1`)).statusCode);
      }
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(30)).toEqual([429, 429]);
      const r = await login('analyst', PASSWORD, '10.8.200.1');
      expect(code(r)).toBe('CP_RATE_LIMITED');
      expect((await login('admin', PASSWORD, '10.8.200.1')).statusCode).toBe(200);
    });

    it('still limits one address and username at 10', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await login('stranger', 'wrong-password', '10.7.0.1')).statusCode);
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
    });
  });

  describe('users', () => {
    it('refuses weak passwords and case-folded duplicate usernames through the API', async () => {
      const weak = await w.call('root', 'POST', '/api/users', {
        username: 'weakling',
        password: 'aaaaaaaaaa',
      });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ error: { code: 'CP_BAD_OPTION', field: 'password' } });
      const common = await w.call('root', 'POST', '/api/users', {
        username: 'weakling',
        password: 'password1234',
      });
      expect(common.status).toBe(400);
      const clash = await w.call('root', 'POST', '/api/users', {
        username: 'Viewer',
        password: 'a-perfectly-good-password',
      });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ error: { code: 'CP_CONFLICT', field: 'username' } });
      const made = await w.call('root', 'POST', '/api/users', {
        username: 'Mixed.Case',
        password: 'a-perfectly-good-password',
      });
      expect(made.status).toBe(201);
      // Signing in does not depend on the letter case of the username either.
      expect((await login('mixed.case', 'a-perfectly-good-password', '10.6.0.1')).statusCode).toBe(
        200,
      );
    });

    it('holds the rule at the database too: a unique index on lower(username)', async () => {
      await expect(
        ctx.store.db
          .insertInto('users')
          .values({
            id: 'usr-raw',
            username: 'ADMIN',
            password_hash: 'x',
            is_admin: 0,
            created_at: new Date().toISOString(),
            disabled_at: null,
          })
          .execute(),
      ).rejects.toThrow(/unique|duplicate/i);
    });

    it('refuses to add the index over existing duplicates, naming them', async () => {
      const url =
        dialect === 'sqlite'
          ? join(dir, 'dupes.db')
          : `${PG_TEST_URL}?schema=d_${randomBytes(5).toString('hex')}`;
      const store = await openStore({ url });
      try {
        await sql`drop index users_username_lower`.execute(store.db);
        // 0008 and every later migration forgotten: Kysely runs them again in order, 0008 first.
        await sql`delete from kysely_migration where name >= '0008_usernames_ci'`.execute(store.db);
        for (const username of ['alice', 'ALICE'])
          await store.db
            .insertInto('users')
            .values({
              id: `usr-${username}`,
              username,
              password_hash: 'x',
              is_admin: 0,
              created_at: new Date().toISOString(),
              disabled_at: null,
            })
            .execute();
      } finally {
        await store.close();
      }
      await expect(openStore({ url })).rejects.toThrow(
        /0008_usernames_ci failed: .*\{ALICE, alice\} differ only in case/,
      );
      if (dialect === 'postgres')
        await dropPostgresSchema(ctx.store, new URL(url).searchParams.get('schema')!);
    });

    it('applies the rule in `user add` and `user password`, and folds case there', async () => {
      const weak = runCli(['user', 'add', 'cli-user', '--password-stdin', '--db', ctx.url], {
        input: 'aaaaaaaaaa\n',
      });
      expect(weak.code).toBe(2);
      expect(weak.stderr).toMatch(
        /error CP_BAD_OPTION: field "password": password refused: .*[Rr]epeat/,
      );
      const clash = runCli(['user', 'add', 'ANALYST', '--db', ctx.url]);
      expect(clash.code).toBe(2);
      expect(clash.stderr).toMatch(/error CP_CONFLICT: .*"analyst" already exists/);

      await createUser(ctx.store.db, { username: 'changer', password: PASSWORD });
      const refused = runCli(['user', 'password', 'changer', '--password-stdin', '--db', ctx.url], {
        input: 'qwertyuiop\n',
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/CP_BAD_OPTION/);
      const changed = runCli(
        ['user', 'password', 'CHANGER', '--password-stdin', '--json', '--db', ctx.url],
        { input: 'a-new-long-passphrase\n' },
      );
      expect(changed.code, changed.stderr).toBe(0);
      expect(JSON.parse(changed.stdout)).toMatchObject({ username: 'changer' });
      expect((await login('changer', 'a-new-long-passphrase', '10.5.0.1')).statusCode).toBe(200);
      expect((await login('changer', PASSWORD, '10.5.0.1')).statusCode).toBe(401);
    });
  });

  describe('security headers', () => {
    it('sends nosniff, no framing and a CSP on JSON, HTML reports and the web app', async () => {
      const health = await w.call('anonymous', 'GET', '/api/health');
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      expect(health.headers.get('x-frame-options')).toBe('DENY');
      expect(health.headers.get('content-security-policy')).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      const report = await w.call(
        'viewer',
        'GET',
        `/api/cases/${CASE_A}/reports/entity/c-akcakale-iletisim?format=html`,
      );
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toMatch(/text\/html/);
      expect(report.headers.get('content-security-policy')).toBe(REPORT_CSP);
      expect(REPORT_CSP).not.toMatch(/script-src/);
      expect(REPORT_CSP).toMatch(/default-src 'none'/);
      expect(report.headers.get('x-content-type-options')).toBe('nosniff');
      const refused = await w.call('anonymous', 'GET', `/api/cases/${CASE_A}/incidents`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('x-frame-options')).toBe('DENY');

      const web = mkdtempSync(join(dir, 'web-'));
      writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
      const app = await buildServer({ store: ctx.store, webDist: web });
      try {
        const page = await app.inject({ method: 'GET', url: '/' });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-security-policy']).toBe(APP_CSP);
        expect(APP_CSP).toMatch(/frame-ancestors 'none'/);
        expect(APP_CSP).toMatch(/script-src 'self'(;|$)/);
        expect(page.headers['x-frame-options']).toBe('DENY');
        expect(page.headers['x-content-type-options']).toBe('nosniff');
        // A revalidated page (304, no content type) keeps the app's policy: chromium
        // applies the headers of a 304 to the page it had cached.
        const again = await app.inject({
          method: 'GET',
          url: '/',
          headers: { 'if-none-match': String(page.headers.etag) },
        });
        expect(again.statusCode).toBe(304);
        expect(again.headers['content-security-policy']).toBe(APP_CSP);
      } finally {
        await app.close();
      }
    });
  });

  describe('the audit log of the CLI', () => {
    it('records imports, exports and reports with the operating-system user', async () => {
      const file = join(dir, 'cli.incidents.jsonl');
      writeFileSync(
        file,
        `${JSON.stringify({ id: 'cli-audit-1', text: 'Imported by the CLI.', date: '2023-01-09' })}\n`,
      );
      const imp = runCli(['import', 'incidents', file, '--db', ctx.url]);
      expect(imp.code, imp.stderr).toBe(0);
      const bad = join(dir, 'bad.incidents.jsonl');
      writeFileSync(bad, '{"id": \n');
      expect(runCli(['import', 'incidents', bad, '--db', ctx.url]).code).toBe(2);
      const exp = runCli(['export', 'incidents', '--format', 'csv', '--db', ctx.url]);
      expect(exp.code, exp.stderr).toBe(0);
      const rep = runCli([
        'report',
        'entity',
        'c-akcakale-iletisim',
        '--format',
        'md',
        '--out',
        join(dir, 'entity.md'),
        '--db',
        ctx.url,
      ]);
      expect(rep.code, rep.stderr).toBe(0);

      const log = await w.call('root', 'GET', '/api/audit?limit=20');
      const rows = (log.body as { items: Record<string, unknown>[] }).items.filter(
        (r) => (r.detail as { via?: string } | null)?.via === 'cli',
      );
      const me = userInfo().username;
      expect(rows.map((r) => r.action).reverse()).toEqual([
        'import',
        'import',
        'export',
        'export.report',
      ]);
      for (const r of rows) {
        expect(r).toMatchObject({ user_id: null, case_id: CASE_A });
        expect(r.detail).toMatchObject({ via: 'cli', os_user: me });
      }
      const [report, exported, refused, imported] = rows;
      expect(imported).toMatchObject({ target: file, detail: { kind: 'incidents', rows: 1 } });
      expect(refused).toMatchObject({
        target: bad,
        detail: { refused: expect.stringMatching(/^CP_/) },
      });
      expect(exported).toMatchObject({
        target: '(stdout)',
        detail: { kind: 'incidents', format: 'csv' },
      });
      expect(report).toMatchObject({
        target: join(dir, 'entity.md'),
        detail: { report: 'entity c-akcakale-iletisim', format: 'md' },
      });
    });
  });
});
