// The map's "Incidents near a point" tool in Debian's chromium over the real server and the
// demo world: a point typed next to a demo incident (read from the API), the search's list
// checked against GET …/incidents/near for the same query (ids and order, distances), its
// circle and rings on the map, the same search reopened from the URL, the form's own checks,
// the API's coded error for a hand-made link, the map's centre and a point picked on the
// map, and axe-core on the page.
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
/** The form's own limit (NEAR_LIMIT in web/src/pages/map/NearSearch.tsx). */
const LIMIT = 100;

interface Incident {
  id: string;
  lat: number | null;
  lon: number | null;
}
interface Near {
  items: { km: number; incident: Incident }[];
}

/** A distance as the list writes it: km with one decimal. */
function kmText(km: number): string {
  return `${km.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} km`;
}

describe('map: incidents near a point', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: ApiClient;
  const pageErrors: string[] = [];
  /** The searched point, next to a demo incident, and what the route answers for it. */
  let point: { lat: number; lon: number; km: number };
  let expected: Near;

  const nearPath = (q: { lat: number | string; lon: number | string; km: number | string }) =>
    `${CASE}/incidents/near?lat=${q.lat}&lon=${q.lon}&km=${q.km}&limit=${LIMIT}`;
  const listedIds = () =>
    page
      .locator('[data-testid=near-results] li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id')));
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
  /** The URL's map view (`c=lat,lon,zoom`). */
  const viewInUrl = () => {
    const c = new URL(page.url().replace('#/map?', '?')).searchParams.get('c') ?? '';
    const [lat, lon] = c.split(',').map(Number);
    return { lat: lat!, lon: lon! };
  };

  beforeAll(async () => {
    buildWeb();
    server = await startServer();
    api = new ApiClient(server.base);
    await api.login(DEMO_USER, DEMO_PASSWORD);
    // A point 0.05° north-east of a demo incident, where the route finds more than one
    // incident within 50 km (so that the order is checked too), else the first placed one.
    const all = await api.get<{ items: Incident[] }>(`${CASE}/incidents?limit=1000`);
    const placed = all.items.filter((i) => typeof i.lat === 'number' && typeof i.lon === 'number');
    expect(placed.length).toBeGreaterThan(0);
    for (const i of placed.slice(0, 40)) {
      const q = { lat: +(i.lat! + 0.05).toFixed(4), lon: +(i.lon! + 0.05).toFixed(4), km: 50 };
      const r = await api.get<Near>(nearPath(q));
      if (!point || r.items.length > 1) [point, expected] = [q, r];
      if (r.items.length > 1) break;
    }
    expect(expected.items.length).toBeGreaterThan(0);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: VIEWPORT });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(page, server.base);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists what the route answers for a typed point, draws the circle and rings, and reopens from the URL', async () => {
    await openMap();
    await page.getByLabel('Latitude').fill(String(point.lat));
    await page.getByLabel('Longitude').fill(String(point.lon));
    // The radius starts at 50 km; typed again, and the search sent by Enter from the field.
    expect(await page.getByLabel('Radius (km)').inputValue()).toBe('50');
    await page.getByLabel('Radius (km)').fill(String(point.km));
    await page.getByLabel('Radius (km)').press('Enter');

    const ids = expected.items.map((h) => h.incident.id);
    await expect.poll(listedIds, { timeout: 15_000 }).toEqual(ids);
    expect(page.url()).toContain(`near=${encodeURIComponent(`${point.lat},${point.lon},50`)}`);
    const n = expected.items.length;
    expect(await page.getByTestId('near-count').textContent()).toBe(
      `${n} incident${n === 1 ? '' : 's'} within 50 km of ${point.lat}, ${point.lon}`,
    );
    const distances = await page.locator('[data-testid=near-results] li .muted').allTextContents();
    expect(distances).toEqual(expected.items.map((h) => kmText(h.km)));

    // The circle round the point at the radius, and a ring round each incident found.
    const circle = page.locator('path.near-circle');
    await circle.waitFor();
    expect(await circle.getAttribute('data-lat')).toBe(String(point.lat));
    expect(await circle.getAttribute('data-lon')).toBe(String(point.lon));
    expect(await circle.getAttribute('data-km')).toBe('50');
    const box = (await circle.boundingBox())!;
    expect(box.width).toBeGreaterThan(20);
    // The map was moved to the circle: it lies inside the map.
    const mapBox = (await page.getByTestId('map').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(mapBox.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(mapBox.x + mapBox.width + 1);
    const rings = await page
      .locator('path.near-hit')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(rings.sort()).toEqual(
      expected.items
        .filter((h) => typeof h.incident.lat === 'number')
        .map((h) => h.incident.id)
        .sort(),
    );
    await screenshot(page, 'near-01-search');
    await noSeriousViolations('map with a search');

    // The link is the search: reloaded, the same list and circle.
    await page.reload();
    await page.locator('[data-testid=map][data-geo=ready]').waitFor();
    await expect.poll(listedIds, { timeout: 15_000 }).toEqual(ids);
    await page.locator('path.near-circle').waitFor();
    expect(await page.getByLabel('Latitude').inputValue()).toBe(String(point.lat));
    expect(await page.getByLabel('Radius (km)').inputValue()).toBe('50');

    // A listed incident opens as a point of the map does.
    await page.locator('[data-testid=near-results] li button').first().click();
    await page.getByTestId('incident-detail').waitFor();
    expect(await page.getByTestId('incident-detail').locator('h2').textContent()).toContain(ids[0]);
    expect(await listedIds()).toEqual(ids);

    // Clear takes the list, the circle and the rings away, and the search out of the URL.
    await page.getByTestId('near-clear').click();
    await expect.poll(() => page.locator('[data-testid=near-results]').count()).toBe(0);
    expect(await page.locator('path.near-circle, path.near-hit').count()).toBe(0);
    expect(page.url()).not.toContain('near=');
    expect(pageErrors).toEqual([]);
  });

  it('checks the form: a bad radius or latitude is named, and nothing is searched', async () => {
    await openMap();
    await page.getByLabel('Latitude').fill(String(point.lat));
    await page.getByLabel('Longitude').fill(String(point.lon));
    for (const km of ['0', '2500', 'far']) {
      await page.getByLabel('Radius (km)').fill(km);
      await page.getByTestId('near-search').click();
      expect(await page.getByTestId('near-km-error').textContent()).toBe(
        'Radius must be more than 0 and at most 2000 km.',
      );
      expect(await page.getByLabel('Radius (km)').getAttribute('aria-invalid')).toBe('true');
      // The first wrong field takes the focus.
      expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('near-km');
    }
    await page.getByLabel('Latitude').fill('91');
    await page.getByTestId('near-search').click();
    expect(await page.getByTestId('near-lat-error').textContent()).toBe(
      'Latitude must be a number from -90 to 90 (degrees).',
    );
    expect(page.url()).not.toContain('near=');
    expect(await page.locator('[data-testid=near-results]').count()).toBe(0);
    await screenshot(page, 'near-02-form-errors');
    await noSeriousViolations('map with the form in error');
    // Put right, the messages go and the search runs.
    await page.getByLabel('Latitude').fill(String(point.lat));
    await page.getByLabel('Radius (km)').fill('50');
    await page.getByTestId('near-search').click();
    await expect
      .poll(listedIds, { timeout: 15_000 })
      .toEqual(expected.items.map((h) => h.incident.id));
    expect(await page.getByTestId('near').locator('[data-testid$=-error]').count()).toBe(0);
  });

  it("shows the API's coded error for a hand-made link the route refuses", async () => {
    const bad = { lat: 95, lon: point.lon, km: 50 };
    const refused = await api.request<{ error: { code: string; message: string } }>(
      'GET',
      nearPath(bad),
    );
    expect(refused.status).toBe(400);
    await openMap(`map?near=${bad.lat},${bad.lon},${bad.km}`);
    const alert = page.getByTestId('near').getByRole('alert');
    await alert.waitFor();
    const shown = (await alert.textContent()) ?? '';
    expect(shown).toContain(refused.body.error.code);
    expect(shown).toContain(refused.body.error.message);
    expect(await page.locator('path.near-circle').count()).toBe(0);
  });

  it('takes the map centre, or a point picked on the map (Escape gives the pick up)', async () => {
    await openMap(`map?near=${point.lat},${point.lon},${point.km}`);
    await page.locator('path.near-circle').waitFor();
    await page.getByLabel('Latitude').fill('');
    await page.getByLabel('Longitude').fill('');
    // Move the map so that the URL holds its view, then take its centre.
    await page.getByTestId('map').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('c=');
    await page.waitForTimeout(400);
    let view = viewInUrl();
    await page.getByRole('button', { name: 'Use map centre' }).click();
    expect(Number(await page.getByLabel('Latitude').inputValue())).toBeCloseTo(view.lat, 3);
    expect(Number(await page.getByLabel('Longitude').inputValue())).toBeCloseTo(view.lon, 3);

    // The pick is a toggle; Escape gives it up.
    const pick = page.getByRole('button', { name: 'Pick on map' });
    await pick.click();
    expect(await pick.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('near-pick-status').textContent()).toContain('Escape cancels');
    await page.keyboard.press('Escape');
    expect(await pick.getAttribute('aria-pressed')).toBe('false');

    // Picked: a click on an empty spot below the map's centre (same longitude, further south).
    await pick.click();
    view = viewInUrl();
    const spot = await page.evaluate<{ x: number; y: number } | null>(`(() => {
      const box = document.querySelector('[data-testid=map]').getBoundingClientRect();
      const x = box.left + box.width / 2;
      for (let dy = 40; dy < box.height / 2 - 30; dy += 7) {
        const y = box.top + box.height / 2 + dy;
        const el = document.elementFromPoint(x, y);
        if (el && !el.closest('.leaflet-interactive, .leaflet-marker-icon, .leaflet-control'))
          return { x, y };
      }
      return null;
    })()`);
    expect(spot).not.toBeNull();
    await page.mouse.click(spot!.x, spot!.y);
    expect(await pick.getAttribute('aria-pressed')).toBe('false');
    const lat = Number(await page.getByLabel('Latitude').inputValue());
    const lon = Number(await page.getByLabel('Longitude').inputValue());
    expect(lat).toBeLessThan(view.lat);
    expect(lon).toBeCloseTo(view.lon, 2);
    // A picked point searches as a typed one does.
    await page.getByTestId('near-search').click();
    const again = await api.get<Near>(
      nearPath({ lat: lat.toFixed(4), lon: lon.toFixed(4), km: point.km }),
    );
    await expect
      .poll(listedIds, { timeout: 15_000 })
      .toEqual(again.items.map((h) => h.incident.id));
    expect(page.url()).toContain(`near=${encodeURIComponent(`${lat},${lon},50`)}`);
    expect(pageErrors).toEqual([]);
  });
});
