import { beforeAll, expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { loadEntityDossier, reportAnalyses as prepareAnalyses } from '../app/reports.ts';
import { loadDemo } from '../store/demo.ts';
import { inlineText, type Block, type ReportDoc } from './doc.ts';
import { buildEntityDossier } from './dossier.ts';

/** Rows of the table that follows a heading, as plain text cells. */
function tableAfter(doc: ReportDoc, heading: string): string[][] {
  const i = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text === heading);
  expect(i, heading).toBeGreaterThanOrEqual(0);
  const t = doc.blocks
    .slice(i + 1)
    .find((b) => b.kind === 'table' || b.kind === 'heading') as Block;
  expect(t.kind, `a table after ${heading}`).toBe('table');
  return (t as Extract<Block, { kind: 'table' }>).rows.map((r) => r.map(inlineText));
}

function blocksUnder(doc: ReportDoc, heading: string): Block[] {
  const i = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text === heading);
  const rest = doc.blocks.slice(i + 1);
  const end = rest.findIndex((b) => b.kind === 'heading' && b.level === 1);
  return end < 0 ? rest : rest.slice(0, end);
}

const GRADED = /\[src-[a-z0-9-]+ [A-F][1-6]/;

describeEachStore('dossiers of the demo junction family', (ctx) => {
  let mehmet: ReportDoc;
  beforeAll(async () => {
    await loadDemo(ctx.store);
    const analyses = await prepareAnalyses(ctx.store, ['default']);
    mehmet = buildEntityDossier(
      await loadEntityDossier(ctx.store, ['default'], 'p-mehmet-karahan', analyses),
    );
  }, 120_000);

  it("shows Mehmet Karahan's relations, each with its graded sources", () => {
    const rows = tableAfter(mehmet, 'Relations');
    const family = rows.filter((r) => r[0] === 'Family').map((r) => r[2]);
    expect(family.join(' ')).toContain('Ahmet Karahan');
    expect(family.join(' ')).toContain('Yusuf Karahan');
    const own = rows.find((r) => r[0] === 'Ownership')!;
    expect(own[2]).toContain('Karahan Kimya');
    expect(own[3]).toBe('100 %');
    for (const r of rows) expect(r.at(-1), r.join(' | ')).toMatch(GRADED);
    // The family relation is graded as its source says: the CAR report (A), credibility 2.
    expect(rows.find((r) => r[0] === 'Family')!.at(-1)).toContain('src-car-red-flags A2');
  });

  it('shows his orders, their red flags and their sources', () => {
    const orders = tableAfter(mehmet, 'Orders');
    const o4 = orders.find((r) => r[0] === 'O-2015-004')!;
    expect(o4[2]).toBe('consignee');
    expect(o4.at(-1)).toMatch(GRADED);
    const flags = blocksUnder(mehmet, 'Red flags');
    const heading = flags.find(
      (b) => b.kind === 'heading' && b.text.startsWith('Order O-2015-004'),
    );
    expect(heading).toBeDefined();
    const table = flags.find((b) => b.kind === 'table') as Extract<Block, { kind: 'table' }>;
    // Each flag by its name (and code), its evidence in words, as the API and the web app say it.
    const names = table.rows.map((r) => inlineText(r[0]!));
    expect(names).toContain('Paid by a third party (THIRD_PARTY_PAYER)');
    const why = table.rows.find((r) => inlineText(r[0]!).endsWith('(THIRD_PARTY_PAYER)'))!;
    expect(inlineText(why[2]!)).toMatch(/^Paid by .+, not by the buyer Karahan Elektronik/);
    for (const r of table.rows) expect(inlineText(r.at(-1)!)).toMatch(GRADED);
  });

  it('shows his place in the network: junction rank, his family group and the cut', () => {
    const items = blocksUnder(mehmet, 'Place in the network').find(
      (b) => b.kind === 'list',
    ) as Extract<Block, { kind: 'list' }>;
    const text = items.items.map(inlineText);
    expect(text[0]).toMatch(/^Junction rank \d+ of \d+/);
    const group = text.find((t) => t.startsWith('Member of Karahan family group'))!;
    expect(group).toMatch(/junction rank 1 of \d+/);
    expect(group).toContain('the group is a minimum cut on its own');
    for (const t of text) expect(t).toMatch(GRADED);
  });

  it('marks facts without a source as unsourced', async () => {
    // Parties created from orders have no evidence of their own.
    const analyses = await prepareAnalyses(ctx.store, ['default']);
    const { listOrders } = await import('../store/orders.ts');
    const [order] = await listOrders(ctx.store.db, ['default'], ['O-2015-004']);
    const seller = order!.seller_entity_id!;
    const doc = buildEntityDossier(
      await loadEntityDossier(ctx.store, ['default'], seller, analyses),
    );
    const names = tableAfter(doc, 'Names and identifiers');
    expect(names[0]!.at(-1)).toBe('[unsourced]');
  });

  it('writes the company dossier through the CLI in HTML and Markdown, with sources', () => {
    const html = runCli([
      'report',
      'entity',
      'c-karahan-kimya',
      '--format',
      'html',
      '--db',
      ctx.url,
    ]);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain('<h1>Dossier: Karahan Kimya Ltd. Şti.</h1>');
    expect(html.stdout).toContain('TR-SAN-48211');
    expect(html.stdout).toMatch(/Place in the network/);
    expect(html.stdout).toContain('id="src-src-car-red-flags"');
    const md = runCli(['report', 'entity', 'c-karahan-kimya', '--format', 'md', '--db', ctx.url]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toMatch(/\| Registration number \| TR-SAN-48211 \| +\\\[\d+ A2\\\] \|/);
  });

  it('writes seizure and order dossiers, and refuses an unknown id with a coded error', () => {
    const s = runCli(['report', 'seizure', 'SZ-2021-ABK', '--format', 'md', '--db', ctx.url]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('## Composition against the baseline');
    expect(s.stdout).toContain('## Links to other seizures');
    const o = runCli(['report', 'order', 'O-2015-001', '--format', 'md', '--db', ctx.url]);
    expect(o.code, o.stderr).toBe(0);
    expect(o.stdout).toContain('## Red flags');
    expect(o.stdout).toContain('## Review history');
    expect(o.stdout).toMatch(/src-invoice-o-001|\\\[\d+ B1\\\]/);
    const bad = runCli(['report', 'entity', 'nobody', '--json', '--db', ctx.url]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stderr).error.code).toBe('CP_NOT_FOUND');
  });
});
