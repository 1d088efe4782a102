import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import type { Summary } from '../incidents/summary.ts';
import { DEMO_DIR } from '../store/demo.ts';
import { importFile } from '../store/importer.ts';
import { launchChromium } from './pdf.ts';
import { decodePng, inkShare } from './test-png.ts';

/**
 * The demo week's bulletin (7–13 Jan 2021), written by the real CLI in all three formats,
 * against the figures `summary --json` prints for the same store. The demo incidents file
 * is used when present, else this folder's own week fixture.
 */
const FROM = '2021-01-07';
const TO = '2021-01-13';
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const DEMO_INCIDENTS = join(DEMO_DIR, 'incidents.jsonl');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chokepoint-bulletin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function formatFigure(v: number | null, digits = 0): string {
  return v === null
    ? 'n/a'
    : v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

describeEachStore('weekly bulletin', (ctx, dialect) => {
  let summary: Summary;
  let html: string;
  let md: string;
  let pdfFile: string;

  beforeAll(async () => {
    await importFile(ctx.store, 'sources', join(DEMO_DIR, 'sources.jsonl'));
    if (existsSync(DEMO_INCIDENTS)) await importFile(ctx.store, 'incidents', DEMO_INCIDENTS);
    else {
      await importFile(ctx.store, 'incidents', join(FIXTURES, 'week-2021-01.jsonl'));
      await importFile(ctx.store, 'sources', join(FIXTURES, 'week-sources.jsonl'));
    }
    const s = runCli(['summary', '--from', FROM, '--to', TO, '--json', '--db', ctx.url]);
    expect(s.code, s.stderr).toBe(0);
    summary = JSON.parse(s.stdout) as Summary;
    for (const format of ['html', 'md', 'pdf']) {
      const out = join(dir, `${dialect}.${format}`);
      const r = runCli([
        'report',
        'bulletin',
        '--from',
        FROM,
        '--to',
        TO,
        '--format',
        format,
        '--out',
        out,
        '--db',
        ctx.url,
      ]);
      expect(r.code, r.stderr).toBe(0);
    }
    html = readFileSync(join(dir, `${dialect}.html`), 'utf8');
    md = readFileSync(join(dir, `${dialect}.md`), 'utf8');
    pdfFile = join(dir, `${dialect}.pdf`);
  }, 180_000);

  it('has attacks to report', () => {
    expect(summary.totals.attacks).toBeGreaterThan(5);
    expect(summary.previous).not.toBeNull();
  });

  it('prints the headline figures of summary --json in HTML, against the previous period', () => {
    const figures = [
      ...html.matchAll(
        /<div class="label">([^<]+)<\/div>\s*<div class="value">([^<]+)<\/div>\s*<div class="previous">previous ([^ <]+)/g,
      ),
    ].map((m) => ({ label: m[1], value: m[2], previous: m[3] }));
    const t = summary.totals;
    const p = summary.previous!;
    expect(figures).toEqual([
      { label: 'Attacks', value: formatFigure(t.attacks), previous: formatFigure(p.attacks) },
      { label: 'Killed', value: formatFigure(t.killed), previous: formatFigure(p.killed) },
      { label: 'Wounded', value: formatFigure(t.wounded), previous: formatFigure(p.wounded) },
      {
        label: 'Casualties',
        value: formatFigure(t.casualties),
        previous: formatFigure(p.casualties),
      },
      {
        label: 'Casualties per attack',
        value: formatFigure(t.casualties_per_attack, 2),
        previous: formatFigure(p.casualties_per_attack, 2),
      },
    ]);
  });

  it('prints the same figures in Markdown', () => {
    const t = summary.totals;
    const p = summary.previous!;
    expect(md).toContain(`| Attacks | ${formatFigure(t.attacks)} | ${formatFigure(p.attacks)} |`);
    expect(md).toContain(`| Killed | ${formatFigure(t.killed)} | ${formatFigure(p.killed)} |`);
    expect(md).toContain(
      `| Casualties | ${formatFigure(t.casualties)} | ${formatFigure(p.casualties)} |`,
    );
  });

  it('has a section per country, provinces with their attacks, and the four charts', () => {
    for (const c of summary.by_country)
      expect(html).toMatch(new RegExp(`<h3>${c.key} \\(\\d+ incidents?\\)</h3>`));
    // The changes table shows summary's attacks of each province it lists.
    const table = html.slice(
      html.indexOf('the biggest changes'),
      html.indexOf('</table>', html.indexOf('the biggest changes')),
    );
    const rows = [...table.matchAll(/<tr><td>([^<]+)<\/td><td class="num">(\d+)<\/td>/g)];
    expect(rows.length).toBeGreaterThan(0);
    for (const [, name, attacks] of rows) {
      const row = summary.by_admin1.find((r) => r.key === name);
      expect(Number(attacks), name).toBe(row?.attacks ?? 0);
    }
    expect(html.match(/<figure class="chart"/g)).toHaveLength(4);
    expect(html).toMatch(/<svg[^>]*>/);
  });

  it('lists every incident of the period with casualties as known, attribution and graded sources', async () => {
    const { listIncidents } = await import('../store/incidents.ts');
    const incidents = await listIncidents(ctx.store.db, {
      caseIds: ['default'],
      from: FROM,
      to: TO,
    });
    const section = html.slice(html.indexOf('id="incidents"'), html.indexOf('id="annex"'));
    expect(section.match(/<li>/g)).toHaveLength(incidents.length);
    expect(section).toMatch(/(ISIS|An armed group|ISWAP|[A-Za-z]+) claimed responsibility/);
    expect(section).toContain('No group has claimed responsibility; probably');
    // A count the record lacks is "not reported", never 0.
    const noCounts = incidents.find(
      (i) => i.killed === null && i.wounded === null && i.casualties_total === null,
    );
    if (noCounts) expect(section).toContain('casualties not reported');
    // Every line cites at least one source with an Admiralty grade.
    expect(
      section.match(/class="cite">\[<a href="#src-[^"]+" title="[^"]*">\d+ [A-F][1-6]<\/a>/g)!
        .length,
    ).toBeGreaterThanOrEqual(incidents.length);
    expect(html).toContain('<ol class="annex">');
  });

  it('stands alone: no script, no external resource', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
  });

  it('renders in chromium with its charts and makes no request', async () => {
    const browser = await launchChromium(process.env.CHOKEPOINT_CHROMIUM);
    try {
      const page = await browser.newPage({ javaScriptEnabled: true });
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.abort();
      });
      await page.setContent(html, { waitUntil: 'load' });
      const info = await page.evaluate(() => ({
        svgs: document.querySelectorAll('figure.chart svg').length,
        title: document.querySelector('h1')?.textContent,
        height: document.body.scrollHeight,
        bars: document.querySelectorAll('figure.chart svg path').length,
      }));
      expect(info.svgs).toBe(4);
      expect(info.title).toBe('Weekly bulletin');
      expect(info.height).toBeGreaterThan(2000);
      expect(info.bars).toBeGreaterThan(20);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('prints to a PDF whose pages, seen as images, hold the bulletin', () => {
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('Weekly bulletin');
    expect(text).toContain(`previous ${formatFigure(summary.previous!.attacks)}`);
    const prefix = join(dir, `${dialect}-page`);
    execFileSync('pdftoppm', ['-r', '40', '-png', pdfFile, prefix]);
    const pngs = readdirSync(dir)
      .filter((f) => f.startsWith(`${dialect}-page`) && f.endsWith('.png'))
      .sort();
    expect(pngs).toHaveLength(pages);
    for (const f of pngs) {
      const img = decodePng(readFileSync(join(dir, f)));
      // A4 portrait at 40 dpi.
      expect(img.width).toBeGreaterThan(300);
      expect(img.height / img.width).toBeCloseTo(297 / 210, 1);
      expect(inkShare(img), `${f} is blank`).toBeGreaterThan(0.004);
      // Mostly paper: not a black or broken page.
      expect(inkShare(img), f).toBeLessThan(0.5);
    }
    const first = decodePng(readFileSync(join(dir, pngs[0]!)));
    // The title and the figure boxes sit in the top third of page 1.
    expect(inkShare(first, 0.05, 0.35)).toBeGreaterThan(0.02);
  });
});
