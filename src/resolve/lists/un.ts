import { XMLValidator } from 'fast-xml-parser';
import { isIsoDate } from '../../core/date.ts';
import { ChokepointError } from '../../core/errors.ts';
import { checkXmlText, lineAt } from '../../core/nesting.ts';
import { readXmlTree } from '../../core/xml.ts';
import type { FtmEntity } from '../../network/ftm.ts';
import { normaliseCountry } from '../record.ts';
import { pushProp } from './props.ts';

/**
 * The UN Security Council consolidated sanctions list (XML): INDIVIDUAL and ENTITY
 * elements, each with aliases (good and low quality), dates of birth (exact, year, or a
 * range), nationalities, addresses, documents and the name in its original script.
 */

const REPEATED = new Set([
  'INDIVIDUAL',
  'ENTITY',
  'INDIVIDUAL_ALIAS',
  'ENTITY_ALIAS',
  'INDIVIDUAL_ADDRESS',
  'ENTITY_ADDRESS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'INDIVIDUAL_PLACE_OF_BIRTH',
  'INDIVIDUAL_DOCUMENT',
  'VALUE',
  'NATIONALITY',
  'TITLE',
  'DESIGNATION',
]);

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') {
    const t = (v as Node)['#text'];
    return t === undefined ? null : String(t).trim() || null;
  }
  const s = String(v).trim();
  return s || null;
}

function nodes(v: unknown): Node[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Node => typeof x === 'object' && x !== null);
}

/** Values of <X><VALUE>…</VALUE></X> blocks. */
function values(v: unknown): string[] {
  return nodes(v).flatMap((n) =>
    (Array.isArray(n.VALUE) ? n.VALUE : [n.VALUE]).map(text).filter((x): x is string => x !== null),
  );
}

function birthDates(n: Node, file: string, line: number): string[] {
  const out: string[] = [];
  for (const d of nodes(n.INDIVIDUAL_DATE_OF_BIRTH)) {
    const date = text(d.DATE);
    const year = text(d.YEAR);
    const from = text(d.FROM_YEAR);
    const to = text(d.TO_YEAR);
    if (date && !isIsoDate(date.slice(0, 10)))
      throw new ChokepointError('CP_IMPORT_BAD_ROW', 'a date of birth that does not exist', {
        file,
        line,
        field: 'INDIVIDUAL_DATE_OF_BIRTH.DATE',
        expected: 'a day that exists, as YYYY-MM-DD',
        got: date,
      });
    if (date) out.push(date.slice(0, 10));
    else if (year) out.push(year);
    else if (from && to && /^\d{4}$/.test(from) && /^\d{4}$/.test(to)) {
      // A range (BETWEEN 1960 AND 1963) lists every year: any of them may be the true one.
      for (let y = Number(from); y <= Number(to) && y - Number(from) < 15; y++) out.push(String(y));
    } else if (from) out.push(from);
  }
  return out;
}

function entityFrom(n: Node, kind: 'INDIVIDUAL' | 'ENTITY', line: number, file: string): FtmEntity {
  const dataId = text(n.DATAID);
  if (!dataId) {
    throw new ChokepointError('CP_IMPORT_BAD_ROW', `an ${kind} without DATAID`, {
      file,
      line,
      field: 'DATAID',
      expected: 'the UN list identifier',
    });
  }
  const props: Record<string, unknown[]> = {};
  const parts = [
    text(n.FIRST_NAME),
    text(n.SECOND_NAME),
    text(n.THIRD_NAME),
    text(n.FOURTH_NAME),
  ].filter(Boolean) as string[];
  const name = parts.join(' ');
  if (!name) {
    throw new ChokepointError('CP_IMPORT_BAD_ROW', `${kind} ${dataId} has no name`, {
      file,
      line,
      field: 'FIRST_NAME',
      expected: 'a name',
    });
  }
  pushProp(props, 'name', name);
  if (kind === 'INDIVIDUAL') {
    pushProp(props, 'firstName', text(n.FIRST_NAME));
    pushProp(props, 'secondName', text(n.SECOND_NAME));
    pushProp(props, 'middleName', text(n.THIRD_NAME));
    pushProp(props, 'lastName', text(n.FOURTH_NAME));
  }
  // The name as written in Arabic (or another script): the key to cross-script screening.
  pushProp(props, 'alias', text(n.NAME_ORIGINAL_SCRIPT));
  for (const a of nodes(kind === 'INDIVIDUAL' ? n.INDIVIDUAL_ALIAS : n.ENTITY_ALIAS)) {
    const alias = text(a.ALIAS_NAME);
    const quality = (text(a.QUALITY) ?? '').toLowerCase();
    if (!alias) continue;
    if (quality === 'low') pushProp(props, 'weakAlias', alias);
    else if (quality.startsWith('f.k.a')) pushProp(props, 'previousName', alias);
    else pushProp(props, 'alias', alias);
  }
  for (const nat of values(n.NATIONALITY)) pushProp(props, 'nationality', normaliseCountry(nat));
  for (const addr of nodes(kind === 'INDIVIDUAL' ? n.INDIVIDUAL_ADDRESS : n.ENTITY_ADDRESS)) {
    const country = text(addr.COUNTRY);
    pushProp(props, 'country', country ? normaliseCountry(country) : null);
    const full = [text(addr.STREET), text(addr.CITY), text(addr.STATE_PROVINCE), country]
      .filter(Boolean)
      .join(', ');
    pushProp(props, 'address', full || null);
  }
  if (kind === 'INDIVIDUAL') {
    pushProp(props, 'birthDate', ...birthDates(n, file, line));
    for (const p of nodes(n.INDIVIDUAL_PLACE_OF_BIRTH)) {
      pushProp(
        props,
        'birthPlace',
        [text(p.CITY), text(p.STATE_PROVINCE), text(p.COUNTRY)].filter(Boolean).join(', ') || null,
      );
    }
    for (const d of nodes(n.INDIVIDUAL_DOCUMENT)) {
      const number = text(d.NUMBER);
      const type = (text(d.TYPE_OF_DOCUMENT) ?? '').toLowerCase();
      pushProp(props, type.includes('passport') ? 'passportNumber' : 'idNumber', number);
    }
    pushProp(props, 'title', ...values(n.TITLE));
    pushProp(props, 'position', ...values(n.DESIGNATION));
  }
  pushProp(props, 'program', text(n.UN_LIST_TYPE));
  pushProp(props, 'programId', text(n.REFERENCE_NUMBER));
  pushProp(props, 'notes', text(n.COMMENTS1));
  pushProp(props, 'createdAt', text(n.LISTED_ON)?.slice(0, 10));
  pushProp(props, 'topics', 'sanction');
  return {
    id: `unsc-${dataId}`,
    schema: kind === 'INDIVIDUAL' ? 'Person' : 'Organization',
    properties: props,
  };
}

export function looksLikeUnXml(text: string): boolean {
  return /<CONSOLIDATED_LIST[\s>]/.test(text.slice(0, 4096));
}

/** Parses the UN consolidated list into FtM entities (ids `unsc-<DATAID>`). */
export function parseUnXml(text: string, file: string): FtmEntity[] {
  // No DOCTYPE (external entities, entity expansion) and no nesting beyond MAX_NESTING,
  // checked before the validator and parser (both recursive) see the text.
  checkXmlText(text, file);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ChokepointError('CP_IMPORT_BAD_FILE', `not well-formed XML: ${valid.err.msg}`, {
      file,
      line: valid.err.line,
      expected: 'the UN consolidated list XML',
    });
  }
  // The tree as XMLParser gave it (attributes ignored, text trimmed), built in one linear
  // pass: XMLParser took 3.7 s of a 20 000-entry list's import, this 1.2 s.
  const doc = readXmlTree(text, (name) => REPEATED.has(name)) as Node;
  const root = doc.CONSOLIDATED_LIST as Node | undefined;
  if (!root) {
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'no CONSOLIDATED_LIST element', {
      file,
      line: 1,
      expected: 'the UN consolidated list XML',
    });
  }
  // Line numbers for errors: the n-th <INDIVIDUAL> / <ENTITY> opening tag in the text,
  // counted on from the previous one (counting from the start each time was quadratic:
  // 53.8 s for 5 000 entries).
  const lineOf = (tag: string): number[] => {
    const out: number[] = [];
    const re = new RegExp(`<${tag}[\\s>]`, 'g');
    let m: RegExpExecArray | null;
    let at = 0;
    let line = 1;
    while ((m = re.exec(text))) {
      line = lineAt(text, m.index, at, line);
      at = m.index;
      out.push(line);
    }
    return out;
  };
  const out: FtmEntity[] = [];
  const individuals = nodes((root.INDIVIDUALS as Node | undefined)?.INDIVIDUAL);
  const entities = nodes((root.ENTITIES as Node | undefined)?.ENTITY);
  const li = individuals.length ? lineOf('INDIVIDUAL') : [];
  const le = entities.length ? lineOf('ENTITY') : [];
  individuals.forEach((n, i) => out.push(entityFrom(n, 'INDIVIDUAL', li[i] ?? 1, file)));
  entities.forEach((n, i) => out.push(entityFrom(n, 'ENTITY', le[i] ?? 1, file)));
  // One DATAID twice would be one entry stored (the last on SQLite, an error on PostgreSQL).
  const seen = new Map<string, number>();
  out.forEach((e, i) => {
    const line = i < individuals.length ? li[i] : le[i - individuals.length];
    const first = seen.get(e.id);
    if (first !== undefined)
      throw new ChokepointError(
        'CP_IMPORT_BAD_ROW',
        `duplicate DATAID ${e.id.slice('unsc-'.length)} (first on line ${first})`,
        { file, line, field: 'DATAID', expected: 'a unique DATAID' },
      );
    seen.set(e.id, line ?? 1);
  });
  return out;
}
