import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { generateOrders } from './generate.ts';

interface Line {
  order_id: string;
  likelihood: number;
  flags: { code: string; weight: number; evidence: Record<string, unknown> }[];
}
const lines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);

const HONEST = ['O-2015-101', 'O-2015-102', 'O-2015-103', 'O-2015-104', 'O-2015-105', 'O-2015-106'];
/** Every indicator that applies to the phone shop's aluminium-paste order of the demo world. */
const PHONE_SHOP_FLAGS = [
  'NEW_CUSTOMER',
  'SENSITIVE_REGION',
  'NEW_CUSTOMER_IN_SENSITIVE_REGION',
  'SHIP_TO_SENSITIVE_REGION',
  'GOODS_INCONGRUENT',
  'QUANTITY_DISPROPORTIONATE',
  'THIRD_PARTY_PAYER',
  'CONCEALED_PAYMENT',
  'PAYER_FOR_SEVERAL_BUYERS',
  'ROUTE_THROUGH_CROSSING',
  'CONSIGNEE_FORWARDER',
  'CONTROLLED_PRECURSOR',
  'SHARED_CONTACT_WITH_FLAGGED',
];

describeEachStore('flags CLI on the demo world', (ctx) => {
  it(
    'puts the phone shop aluminium-paste order on top with every flag that applies, honest orders low',
    { timeout: 600_000 },
    () => {
      expect(runCli(['demo', '--db', ctx.url]).code).toBe(0);
      const r = runCli(['flags', 'score', '--db', ctx.url, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const scored = lines(r.stdout);
      expect(scored[0]!.order_id).toBe('O-2015-001');
      expect(scored[0]!.flags.map((f) => f.code)).toEqual(PHONE_SHOP_FLAGS);
      expect(scored[0]!.likelihood).toBeGreaterThan(0.99);
      for (const f of scored[0]!.flags) expect(f.evidence.field, f.code).toBeTruthy();
      const likelihoods = scored.map((s) => s.likelihood);
      expect([...likelihoods].sort((a, b) => b - a)).toEqual(likelihoods);
      const honest = scored.filter((s) => HONEST.includes(s.order_id));
      expect(honest).toHaveLength(6);
      for (const h of honest) expect(h.likelihood, h.order_id).toBeLessThan(0.2);
      const suspicious = scored.filter((s) => !HONEST.includes(s.order_id));
      expect(Math.min(...suspicious.map((s) => s.likelihood))).toBeGreaterThan(
        Math.max(...honest.map((s) => s.likelihood)),
      );
    },
  );

  it(
    'queues the scored orders, records reviews and keeps the history across re-scores',
    { timeout: 600_000 },
    () => {
      const q = runCli(['flags', 'queue', '--db', ctx.url, '--json']);
      expect(q.code, q.stderr).toBe(0);
      const queue = lines(q.stdout) as unknown as { order_id: string; status: string }[];
      expect(queue[0]).toMatchObject({ order_id: 'O-2015-001', status: 'new' });
      expect(queue).toHaveLength(13);

      const rv = runCli([
        'flags',
        'review',
        'O-2015-001',
        '--db',
        ctx.url,
        '--status',
        'escalated',
        '--reason',
        'payer unknown to the buyer',
        '--by',
        'analyst-1',
        '--json',
      ]);
      expect(rv.code, rv.stderr).toBe(0);
      expect(
        runCli([
          'flags',
          'review',
          'O-2015-101',
          '--db',
          ctx.url,
          '--status',
          'cleared',
          '--reason',
          'long-standing paint maker',
          '--by',
          'analyst-2',
        ]).code,
      ).toBe(0);
      const escalated = lines(
        runCli(['flags', 'queue', '--db', ctx.url, '--status', 'escalated', '--json']).stdout,
      ) as unknown as Record<string, unknown>[];
      expect(escalated.map((e) => [e.order_id, e.decided_by, e.reason])).toEqual([
        ['O-2015-001', 'analyst-1', 'payer unknown to the buyer'],
      ]);
      const human = runCli(['flags', 'queue', '--db', ctx.url, '--status', 'cleared']);
      expect(human.stdout).toContain('O-2015-101');
      expect(human.stdout).not.toContain('O-2015-001');

      expect(runCli(['flags', 'score', '--db', ctx.url]).code).toBe(0);
      const h = runCli(['flags', 'history', 'O-2015-001', '--db', ctx.url, '--json']);
      expect(h.code, h.stderr).toBe(0);
      const hist = JSON.parse(h.stdout) as {
        scores: { rules_version: string }[];
        reviews: { status: string; decided_by: string; decided_at: string }[];
      };
      // Scored when the demo was imported, then by each of the two `flags score` runs.
      expect(hist.scores).toHaveLength(3);
      expect(hist.scores.every((s) => s.rules_version === 'v1')).toBe(true);
      expect(hist.reviews).toEqual([
        expect.objectContaining({ status: 'escalated', decided_by: 'analyst-1' }),
      ]);
      // The decision stands after the re-score.
      expect(
        lines(
          runCli(['flags', 'queue', '--db', ctx.url, '--status', 'escalated', '--json']).stdout,
        ),
      ).toHaveLength(1);
    },
  );

  it(
    'refuses a review with an unknown status or order, with a coded error',
    { timeout: 600_000 },
    () => {
      const bad = runCli([
        'flags',
        'review',
        'O-2015-001',
        '--db',
        ctx.url,
        '--status',
        'maybe',
        '--reason',
        'x',
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('CP_BAD_OPTION');
      const missing = runCli([
        'flags',
        'review',
        'NO-SUCH',
        '--db',
        ctx.url,
        '--status',
        'cleared',
        '--reason',
        'x',
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('CP_NOT_FOUND');
    },
  );
});

describe('flags CLI without a database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chokepoint-flags-'));
  const db = join(dir, 'never.db');

  it('scores an orders file alone and writes no database', { timeout: 600_000 }, () => {
    const r = runCli(['flags', 'score', '--orders', 'data/demo/orders.csv', '--json', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const scored = lines(r.stdout);
    expect(scored).toHaveLength(13);
    expect(scored[0]!.order_id).toBe('O-2015-001');
    expect(existsSync(db)).toBe(false);
    const human = runCli(['flags', 'score', '--orders', 'data/demo/orders.csv']);
    expect(human.stdout).toMatch(/O-2015-001\s+1\.000/);
  });

  it('refuses a bad row naming the line and field', { timeout: 600_000 }, () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'order_id,seller,buyer,payment_method\nA,S,B,cash\nC,S,D,pigeon\n');
    const r = runCli(['flags', 'score', '--orders', file, '--json']);
    expect(r.code).toBe(2);
    const err = JSON.parse(r.stderr.trim().split('\n').pop()!).error;
    expect(err).toMatchObject({ code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'payment_method' });
  });

  it(
    'calibrates on a labelled file and writes a new rules version that scores',
    { timeout: 600_000 },
    () => {
      const orders = generateOrders(600, { seed: 9, illicitRate: 0.25 });
      const cols = Object.keys(orders[0]!);
      const csv = [
        cols.join(','),
        ...orders.map((o) =>
          cols.map((c) => String((o as unknown as Record<string, unknown>)[c] ?? '')).join(','),
        ),
      ].join('\n');
      const file = join(dir, 'labelled.csv');
      writeFileSync(file, csv);
      const out = join(dir, 'v2.json');
      // Calibration saves a rule set into the database; --out also writes it to a file.
      const rulesDb = join(dir, 'rules.db');
      const r = runCli([
        'flags',
        'calibrate',
        file,
        '--out',
        out,
        '--folds',
        '3',
        '--json',
        '--db',
        rulesDb,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({
        name: 'calibrated',
        version: 'calibrated@v1',
        rows: 600,
        folds: 3,
      });
      expect(report.hand.auc).toBeGreaterThan(0.75);
      expect(report.fitted.auc).toBeGreaterThan(0.75);
      const rules = JSON.parse(readFileSync(out, 'utf8'));
      expect(rules.version).toBe('calibrated@v1');
      const s = runCli([
        'flags',
        'score',
        '--orders',
        'data/demo/orders.csv',
        '--rules',
        out,
        '--json',
      ]);
      expect(s.code, s.stderr).toBe(0);
      expect(lines(s.stdout)).toHaveLength(13);
    },
  );
});
