import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { ensureCase } from './connect.ts';
import { readEvidence } from './reads.ts';
import { addEvidence, evidenceFor, upsertSources } from './sources.ts';

// A bulletin cited by name on a record (stored ungraded, F6) and the same bulletin's graded
// record (B2) are one source on both databases, through both evidence readers.
describeEachStore('evidence: one entry per publication', (ctx) => {
  const C = 'pub-case';
  beforeAll(async () => {
    const { store } = ctx;
    await ensureCase(store.db, C, C);
    const base = { kind: 'bulletin' as const, url: null, published: '2021-01-14' };
    await upsertSources(store.db, C, [
      {
        ...base,
        id: 'src-itic',
        title: 'Spotlight on Global Jihad, January 7–13, 2021',
        publisher: 'Meir Amit Intelligence and Terrorism Information Center',
        reliability: 'B',
      },
      {
        ...base,
        id: 'src-cited',
        title: 'ITIC, Spotlight on Global Jihad',
        // As the importer stores a source an incident cites by name.
        publisher: 'ITIC, Spotlight on Global Jihad',
        reliability: 'F',
      },
      { ...base, id: 'src-other', title: 'Khotwa', publisher: 'Khotwa', reliability: 'F' },
    ]);
    const link = (source_id: string, credibility: number) => ({
      record_kind: 'entity' as const,
      record_id: 'e-1',
      source_id,
      credibility,
      page: null,
      excerpt: null,
    });
    await addEvidence(store.db, C, [
      link('src-cited', 6),
      link('src-itic', 2),
      link('src-other', 6),
    ]);
  });

  it('folds the cited name into the graded record and keeps the other source', async () => {
    const expected = [
      ['src-itic', 'B2', ['src-cited']],
      ['src-other', 'F6', undefined],
    ];
    const viaKysely = await evidenceFor(ctx.store.db, C, 'e-1', 'entity');
    expect(viaKysely.map((s) => [s.id, s.grade, s.same_as])).toEqual(expected);
    const viaSql = await readEvidence(ctx.store, C, 'e-1', 'entity');
    expect(viaSql.map((s) => [s.id, s.grade, s.same_as])).toEqual(expected);
  });
});
