import { describe, expect, it } from 'vitest';
import { ChokepointError } from '../core/errors.ts';
import { auc, brier, calibrate, fitLogistic, reliability, stratifiedFolds } from './calibrate.ts';
import { generateOrders, rng } from './generate.ts';
import { parseLabelledCsv } from './labelled.ts';
import { FLAG_CODES, loadRules, RulesSchema, sigmoid } from './rules.ts';

describe('logistic regression', () => {
  it('recovers the weights of a known model', () => {
    const r = rng(5);
    const truth = [2, -1, 0.5];
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = [r() < 0.3 ? 1 : 0, r() < 0.5 ? 1 : 0, r()];
      X.push(x);
      y.push(r() < sigmoid(-1 + x.reduce((s, v, j) => s + v * truth[j]!, 0)) ? 1 : 0);
    }
    const fit = fitLogistic(X, y, 0.01);
    expect(fit.intercept).toBeCloseTo(-1, 0);
    fit.weights.forEach((w, j) => expect(Math.abs(w - truth[j]!)).toBeLessThan(0.2));
    // A heavy penalty shrinks the weights towards zero.
    const shrunk = fitLogistic(X, y, 5000);
    expect(Math.abs(shrunk.weights[0]!)).toBeLessThan(Math.abs(fit.weights[0]!));
  });

  it('measures ranking and calibration', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 10);
    expect(auc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(auc([0.2, 0.3], [1, 1])).toBeNull();
    expect(brier([1, 0, 0.5], [1, 0, 1])).toBeCloseTo(0.25 / 3, 10);
    const table = reliability([0.05, 0.07, 0.95, 1], [0, 1, 1, 1]);
    expect(table[0]).toEqual({
      bin: '0.0–0.1',
      orders: 2,
      mean_predicted: 0.06,
      observed_rate: 0.5,
    });
    expect(table[9]!.orders).toBe(2);
    const folds = stratifiedFolds([1, 1, 1, 0, 0, 0, 0, 0, 0], 3);
    expect([0, 1, 2].map((f) => folds.filter((x, i) => x === f && i < 3).length)).toEqual([
      1, 1, 1,
    ]);
  });
});

describe('calibrate', () => {
  it('fits weights on labelled orders and reports held-out AUC and calibration beside the hand-set weights', () => {
    const orders = generateOrders(1500, { seed: 21, illicitRate: 0.2 });
    const labelled = orders.map(({ label, ...order }) => ({ order, illicit: label === 'illicit' }));
    const base = loadRules('v1');
    const { rules, report } = calibrate(labelled, base, {
      folds: 4,
      version: 'v2',
      source: 'generated',
    });
    expect(RulesSchema.parse(rules).version).toBe('v2');
    expect(report.rows).toBe(1500);
    expect(report.hand.auc).toBeGreaterThan(0.8);
    expect(report.fitted.auc).toBeGreaterThan(0.8);
    expect(report.fitted.reliability.reduce((s, b) => s + b.orders, 0)).toBe(1500);
    expect(report.weights.map((w) => w.code)).toEqual([...FLAG_CODES]);
    // An indicator the generator never produces keeps its hand-set weight.
    expect(rules.weights.SANCTIONED_PARTY).toBe(base.weights.SANCTIONED_PARTY);
    expect(rules.weights.GOODS_INCONGRUENT).toBeGreaterThan(0);
  });
});

describe('labelled orders file', () => {
  const header = 'order_id,seller,buyer,quantity,label\n';
  it('reads the orders columns and a label', () => {
    const rows = parseLabelledCsv(`${header}A,S,B,5,illicit\nC,S,D,,legitimate\n`, 'l.csv');
    expect(rows.map((r) => [r.order.order_id, r.illicit])).toEqual([
      ['A', true],
      ['C', false],
    ]);
  });
  it('refuses a bad label or a missing label column with file, line and field', () => {
    const bad = () => parseLabelledCsv(`${header}A,S,B,5,illicit\nC,S,D,2,maybe\n`, 'l.csv');
    expect(bad).toThrow(ChokepointError);
    try {
      bad();
    } catch (e) {
      expect((e as ChokepointError).location).toMatchObject({
        file: 'l.csv',
        line: 3,
        field: 'label',
      });
    }
    expect(() => parseLabelledCsv('order_id,seller,buyer\nA,S,B\n', 'l.csv')).toThrow(
      /missing column "label"/,
    );
    expect(() => parseLabelledCsv(`${header}A,S,B,lots,illicit\n`, 'l.csv')).toThrow(
      /line 2, field "quantity"/,
    );
  });
});
