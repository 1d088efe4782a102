import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../geo/offset.ts';
import { IncidentSchema } from '../schema.ts';
import { extractIncidents } from './extract.ts';

interface Case {
  name: string;
  text: string;
  doc_date?: string;
  expect: Record<string, unknown> & { near?: [number, number, number] };
}

const cases = JSON.parse(
  readFileSync(new URL('../fixtures/extract-cases.json', import.meta.url), 'utf8'),
) as Case[];

describe('extract: one passage at a time (fixtures/extract-cases.json)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const out = extractIncidents(c.text, { docDate: c.doc_date });
      expect(out).toHaveLength(1);
      const inc = out[0]!;
      // Every record is a valid Incident.
      expect(IncidentSchema.safeParse(inc).success).toBe(true);
      const { near, ...fields } = c.expect;
      expect(inc).toMatchObject(fields);
      if (near)
        expect(distanceKm(inc.lat!, inc.lon!, near[0], near[1])).toBeLessThanOrEqual(near[2]);
    });
  }
});

describe('extract: a bulletin with headings (fixtures/bulletin-week.txt)', () => {
  const text = readFileSync(new URL('../fixtures/bulletin-week.txt', import.meta.url), 'utf8');
  const out = extractIncidents(text);
  const expected = JSON.parse(
    readFileSync(new URL('../fixtures/bulletin-week.expected.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>[];

  it('finds each incident bullet and nothing from the summary paragraphs', () => {
    expect(out.map((i) => i.date)).toEqual(expected.map((e) => e.date));
  });

  for (const [n, e] of expected.entries()) {
    it(`bullet ${n + 1}: ${String(e.note)}`, () => {
      const {
        note: _n,
        near,
        ...fields
      } = e as Record<string, unknown> & { near?: [number, number, number] };
      expect(out[n]).toMatchObject(fields);
      if (near)
        expect(distanceKm(out[n]!.lat!, out[n]!.lon!, near[0], near[1])).toBeLessThanOrEqual(
          near[2],
        );
    });
  }
});
