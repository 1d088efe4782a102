import { describe, expect, it } from 'vitest';
import type { Order } from '../network/orders.ts';
import { explainFlags, explainScore, flagName, FLAG_NAMES } from './explain.ts';
import { scoreOrders } from './indicators.ts';
import { FLAG_CODES, loadRules } from './rules.ts';

const rules = loadRules('v1');

/** The study's phone shop: six tonnes of aluminium paste to a new customer in a border town. */
const phoneShop: Order = {
  order_id: 'P-1',
  order_date: '2015-06-02',
  seller: 'Rhein Metallpulver GmbH',
  seller_country: 'DE',
  buyer: 'Akçakale İletişim',
  buyer_country: 'TR',
  buyer_city: 'Akçakale',
  buyer_business: 'mobile phone shop',
  buyer_first_seen: '2015-05-25',
  goods: 'aluminium paste (non-leafing)',
  hs_code: '760320',
  quantity: 6000,
  unit: 'kg',
  value: 30000,
  currency: 'EUR',
  payer: 'Ali Demirtaş',
  payment_method: 'money_transfer',
  consignee: 'Harran Lojistik ve Nakliyat',
  ship_to_city: 'Akçakale',
  ship_to_country: 'TR',
  route: 'Istanbul>Gaziantep>Şanlıurfa>Akçakale',
};

describe('flags in words', () => {
  const [scored] = scoreOrders({ orders: [phoneShop] }, rules);
  const flags = explainFlags(scored!.flags);
  const said = (code: string) => flags.find((f) => f.code === code)?.explanation;

  it('names every shipped code', () => {
    for (const code of FLAG_CODES) expect(FLAG_NAMES[code]).toMatch(/^[A-Z]/);
    expect(flagName('GOODS_INCONGRUENT')).toBe('Goods foreign to the buyer’s business');
    expect(flagName('OLD_RETIRED_CODE')).toBe('old retired code');
  });

  it('tells why the phone-shop order is flagged from the evidence of its flags', () => {
    expect(said('NEW_CUSTOMER_IN_SENSITIVE_REGION')).toBe(
      'A new customer, first seen 8 days before the order, in Akçakale, 1.1 km from the Akçakale / Tal Abyad crossing.',
    );
    expect(said('GOODS_INCONGRUENT')).toBe(
      'Aluminium paste (non-leafing) is not what a mobile phone shop (sector: telecom retail) buys.',
    );
    expect(said('THIRD_PARTY_PAYER')).toContain(
      'paid by Ali Demirtaş, not by the buyer Akçakale İletişim'.slice(1),
    );
    expect(said('CONCEALED_PAYMENT')).toBe(
      'Paid by a money transfer, a method that hides who pays.',
    );
    expect(said('ROUTE_THROUGH_CROSSING')).toBe(
      'The route Istanbul → Gaziantep → Şanlıurfa → Akçakale stops at Akçakale, 1.1 km from the Akçakale / Tal Abyad crossing.',
    );
    expect(said('QUANTITY_DISPROPORTIONATE')).toBe(
      '6,000 kg is a bulk quantity for a small business (1,000 kg or more).',
    );
    expect(said('CONTROLLED_PRECURSOR')).toMatch(
      /^Aluminium paste \(non-leafing\) \(HS 760320\) is listed as an explosives precursor in EU 2019\/1148 Annex II/,
    );
    // No sentence leaks JSON or a null.
    for (const f of flags) expect(f.explanation, f.code).not.toMatch(/[{}]|null|undefined/);
  });

  it('says less, never fails, for stored evidence of older rules', () => {
    const [old] = explainFlags([
      { code: 'SENSITIVE_REGION', weight: 1, evidence: null },
      { code: 'RETIRED', weight: 0.2, evidence: { field: 'route', value: 'A>B', extra: { x: 1 } } },
    ]);
    expect(old!.explanation).toBe('The buyer is in a place.');
    const score = explainScore({
      order_id: 'X',
      flags: [{ code: 'RETIRED', weight: 0.2, evidence: { field: 'route', value: 'A>B' } }],
    });
    expect(score.flags[0]).toMatchObject({
      name: 'retired',
      explanation: 'field: route; value: A>B',
    });
  });
});
