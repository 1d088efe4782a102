import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { foldText } from '../core/fold.ts';
import { importFile } from './importer.ts';
import { indexRecords, searchRecords } from './search.ts';
import { storeStats } from './stats.ts';

describe('foldText', () => {
  it('folds Turkish dotless ı, dotted İ and diacritics alike', () => {
    expect(foldText('Şanlıurfa')).toBe('sanliurfa');
    expect(foldText('SANLIURFA')).toBe('sanliurfa');
    expect(foldText('AkÇakale')).toBe('akcakale');
    expect(foldText('İSTANBUL')).toBe('istanbul');
    expect(foldText('Deir ez-Zor')).toBe('deir ez zor');
  });
});

describeEachStore('store basics', (ctx, dialect) => {
  it(`opens ${dialect} with the default case and empty counts`, async () => {
    const stats = await storeStats(ctx.store.db, ['default']);
    expect(stats.cases).toBe(1);
    expect(stats.incidents).toBe(0);
  });

  it('finds Şanlıurfa, Sanliurfa and SANLIURFA in full-text search', async () => {
    const line = JSON.stringify({
      id: 'e1',
      schema: 'Company',
      properties: { name: ['Harran Lojistik'], address: ['Şanlıurfa'] },
    });
    await importFile(ctx.store, 'ftm', 'x.ftm.jsonl', { text: line + '\n' });
    for (const q of ['Şanlıurfa', 'Sanliurfa', 'SANLIURFA', 'sanli']) {
      const hits = await searchRecords(ctx.store.db, ctx.store.dialect, ['default'], q);
      expect(
        hits.map((h) => h.record_id),
        q,
      ).toEqual(['e1']);
    }
  });

  it("replaces a record's index entry when it is indexed again", async () => {
    const docs = (title: string) =>
      Array.from({ length: 1200 }, (_, i) => ({
        record_kind: 'note',
        record_id: `n${i}`,
        title: i === 7 ? title : `filler ${i}`,
        body: i === 7 ? `${title} body` : 'nothing',
      }));
    await indexRecords(ctx.store.db, 'default', docs('Ceylanpınar'));
    await indexRecords(ctx.store.db, 'default', docs('Nusaybin'));
    const old = await searchRecords(ctx.store.db, ctx.store.dialect, ['default'], 'ceylanpinar');
    expect(old).toEqual([]);
    const fresh = await searchRecords(ctx.store.db, ctx.store.dialect, ['default'], 'nusaybin');
    expect(fresh.map((h) => [h.record_id, h.title])).toEqual([['n7', 'Nusaybin']]);
    const filler = await searchRecords(ctx.store.db, ctx.store.dialect, ['default'], 'filler', {
      limit: 5000,
    });
    expect(filler).toHaveLength(1199);
  });
});
