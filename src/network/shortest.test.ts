import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../core/csv.ts';
import { readJsonLines } from '../core/jsonl.ts';
import { buildNetwork, type Network } from './graph.ts';
import { shortestPath } from './paths.ts';

function demo(): Network {
  const entities = readJsonLines(
    readFileSync(new URL('../../data/demo/network.ftm.jsonl', import.meta.url), 'utf8'),
  ).map((r) => r.value);
  const orders = readCsv(
    readFileSync(new URL('../../data/demo/orders.csv', import.meta.url), 'utf8'),
    {},
  ).records.map((r) => r.values);
  return buildNetwork({ entities, orders });
}

/** Every party within `k` links of `id`, direction ignored (the check's own walk). */
function within(net: Network, id: string, k: number): Set<string> {
  let frontier = new Set([id]);
  const seen = new Set([id]);
  for (let i = 0; i < k; i++) {
    const next = new Set<string>();
    for (const e of net.edges)
      for (const [a, b] of [
        [e.source, e.target],
        [e.target, e.source],
      ] as const)
        if (frontier.has(a) && !seen.has(b)) next.add(b);
    for (const v of next) seen.add(v);
    frontier = next;
  }
  return seen;
}

describe('shortest path between two parties', () => {
  const net = demo();

  it('joins the phone shop to the terror cell by the fewest links, each a real edge', () => {
    const p = shortestPath(net, 'c-akcakale-iletisim', 'o-is-procurement');
    expect(p.length).not.toBeNull();
    expect(p.nodes[0]!.id).toBe('c-akcakale-iletisim');
    expect(p.nodes.at(-1)!.id).toBe('o-is-procurement');
    expect(p.edges).toHaveLength(p.length!);
    // Each step is an edge of the network, walked forwards or backwards as it says.
    p.edges.forEach((s, i) => {
      expect([s.source, s.target]).toEqual([p.nodes[i]!.id, p.nodes[i + 1]!.id]);
      const [a, b] = s.reversed ? [s.target, s.source] : [s.source, s.target];
      expect(net.edges.some((e) => e.source === a && e.target === b && e.kind === s.kind)).toBe(
        true,
      );
    });
    // None shorter: the cell is not within length - 1 links of the shop.
    expect(within(net, 'c-akcakale-iletisim', p.length! - 1).has('o-is-procurement')).toBe(false);
    expect(within(net, 'c-akcakale-iletisim', p.length!).has('o-is-procurement')).toBe(true);
  });

  it('is empty from a party to itself, and the same on every run', () => {
    expect(shortestPath(net, 'p-ali-demirtas', 'p-ali-demirtas')).toMatchObject({
      length: 0,
      edges: [],
    });
    const a = shortestPath(net, 'c-nordvind', 'p-ahmet-karahan');
    expect(shortestPath(net, 'c-nordvind', 'p-ahmet-karahan')).toEqual(a);
  });

  it('says there is none, and refuses an id the network does not hold', () => {
    const lone = buildNetwork({
      entities: [
        { id: 'x', schema: 'Company', properties: { name: ['X'] } },
        { id: 'y', schema: 'Company', properties: { name: ['Y'] } },
      ],
      orders: [],
    });
    expect(shortestPath(lone, 'x', 'y')).toMatchObject({ length: null, nodes: [], edges: [] });
    expect(() => shortestPath(net, 'c-nordvind', 'nobody')).toThrowError(
      expect.objectContaining({ code: 'CP_NOT_FOUND' }),
    );
  });
});
