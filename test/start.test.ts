import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_ENV } from './cli.ts';

const BIN = fileURLToPath(new URL('../bin/chokepoint.js', import.meta.url));

describe('chokepoint start (what npm start runs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-start-'));
  const child = spawn(
    process.execPath,
    [BIN, 'start', '--port', '0', '--db', join(dir, 'fresh.db')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...CLI_ENV, CHOKEPOINT_DEMO_PASSWORD: 'demo-password-1' },
    },
  );
  let stderr = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`start exited with ${code}: ${stderr}`)));
  });
  afterAll(() => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  // The first start of a fresh clone builds the web app (web/dist) before it listens.
  it('loads the demo world into an empty database and serves health and stats over HTTP to its demo user', async () => {
    const base = await listening;
    expect(stderr).toMatch(/loaded the demo world/);
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'sqlite' });
    expect(stderr).toMatch(/created demo analyst "demo" on case default/);
    expect((await fetch(`${base}/api/stats`)).status).toBe(401);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo-password-1' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const stats = (await (
      await fetch(`${base}/api/stats`, { headers: { cookie } })
    ).json()) as Record<string, number>;
    expect(stats.entities).toBeGreaterThanOrEqual(43);
    expect(stats.orders).toBeGreaterThanOrEqual(13);
    const missing = await fetch(`${base}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('CP_NOT_FOUND');
  }, 300_000);

  it('serves the web app itself, built when web/dist was missing or stale', async () => {
    const base = await listening;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<div id="root">/);
  });
});
