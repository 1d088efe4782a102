import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTACK_TYPES, IncidentSchema, type Incident } from '../src/incidents/schema.ts';
import { buildBulletin } from '../src/reports/bulletin.ts';
import { loadBulletinInput } from '../src/app/reports.ts';
import { htmlToPdf, launchChromium } from '../src/reports/pdf.ts';
import { renderHtml } from '../src/reports/render-html.ts';
import { renderMarkdown } from '../src/reports/render-md.ts';
import { escapeHtml } from '../src/reports/escape.ts';
import { openStore } from '../src/store/connect.ts';
import { listIncidents } from '../src/store/incidents.ts';
import { importFile } from '../src/store/importer.ts';
import { report, scaled, time } from './harness.ts';

/**
 * A weekly bulletin over 10 000 generated incidents (BENCH_SCALE scales it), from a SQLite
 * store to a file: read, summary, charts, wording, escaping, HTML. The peer is the plain
 * way to write the same list: one template string per incident, grouped the same way,
 * escaped the same way, without figures, charts, wording or sources. The PDF is timed
 * too (chromium printing), against the peer's HTML printed by the same chromium.
 */
const COUNTRIES: [string, string, string[]][] = [
  ['Iraq', 'IQ', ['Diyala', 'Salah al-Din', 'Kirkuk', 'Al-Anbar', 'Nineveh', 'Baghdad']],
  ['Syria', 'SY', ['Deir ez-Zor', 'Al-Raqqah', 'Al-Hasakah', 'Homs', 'Hama', 'Aleppo', 'Daraa']],
  ['Nigeria', 'NG', ['Borno', 'Yobe', 'Adamawa']],
  ['Egypt', 'EG', ['North Sinai']],
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function generate(n: number, from: string, days: number): Incident[] {
  const r = rng(42);
  const base = Date.parse(`${from}T00:00:00Z`);
  const out: Incident[] = [];
  for (let i = 0; i < n; i++) {
    const [country, cc, provinces] = COUNTRIES[Math.floor(r() * COUNTRIES.length)]!;
    const admin1 = provinces[Math.floor(r() * provinces.length)]!;
    const date = new Date(base + Math.floor(r() * days) * 86_400_000).toISOString().slice(0, 10);
    const onlyTotal = r() < 0.1;
    out.push(
      IncidentSchema.parse({
        id: `bench-${i}`,
        text: `Generated incident ${i}: an attack on a checkpoint near ${admin1} <${i % 7}>.`,
        date,
        date_precision: 'day',
        country,
        country_code: cc,
        admin1,
        place: `Village ${i % 97}`,
        anchor_place: r() < 0.5 ? admin1 : null,
        offset_km: r() < 0.5 ? Math.round(r() * 60) : null,
        offset_dir: 'N',
        attack_type: ATTACK_TYPES[Math.floor(r() * ATTACK_TYPES.length)],
        perpetrator: r() < 0.7 ? 'ISIS' : null,
        target: 'soldiers',
        killed: onlyTotal || r() < 0.2 ? null : Math.floor(r() * 4),
        wounded: onlyTotal || r() < 0.3 ? null : Math.floor(r() * 5),
        casualties_total: onlyTotal ? Math.floor(r() * 10) : null,
        attribution: ['claimed', 'suspected', 'unknown'][Math.floor(r() * 3)],
        sources: [{ name: `Generated monitor ${i % 5}`, date }],
      }),
    );
  }
  return out;
}

/** The peer: the same grouped incident list as one template string per line, no figures or charts. */
function plainHtml(incidents: Incident[]): string {
  const groups = new Map<string, Incident[]>();
  for (const i of [...incidents].sort(
    (a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.id.localeCompare(b.id),
  )) {
    const k = `${i.country} / ${i.admin1}`;
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  }
  const body = [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([k, list]) =>
        `<h3>${escapeHtml(k)}</h3><table>${list
          .map(
            (i) =>
              `<tr><td>${i.date}</td><td>${escapeHtml(i.place ?? '')}</td><td>${escapeHtml(i.text ?? '')}</td><td>${i.killed ?? ''}</td><td>${i.wounded ?? ''}</td></tr>`,
          )
          .join('')}</table>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Incidents</title></head><body>${body}</body></html>`;
}

export async function run(): Promise<void> {
  const n = scaled(10_000);
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-bench-reports-'));
  const out = new URL('./out/', import.meta.url).pathname;
  mkdirSync(out, { recursive: true });
  const store = await openStore({ url: join(dir, 'bench.db') });
  try {
    // 10 000 incidents in the week, a fifth as many in each of the seven weeks before (trend).
    const week = generate(n, '2021-01-07', 7);
    const before = generate(Math.ceil(n / 5) * 7, '2020-11-19', 49).map((i, k) => ({
      ...i,
      id: `bench-prev-${k}`,
    }));
    // Imported as a user would, so that every incident gets its source and evidence link.
    const file = join(dir, 'incidents.jsonl');
    writeFileSync(file, [...week, ...before].map((i) => JSON.stringify(i)).join('\n') + '\n');
    await importFile(store, 'incidents', file);
    const req = { caseIds: ['default'], from: '2021-01-07', to: '2021-01-13' };

    let html = '';
    const oursMs = await time(async () => {
      html = renderHtml(buildBulletin(await loadBulletinInput(store, req)));
      writeFileSync(join(out, 'bulletin.html'), html);
    }, 3);
    let peer = '';
    const peerMs = await time(async () => {
      peer = plainHtml(
        await listIncidents(store.db, { caseIds: ['default'], from: req.from, to: req.to }),
      );
      writeFileSync(join(out, 'bulletin-plain.html'), peer);
    }, 3);
    report({
      bench: 'reports',
      size: `${n} incidents (+${before.length} earlier), HTML ${Math.round(html.length / 1024)} KiB`,
      ours: 'bulletin HTML (store read + summary + 4 ECharts SVG + wording + sources)',
      ours_ms: oursMs,
      peer: 'plain template-string HTML of the same grouped list (no figures, charts or sources)',
      peer_ms: peerMs,
      note: oursMs < 10_000 ? 'under the 10 s target' : 'OVER the 10 s target',
    });

    const mdMs = await time(async () => {
      writeFileSync(
        join(out, 'bulletin.md'),
        renderMarkdown(buildBulletin(await loadBulletinInput(store, { ...req, charts: false }))),
      );
    }, 3);
    report({
      bench: 'reports',
      size: `${n} incidents`,
      ours: 'bulletin Markdown',
      ours_ms: mdMs,
      peer: 'plain template-string HTML (same run)',
      peer_ms: peerMs,
    });

    const browser = await launchChromium(process.env.CHOKEPOINT_CHROMIUM);
    try {
      let pdf: Buffer = Buffer.alloc(0);
      const pdfMs = await time(async () => {
        pdf = await htmlToPdf(html, { browser });
        writeFileSync(join(out, 'bulletin.pdf'), pdf);
      });
      const peerPdfMs = await time(async () => {
        await htmlToPdf(peer, { browser });
      });
      report({
        bench: 'reports',
        size: `${n} incidents, PDF ${Math.round(pdf.length / 1024)} KiB`,
        ours: 'bulletin PDF (chromium printing of our HTML)',
        ours_ms: pdfMs,
        peer: 'the plain HTML printed by the same chromium',
        peer_ms: peerPdfMs,
      });
    } finally {
      await browser.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
