// The screening page in a real browser over the real server: a list imported with the CLI
// into the server's database, names pasted and their hits shown with the engine's features
// and the list's name, issuer and date, a decision recorded, and the watchlist's alert on a
// demo party decided; each checked against the API.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ApiClient,
  buildWeb,
  DEMO_PASSWORD,
  DEMO_USER,
  launchBrowser,
  newContext,
  SCREENSHOTS,
  startServer,
  type Server,
  signIn,
} from './harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIST = fileURLToPath(new URL('./fixtures/watchlist-ofsi.csv', import.meta.url));
const CASE = '/api/cases/default';

interface Alert {
  id: string;
  party_id: string;
  entry_id: string;
  state: string;
  decided_by: string | null;
}

describe('screening page in chromium', { timeout: 90_000 }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let api: ApiClient;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildWeb();
    server = await startServer();
    // The list goes in as a user loads one: the CLI, into the database the server runs on.
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'chokepoint.js'),
        'import',
        'sanctions',
        LIST,
        '--db',
        join(server.dir, 'e2e.db'),
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`import sanctions failed:\n${r.stderr}`);
    api = new ApiClient(server.base);
    await api.login(DEMO_USER, DEMO_PASSWORD);
    browser = await launchBrowser();
    page = await (await newContext(browser)).newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(page, server.base);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the lists with issuer and date', async () => {
    await page.locator('[data-page=screening]').click();
    const list = page.locator('[data-list=gb-hmt-ofsi]');
    await list.waitFor();
    const label = await list.textContent();
    expect(label).toContain('HM Treasury');
    expect(label).toContain('published 2025-03-07');
    expect(label).toContain('1 entries');
  });

  it('screens pasted names: hits with features and the list, and records a decision', async () => {
    await page.getByTestId('names-input').fill('Khaled Hammoud\nNobody Atall');
    await page.getByTestId('screen-submit').click();
    const hit = page.locator('[data-name=n1][data-hit=gb-hmt-17001]');
    await hit.waitFor();
    expect(await hit.getByTestId('list-label').textContent()).toContain('published 2025-03-07');
    expect(await hit.locator('[data-feature]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-name=n2]').textContent()).toContain('no hit');
    await page.screenshot({ path: join(SCREENSHOTS, 'screening.png') });
    await hit.locator('[data-decision=unsure]').click();
    await expect
      .poll(() =>
        hit
          .getByTestId('decided')
          .textContent()
          .catch(() => ''),
      )
      .toBe('unsure');
    const decisions = await api.get<{
      items: { decision: string; entity_id: string; alert_id: null }[];
    }>(`${CASE}/screening/decisions`);
    expect(decisions.items).toMatchObject([
      { decision: 'unsure', entity_id: 'gb-hmt-17001', alert_id: null },
    ]);
  });

  it("lists the watchlist's alert on a demo party and records the reviewer's decision", async () => {
    const before = await api.get<{ items: Alert[] }>(`${CASE}/alerts?state=new`);
    const alert = before.items.find((a) => a.party_id === 'p-khalid-hamoud');
    expect(alert, JSON.stringify(before.items)).toBeDefined();
    const row = page.locator(`[data-alert=${alert!.id}]`);
    await row.waitFor();
    await row.locator('[data-decision=no_match]').click();
    await row.waitFor({ state: 'detached' });
    const after = await api.get<{ items: Alert[] }>(`${CASE}/alerts?state=no_match`);
    expect(after.items.find((a) => a.id === alert!.id)).toMatchObject({
      state: 'no_match',
      decided_by: DEMO_USER,
    });
    expect(pageErrors).toEqual([]);
  });
});
