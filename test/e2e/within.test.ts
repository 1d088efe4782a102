// The map's "Incidents within a province" tool in Debian's chromium over the real server and
// the demo world: the province of a demo incident (its code found among the page's own list
// of provinces by asking GET …/incidents/within), the search's list checked against the
// route for the same query (ids and order), its area and rings on the map, the same search
// reopened from the URL, a name typed in another spelling, the API's coded error for an
// unknown name, a province picked on the map (checked against the server's own areas), one
// pick mode at a time, and axe-core on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { areaCovers, provinceAreas } from '../../src/geo/provinces.ts';
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
/** The form's own limit (WITHIN_LIMIT in web/src/pages/map/WithinSearch.tsx). */
const LIMIT = 500;

interface Incident {
  id: string;
  lat: number | null;
  lon: number | null;
  country_code: string | null;
}
interface Within {
  province: { code: string; country_code: string; name: string };
  items: Incident[];
}

describe('map: incidents within a province', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: ApiClient;
  const pageErrors: string[] = [];
  /** The province of a demo incident and what the route answers for it. */
  let expected: Within;

  const withinPath = (province: string) =>
    `${CASE}/incidents/within?province=${encodeURIComponent(province)}&limit=${LIMIT}`;
  const listedIds = () =>
    page
      .locator('[data-testid=within-results] li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
  const ringIds = () =>
    page
      .locator('path.within-hit')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort());
  const placedIds = (w: Within) =>
    w.items
      .filter((i) => typeof i.lat === 'number')
      .map((i) => i.id)
      .sort();
  const noSeriousViolations = async (what: string) => {
    const found = (await seriousViolations(page)).map(
      (v) => `${what}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`,
    );
    expect(found).toEqual([]);
  };
  const openMap = async (hash = 'map') => {
    await page.goto(`${server.base}/#/${hash}`);
    await page.locator('[data-testid=map][data-geo=ready]').waitFor();
  };
  const province = () => page.getByLabel('Province (name or code)');

  beforeAll(async () => {
    buildWeb();
    server = await startServer();
    api = new ApiClient(server.base);
    await api.login(DEMO_USER, DEMO_PASSWORD);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: VIEWPORT });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(page, server.base);

    // The page's own list of provinces (the picker's choices, from the map's areas).
    await openMap();
    const choices = await page
      .locator('[data-testid=within-choices] option')
      .evaluateAll((os) =>
        os.map((o) => ({ code: o.getAttribute('value')!, country: o.dataset.country ?? '' })),
      );
    expect(choices.length).toBeGreaterThan(100);
    // The province of a demo incident with coordinates: the candidate codes of its country
    // asked of the route until one holds it, preferring one that holds more than one incident
    // (so that the order is checked too).
    const all = await api.get<{ items: Incident[] }>(`${CASE}/incidents?limit=1000`);
    const placed = all.items.filter(
      (i) => typeof i.lat === 'number' && typeof i.lon === 'number' && i.country_code,
    );
    expect(placed.length).toBeGreaterThan(0);
    const asked = new Map<string, Within>();
    search: for (const i of placed.slice(0, 20)) {
      for (const c of choices.filter((c) => c.country === i.country_code!.toUpperCase())) {
        const r = asked.get(c.code) ?? (await api.get<Within>(withinPath(c.code)));
        asked.set(c.code, r);
        if (!r.items.some((x) => x.id === i.id)) continue;
        if (!expected || r.items.length > 1) expected = r;
        if (r.items.length > 1) break search;
        break;
      }
    }
    expect(expected?.items.length).toBeGreaterThan(0);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists what the route answers for a province, draws its area and rings, and reopens from the URL', async () => {
    const { code, name, country_code } = expected.province;
    await openMap();
    await province().fill(code);
    await province().press('Enter');

    const ids = expected.items.map((i) => i.id);
    await expect.poll(listedIds, { timeout: 15_000 }).toEqual(ids);
    expect(page.url()).toContain(`within=${encodeURIComponent(code)}`);
    const n = ids.length;
    expect(await page.getByTestId('within-count').textContent()).toBe(
      `${n} incident${n === 1 ? '' : 's'} within ${name} (${code}, ${country_code})`,
    );
    const caveat = (await page.getByTestId('within-caveat').textContent()) ?? '';
    expect(caveat).toContain('approximate');
    expect(caveat).toContain('not by the province written in its admin-1 field');

    // The area outlined (and moved into view), a ring round each incident found.
    const area = page.locator('path.within-area');
    await area.waitFor();
    expect(await area.getAttribute('data-code')).toBe(code);
    const box = (await area.boundingBox())!;
    expect(box.width).toBeGreaterThan(20);
    const mapBox = (await page.getByTestId('map').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(mapBox.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(mapBox.x + mapBox.width + 1);
    expect(await page.locator('path.within-fill').count()).toBe(1);
    expect(await ringIds()).toEqual(placedIds(expected));
    await screenshot(page, 'within-01-search');
    await noSeriousViolations('map with a province search');

    // The link is the search: reloaded, the same list and area.
    await page.reload();
    await page.locator('[data-testid=map][data-geo=ready]').waitFor();
    await expect.poll(listedIds, { timeout: 15_000 }).toEqual(ids);
    await page.locator('path.within-area').waitFor();
    expect(await page.locator('path.within-area').getAttribute('data-code')).toBe(code);
    expect(await province().inputValue()).toBe(code);

    // A listed incident opens as a point of the map does.
    await page.locator('[data-testid=within-results] li button').first().click();
    await page.getByTestId('incident-detail').waitFor();
    expect(await page.getByTestId('incident-detail').locator('h2').textContent()).toContain(ids[0]);
    expect(await listedIds()).toEqual(ids);

    // Clear takes the list, the area and the rings away, and the search out of the URL.
    await page.getByTestId('within-clear').click();
    await expect.poll(() => page.locator('[data-testid=within-results]').count()).toBe(0);
    expect(await page.locator('path.within-area, path.within-fill, path.within-hit').count()).toBe(
      0,
    );
    expect(page.url()).not.toContain('within=');
    expect(await province().inputValue()).toBe('');
    expect(pageErrors).toEqual([]);
  });

  it('takes a name in another spelling, as the route resolves it', async () => {
    const typed = expected.province.name.toUpperCase();
    const answer = await api.get<Within>(withinPath(typed));
    expect(answer.province.code).toBe(expected.province.code);
    await openMap();
    await province().fill(typed);
    await page.getByTestId('within-search').click();
    await expect.poll(listedIds, { timeout: 15_000 }).toEqual(answer.items.map((i) => i.id));
    expect(await page.getByTestId('within-count').textContent()).toContain(
      `(${expected.province.code}, ${expected.province.country_code})`,
    );
    await page.locator('path.within-area').waitFor();
    expect(await page.locator('path.within-area').getAttribute('data-code')).toBe(
      expected.province.code,
    );
  });

  it("shows the API's coded error for an unknown province, and the form's own for none", async () => {
    const unknown = 'Nowhere Province Qx';
    const refused = await api.request<{ error: { code: string; message: string } }>(
      'GET',
      withinPath(unknown),
    );
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('CP_NOT_FOUND');
    await openMap();
    await province().fill(unknown);
    await province().press('Enter');
    const alert = page.getByTestId('within').getByRole('alert');
    await alert.waitFor();
    const shown = (await alert.textContent()) ?? '';
    expect(shown).toContain('CP_NOT_FOUND');
    expect(shown).toContain(refused.body.error.message);
    expect(await page.locator('path.within-area').count()).toBe(0);
    expect(await page.locator('[data-testid=within-results]').count()).toBe(0);
    await screenshot(page, 'within-02-unknown');
    await noSeriousViolations('map with an unknown province');

    // Nothing named: the form says so, keeps the focus, and searches nothing.
    await openMap();
    await province().fill('  ');
    await page.getByTestId('within-search').click();
    expect(await page.getByTestId('within-error').textContent()).toContain('Name a province');
    expect(await province().getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('within-province');
    expect(page.url()).not.toContain('within=');
  });

  it('picks the province under a click on the map, one pick mode at a time (Escape cancels)', async () => {
    // A spot well inside the province's area, by the server's own areas: the middle of its
    // widest strip; the map opened centred on it.
    const mine = provinceAreas().find((a) => a.code === expected.province.code)!;
    const strip = mine.polygons
      .map((p) => p[0]!)
      .sort((a, b) => Math.abs(b[1]![0]! - b[0]![0]!) - Math.abs(a[1]![0]! - a[0]![0]!))[0]!;
    const spot = {
      lat: (strip[0]![1]! + strip[2]![1]!) / 2,
      lon: (strip[0]![0]! + strip[1]![0]!) / 2,
    };
    expect(areaCovers(mine, spot.lat, spot.lon)).toBe(true);
    await openMap(`map?c=${spot.lat},${spot.lon},9&hide=incidents,seizures`);

    const pick = page.getByRole('button', { name: 'Pick province on map' });
    const nearPick = page.getByRole('button', { name: 'Pick on map', exact: true });
    await pick.click();
    expect(await pick.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('within-pick-status').textContent()).toContain('Escape cancels');
    await page.keyboard.press('Escape');
    expect(await pick.getAttribute('aria-pressed')).toBe('false');
    // The near tool's pick and this one take turns.
    await nearPick.click();
    expect(await nearPick.getAttribute('aria-pressed')).toBe('true');
    await pick.click();
    expect(await pick.getAttribute('aria-pressed')).toBe('true');
    expect(await nearPick.getAttribute('aria-pressed')).toBe('false');

    // The click at the map's centre (the spot) picks the province and fills the box.
    const mapBox = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    expect(await pick.getAttribute('aria-pressed')).toBe('false');
    expect(await province().inputValue()).toBe(expected.province.code);
    expect(await page.getByTestId('within-pick-status').textContent()).toContain(
      `Picked ${expected.province.name} (${expected.province.code}`,
    );
    // The near tool's point was not taken by it.
    expect(await page.getByLabel('Latitude').inputValue()).toBe('');
    await page.getByTestId('within-search').click();
    await expect.poll(listedIds, { timeout: 15_000 }).toEqual(expected.items.map((i) => i.id));
    expect(page.url()).toContain(`within=${encodeURIComponent(expected.province.code)}`);
    await page.locator('path.within-area').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
