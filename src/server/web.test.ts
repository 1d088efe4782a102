import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/connect.ts';
import { buildServer } from './app.ts';

describe('the built web app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-web-'));
  const dist = join(dir, 'dist');
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>fixture app</title>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("fixture");');
    writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
    store = await openStore({ url: join(dir, 'web.db') });
    app = await buildServer({ store, webDist: dist });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves files, falls back to index.html for app routes, and keeps /api answers coded', async () => {
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.status).toBe(200);
    expect(await js.text()).toContain('fixture');
    for (const path of ['/', '/incidents/a-inc-1', '/network?case=default']) {
      const page = await fetch(`${base}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text()).toContain('fixture app');
    }
    const api = await fetch(`${base}/api/no-such-route`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('CP_NOT_FOUND');
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text(), path).not.toContain('outside the web root');
    }
  });
});
