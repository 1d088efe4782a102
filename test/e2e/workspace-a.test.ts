// Issue 22, items 1, 2, 3, 6 and 7 walked as an analyst would, in Debian's chromium at
// 1440×900 over the real server and the demo world: find anything from the search box (in
// another spelling, by keyboard), the entity page, why the phone-shop order is flagged (in
// words), the bulletin for 7–13 January 2021 produced and downloaded, a dossier, an export
// that holds the page's filters, and the case timeline. One screenshot per step under
// test/e2e/screens/ (git-ignored); each page checked with axe-core (no serious or critical
// violation); the figures checked against the API.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ApiClient,
  buildWeb,
  DEMO_PASSWORD,
  DEMO_USER,
  launchBrowser,
  startServer,
  type Server,
  signIn,
} from './harness.ts';
import { screenshot, seriousViolations, VIEWPORT } from './steps.ts';

const CASE = '/api/cases/default';
const WEEK = { from: '2021-01-07', to: '2021-01-13' };

interface ExplainedFlag {
  code: string;
  name: string;
  explanation: string;
}

describe(
  'workspace A: search, entity pages, reports, timeline, findings in words',
  { timeout: 120_000 },
  () => {
    let server: Server;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let api: ApiClient;
    const pageErrors: string[] = [];

    const open = async (hash: string) => {
      await page.goto(`${server.base}/#/${hash}`);
    };
    const noSeriousViolations = async (what: string) => {
      const found = (await seriousViolations(page)).map(
        (v) => `${what}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`,
      );
      expect(found).toEqual([]);
    };

    beforeAll(async () => {
      buildWeb();
      server = await startServer();
      api = new ApiClient(server.base);
      await api.login(DEMO_USER, DEMO_PASSWORD);
      browser = await launchBrowser();
      context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      await signIn(page, server.base);
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('finds a person from the search box in another spelling, by keyboard, and opens the entity page', async () => {
      await open('dashboard');
      await page.locator('main h1').first().waitFor();
      // "/" focuses the box from anywhere outside a field.
      await page.locator('body').press('/');
      const box = page.getByTestId('global-search');
      await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type('demirtas');
      const results = page.getByTestId('search-results');
      const entityHit = results.locator('[role=option][data-kind=entity]').first();
      await entityHit.waitFor();
      expect(await entityHit.getAttribute('data-id')).toBe('p-ali-demirtas');
      // Facets by kind: the orders Ali Demirtaş paid are found too.
      const facets = await results.locator('button[data-facet]').allInnerTexts();
      expect(facets.some((f) => f.startsWith('Entities'))).toBe(true);
      expect(facets.some((f) => f.startsWith('Orders'))).toBe(true);
      await screenshot(page, 'workspace-a-01-search-demirtas');
      // The first result is active; Enter opens it.
      await page.keyboard.press('Enter');
      await page.getByTestId('entity-page').waitFor();
      expect(await page.getByTestId('entity-title').textContent()).toBe('Ali Demirtaş');
      const profile = await api.get<{ orders: unknown[]; relations: unknown[] }>(
        `${CASE}/entities/p-ali-demirtas`,
      );
      expect(await page.locator('[data-testid=entity-page] .entity-order').count()).toBe(
        profile.orders.length,
      );
      expect(await page.locator('[data-testid=entity-relations] li').count()).toBe(
        profile.relations.length,
      );
      // The payer's orders carry their flags in words.
      expect(await page.getByTestId('entity-page').textContent()).toContain(
        'Paid by Ali Demirtaş, not by the buyer Akçakale İletişim',
      );
      await screenshot(page, 'workspace-a-02-entity-demirtas');
      await noSeriousViolations('entity page');
    });

    it('opens the phone shop from "akcakale iletisim" and reaches it again from a relation', async () => {
      const box = page.getByTestId('global-search');
      await box.fill('akcakale iletisim');
      const hit = page
        .locator('[data-testid=search-results] [role=option][data-kind=entity]')
        .first();
      await hit.waitFor();
      await hit.click();
      await page.getByTestId('entity-page').waitFor();
      await expect
        .poll(() => page.getByTestId('entity-title').textContent())
        .toBe('Akçakale İletişim');
      expect(await page.getByTestId('entity-role').textContent()).toMatch(/junction|cut/i);
      await screenshot(page, 'workspace-a-03-entity-phone-shop');
    });

    it('reads why the phone-shop order is flagged, in words, as the API and the CLI say it', async () => {
      const order = await api.get<{ flags: { flags: ExplainedFlag[] } }>(
        `${CASE}/orders/O-2015-001`,
      );
      // Scored on import: the queue is not empty on a first visit.
      await open('orders');
      await page.locator('[data-testid=queue] tr[data-order="O-2015-001"]').waitFor();
      await open('orders?order=O-2015-001');
      const panel = page.getByTestId('order-panel');
      await panel.waitFor();
      const flags = panel.getByTestId('flag');
      await flags.first().waitFor();
      expect(await flags.count()).toBe(order.flags.flags.length);
      const text = (await panel.textContent()) ?? '';
      expect(text).toContain('New customer in a sensitive region');
      expect(text).toContain(
        'A new customer, first seen 8 days before the order, in Akçakale, 1.1 km from the Akçakale / Tal Abyad crossing.',
      );
      expect(text).toContain('is not what a mobile phone shop');
      // No raw codes or JSON as the reason.
      expect(text).not.toMatch(/NEW_CUSTOMER_IN_SENSITIVE_REGION|"area"|area: null/);
      // Sources: no "p. p.", and each opens on its grade in words.
      expect(text).not.toContain('p. p.');
      const source = panel.locator('.sources details').first();
      await source.locator('summary').click();
      expect(await source.textContent()).toMatch(/reliable source; information/);
      await panel
        .getByRole('heading', { name: 'Why it is flagged' })
        .evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'workspace-a-04-phone-shop-flags');
      await noSeriousViolations('orders');
    });

    it('produces and downloads the bulletin for 7–13 January 2021 (Markdown and PDF)', async () => {
      await open('reports');
      await page.getByTestId('bulletin-from').fill(WEEK.from);
      await page.getByTestId('bulletin-to').fill(WEEK.to);
      await expect.poll(() => page.url()).toContain(`from=${WEEK.from}`);
      await expect.poll(() => page.url()).toContain(`to=${WEEK.to}`);
      const summary = await api.get<{ totals: { attacks: number } }>(
        `${CASE}/summary?from=${WEEK.from}&to=${WEEK.to}&compare=previous`,
      );
      await expect
        .poll(() =>
          page.locator('[data-testid=bulletin-attacks] .stat-value').getAttribute('data-value'),
        )
        .toBe(String(summary.totals.attacks));
      await expect
        .poll(() => page.getByTestId('bulletin-preview').textContent(), { timeout: 20_000 })
        .toContain(WEEK.from);
      await screenshot(page, 'workspace-a-05-bulletin-preview');
      const md = page.waitForEvent('download');
      await page.getByTestId('bulletin-md').click();
      const mdFile = await md;
      expect(mdFile.suggestedFilename()).toMatch(/\.md$/);
      const text = readFileSync((await mdFile.path())!, 'utf8');
      expect(text).toContain(WEEK.from);
      expect(text).toContain(WEEK.to);
      const pdf = page.waitForEvent('download', { timeout: 60_000 });
      await page.getByTestId('bulletin-pdf').click();
      const pdfFile = await pdf;
      expect(pdfFile.suggestedFilename()).toMatch(/\.pdf$/);
      expect(
        readFileSync((await pdfFile.path())!)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      await noSeriousViolations('reports');
    });

    it('downloads an export that holds the page filters, and a dossier from the order', async () => {
      await open('orders?order=O-2015-001&status=new');
      await page.getByTestId('order-panel').waitFor();
      const queue = await api.get<{ items: { order_id: string }[] }>(
        `${CASE}/flags/queue?status=new`,
      );
      await page.getByTestId('export-orders').locator('summary').click();
      const csv = page.waitForEvent('download');
      await page.getByTestId('export-orders').locator('a[data-format=csv]').click();
      const rows = readFileSync((await (await csv).path())!, 'utf8')
        .trim()
        .split('\n');
      expect(rows.length - 1).toBe(queue.items.length);
      const dossier = page.waitForEvent('download');
      await page
        .getByTestId('order-panel')
        .getByTestId('dossier-links')
        .getByRole('link', { name: 'Markdown' })
        .click();
      const dossierText = readFileSync((await (await dossier).path())!, 'utf8');
      expect(dossierText).toContain('O-2015-001');
      expect(dossierText).toContain('New customer in a sensitive region');
      await screenshot(page, 'workspace-a-06-export-and-dossier');
    });

    it('reads the case timeline, filters it and opens an item', async () => {
      await open('timeline?from=2015-05-01&to=2015-06-30');
      const list = page.getByTestId('timeline');
      await list.waitFor();
      const api_ = await api.get<{ items: { kind: string; id: string }[] }>(
        `${CASE}/timeline?from=2015-05-01&to=2015-06-30`,
      );
      expect(await list.locator('li[data-id]').count()).toBe(api_.items.length);
      expect(await list.locator('li[data-kind=payment]').count()).toBe(2);
      await screenshot(page, 'workspace-a-07-timeline');
      await noSeriousViolations('timeline');
      // Only the payments.
      for (const k of ['incident', 'order', 'seizure', 'document'])
        await page.locator(`input[type=checkbox][data-kind=${k}]`).uncheck();
      await expect.poll(() => list.locator('li[data-id]').count()).toBe(2);
      expect(page.url()).toContain('kinds=payment');
      await list.locator('li[data-kind=payment] a').first().click();
      await page.getByTestId('entity-page').waitFor();
      expect(await page.getByTestId('entity-title').textContent()).toMatch(
        /^Payment \d+ USD 2015-05-28$/,
      );
      await screenshot(page, 'workspace-a-08-timeline-to-payment');
    });

    it('shows a bulletin cited by name and graded as one source, its grade in words', async () => {
      const detail = await api.get<{
        evidence: { id: string; grade: string; same_as?: string[] }[];
      }>(`${CASE}/incidents/demo-inc-01`);
      expect(detail.evidence.map((e) => [e.id, e.grade])).toEqual([['src-itic-2021-01', 'B2']]);
      expect(detail.evidence[0]!.same_as?.length).toBe(1);
      await open('incidents?incident=demo-inc-01');
      const sources = page.getByTestId('incident-sources');
      await sources.locator('.sources li').first().waitFor();
      expect(await sources.locator('.sources > li').count()).toBe(1);
      await sources.locator('summary').first().click();
      expect(await sources.textContent()).toContain(
        'usually reliable source; information probably true',
      );
      await screenshot(page, 'workspace-a-09-one-source-per-publication');
      // The source opens on every record it supports.
      await sources.getByRole('link', { name: 'every record it supports' }).click();
      await page.getByTestId('source-page').waitFor();
      const supported = await api.get<{ records: unknown[] }>(`${CASE}/sources/src-itic-2021-01`);
      expect(await page.locator('[data-testid=source-records] > li').count()).toBe(
        supported.records.length,
      );
      await noSeriousViolations('source page');
    });

    it('shows seizure links in words', async () => {
      await open('seizures');
      const links = page.getByTestId('links');
      await links.locator('td.reading').first().waitFor();
      const reading = await links.locator('td.reading').first().textContent();
      expect(reading).not.toMatch(/[{}]/);
      expect(reading).toMatch(/serial|lot/);
      await links.scrollIntoViewIfNeeded();
      await screenshot(page, 'workspace-a-10-seizure-links');
    });

    it('left no error in the page', () => {
      expect(pageErrors).toEqual([]);
    });
  },
);
