import { ChokepointError } from '../core/errors.ts';
import { foldText } from '../core/fold.ts';
import type { Network, NetworkNode } from './graph.ts';

/**
 * Node selectors of `network chokepoints` and `network paths` (DESIGN.md): one or more of
 * `id:<id>`, `name:<text>`, `schema:<Schema>`, `topic:<FtM topic>`,
 * `role:supplier|end_user`, joined by commas; a node matching any term is selected.
 * - `id:` exact entity id (a business group's id, or any member's id, in group mode);
 * - `name:` folded substring of the name or an alias ("name:akcakale iletisim" finds
 *   "Akçakale İletişim");
 * - `schema:` FtM schema, any case (`schema:Organization`);
 * - `topic:` FtM topic or a topic under it (`topic:crime` takes crime.terror too);
 * - `role:supplier` sells in orders and never buys; `role:end_user` buys and never sells,
 *   or carries the topic crime.terror.
 * A comma followed by a key starts a new term, so names holding commas still work.
 */
export const SELECTOR_KEYS = ['id', 'name', 'schema', 'topic', 'role'] as const;
export type SelectorKey = (typeof SELECTOR_KEYS)[number];
export const ROLES = ['supplier', 'end_user'] as const;

export interface SelectorTerm {
  key: SelectorKey;
  value: string;
}

const EXPECTED =
  'one or more of id:<id>, name:<text>, schema:<Schema>, topic:<topic>, role:supplier|end_user, joined by commas';

export function parseSelector(text: unknown, field: string): SelectorTerm[] {
  if (typeof text !== 'string' || !text.trim())
    throw new ChokepointError('CP_BAD_SELECTOR', 'empty selector', { field, expected: EXPECTED });
  const parts = text.split(/,(?=\s*(?:id|name|schema|topic|role)\s*:)/i);
  return parts.map((raw) => {
    const m = /^\s*([a-z_]+)\s*:(.*)$/i.exec(raw);
    if (!m)
      throw new ChokepointError('CP_BAD_SELECTOR', `"${raw.trim()}" is not a selector term`, {
        field,
        expected: EXPECTED,
        got: raw.trim(),
      });
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (!(SELECTOR_KEYS as readonly string[]).includes(key)) {
      throw new ChokepointError('CP_BAD_SELECTOR', `unknown selector key "${m[1]}"`, {
        field,
        expected: `a key among ${SELECTOR_KEYS.join(', ')} (${EXPECTED})`,
        got: raw.trim(),
      });
    }
    if (!value)
      throw new ChokepointError('CP_BAD_SELECTOR', `selector "${key}:" has no value`, {
        field,
        expected: `${key}:<value>`,
        got: raw.trim(),
      });
    if (key === 'role' && !(ROLES as readonly string[]).includes(value.toLowerCase())) {
      throw new ChokepointError('CP_BAD_SELECTOR', `unknown role "${value}"`, {
        field,
        expected: 'role:supplier or role:end_user',
        got: raw.trim(),
      });
    }
    return { key: key as SelectorKey, value: key === 'role' ? value.toLowerCase() : value };
  });
}

function matches(n: NetworkNode, t: SelectorTerm): boolean {
  switch (t.key) {
    case 'id':
      return n.id === t.value;
    case 'name': {
      const q = foldText(t.value);
      return q !== '' && n.names.some((x) => foldText(x).includes(q));
    }
    case 'schema':
      return n.schema.toLowerCase() === t.value.toLowerCase();
    case 'topic':
      return n.topics.some((x) => x === t.value || x.startsWith(`${t.value}.`));
    case 'role':
      return t.value === 'supplier' ? n.supplier : n.end_user;
  }
}

/**
 * The nodes a selector picks in `net`. `base` is the uncollapsed network when `net` has
 * business groups folded: terms are matched against the real parties and each match is
 * carried to its group (so `id:` of a family member selects the family's group).
 * A term matching nothing is an error: a silent empty side would make any cut "succeed".
 */
export function selectNodes(
  net: Network,
  text: unknown,
  field: string,
  base?: Network,
): NetworkNode[] {
  const terms = parseSelector(text, field);
  const picked = new Map<string, NetworkNode>();
  for (const t of terms) {
    let hits = 0;
    // Roles belong to the network analysed (a group buys if a member buys); names, ids,
    // schemas and topics belong to the real parties and are carried to their group.
    const pool = t.key === 'role' || !base ? net : base;
    for (const n of pool.nodes) {
      if (!matches(n, t)) continue;
      const target = net.byId.get(n.id) ?? (n.group ? net.byId.get(n.group) : undefined);
      if (!target) continue;
      picked.set(target.id, target);
      hits++;
    }
    if (base && t.key === 'id' && net.byId.has(t.value) && !picked.has(t.value)) {
      picked.set(t.value, net.byId.get(t.value)!);
      hits++;
    }
    if (hits === 0) {
      throw new ChokepointError(
        'CP_BAD_SELECTOR',
        `${t.key}:${t.value} matches no node of the network`,
        {
          field,
          expected:
            t.key === 'id'
              ? 'the id of an entity in the case'
              : t.key === 'role'
                ? `a network with ${t.value === 'supplier' ? 'sellers that never buy' : 'buyers that never sell, or a crime.terror entity'}`
                : `a ${t.key} present in the case`,
          got: `${t.key}:${t.value}`,
        },
      );
    }
  }
  return [...picked.values()];
}
