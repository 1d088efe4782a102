import { describe, expect, it } from 'vitest';
import { applyMapping, checkMapping, parseMapping, type Table } from './mapping.ts';

const table = (header: string[], rows: string[][]): Table => ({
  header,
  rows: rows.map((r, i) => ({
    line: i + 2,
    values: Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])),
  })),
});

describe('mappings', () => {
  it('reads JSON as well as YAML, and refuses what is not a mapping, naming where', () => {
    const json = parseMapping(
      '{"orders": {"order_id": "Ref", "seller": "S", "buyer": "B"}}',
      'm.json',
    );
    expect(json.orders).toEqual({ order_id: 'Ref', seller: 'S', buyer: 'B' });
    expect(() => parseMapping('orders: [1, 2', 'm.yml')).toThrow(/m\.yml, line 1/);
    expect(() => parseMapping('sheet: 1', 'm.yml')).toThrow(
      /at least one of entities, orders, incidents/,
    );
    expect(() => parseMapping('orders: { colour: Ref }', 'm.yml')).toThrow(
      /field "orders": bad mapping: Unrecognized key: "colour"/,
    );
    // An alias bomb is refused by the parser's alias limit, not expanded.
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(() => parseMapping(bomb, 'bomb.yml')).toThrow(/not YAML or JSON/);
  });

  it('makes entities from keys, splits and joins cells, links a row entities, skips blank rows', () => {
    const m = parseMapping(
      `entities:
  person:
    schema: Person
    keys: [First, Last]
    properties:
      name: { columns: [First, Last], join: ' ' }
      phone: { column: Phones, split: ';' }
  company:
    schema: Company
    keys: [Company]
    properties: { name: Company }
  job:
    schema: Directorship
    keys: [First, Last, Company]
    properties: { director: { entity: person }, organization: { entity: company } }
`,
      'm.yml',
    );
    const t = table(
      ['First', 'Last', 'Phones', 'Company'],
      [
        ['Ali', 'Demirtaş', '+90 1; +90 2', 'Harran Lojistik'],
        ['', '', '', ''],
        ['Ali', 'Demirtaş', '+90 3', ''],
      ],
    );
    checkMapping(m, t.header, { mapping: 'm.yml', table: 't.csv' });
    const out = applyMapping(m, t, 't.csv');
    const person = out.entities.find((e) => e.schema === 'Person')!;
    expect(person.properties).toEqual({
      name: ['Ali Demirtaş'],
      phone: ['+90 1', '+90 2', '+90 3'],
    });
    // The third row has no company: its directorship is not made (no edge to nowhere).
    expect(out.entities.filter((e) => e.schema === 'Directorship')).toHaveLength(1);
    expect(out.entities).toHaveLength(3);
  });

  it('refuses an unknown column, a reference to no entity, and an id twice', () => {
    const m = parseMapping('orders: { order_id: Ref, seller: S, buyer: B }', 'm.yml');
    expect(() => checkMapping(m, ['Ref', 'S'], { mapping: 'm.yml', table: 't.csv' })).toThrow(
      /column "B" is not in the file/,
    );
    const ref = parseMapping(
      'entities: { a: { schema: Ownership, keys: [X], properties: { owner: { entity: nobody } } } }',
      'm.yml',
    );
    expect(() => checkMapping(ref, ['X'], { mapping: 'm.yml', table: 't.csv' })).toThrow(
      /"nobody" is not an entity of the mapping/,
    );
    const t = table(
      ['Ref', 'S', 'B'],
      [
        ['O-1', 'x', 'y'],
        ['O-1', 'x', 'z'],
      ],
    );
    expect(() => applyMapping(m, t, 't.csv')).toThrow(
      /t\.csv, line 3.*order_id "O-1" appears twice/,
    );
  });
});
