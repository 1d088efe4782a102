// The documents page in chromium over a real `chokepoint start`: upload a text PDF and a
// photographed page with progress, search a word only the photograph holds, open the
// viewer on its page with the word marked, and the PDF's page image.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannedImage, textPdf } from '../documents.ts';
import {
  SCREENSHOTS,
  buildWeb,
  launchBrowser,
  newContext,
  startServer,
  type Server,
  signIn,
} from './harness.ts';

describe('documents page in chromium', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const files: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildWeb();
    server = await startServer();
    browser = await launchBrowser();
    const dir = mkdtempSync(join(tmpdir(), 'cp-e2e-docs-'));
    const pdf = join(dir, 'manifest.pdf');
    writeFileSync(
      pdf,
      await textPdf(browser, ['Cargo manifest 12', 'Consignee: Akçakale Telefon, Şanlıurfa']),
    );
    const scan = join(dir, 'notebook.png');
    writeFileSync(
      scan,
      await scannedImage(browser, ['Field notebook', 'the quartermaster took the crates']),
    );
    files.push(pdf, scan);
    page = await (await newContext(browser)).newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(page, server.base);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads with progress, finds a word of the photograph on its page, shows the viewer', async () => {
    await page.locator('[data-page=documents]').click();
    await page.getByTestId('document-files').setInputFiles(files);
    await page.getByTestId('document-send').click();
    const rows = page.getByTestId('upload-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    for (const i of [0, 1])
      await expect
        .poll(() => rows.nth(i).getAttribute('data-state'), { timeout: 60_000 })
        .toBe('succeeded');
    await expect
      .poll(() => page.getByTestId('document-list').locator('tbody tr').count(), {
        timeout: 20_000,
      })
      .toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, 'documents-01-uploaded.png') });

    await page.getByTestId('document-query').fill('QUARTERMASTER');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = page.getByTestId('document-hit');
    await expect.poll(() => hit.count(), { timeout: 20_000 }).toBe(1);
    expect(await hit.locator('a').textContent()).toBe('notebook.png · page 1');
    expect(await hit.locator('mark').first().textContent()).toMatch(/quartermaster/i);
    await hit.locator('a').click();

    await page.getByTestId('document-viewer').waitFor();
    // An image document opens on its image; its text holds the word, marked.
    await page.getByTestId('page-image').waitFor();
    await page.getByTestId('toggle-view').click();
    expect(await page.getByTestId('page-text').locator('mark').first().textContent()).toMatch(
      /quartermaster/i,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'documents-02-viewer.png') });

    // Şanlıurfa found as sanliurfa; the PDF's page 2 rendered as an image.
    await page.goto(`${server.base}/#/documents?q=sanliurfa`);
    await expect.poll(() => hit.count(), { timeout: 20_000 }).toBe(1);
    await hit.locator('a').click();
    expect(await page.getByTestId('page-number').textContent()).toBe('page 2 of 2');
    const img = page.getByTestId('page-image');
    // Rendered by pdftoppm on first view: seconds on a loaded machine.
    await expect
      .poll(() => img.evaluate((e: HTMLImageElement) => e.naturalWidth), { timeout: 30_000 })
      .toBeGreaterThan(100);
    expect(pageErrors).toEqual([]);
  });
});
