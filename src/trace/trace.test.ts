import { describe, expect, it } from 'vitest';
import { createNormaliser, parseSerial } from '../arms/normalise.ts';
import {
  buildOrderIndex,
  identityCandidates,
  sameMaker,
  serialInRun,
  type ItemIdentity,
  type OrderIdentity,
} from './identity.ts';
import { generateTraceWorld } from './generate.ts';
import { nearbyIncidents, type IncidentPoint } from './nearby.ts';

const run = (s: string, a: string, b: string | null) =>
  serialInRun(parseSerial(s), parseSerial(a), b === null ? null : parseSerial(b)).verdict;

describe('serial runs', () => {
  it('puts alphanumeric serials with a numeric tail inside or outside the shipped run', () => {
    expect(run('NV23-104217', 'NV23-104200', 'NV23-104239')).toBe('in');
    expect(run('nv23 104200', 'NV23-104200', 'NV23-104239')).toBe('in');
    expect(run('NV23-104239', 'NV23-104200', 'NV23-104239')).toBe('in');
    expect(run('NV23-104240', 'NV23-104200', 'NV23-104239')).toBe('out');
    expect(run('NV23-104199', 'NV23-104200', 'NV23-104239')).toBe('out');
    // Leading zeros and a prefix made of letters only.
    expect(run('B-0042', 'B-0001', 'B-0160')).toBe('in');
    expect(run('B-0161', 'B-0001', 'B-0160')).toBe('out');
    // Another prefix is another maker's run, whatever the number.
    expect(run('HW23-104217', 'NV23-104200', 'NV23-104239')).toBe('out');
    // A suffix after the digits must agree too.
    expect(run('7731-K', '7700-K', '7799-K')).toBe('in');
    expect(run('7731-J', '7700-K', '7799-K')).toBe('out');
    // Ends with different prefixes: compared as strings of one length.
    expect(run('AZ9995', 'AZ9990', 'BA0010')).toBe('in');
    expect(run('BA0005', 'AZ9990', 'BA0010')).toBe('in');
    expect(run('BA0011', 'AZ9990', 'BA0010')).toBe('out');
    // One end: that one serial.
    expect(run('X-100', 'X-100', null)).toBe('in');
    expect(run('X-101', 'X-100', null)).toBe('out');
    // Nothing to compare.
    expect(serialInRun(null, parseSerial('A1'), parseSerial('A9')).verdict).toBe('unknown');
    expect(serialInRun(parseSerial('A5'), null, null).verdict).toBe('unknown');
  });

  it('takes a maker written without its legal form as the same maker', () => {
    expect(sameMaker('nordvinddronecomponents', 'nordvinddronecomponentsaps')).toBe(true);
    expect(sameMaker('nordvind', 'nordvinddronecomponentsaps')).toBe(true);
    expect(sameMaker('hobbywingtechnology', 'nordvinddronecomponentsaps')).toBe(false);
    expect(sameMaker('nor', 'nordvind')).toBe(false);
  });
});

const base: OrderIdentity = {
  order_id: 'O-1',
  order_date: '2015-07-15',
  manufacturer: 'Nordvind Drone Components ApS',
  model: 'NV-2312 brushless motor',
  part_number: 'NV-2312-920KV',
  lot: 'NV1507',
  serial_first: 'NV23-104200',
  serial_last: 'NV23-104239',
};
const item: ItemIdentity = {
  item_id: 'I-1',
  seizure_id: 'S-1',
  seizure_date: '2021-02-20',
  manufacturer: 'Nordvind Drone Components',
  model: 'nv2312 920kv',
  serial_number: 'NV23 104217',
  lot: 'NV-1507',
};

describe('candidates on identity', () => {
  it('ranks the true order first and states the evidence against the others', () => {
    const orders: OrderIdentity[] = [
      base,
      {
        ...base,
        order_id: 'O-split',
        lot: 'NV1507',
        serial_first: 'NV23-104300',
        serial_last: 'NV23-104339',
      },
      { ...base, order_id: 'O-later', order_date: '2021-03-01' },
      {
        ...base,
        order_id: 'O-other-maker',
        manufacturer: 'Hobbywing Technology',
        serial_first: 'HW23-104200',
        serial_last: 'HW23-104239',
      },
      { ...base, order_id: 'O-no-run', lot: null, serial_first: null, serial_last: null },
      { ...base, order_id: 'O-other-part', part_number: 'NV-2806-650KV', model: 'NV-2806' },
    ];
    const ix = buildOrderIndex(orders, createNormaliser());
    const { candidates, considered } = identityCandidates(ix, item, 10);
    expect(considered).toBe(5);
    expect(candidates.map((c) => c.order.order_id)).toEqual([
      'O-1',
      'O-no-run',
      // Ruled out, by points: the later order (its lot and run agree), the split shipment.
      'O-later',
      'O-split',
      'O-other-maker',
    ]);
    const codes = (id: string) =>
      candidates.find((c) => c.order.order_id === id)!.evidence.map((e) => e.code);
    expect(codes('O-1')).toEqual([
      'PART_NUMBER_MATCH',
      'MANUFACTURER_MATCH',
      'LOT_MATCH',
      'SERIAL_IN_RANGE',
      'ORDER_BEFORE_SEIZURE',
    ]);
    expect(codes('O-split')).toContain('SERIAL_OUT_OF_RANGE');
    expect(codes('O-later')).toContain('ORDER_AFTER_SEIZURE');
    expect(codes('O-other-maker')).toContain('MANUFACTURER_DIFFERS');
    for (const id of ['O-split', 'O-later', 'O-other-maker'])
      expect(candidates.find((c) => c.order.order_id === id)!.excluded).toBe(true);
    const against = candidates
      .find((c) => c.order.order_id === 'O-other-maker')!
      .evidence.find((e) => e.code === 'MANUFACTURER_DIFFERS')!;
    expect(against.for_or_against).toBe('against');
    expect(against.detail).toMatch(/another maker's part with the same number/);
  });

  it('finds a model through the arms aliases (T68 and Type-68 are one model)', () => {
    const ix = buildOrderIndex(
      [{ ...base, order_id: 'O-68', model: 'T68', part_number: null, manufacturer: null }],
      createNormaliser(),
    );
    const { candidates } = identityCandidates(ix, { ...item, model: 'Type-68' }, 5);
    expect(candidates.map((c) => c.order.order_id)).toEqual(['O-68']);
    expect(candidates[0]!.evidence.map((e) => e.code)).toContain('MODEL_MATCH');
  });

  it('reads only the orders of the item’s part, however many orders there are', () => {
    const orders: OrderIdentity[] = [];
    for (let i = 0; i < 50_000; i++)
      orders.push({ ...base, order_id: `X-${i}`, part_number: `P-${i % 5000}`, model: null });
    orders.push(base);
    const ix = buildOrderIndex(orders, createNormaliser());
    const { considered } = identityCandidates(ix, item, 5);
    expect(considered).toBe(1);
    expect(identityCandidates(ix, { ...item, model: 'P-42' }, 5).considered).toBe(10);
  });
});

describe('incidents around a seizure', () => {
  const inc = (id: string, date: string, lat: number, lon: number): IncidentPoint => ({
    id,
    date,
    place: null,
    country_code: 'SY',
    lat,
    lon,
    attack_type: 'ied',
    perpetrator: null,
    killed: null,
    wounded: null,
  });
  const raqqa = { lat: 35.95283, lon: 39.00788, name: 'Ar Raqqah' };
  const seizure = { id: 'S', seizure_date: '2021-02-20', place: 'Ar Raqqah' };
  const incidents = [
    inc('near-before', '2021-01-10', 35.96, 39.05),
    inc('near-long-before', '2020-06-01', 35.96, 39.05),
    inc('near-after', '2021-03-01', 35.96, 39.05),
    inc('far-before', '2021-01-10', 35.33, 40.14),
  ];

  it('keeps incidents within 50 km and 180 days before by default, nearest in time first', () => {
    const r = nearbyIncidents(seizure, raqqa, incidents);
    expect(r.incidents.map((i) => i.id)).toEqual(['near-before']);
    expect(r.incidents[0]!.days_before).toBe(41);
    expect(r.km).toBe(50);
    expect(r.days_before).toBe(180);
  });

  it('widens with its options, and says why it finds nothing without a place', () => {
    const r = nearbyIncidents(seizure, raqqa, incidents, {
      km: 200,
      daysBefore: 365,
      daysAfter: 30,
    });
    expect(r.incidents.map((i) => i.id)).toEqual([
      'near-after',
      'near-before',
      'far-before',
      'near-long-before',
    ]);
    const none = nearbyIncidents(seizure, null, incidents);
    expect(none.incidents).toEqual([]);
    expect(none.notes.join(' ')).toMatch(/not in the gazetteer/);
  });
});

describe('the generated world', () => {
  it('is the same for the same seed and plants three decoys per traceable item', () => {
    const a = generateTraceWorld({ orders: 2000, items: 100, seed: 5 });
    const b = generateTraceWorld({ orders: 2000, items: 100, seed: 5 });
    expect(a.orders).toEqual(b.orders);
    expect(a.items).toEqual(b.items);
    const traceable = [...a.kind.values()].filter((k) => k === 'traceable').length;
    expect(a.decoys.size).toBe(traceable * 3);
    expect(a.orders).toHaveLength(2000);
  });
});
