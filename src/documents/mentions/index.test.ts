import { describe, expect, it } from 'vitest';
import { extractMentions } from './index.ts';

/** An invoice's text as pdftotext gives it (our own words; the facts of the demo world). */
const INVOICE = `COMMERCIAL INVOICE No. INV-2015-0612
Date: 02/06/2015
Seller: Anadolu Kimya Dağıtım A.Ş.
Address: Organize Sanayi Bölgesi 4. Cadde No: 12, Gaziantep, Turkey
Tel: +90 342 555 01 23  E-mail: sales@anadolu-kimya.com.tr
Buyer: Akçakale İletişim Ltd. Şti.
Attn: Mr Ali Demirtaş
Goods: aluminium paste (non-leafing), HS code 7603.20, 6,000 kg in 24 drums
Lot No: AP15-0512, serial numbers B-150512-0001 to B-150512-0240
Total: USD 27,000.00
Bank: IBAN TR33 0006 1005 1978 6457 8413 26 SWIFT AKBKTRIS
Ship to: Akçakale, Şanlıurfa`;

describe('extractMentions', () => {
  const found = extractMentions(INVOICE, { country: 'TR' });
  const of = (kind: string) => found.filter((f) => f.kind === kind).map((f) => f.normalized);

  it('finds every family on an invoice, each span pointing at its text', () => {
    expect(of('iban')).toEqual(['TR330006100519786457841326']);
    expect(of('swift')).toEqual(['AKBKTRIS']);
    expect(of('phone')).toEqual(['+903425550123']);
    expect(of('email')).toEqual(['sales@anadolu-kimya.com.tr']);
    expect(of('hs_code')).toEqual(['760320']);
    expect(of('quantity')).toEqual(['6000 kg', '24 drums']);
    expect(of('amount')).toEqual(['USD 27000']);
    expect(of('date')).toEqual(['2015-06-02']);
    expect(of('lot')).toEqual(['AP15-0512']);
    expect(of('serial')).toEqual(['B-150512-0001', 'B-150512-0240']);
    expect(of('company')).toEqual(['Anadolu Kimya Dağıtım A.Ş.', 'Akçakale İletişim Ltd. Şti.']);
    expect(of('person')).toEqual(['Ali Demirtaş']);
    expect(of('address')).toEqual(['organize sanayi bolgesi 4 cadde no 12 gaziantep turkey']);
    expect(of('place')).toContain('Akçakale, TR');
    for (const f of found) expect(INVOICE.slice(f.start, f.end)).toBe(f.text);
  });

  it('carries the entity of a known name, with or without its legal form', () => {
    const known = extractMentions('Consignee: Harran Lojistik ve Nakliyat, Akçakale', {
      known: [
        { entity_id: 'e-harran', schema: 'Company', name: 'Harran Lojistik ve Nakliyat Ltd.' },
      ],
    });
    const harran = known.find((k) => k.kind === 'company')!;
    expect(harran).toMatchObject({ text: 'Harran Lojistik ve Nakliyat', entity_id: 'e-harran' });
    const arabic = extractMentions('المستلم: محمد الأحمد، الرقة', {
      known: [{ entity_id: 'p-ahmad', schema: 'Person', name: 'محمد الأحمد' }],
    });
    expect(arabic.find((m) => m.kind === 'person')).toMatchObject({
      text: 'محمد الأحمد',
      entity_id: 'p-ahmad',
    });
  });

  it('reads news text without taking its words for addresses or paperwork', () => {
    const news = extractMentions(
      'On Tuesday a roadside bomb exploded near Al-Mayadeen; the Total of the week rose.',
    );
    expect(news.map((m) => [m.kind, m.normalized])).toEqual([['place', 'Al Mayādīn, SY']]);
    // A product's name is not a person's.
    expect(
      extractMentions('Product name: Aluminium Paste Grade').filter((m) => m.kind === 'person'),
    ).toEqual([]);
  });
});
