import { ChokepointError } from '../../core/errors.ts';
import { readJsonLines } from '../../core/jsonl.ts';
import { parseRow } from '../../core/schema.ts';
import { FtmEntitySchema, checkImportedEntity, type FtmEntity } from '../../network/ftm.ts';
import { readNameCsv } from '../csv.ts';
import {
  parseAddCsv,
  parseAltCsv,
  parseSdnCsv,
  sniffOfac,
  type OfacAddress,
  type OfacAlias,
} from './ofac.ts';
import { looksLikeUnXml, parseUnXml } from './un.ts';

export { attachOfacExtras, parseAddCsv, parseAltCsv, parseSdnCsv, sniffOfac } from './ofac.ts';
export { parseUnXml } from './un.ts';

export type ListFormat = 'un_xml' | 'ofac_sdn' | 'ofac_alt' | 'ofac_add' | 'ftm' | 'csv';

/** A sanctions list file as parsed: whole entities, or extras (aliases, addresses) for entities loaded before. */
export interface ParsedList {
  format: ListFormat;
  /** The list name used when the user gives none. */
  defaultName: string;
  entities: FtmEntity[];
  aliases: OfacAlias[];
  addresses: OfacAddress[];
}

/** Which format a list file is in, from its content (not its name). */
export function sniffListFormat(text: string): ListFormat {
  const head = text.replace(/^\ufeff/, '').trimStart();
  if (head.startsWith('<')) {
    if (looksLikeUnXml(head)) return 'un_xml';
    throw new ChokepointError(
      'CP_IMPORT_BAD_FILE',
      'an XML file that is not the UN consolidated list',
      { line: 1, expected: 'a CONSOLIDATED_LIST document' },
    );
  }
  if (head.startsWith('{')) return 'ftm';
  const ofac = sniffOfac(head);
  if (ofac) return `ofac_${ofac}`;
  if (/^"?id"?\s*[,;\t]/i.test(head)) return 'csv';
  throw new ChokepointError('CP_IMPORT_BAD_FILE', 'cannot tell the list format', {
    line: 1,
    expected:
      'UN consolidated list XML, OFAC sdn.csv / alt.csv / add.csv, FtM JSON lines, or a CSV with id,name',
  });
}

const DEFAULT_NAMES: Record<ListFormat, string> = {
  un_xml: 'un-sc-consolidated',
  ofac_sdn: 'us-ofac-sdn',
  ofac_alt: 'us-ofac-sdn',
  ofac_add: 'us-ofac-sdn',
  ftm: 'ftm',
  csv: 'csv',
};

/** Parses a sanctions list file of any supported format into FtM-shaped entities. */
export function parseList(text: string, file: string): ParsedList {
  let format: ListFormat;
  try {
    format = sniffListFormat(text);
  } catch (e) {
    if (e instanceof ChokepointError)
      throw new ChokepointError(e.code, e.message.replace(/^line 1: /, ''), {
        ...e.location,
        file,
      });
    throw e;
  }
  const base: ParsedList = {
    format,
    defaultName: DEFAULT_NAMES[format],
    entities: [],
    aliases: [],
    addresses: [],
  };
  switch (format) {
    case 'un_xml':
      return { ...base, entities: parseUnXml(text, file) };
    case 'ofac_sdn':
      return { ...base, entities: parseSdnCsv(text, file) };
    case 'ofac_alt':
      return { ...base, aliases: parseAltCsv(text, file) };
    case 'ofac_add':
      return { ...base, addresses: parseAddCsv(text, file) };
    case 'ftm': {
      const seen = new Map<string, number>();
      const entities: FtmEntity[] = [];
      for (const { line, value } of readJsonLines(text, file)) {
        const e = parseRow(FtmEntitySchema, value, { file, line });
        checkImportedEntity(e, file, line);
        const at = seen.get(e.id);
        // Streams carry fragments of one entity on several lines: merge their properties.
        if (at !== undefined) {
          const target = entities[at]!;
          for (const [k, vals] of Object.entries(e.properties)) {
            const list = (target.properties[k] ??= []);
            for (const v of vals) if (!list.includes(v)) list.push(v);
          }
        } else {
          seen.set(e.id, entities.length);
          entities.push(e);
        }
      }
      return { ...base, entities };
    }
    case 'csv':
      return {
        ...base,
        entities: readNameCsv(text, file).map((r) => {
          const properties: Record<string, unknown[]> = { name: [r.names[0]!] };
          if (r.names.length > 1) properties.alias = r.names.slice(1);
          if (r.countries?.length) properties.country = r.countries;
          if (r.birthDates?.length) properties.birthDate = r.birthDates;
          if (r.identifiers?.length) properties.registrationNumber = r.identifiers;
          if (r.emails?.length) properties.email = r.emails;
          if (r.phones?.length) properties.phone = r.phones;
          if (r.addresses?.length) properties.address = r.addresses;
          return { id: r.id, schema: r.schema ?? 'LegalEntity', properties };
        }),
      };
  }
}
