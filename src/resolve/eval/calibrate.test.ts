import { describe, expect, it } from 'vitest';
import { decisionHits, parseDecisions } from './calibrate.ts';

function decision(
  id: string,
  decision: string,
  decidedAt: string,
  listedName = 'Ali Hassan Karimov',
) {
  return {
    id,
    alert_id: null,
    case_id: 'c1',
    query: { id: 'party-1', names: ['Ali Hasan Karimov'], schema: 'Person' },
    list_id: 'test-list',
    entity_id: 'e1',
    entry: { id: 'e1', schema: 'Person', properties: { name: [listedName] } },
    score: 0.9,
    features: {},
    decision,
    decided_by: 'reviewer',
    decided_at: decidedAt,
    note: null,
  };
}

describe("reviewers' decisions as labelled pairs", () => {
  it('reads a saved API answer, an array and JSON lines alike', () => {
    const rows = [decision('d1', 'match', '2026-12-01T10:00:00Z')];
    for (const text of [
      JSON.stringify({ items: rows }),
      JSON.stringify(rows),
      rows.map((r) => JSON.stringify(r)).join('\n'),
    ])
      expect(parseDecisions(text, 'decisions.json').map((d) => d.id)).toEqual(['d1']);
    expect(() => parseDecisions('[{"id": 1}]', 'bad.json')).toThrow(/bad.json: decision 1/);
  });

  it('labels by the latest decision on a pair, leaves "unsure" out, scores again', () => {
    const hits = decisionHits(
      parseDecisions(
        JSON.stringify([
          decision('d2', 'no_match', '2026-12-02T10:00:00Z'),
          decision('d1', 'match', '2026-12-01T10:00:00Z'),
        ]),
        'decisions.json',
      ),
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]!.label).toBe(false);
    // Scored by today's engine from the stored names, not the stored score.
    expect(hits[0]!.raw).toBeGreaterThan(0.9);
    expect(hits[0]!.raw).toBeLessThan(1);
    const unsure = decisionHits(
      parseDecisions(JSON.stringify([decision('d3', 'unsure', '2026-12-03T10:00:00Z')]), 'd.json'),
    );
    expect(unsure).toEqual([]);
  });
});
