// The analyst's walk of issue 22, in Debian's chromium at 1440×900 over the real server and
// the demo world: each task of the "Done when" as a step, with a screenshot per
// step kept in test/e2e/screens/ (git-ignored), every page checked with axe-core (no
// serious or critical violation), dates in ISO order, the keyboard, and no console error.
// Each figure the page shows is checked against the API that the CLI agrees with.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
} from './harness.ts';
import { screenshot, seriousViolations, VIEWPORT } from './steps.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIST = fileURLToPath(new URL('./fixtures/watchlist-ofsi.csv', import.meta.url));
const CASE = '/api/cases/default';
/** The bulletin week of the walk. */
const WEEK = { from: '2021-01-07', to: '2021-01-13' };
/** A date in the US order (month/day/year) or any d/m/y: never shown by this app. */
const SLASHED_DATE = /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/;

interface Junctions {
  commodities: { id: string; label: string }[];
  junctions: {
    kind: string;
    name: string;
    chains: number;
    members: { id: string; name: string }[];
    commodities: string[];
  }[];
}

describe('the analyst walk (issue 22) in chromium', { timeout: 120_000 }, () => {
  let server: Server;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: ApiClient;
  let listLoaded = false;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  let signedIn = false;

  const open = async (hash: string) => {
    await page.goto(`${server.base}/#/${hash}`);
  };
  /** The app's page for `hash` exists (the shell says "No page" for one that does not). */
  const pageExists = async (hash: string) => {
    await open(hash);
    await page.locator('main h1, main p').first().waitFor();
    return (await page.locator('main').textContent())?.includes('No page “') !== true;
  };
  const noSlashedDates = async (what: string) => {
    const body = (await page.locator('main').innerText()) ?? '';
    expect(SLASHED_DATE.exec(body)?.[0] ?? null, `${what}: a date not in ISO order`).toBeNull();
    for (const v of await page
      .locator('main input')
      .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value)))
      expect(SLASHED_DATE.test(v), `${what}: an input holds ${v}`).toBe(false);
  };

  beforeAll(async () => {
    buildWeb();
    server = await startServer();
    // A sanctions list, loaded as a user loads one (the CLI, into the server's database),
    // so that there is something to screen a name against.
    if (existsSync(LIST)) {
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
      listLoaded = r.status === 0;
      if (!listLoaded) console.warn(`[walk] import sanctions failed:\n${r.stderr}`);
    }
    api = new ApiClient(server.base);
    await api.login(DEMO_USER, DEMO_PASSWORD);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      // Before signing in, the app's "who am I?" is answered 401: that is the sign-in page.
      if (m.type() === 'error' && (signedIn || !/status of 401/.test(m.text())))
        consoleErrors.push(m.text());
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('01 signs in', async () => {
    await page.goto(server.base);
    await page.getByLabel('Username').fill(DEMO_USER);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await screenshot(page, 'walk-01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    signedIn = true;
  });

  it('02 reads the week on the dashboard: totals, and each province against the week before', async () => {
    const started = Date.now();
    await open('dashboard');
    await page.locator('[data-testid=stat-attacks] .stat-value').waitFor();
    console.log(`[walk] dashboard first screen: ${Date.now() - started} ms`);
    const to = await page.getByTestId('week-end').inputValue();
    expect(to).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 864e5).toISOString().slice(0, 10);
    const c = await api.get<{
      provinces: { province: string; attacks: number; previous: number }[];
    }>(`${CASE}/summary/provinces?from=${from}&to=${to}`);
    const rows = page.locator('[data-testid=province-table] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(c.provinces.length);
    const top = [...c.provinces].sort((a, b) => b.attacks - a.attacks)[0]!;
    const cells = await page
      .locator(`[data-testid=province-table] tr[data-province="${top.province}"] td`)
      .allInnerTexts();
    expect(cells.slice(2, 4)).toEqual([String(top.attacks), String(top.previous)]);
    await page.getByTestId('chart-provinces').scrollIntoViewIfNeeded();
    await screenshot(page, 'walk-02-dashboard-provinces');
    await noSlashedDates('dashboard');
  });

  it('03 finds the junction family and its commodities', async () => {
    const report = await api.get<Junctions>(`${CASE}/network/junctions?groups=true`);
    const family = report.junctions.find((j) => j.kind === 'group' && /family/i.test(j.name))!;
    expect(family, 'the demo world has a junction family').toBeTruthy();
    expect(family.members.length).toBe(6);
    expect(family.chains).toBe(5);
    await open('network');
    await page.getByTestId('network-stats').waitFor();
    const item = page.getByTestId('junction-group').filter({ hasText: family.name });
    await item.waitFor();
    const text = (await item.textContent()) ?? '';
    expect(text).toContain(`${family.members.length} members · ${family.chains} commodities`);
    const labels = new Map(report.commodities.map((c) => [c.id, c.label]));
    for (const c of family.commodities) expect(text).toContain(labels.get(c) ?? c);
    for (const m of family.members) expect(text).toContain(m.name);
    await screenshot(page, 'walk-03-junction-family');
  });

  it('04 follows the network: a name in another spelling, supply paths, two parties joined, one supplier cut', async () => {
    await open('network');
    await page.getByTestId('network-stats').waitFor();
    // The search folds: "demirtas" finds Ali Demirtaş, "akcakale iletisim" Akçakale İletişim.
    for (const [typed, found] of [
      ['demirtas', 'Ali Demirtaş'],
      ['akcakale iletisim', 'Akçakale İletişim'],
    ] as const) {
      await page.getByTestId('network-search').fill(typed);
      await expect.poll(() => page.getByTestId('search-hit').allTextContents()).toContain(found);
    }
    await page.getByTestId('search-hit').filter({ hasText: 'Akçakale İletişim' }).click();
    await expect.poll(() => page.url()).toContain('entity=c-akcakale-iletisim');
    await page.getByTestId('network-search').fill('');

    // Supply paths, each step with its orders and dates.
    const paths = await api.get<{ paths: { edges: { order_ids: string[] }[] }[] }>(
      `${CASE}/network/paths?from=role:supplier&to=topic:crime.terror&max_paths=25`,
    );
    await page.getByTestId('panel-paths').click();
    const shown = page.getByTestId('supply-path');
    await shown.first().waitFor();
    expect(await shown.count()).toBe(paths.paths.length);
    const firstText = (await shown.first().textContent()) ?? '';
    for (const e of paths.paths[0]!.edges)
      for (const o of e.order_ids) expect(firstText).toContain(o);
    expect(firstText).toMatch(/\d{4}-\d{2}-\d{2}/);
    await shown.first().getByRole('button', { name: 'Show' }).click();
    await screenshot(page, 'walk-04a-supply-path');

    // The shortest chain of links between the phone shop and the armed group's cell.
    await page.getByTestId('panel-connect').click();
    await page.getByTestId('connect-a').selectOption('c-akcakale-iletisim');
    await page.getByTestId('connect-b').selectOption('o-is-procurement');
    const sp = await api.get<{ length: number; nodes: { name: string }[] }>(
      `${CASE}/network/shortest-path?from=c-akcakale-iletisim&to=o-is-procurement`,
    );
    await expect
      .poll(() => page.getByTestId('connect-result').textContent())
      .toContain(`${sp.length} link`);
    const joined = (await page.getByTestId('connect-result').textContent()) ?? '';
    for (const n of sp.nodes) expect(joined).toContain(n.name);
    expect(page.url()).toContain('a=c-akcakale-iletisim');
    await screenshot(page, 'walk-04b-path-between-two');

    // A cut scoped to one supplier counts that supplier's goods only, per unit.
    const cut = await api.get<{
      cut: { name: string }[];
      supply: { label: string; unit: string | null; before: number; after: number }[];
    }>(`${CASE}/network/chokepoints?from=id:c-nordvind&to=topic:crime.terror`);
    await page.getByTestId('panel-cut').click();
    await page.getByTestId('cut-supplier').selectOption('id:c-nordvind');
    await page.getByTestId('cut-compute').click();
    await expect
      .poll(() => page.getByTestId('cut-summary').textContent())
      .toContain('From 1 source(s) (Nordvind');
    const rows = await page.locator('[data-testid=cut-supply] tbody tr').allInnerTexts();
    expect(rows.length).toBe(cut.supply.length);
    expect(rows[0]).toContain(cut.supply[0]!.label);
    expect(rows[0]).toContain(String(cut.supply[0]!.before));
    await screenshot(page, 'walk-04c-supplier-cut');

    // The commodity filter hides other goods; the graph downloads as drawn.
    await page.getByTestId('graph-commodity').selectOption('uav_components');
    await expect.poll(() => page.url()).toContain('commodity=uav_components');
    const download = page.waitForEvent('download');
    await page.getByTestId('graph-json').click();
    const file = await (await download).path();
    const graph = JSON.parse(readFileSync(file, 'utf8')) as {
      view: { commodity: string };
      edges: { kind: string; commodities: string[] }[];
    };
    expect(graph.view.commodity).toBe('uav_components');
    for (const e of graph.edges.filter((x) => x.kind === 'supply'))
      expect(e.commodities).toContain('uav_components');
    await noSlashedDates('network');
  });

  it('05 reads why the phone-shop order is flagged', async () => {
    const order = await api.get<{ flags: { flags: { code: string }[] } | null }>(
      `${CASE}/orders/O-2015-001`,
    );
    const expected = order.flags?.flags ?? [];
    expect(expected.length, 'the phone-shop order is scored and flagged').toBeGreaterThan(0);
    await open('orders?order=O-2015-001');
    await page.getByTestId('order-panel').waitFor();
    const flags = page.getByTestId('order-panel').getByTestId('flag');
    await flags.first().waitFor();
    expect(await flags.count()).toBe(expected.length);
    const codes = await flags.evaluateAll((els) =>
      els.map((e) => (e as unknown as { dataset: { code?: string } }).dataset.code ?? null),
    );
    if (codes.every((c) => c !== null))
      expect(codes.sort()).toEqual(expected.map((f) => f.code).sort());
    // The reasons name the evidence: the border town and the customer first seen days before.
    const why = (await page.getByTestId('order-panel').textContent()) ?? '';
    expect(why).toContain('Akçakale');
    await page.getByTestId('order-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'walk-05-phone-shop-flags');
    await noSlashedDates('orders');
  });

  it('06 produces and downloads the bulletin for 7–13 January 2021', async () => {
    const exists = await pageExists(`reports?from=${WEEK.from}&to=${WEEK.to}`);
    expect(exists, 'the reports page (#/reports) is part of the walk').toBe(true);
    await page.getByTestId('bulletin').waitFor();
    const summary = await api.get<{ totals: { attacks: number } }>(
      `${CASE}/summary?from=${WEEK.from}&to=${WEEK.to}&compare=previous`,
    );
    await expect
      .poll(() =>
        page.locator('[data-testid=bulletin-attacks] .stat-value').getAttribute('data-value'),
      )
      .toBe(String(summary.totals.attacks));
    const download = page.waitForEvent('download');
    await page.getByTestId('bulletin-md').click();
    const d = await download;
    const text = readFileSync((await d.path())!, 'utf8');
    expect(text).toContain(WEEK.from);
    expect(text).toContain(WEEK.to);
    await screenshot(page, 'walk-06-bulletin');
    await noSlashedDates('reports');
  });

  it('07 screens a name', async () => {
    expect(
      listLoaded,
      'a sanctions list to screen against (test/e2e/fixtures/watchlist-ofsi.csv)',
    ).toBe(true);
    const exists = await pageExists('screening');
    expect(exists, 'the screening page (#/screening) is part of the walk').toBe(true);
    await page.getByTestId('names-input').fill('Khaled Hammoud');
    await page.getByTestId('screen-submit').click();
    const results = page.getByTestId('screen-results');
    await results.waitFor();
    expect(await results.textContent()).toContain('1 of 1 name(s) with hits');
    await screenshot(page, 'walk-07-screen-a-name');
  });

  it('08 opens an entity page from a search in a different spelling', async () => {
    await open('dashboard');
    const search = page.getByTestId('global-search');
    expect(await search.count(), 'the global search box is part of the walk').toBe(1);
    await search.fill('akcakale iletisim');
    const hit = page
      .locator('[data-testid=search-results] [role=option][data-kind=entity]')
      .first();
    await hit.waitFor();
    await hit.click();
    await page.getByTestId('entity-page').waitFor();
    expect(await page.getByTestId('entity-title').textContent()).toContain('Akçakale İletişim');
    await screenshot(page, 'walk-08-entity-page');
  });

  it('09 filters incidents in any spelling', async () => {
    for (const [q, field] of [
      ['country=syria', 'country=Syria'],
      ['admin1=deir%20ez-zor', 'admin1=Deir%20ez-Zor'],
      ['admin1=Dayr%20az%20Zawr', 'admin1=Deir%20ez-Zor'],
    ]) {
      const folded = await api.get<{ total: number }>(`${CASE}/incidents?limit=1&${q}`);
      const exact = await api.get<{ total: number }>(`${CASE}/incidents?limit=1&${field}`);
      expect(folded.total, q).toBeGreaterThan(0);
      expect(folded.total, q).toBe(exact.total);
      await open(`incidents?${q}`);
      await expect
        .poll(() => page.getByTestId('incident-total').textContent())
        .toMatch(new RegExp(`^${folded.total}\\+? incidents`));
    }
    await screenshot(page, 'walk-09-incidents-any-spelling');
    await noSlashedDates('incidents');
  });

  it('10 shares a link to a filtered map and reopens it; back undoes the filter', async () => {
    // The dashboard's week, on the map: the same seven days.
    await open('dashboard');
    const period = (await page.getByTestId('period').textContent()) ?? '';
    const week = /(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})/.exec(period)!;
    await page.getByTestId('week-on-map').click();
    await page.locator('[data-testid=map][data-geo=ready]').waitFor();
    await page.getByTestId('map-count').waitFor();
    await expect.poll(() => page.getByTestId('map-count').textContent()).toContain(week[0]);
    await page.getByTestId('map-type').selectOption('ied');
    await page.getByLabel('Window').selectOption('7');
    await page.getByTestId('map-precision').selectOption('1');
    await expect.poll(() => page.url()).toContain('precision=1');
    await page.waitForTimeout(500);
    const shared = page.url();
    const count = await page.getByTestId('map-count').textContent();
    const inView = await page.getByTestId('in-view-count').textContent();
    expect(shared).toMatch(/type=ied/);
    expect(shared).toMatch(/w=7/);
    // A filter narrows what is shown; the week stays the dashboard's.
    expect(count).toContain(week[0]);
    // The export link holds what the map shows: the week and the filtered incidents.
    const exportHref =
      (await page
        .getByTestId('export-incidents')
        .locator('a[data-format=geojson]')
        .getAttribute('href')) ?? '';
    const exportQuery = new URL(exportHref, server.base).searchParams;
    expect([exportQuery.get('from'), exportQuery.get('to')]).toEqual([week[1], week[2]]);
    const shownIds = (exportQuery.get('ids') ?? '').split(',').filter(Boolean);
    expect(shownIds.length).toBe(Number(/^(\d+) incidents/.exec(count ?? '')?.[1]));
    await screenshot(page, 'walk-10a-filtered-map');

    // Someone else opens the link: the same map.
    const other = await context.newPage();
    await other.goto(shared);
    await other.locator('[data-testid=map][data-geo=ready]').waitFor();
    await expect.poll(() => other.getByTestId('map-count').textContent()).toBe(count);
    expect(await other.getByTestId('map-type').inputValue()).toBe('ied');
    expect(await other.getByTestId('map-precision').inputValue()).toBe('1');
    expect(await other.getByTestId('in-view-count').textContent()).toBe(inView);
    const centre = (u: string) => new URL(u.replace('#/', '')).searchParams.get('c');
    expect(centre(other.url())).toBe(centre(shared));
    await screenshot(other, 'walk-10b-map-reopened');
    await other.close();

    // The back button undoes the last filter.
    await page.goBack();
    await expect.poll(() => page.getByTestId('map-precision').inputValue()).toBe('');
    expect(await page.getByTestId('map-type').inputValue()).toBe('ied');
    // Every seizure is on the map or named with the reason it is not.
    const seizures = await api.get<{ total: number }>(`${CASE}/seizures?limit=1`);
    const placedText = (await page.getByTestId('map-count').textContent()) ?? '';
    const placed = Number(/(\d+) seizures placed/.exec(placedText)?.[1] ?? 'NaN');
    const unplaced = await page.locator('[data-testid=unplaced-seizures] li').count();
    expect(placed + unplaced).toBe(seizures.total);
    await noSlashedDates('map');
  });

  it('11 moves by keyboard: skip link, page links, map points, network panels', async () => {
    // A fresh load, as a keyboard user arrives: the first Tab reaches the skip link.
    await open('map');
    await page.reload();
    await page.locator('[data-testid=map][data-geo=ready]').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    // A point of the map is a button in the tab order: Enter opens its record.
    // A cluster badge is a focusable marker too: Enter zooms into it, or lists the records
    // of one spot beside the map; a point's Enter (or a listed record's) opens its record.
    const point = page.locator('path.incident-marker[tabindex="0"]');
    await expect
      .poll(() => page.locator('path.incident-marker, .cluster-icon').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const spot = page.getByRole('heading', { name: /records at this spot/ });
    for (let k = 0; k < 8; k++) {
      if ((await point.count()) > 0) {
        await point.first().focus();
        await page.keyboard.press('Enter');
        break;
      }
      await page.locator('.cluster-icon').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForTimeout(600);
      if ((await spot.count()) > 0) {
        await page.locator('aside .plain-list button').first().focus();
        await page.keyboard.press('Enter');
        break;
      }
    }
    await page.getByTestId('incident-detail').waitFor();
    await open('network');
    await page.getByTestId('panel-junctions').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.url()).toContain('panel=cut');
    expect(await page.evaluate('document.activeElement.dataset.testid')).toBe('panel-cut');
    await screenshot(page, 'walk-11-keyboard');
  });

  it('12 passes axe-core on every page: no serious or critical violation', async () => {
    const pages = [
      'dashboard',
      'map',
      'network',
      'network?panel=cut',
      'incidents',
      'seizures',
      'orders?order=O-2015-001',
      'imports',
    ];
    for (const optional of ['reports', 'screening', 'timeline', 'entity?id=c-akcakale-iletisim'])
      if (await pageExists(optional)) pages.push(optional);
    // The check itself sees a violation when there is one: an image with no text.
    await open('dashboard');
    await page.locator('main h1').first().waitFor();
    await page.evaluate(
      "document.querySelector('main').insertAdjacentHTML('beforeend', '<img id=axe-probe src=data:, >')",
    );
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('image-alt');
    await page.evaluate("document.getElementById('axe-probe').remove()");
    const found: string[] = [];
    for (const p of pages) {
      await open(p);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(800);
      for (const v of await seriousViolations(page))
        found.push(`${p}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(' | ')}`);
    }
    expect(found).toEqual([]);
  });

  it('13 left no error in the console or the page', () => {
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
