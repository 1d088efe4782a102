import { describe, expect, it } from 'vitest';
import { mergeSamePublication, samePublication } from './publications.ts';

const graded = {
  id: 'src-itic-2021-01',
  title: 'Spotlight on Global Jihad, January 7–13, 2021',
  publisher: 'Meir Amit Intelligence and Terrorism Information Center',
  published: '2021-01-14',
  grade: 'B2',
};
const cited = {
  id: 'src-3f9a',
  title: 'ITIC, Spotlight on Global Jihad',
  publisher: null,
  published: '2021-01-14',
  grade: 'F6',
};

describe('sources that are one publication', () => {
  it('joins a bulletin cited by name with its graded record', () => {
    expect(samePublication(graded, cited)).toBe(true);
    expect(samePublication(cited, graded)).toBe(true);
    // As the importer stores a source cited by name: the name is its publisher too.
    const asStored = { ...cited, publisher: 'ITIC, Spotlight on Global Jihad' };
    expect(samePublication(graded, asStored)).toBe(true);
  });

  it('keeps apart other issues, other titles and undated citations', () => {
    expect(samePublication(graded, { ...cited, published: '2021-01-21' })).toBe(false);
    expect(samePublication(graded, { ...cited, published: null })).toBe(false);
    expect(samePublication(graded, { ...cited, title: 'ITIC, Spotlight on Iran' })).toBe(false);
    // One distinctive word is too little to call two titles one publication.
    expect(
      samePublication(
        { id: 'a', title: 'Reuters', published: '2021-01-14' },
        { id: 'b', title: 'Reuters, Syria', published: '2021-01-14' },
      ),
    ).toBe(false);
  });

  it('keeps the first (best graded) entry and names the ones folded into it', () => {
    const other = { ...cited, id: 'src-khotwa', title: 'Khotwa news agency' };
    const merged = mergeSamePublication([graded, cited, other]);
    expect(merged.map((s) => [s.id, s.grade, s.same_as])).toEqual([
      ['src-itic-2021-01', 'B2', ['src-3f9a']],
      ['src-khotwa', 'F6', undefined],
    ]);
  });
});

describe('page locators', () => {
  it('gives a bare page its "p." once and leaves a full locator as it is', async () => {
    const { pageLocator } = await import('./provenance.ts');
    expect(pageLocator('20')).toBe('p. 20');
    expect(pageLocator('18-20')).toBe('pp. 18–20');
    expect(pageLocator('p. 20')).toBe('p. 20');
    expect(pageLocator('folio 7')).toBe('folio 7');
    expect(pageLocator('  ')).toBeNull();
    expect(pageLocator(null)).toBeNull();
  });
});

describe('grades in words', () => {
  it('says what a grade means', async () => {
    const { gradeMeaning } = await import('./provenance.ts');
    expect(gradeMeaning('B', 2)).toBe('usually reliable source; information probably true');
    expect(gradeMeaning('F', 6)).toBe(
      'source reliability cannot be judged; information whose truth cannot be judged',
    );
  });
});
