import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { buildServer } from './app.ts';

/** `chokepoint user add | grant | token` through the real CLI, then used over HTTP. */
describeEachStore('chokepoint user', (ctx) => {
  let base: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const app = await buildServer({ store: ctx.store, webDist: null });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    close = () => app.close();
  });
  afterAll(async () => {
    await close?.();
  });

  it('creates the first admin from stdin, grants a case role, issues a working token', async () => {
    const add = runCli(
      ['user', 'add', 'chief', '--admin', '--password-stdin', '--json', '--db', ctx.url],
      {
        input: 'a-long-admin-password\n',
      },
    );
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ username: 'chief', is_admin: true });
    expect(add.stdout).not.toContain('a-long-admin-password');

    const analyst = runCli([
      'user',
      'add',
      'field',
      '--role',
      'analyst',
      '--case',
      'default',
      '--json',
      '--db',
      ctx.url,
    ]);
    expect(analyst.code, analyst.stderr).toBe(0);
    const made = JSON.parse(analyst.stdout) as { password: string; role: string };
    expect(made.role).toBe('analyst');
    expect(made.password.length).toBeGreaterThanOrEqual(16);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'field', password: made.password }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ cases: [{ id: 'default', role: 'analyst' }] });

    expect(runCli(['user', 'grant', 'chief', 'default', 'admin', '--db', ctx.url]).code).toBe(0);
    const token = runCli(['user', 'token', 'chief', '--name', 'ci', '--db', ctx.url]);
    expect(token.code, token.stderr).toBe(0);
    const me = await fetch(`${base}/api/auth/me`, {
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    });
    expect(await me.json()).toMatchObject({
      user: { username: 'chief', is_admin: true },
      cases: [{ id: 'default', role: 'admin' }],
    });
  });

  it('refuses bad input with coded errors and exit code 2', () => {
    const role = runCli(['user', 'grant', 'chief', 'default', 'overlord', '--db', ctx.url]);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/CP_BAD_OPTION/);
    const twice = runCli(['user', 'add', 'chief', '--password-stdin', '--db', ctx.url], {
      input: 'another-long-password',
    });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/CP_CONFLICT/);
    const short = runCli(['user', 'add', 'shorty', '--password-stdin', '--db', ctx.url], {
      input: 'short',
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/password/);
    const nobody = runCli(['user', 'token', 'nobody', '--db', ctx.url]);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/CP_NOT_FOUND/);
    const noCase = runCli(['user', 'grant', 'chief', 'no-such-case', 'viewer', '--db', ctx.url]);
    expect(noCase.stderr).toMatch(/CP_NOT_FOUND/);
  });
});
