import { describe, expect, it } from 'vitest';
import { scoreColumnar, toColumnar } from './columnar.ts';
import { generateOrders } from './generate.ts';
import { scoreOrders } from './indicators.ts';
import { loadRules } from './rules.ts';

describe('columnar path', () => {
  const rules = loadRules('v1');
  const orders = generateOrders(3000, { seed: 7, buyers: 120 });
  // Some rows with missing fields, to exercise the null paths of both.
  for (let i = 0; i < orders.length; i += 97) {
    const o = orders[i]!;
    orders[i] = {
      ...o,
      unit: i % 2 ? null : 'tonnes',
      quantity: i % 3 ? o.quantity : null,
      payer: null,
      consignee: null,
      route: null,
      buyer_business: null,
      order_date: null,
    };
  }
  const lists = [{ list: 'test list', entity_id: 'x1', names: [orders[5]!.payer!] }];
  const plain = new Map(scoreOrders({ orders, lists }, rules).map((s) => [s.order_id, s]));
  const cols = scoreColumnar(toColumnar(orders), rules, { lists });

  it('gives every order the likelihood of the plain path', () => {
    let maxDiff = 0;
    orders.forEach((o, i) => {
      maxDiff = Math.max(
        maxDiff,
        Math.abs(plain.get(o.order_id)!.likelihood - cols.likelihood[i]!),
      );
    });
    expect(maxDiff).toBeLessThan(1e-12);
  });

  it('gives the same flag codes and weights, and the same evidence when explained', () => {
    orders.forEach((o, i) => {
      const p = plain.get(o.order_id)!;
      expect(cols.codes(i)).toEqual(p.flags.map((f) => ({ code: f.code, weight: f.weight })));
      if (i % 50 === 0) expect(cols.explain(i)).toEqual(p.flags);
    });
  });

  it('ranks like the plain path', () => {
    const ranked = [...cols.ranking()].map((i) => orders[i]!.order_id);
    expect(ranked).toEqual([...plain.values()].map((s) => s.order_id));
  });

  it('fires a mix of indicators on generated data (the comparison is not vacuous)', () => {
    const fired = new Set([...plain.values()].flatMap((s) => s.flags.map((f) => f.code)));
    for (const code of [
      'NEW_CUSTOMER',
      'SENSITIVE_REGION',
      'GOODS_INCONGRUENT',
      'QUANTITY_DISPROPORTIONATE',
      'THIRD_PARTY_PAYER',
      'CONCEALED_PAYMENT',
      'PAYER_FOR_SEVERAL_BUYERS',
      'ROUTE_THROUGH_CROSSING',
      'ROUTE_DETOUR',
      'CONSIGNEE_FORWARDER',
      'CONSIGNEE_UNRELATED',
      'CONTROLLED_PRECURSOR',
      'SANCTIONED_PARTY',
      'CUSTOMER_HISTORY_UNKNOWN',
    ]) {
      expect(fired, code).toContain(code);
    }
  });
});

describe('columnar top-k ranking', () => {
  it('returns the head of the full ranking', () => {
    const orders = generateOrders(800, { seed: 3 });
    const s = scoreColumnar(toColumnar(orders), loadRules('v1'));
    expect([...s.ranking(25)]).toEqual([...s.ranking()].slice(0, 25));
  });
});
