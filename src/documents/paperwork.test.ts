import { describe, expect, it } from 'vitest';
import { extractMentions } from './mentions/index.ts';
import { draftFromPaperwork, paperworkKind, paymentMethodOf } from './paperwork.ts';

const INVOICE = `COMMERCIAL INVOICE
Invoice No: INV-2015-0612
Date: 02/06/2015
Seller: Anadolu Kimya Dağıtım A.Ş.
Organize Sanayi Bölgesi, Istanbul
Buyer: Akçakale İletişim Ltd. Şti.
Akçakale, Şanlıurfa
Consignee: Harran Lojistik Ltd.
Payer: Mr Ali Demirtaş
Ship to: Akçakale
Route: Istanbul, Gaziantep, Akçakale
Goods: aluminium paste (non-leafing), HS code 7603.20
Quantity: 6,000 kg
Total: USD 27,000.00
Payment by Western Union money transfer`;

describe('paperwork', () => {
  it('tells invoices, proformas and packing lists', () => {
    expect(paperworkKind('PROFORMA INVOICE No 12')).toBe('proforma');
    expect(paperworkKind('Packing List\nCartons 12')).toBe('packing_list');
    expect(paperworkKind('Commercial Invoice')).toBe('invoice');
    expect(paperworkKind('Minutes of the meeting')).toBeNull();
    expect(paymentMethodOf('IBAN TR33…')).toBe('bank_transfer');
    expect(paymentMethodOf('L/C at sight')).toBe('letter_of_credit');
  });

  it('reads an invoice into a draft order', () => {
    const draft = draftFromPaperwork([
      { page: 1, text: INVOICE, mentions: extractMentions(INVOICE, { country: 'TR' }) },
    ]);
    expect(draft).toEqual({
      kind: 'invoice',
      fields: {
        order_id: 'INV-2015-0612',
        order_date: '2015-06-02',
        seller: 'Anadolu Kimya Dağıtım A.Ş.',
        seller_country: 'TR',
        buyer: 'Akçakale İletişim Ltd. Şti.',
        buyer_country: 'TR',
        buyer_city: 'Akçakale',
        consignee: 'Harran Lojistik Ltd.',
        payer: 'Ali Demirtaş',
        ship_to_city: 'Akçakale',
        ship_to_country: 'TR',
        route: 'Istanbul>Gaziantep>Akçakale',
        goods: 'aluminium paste (non-leafing)',
        hs_code: '760320',
        quantity: 6000,
        unit: 'kg',
        currency: 'USD',
        value: 27000,
        payment_method: 'money_transfer',
      },
    });
  });
  it('reads a number without its "No", and makes no draft of a letter about a proforma', () => {
    const text =
      'Commercial invoice 44/2019\nSeller: Anadolu Kimya, Istanbul\nGoods: aluminium paste, 6 tonnes, HS 7603.20';
    const draft = draftFromPaperwork([{ page: 1, text, mentions: extractMentions(text) }]);
    expect(draft?.fields).toMatchObject({
      order_id: '44/2019',
      seller: 'Anadolu Kimya',
      seller_country: 'TR',
      goods: 'aluminium paste',
      quantity: 6,
      unit: 't',
      hs_code: '760320',
    });
    const mail =
      'From: "Broker" <broker@example.org>\nSubject: Proforma for the paste order\n\nPayment through the exchange office in Gaziantep.';
    expect(
      draftFromPaperwork([{ page: 1, text: mail, mentions: extractMentions(mail) }]),
    ).toBeNull();
    expect(paymentMethodOf(mail)).toBe('money_transfer');
  });
});
