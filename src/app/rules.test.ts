import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore, runCli } from '../../test/stores.ts';
import { generateOrders } from '../flags/generate.ts';
import { loadDemo } from '../store/demo.ts';
import { saveRuleSet } from '../store/flags.ts';
import { scoreCaseOrders } from './orders.ts';
import { calibrateRuleSet, listRuleSets, resolveRules, ruleSetName } from './rules.ts';

/** Generated orders with their labels, as the labelled CSV `flags calibrate` reads. */
function labelledCsv(n: number, seed: number): string {
  const orders = generateOrders(n, { seed, illicitRate: 0.25 });
  const cols = Object.keys(orders[0]!);
  return [
    cols.join(','),
    ...orders.map((o) =>
      cols.map((c) => String((o as unknown as Record<string, unknown>)[c] ?? '')).join(','),
    ),
  ].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'chokepoint-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEachStore('calibrated rule sets in the database', (ctx) => {
  beforeAll(async () => {
    await loadDemo(ctx.store);
  }, 120_000);

  it('saves each calibration as the next version of its name', { timeout: 300_000 }, async () => {
    const text = labelledCsv(300, 4);
    const first = await calibrateRuleSet(ctx.store, {
      text,
      file: 'a.csv',
      folds: 3,
      name: 'field',
    });
    const second = await calibrateRuleSet(ctx.store, {
      text,
      file: 'b.csv',
      folds: 3,
      name: 'field',
    });
    expect([first.label, second.label]).toEqual(['field@v1', 'field@v2']);
    expect(second.rules.version).toBe('field@v2');
    expect(second.report.rows).toBe(300);

    const sets = await listRuleSets(ctx.store);
    expect(sets.filter((s) => s.kind === 'shipped').map((s) => s.label)).toContain('v1');
    expect(sets.filter((s) => s.kind === 'stored')).toMatchObject([
      { label: 'field@v1', name: 'field', version: 1, source: 'a.csv' },
      { label: 'field@v2', name: 'field', version: 2, source: 'b.csv' },
    ]);

    // A name is its latest version; name@vN one version; v1 the shipped rules.
    expect((await resolveRules(ctx.store, 'field')).version).toBe('field@v2');
    expect((await resolveRules(ctx.store, 'field@v1')).version).toBe('field@v1');
    expect((await resolveRules(ctx.store, 'v1')).version).toBe('v1');
    expect((await resolveRules(ctx.store, 'field@v1')).weights).toEqual(first.rules.weights);
  });

  it('refuses unknown rule sets, files where files are not allowed, and bad names', async () => {
    await expect(resolveRules(ctx.store, 'nothing')).rejects.toMatchObject({
      code: 'CP_NOT_FOUND',
    });
    await expect(resolveRules(ctx.store, 'field@v9')).rejects.toMatchObject({
      code: 'CP_NOT_FOUND',
    });
    await expect(resolveRules(ctx.store, '/etc/passwd')).rejects.toMatchObject({
      code: 'CP_NOT_FOUND',
    });
    expect(() => ruleSetName('v3')).toThrow(/bad rule set name/);
    expect(() => ruleSetName('Has Spaces')).toThrow(/bad rule set name/);
  });

  it('never overwrites a saved version', async () => {
    const set = {
      name: 'fixed',
      version: 1,
      rules: '{}',
      description: '',
      source: null,
      created_by: null,
      created_at: new Date().toISOString(),
    };
    await saveRuleSet(ctx.store.db, set);
    await expect(saveRuleSet(ctx.store.db, set)).rejects.toMatchObject({ code: 'CP_CONFLICT' });
  });

  it('scores with a stored rule set and records its label', async () => {
    const r = await scoreCaseOrders(ctx.store, { caseId: 'default', rules: 'field@v1' });
    expect(r.rules_version).toBe('field@v1');
    expect(r.scores).toHaveLength(13);
  });

  it(
    'calibrates, lists and scores through the CLI (`flags calibrate|rules|score --rules`)',
    { timeout: 600_000 },
    () => {
      const file = join(dir, `labelled-${ctx.store.dialect}.csv`);
      writeFileSync(file, labelledCsv(300, 5));
      const cal = runCli([
        'flags',
        'calibrate',
        file,
        '--name',
        'cli-set',
        '--folds',
        '3',
        '--json',
        '--db',
        ctx.url,
      ]);
      expect(cal.code, cal.stderr).toBe(0);
      expect(JSON.parse(cal.stdout)).toMatchObject({ name: 'cli-set', version: 'cli-set@v1' });

      const rules = runCli(['flags', 'rules', '--json', '--db', ctx.url]);
      expect(rules.code, rules.stderr).toBe(0);
      const labels = (JSON.parse(rules.stdout) as { label: string }[]).map((r) => r.label);
      expect(labels).toEqual(expect.arrayContaining(['v1', 'field@v2', 'cli-set@v1']));

      const score = runCli(['flags', 'score', '--rules', 'cli-set', '--json', '--db', ctx.url]);
      expect(score.code, score.stderr).toBe(0);
      const hist = runCli(['flags', 'history', 'O-2015-001', '--json', '--db', ctx.url]);
      const scores = (JSON.parse(hist.stdout) as { scores: { rules_version: string }[] }).scores;
      expect(scores.at(-1)!.rules_version).toBe('cli-set@v1');

      const missing = runCli(['flags', 'score', '--rules', 'no-such-set', '--db', ctx.url]);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('CP_NOT_FOUND');
    },
  );
});
