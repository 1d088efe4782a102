import { describe, expect, it } from 'vitest';
import type { FtmEntity } from '../network/ftm.ts';
import type { Order } from '../network/orders.ts';
import { classifyBusiness, classifyGoods } from './classify.ts';
import { distanceKm } from '../geo/offset.ts';
import { locate } from './geo.ts';
import { scoreOrders, type OrderInput, type ScoredOrder } from './indicators.ts';
import { loadRules, logit, sigmoid } from './rules.ts';

const rules = loadRules('v1');

/** An unremarkable order: an established paint maker far from any border, paying its own invoice by bank transfer. */
function order(over: Partial<Order> = {}): Order {
  return {
    order_id: 'T-1',
    order_date: '2019-03-10',
    seller: 'Rhein Pigmente GmbH',
    seller_country: 'DE',
    buyer: 'Marmara Boya Sanayi',
    buyer_country: 'TR',
    buyer_city: 'Bursa',
    buyer_business: 'paint and coatings manufacturing',
    buyer_first_seen: '2011-01-04',
    goods: 'titanium dioxide pigment',
    hs_code: '320611',
    quantity: 800,
    unit: 'kg',
    value: 2400,
    currency: 'EUR',
    payer: 'Marmara Boya Sanayi',
    payment_method: 'bank_transfer',
    consignee: 'Marmara Boya Sanayi',
    ship_to_city: 'Bursa',
    ship_to_country: 'TR',
    route: 'Hamburg>Istanbul>Bursa',
    ...over,
  };
}

const codes = (s: ScoredOrder) => s.flags.map((f) => f.code);
const one = (
  o: OrderInput,
  extra: Parameters<typeof scoreOrders>[0] extends infer T ? Partial<T> : never = {},
) => scoreOrders({ orders: [o], ...extra }, rules)[0]!;

describe('places', () => {
  it('finds border towns whatever the spelling, and measures from the crossing', () => {
    for (const name of ['Akçakale', 'Akcakale', 'AkCakale', 'AKÇAKALE', 'Akcakale, Sanliurfa']) {
      const p = locate(name, 'TR');
      expect(p?.name, name).toBe('Akçakale');
    }
    const urfa = locate('Şanlıurfa')!;
    const akca = locate('Akcakale')!;
    expect(distanceKm(urfa.lat, urfa.lon, akca.lat, akca.lon)).toBeGreaterThan(40);
    expect(distanceKm(urfa.lat, urfa.lon, akca.lat, akca.lon)).toBeLessThan(60);
    expect(locate('Tell Abiad')?.country).toBe('SY');
    expect(locate('Nowhere-upon-Nothing')).toBeNull();
  });
});

describe('classifiers', () => {
  it('recognise controlled commodities by HS code, by description, or both', () => {
    const byBoth = classifyGoods('aluminium paste (non-leafing)', '7603.20');
    expect(byBoth.controlled.map((c) => [c.code, c.matched_by])).toEqual([
      ['CONTROLLED_PRECURSOR', ['hs_code', 'goods']],
    ]);
    expect(classifyGoods('Alüminyum pasta', null).controlled[0]?.matched_by).toEqual(['goods']);
    expect(classifyGoods(null, '310230').controlled[0]).toMatchObject({
      entry: 'ammonium_nitrate',
      list: 'EU 2019/1148 Annex I',
      matched_by: ['hs_code'],
    });
    // A DC motor heading is a UAV part only when the description says so.
    expect(classifyGoods('DC motors for ventilation fans', '850131').controlled).toEqual([]);
    expect(classifyGoods('brushless motors for quadcopters', '850131').controlled[0]?.code).toBe(
      'UAV_COMPONENT',
    );
    expect(classifyGoods('wheat flour', '110100').controlled).toEqual([]);
  });

  it('map business descriptions to sectors and what they plausibly buy', () => {
    expect(classifyBusiness('Mobile phone shop').sector).toBe('telecom_retail');
    expect(classifyBusiness('Cep telefonu satış ve iletişim').sector).toBe('telecom_retail');
    expect(classifyBusiness('aerated concrete block plant').buys.has('al_powder')).toBe(true);
    expect(classifyBusiness('mobile phone shop').buys.has('al_powder')).toBe(false);
    expect(classifyBusiness('general trading').buys_all).toBe(true);
    expect(classifyBusiness(null).sector).toBeNull();
  });
});

describe('indicators', () => {
  it('leave an ordinary order unflagged, at the prior', () => {
    const s = one(order());
    expect(s.flags).toEqual([]);
    expect(s.likelihood).toBeCloseTo(rules.prior, 10);
  });

  it('accumulate log-odds: likelihood is the sigmoid of prior log-odds plus the flag weights', () => {
    const s = one(
      order({
        buyer: 'Sinir Telekom',
        buyer_city: 'Kilis',
        buyer_business: 'mobile phone shop',
        buyer_first_seen: '2019-02-20',
        goods: 'aluminium powder',
        hs_code: '760310',
        quantity: 4,
        unit: 't',
        payer: 'Kemal Ozbek',
        payment_method: 'hawala',
        consignee: 'Hudut Nakliyat',
        ship_to_city: 'Kilis',
        route: 'Istanbul>Gaziantep>Kilis',
      }),
    );
    expect(codes(s)).toEqual([
      'NEW_CUSTOMER',
      'SENSITIVE_REGION',
      'NEW_CUSTOMER_IN_SENSITIVE_REGION',
      'SHIP_TO_SENSITIVE_REGION',
      'GOODS_INCONGRUENT',
      'QUANTITY_DISPROPORTIONATE',
      'THIRD_PARTY_PAYER',
      'CONCEALED_PAYMENT',
      'ROUTE_THROUGH_CROSSING',
      'CONSIGNEE_FORWARDER',
      'CONTROLLED_PRECURSOR',
    ]);
    const sum = s.flags.reduce((a, f) => a + f.weight, 0);
    expect(s.likelihood).toBeCloseTo(sigmoid(logit(rules.prior) + sum), 3);
    const hawala = s.flags.find((f) => f.code === 'CONCEALED_PAYMENT')!;
    expect(hawala.weight).toBeCloseTo(
      rules.weights.CONCEALED_PAYMENT! * rules.params.payment_strength.hawala!,
      4,
    );
    const qty = s.flags.find((f) => f.code === 'QUANTITY_DISPROPORTIONATE')!;
    expect(qty.evidence).toMatchObject({
      field: 'quantity',
      normalised: 4000,
      basis: 'kg',
      compared_with: 'bulk threshold for a small business',
    });
    const region = s.flags.find((f) => f.code === 'SENSITIVE_REGION')!;
    expect(region.evidence).toMatchObject({
      field: 'buyer_city',
      value: 'Kilis',
      list: 'crossings.json',
    });
  });

  it('do not call a payer or consignee a third party when the network links them to the buyer', () => {
    const o = order({ order_id: 'T-2', payer: 'Derya Aksoy', consignee: 'Aksu Depo' });
    expect(codes(one(o))).toEqual(
      expect.arrayContaining(['THIRD_PARTY_PAYER', 'CONSIGNEE_UNRELATED']),
    );
    const entities: FtmEntity[] = [
      { id: 'b', schema: 'Company', properties: { name: ['Marmara Boya Sanayi'] } },
      { id: 'owner', schema: 'Person', properties: { name: ['Kerem Aksoy'] } },
      { id: 'wife', schema: 'Person', properties: { name: ['Derya Aksoy'] } },
      { id: 'depot', schema: 'Company', properties: { name: ['Aksu Depo'] } },
    ];
    const relations = [
      { schema: 'Ownership', source_id: 'owner', target_id: 'b' },
      { schema: 'Family', source_id: 'owner', target_id: 'wife' },
      { schema: 'Ownership', source_id: 'owner', target_id: 'depot' },
    ];
    const linked = one(o, { entities, relations });
    expect(codes(linked)).not.toContain('THIRD_PARTY_PAYER');
    expect(codes(linked)).not.toContain('CONSIGNEE_UNRELATED');
    // A payment edge is not a family or control link.
    const paid = one(o, {
      entities,
      relations: [{ schema: 'Payment', source_id: 'wife', target_id: 'b' }],
    });
    expect(codes(paid)).toContain('THIRD_PARTY_PAYER');
  });

  it('link parties by a shared distinctive name without a network, but not by a generic word', () => {
    expect(codes(one(order({ payer: 'Aksoy Holding', buyer: 'Aksoy Boya Sanayi' })))).not.toContain(
      'THIRD_PARTY_PAYER',
    );
    expect(codes(one(order({ payer: 'Anadolu Boya Ticaret' })))).toContain('THIRD_PARTY_PAYER');
  });

  it('compare quantities with the buyer history and with peers in the same sector', () => {
    const history = [1, 2, 3, 4].map((i) => order({ order_id: `H-${i}`, quantity: 500 + i * 10 }));
    const big = order({ order_id: 'H-big', quantity: 5000 });
    const s = scoreOrders({ orders: [...history, big] }, rules).find(
      (x) => x.order_id === 'H-big',
    )!;
    expect(s.flags.find((f) => f.code === 'QUANTITY_DISPROPORTIONATE')?.evidence).toMatchObject({
      compared_with: 'buyer history',
      orders: 5,
      median: 530,
    });
    const peers = ['A', 'B', 'C', 'D', 'E'].map((b) =>
      order({ order_id: `P-${b}`, buyer: `Boya ${b} Kaplama`, quantity: 300 }),
    );
    const newcomer = order({ order_id: 'P-new', buyer: 'Yeni Kaplama', quantity: 2000 });
    const p = scoreOrders({ orders: [...peers, newcomer] }, rules).find(
      (x) => x.order_id === 'P-new',
    )!;
    expect(p.flags.find((f) => f.code === 'QUANTITY_DISPROPORTIONATE')?.evidence).toMatchObject({
      compared_with: 'peers in sector paints_coatings',
      buyers: 6,
    });
    const normal = scoreOrders(
      { orders: [...peers, order({ order_id: 'P-ok', buyer: 'Yeni Kaplama', quantity: 350 })] },
      rules,
    ).find((x) => x.order_id === 'P-ok')!;
    expect(codes(normal)).not.toContain('QUANTITY_DISPROPORTIONATE');
  });

  it('flag a route off the direct path and a stop at a listed crossing', () => {
    const s = one(order({ route: 'Hamburg>Baku>Istanbul>Bursa' }));
    expect(s.flags.find((f) => f.code === 'ROUTE_DETOUR')?.evidence).toMatchObject({
      field: 'route',
    });
    const c = one(order({ route: 'Mersin>Cilvegözü>Bursa' }));
    expect(c.flags.find((f) => f.code === 'ROUTE_THROUGH_CROSSING')?.evidence).toMatchObject({
      stop: 'Cilvegözü',
      crossing: 'Cilvegözü / Bab al-Hawa',
    });
  });

  it('match parties against the list entries it is given', () => {
    const lists = [
      { list: 'Test sanctions', entity_id: 'L-1', names: ['Kemal Özbek', 'Kemal Ozbeck'] },
    ];
    const s = one(order({ payer: 'KEMAL OZBEK' }), { lists });
    expect(s.flags.find((f) => f.code === 'SANCTIONED_PARTY')?.evidence).toMatchObject({
      field: 'payer',
      list: 'Test sanctions',
      entry: 'L-1',
    });
    expect(codes(one(order({ payer: 'Kemal Ozturk' }), { lists }))).not.toContain(
      'SANCTIONED_PARTY',
    );
    // Word order and transliteration go through the name engine.
    const fuzzy = one(order({ consignee: 'OZBEK Kemal' }), { lists });
    expect(fuzzy.flags.find((f) => f.code === 'SANCTIONED_PARTY')?.evidence).toMatchObject({
      field: 'consignee',
      entry: 'L-1',
      matched_by: 'name engine',
    });
  });

  it('flag a party sharing a phone with a party of a flagged order', () => {
    const entities: FtmEntity[] = [
      {
        id: 'shop',
        schema: 'Company',
        properties: { name: ['Kilis Mobil'], phone: ['+90 348 555 1234'] },
      },
      {
        id: 'clean',
        schema: 'Company',
        properties: { name: ['Marmara Boya Sanayi'], phone: ['0348 555 1234'] },
      },
    ];
    const bad = order({
      order_id: 'S-bad',
      buyer: 'Kilis Mobil',
      buyer_city: 'Kilis',
      buyer_business: 'mobile phone shop',
      buyer_first_seen: '2019-03-01',
      goods: 'potassium chlorate',
      hs_code: '282919',
      payer: 'Kemal Ozbek',
      payment_method: 'cash',
    });
    const scored = scoreOrders({ orders: [bad, order({ order_id: 'S-good' })], entities }, rules);
    const good = scored.find((s) => s.order_id === 'S-good')!;
    expect(good.flags.map((f) => f.code)).toEqual(['SHARED_CONTACT_WITH_FLAGGED']);
    expect(good.flags[0]!.evidence).toMatchObject({
      shared: 'phone',
      with_entity: 'shop',
      flagged_because: 'party of flagged order S-bad',
    });
  });

  it('rank orders highest likelihood first', () => {
    const scored = scoreOrders(
      {
        orders: [
          order({ order_id: 'A' }),
          order({ order_id: 'B', payment_method: 'cash', buyer_city: 'Reyhanli' }),
        ],
      },
      rules,
    );
    expect(scored.map((s) => s.order_id)).toEqual(['B', 'A']);
  });
});

describe('banks', () => {
  it('are not third parties when they pay or take delivery for their client', () => {
    const s = one(
      order({
        payer: 'Ziraat Bankası',
        payment_method: 'letter_of_credit',
        consignee: 'To order of Deniz Bank',
      }),
    );
    expect(codes(s)).not.toContain('THIRD_PARTY_PAYER');
    expect(codes(s)).not.toContain('CONSIGNEE_UNRELATED');
  });
});

describe('fold', () => {
  it('agrees with foldText on ASCII and non-ASCII text', async () => {
    const { fold } = await import('./match.ts');
    const { foldText } = await import('../core/fold.ts');
    for (const t of [
      "O'Neil & Sons, Ltd.",
      'AKCAKALE  Iletisim',
      '  x--y__z  ',
      'Şanlıurfa Kimya',
      'Tall `Abyad',
      'abc\tDEF\n12',
      '',
    ]) {
      expect(fold(t), t).toBe(foldText(t));
    }
  });
});
