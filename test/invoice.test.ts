import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlToPdf } from '../src/reports/pdf.ts';
import { runCli } from './cli.ts';

/**
 * Issue 21, items 3 and 4 end to end, as a user runs them: an invoice printed to a text PDF
 * by chromium, ingested by `import documents`, read into mentions and a draft order; the
 * confirmed draft scores as the same order imported from an orders CSV.
 */
const INVOICE_HTML = `<!doctype html><html><head><meta charset="utf-8"><style>
body { font-family: sans-serif; font-size: 11pt } p { margin: 0 0 4pt }</style></head><body>
<h1>COMMERCIAL INVOICE</h1>
<p>Invoice No: INV-2015-0612</p>
<p>Date: 02/06/2015</p>
<p>Seller: Anadolu Kimya Dağıtım A.Ş.</p>
<p>Organize Sanayi Bölgesi, Istanbul</p>
<p>Tel: +90 212 555 01 23</p>
<p>Buyer: Akçakale İletişim Ltd. Şti.</p>
<p>Akçakale, Şanlıurfa</p>
<p>Consignee: Harran Lojistik Ltd.</p>
<p>Payer: Mr Ali Demirtaş</p>
<p>Ship to: Akçakale</p>
<p>Route: Istanbul, Gaziantep, Akçakale</p>
<p>Goods: aluminium paste (non-leafing), HS code 7603.20</p>
<p>Quantity: 6,000 kg</p>
<p>Lot No: AP15-0512, serial numbers B-150512-0001 to B-150512-0240</p>
<p>Total: USD 27,000.00</p>
<p>Payment by Western Union money transfer</p>
<p>Beneficiary bank: IBAN TR33 0006 1005 1978 6457 8413 26</p>
</body></html>`;

const ORDER_CSV = `order_id,order_date,seller,seller_country,buyer,buyer_country,buyer_city,buyer_business,buyer_first_seen,goods,hs_code,quantity,unit,value,currency,payer,payment_method,consignee,ship_to_city,ship_to_country,route,lot,serial_first,serial_last
INV-2015-0612,2015-06-02,Anadolu Kimya Dağıtım A.Ş.,TR,Akçakale İletişim Ltd. Şti.,TR,Akçakale,mobile phone shop,,aluminium paste (non-leafing),760320,6000,kg,27000,USD,Ali Demirtaş,money_transfer,Harran Lojistik Ltd.,Akçakale,TR,Istanbul>Gaziantep>Akçakale,AP15-0512,B-150512-0001,B-150512-0240
`;

const dir = mkdtempSync(join(tmpdir(), 'chokepoint-invoice-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = runCli(args);
  if (r.code !== 0) throw new Error(`chokepoint ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}
const lines = (s: string) =>
  s
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('an invoice PDF becomes mentions and a scored order', () => {
  it('yields the IBAN, HS code, phone and both companies; its draft scores like the CSV order', async () => {
    const pdf = join(dir, 'invoice.pdf');
    writeFileSync(pdf, await htmlToPdf(INVOICE_HTML));
    const db = join(dir, 'docs.db');
    const ingest = JSON.parse(cli(['import', 'documents', pdf, '--db', db, '--json'])) as {
      documents: { id: string; status: string }[];
    };
    const docId = ingest.documents[0]!.id;
    expect(ingest.documents[0]!.status).toBe('done');
    // Ingest read the invoice for mentions: its draft is there before anyone asks for them.
    expect(lines(cli(['documents', 'drafts', '--db', db, '--json']))).toHaveLength(1);

    const mentions = lines(cli(['documents', 'mentions', docId, '--db', db, '--json']));
    expect(Object.keys(mentions[0]!).slice(0, 8)).toEqual([
      'document_id',
      'page',
      'kind',
      'text',
      'normalized',
      'start',
      'end',
      'entity_id',
    ]);
    const of = (kind: string) => mentions.filter((m) => m.kind === kind).map((m) => m.normalized);
    expect(of('iban')).toEqual(['TR330006100519786457841326']);
    expect(of('hs_code')).toEqual(['760320']);
    expect(of('phone')).toEqual(['+902125550123']);
    expect(of('company')).toEqual(
      expect.arrayContaining(['Anadolu Kimya Dağıtım A.Ş.', 'Akçakale İletişim Ltd. Şti.']),
    );
    const page = cli(['documents', 'page', docId, '1', '--db', db]);
    for (const m of mentions.filter((x) => x.page === 1))
      expect(page.slice(m.start as number, m.end as number)).toBe(m.text);

    const [draft] = lines(cli(['documents', 'drafts', '--db', db, '--json']));
    expect(draft).toMatchObject({ kind: 'invoice', state: 'draft', document_id: docId });
    const confirmed = JSON.parse(
      cli([
        'documents',
        'confirm',
        draft!.id as string,
        '--set',
        'buyer_business=mobile phone shop',
        '--db',
        db,
        '--json',
      ]),
    ) as { order: Record<string, unknown>; likelihood: number; flags: { code: string }[] };

    const csv = join(dir, 'orders.csv');
    writeFileSync(csv, ORDER_CSV);
    const db2 = join(dir, 'csv.db');
    cli(['import', 'orders', csv, '--db', db2]);
    const [fromCsv] = lines(cli(['flags', 'score', '--db', db2, '--json']));
    const [fromDraft] = lines(cli(['flags', 'score', '--db', db, '--json']));
    expect(fromDraft!.order_id).toBe('INV-2015-0612');
    expect(fromDraft!.likelihood).toBe(fromCsv!.likelihood);
    expect(confirmed.likelihood).toBe(fromCsv!.likelihood);
    const codes = (s: Record<string, unknown>) =>
      (s.flags as { code: string }[]).map((f) => f.code).sort();
    expect(codes(fromDraft!)).toEqual(codes(fromCsv!));
    expect(codes(fromCsv!).length).toBeGreaterThanOrEqual(2);
  });
});
