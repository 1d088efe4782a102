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
import { looksLikeEuCsv, looksLikeEuXml, parseEuCsv, parseEuXml } from './eu.ts';
import { looksLikeOfacXml, parseOfacXml } from './ofac-xml.ts';
import { looksLikeUkCsv, looksLikeUkXml, parseUkCsv, parseUkXml } from './uk.ts';
import { headAttribute } from './xml.ts';

export { attachOfacExtras, parseAddCsv, parseAltCsv, parseSdnCsv, sniffOfac } from './ofac.ts';
export { parseUnXml } from './un.ts';

export type ListFormat =
  | 'un_xml'
  | 'ofac_sdn'
  | 'ofac_alt'
  | 'ofac_add'
  | 'ofac_xml'
  | 'eu_xml'
  | 'eu_csv'
  | 'uk_csv'
  | 'uk_xml'
  | 'ftm'
  | 'csv';

/** Who publishes a list, what it is called and when this version was published, as far as the file says. */
export interface ListMeta {
  issuer: string | null;
  title: string | null;
  /** YYYY-MM-DD; null when the file does not say (OFAC's CSV files, a plain CSV). */
  published: string | null;
}

/** A sanctions list file as parsed: whole entities, or extras (aliases, addresses) for entities loaded before. */
export interface ParsedList {
  format: ListFormat;
  /** The list name used when the user gives none. */
  defaultName: string;
  meta: ListMeta;
  entities: FtmEntity[];
  aliases: OfacAlias[];
  addresses: OfacAddress[];
}

/** Which format a list file is in, from its content (not its name). */
export function sniffListFormat(text: string): ListFormat {
  const head = text.replace(/^\ufeff/, '').trimStart();
  if (head.startsWith('<')) {
    if (looksLikeUnXml(head)) return 'un_xml';
    if (looksLikeOfacXml(head)) return 'ofac_xml';
    if (looksLikeUkXml(head)) return 'uk_xml';
    if (looksLikeEuXml(head)) return 'eu_xml';
    throw new ChokepointError('CP_IMPORT_BAD_FILE', 'an XML file that is no list known here', {
      line: 1,
      expected:
        'the UN consolidated list (CONSOLIDATED_LIST), OFAC sdn.xml (sdnList), the EU financial sanctions export (export/sanctionEntity) or the OFSI list (ArrayOfFinancialSanctionsTarget)',
    });
  }
  if (head.startsWith('{')) return 'ftm';
  if (looksLikeEuCsv(head)) return 'eu_csv';
  if (looksLikeUkCsv(head)) return 'uk_csv';
  const ofac = sniffOfac(head);
  if (ofac) return `ofac_${ofac}`;
  if (/^"?id"?\s*[,;\t]/i.test(head)) return 'csv';
  throw new ChokepointError('CP_IMPORT_BAD_FILE', 'cannot tell the list format', {
    line: 1,
    expected:
      'UN consolidated list XML, OFAC sdn.xml or sdn.csv / alt.csv / add.csv, EU financial sanctions XML or CSV, OFSI consolidated list CSV or XML, FtM JSON lines, or a CSV with id,name',
  });
}

const UN: ListMeta = {
  issuer: 'United Nations Security Council',
  title: 'United Nations Security Council Consolidated List',
  published: null,
};
const OFAC: ListMeta = {
  issuer: 'US Treasury, Office of Foreign Assets Control (OFAC)',
  title: 'Specially Designated Nationals and Blocked Persons List (SDN)',
  published: null,
};
const EU: ListMeta = {
  issuer: 'European Union (European Commission)',
  title: 'Consolidated list of persons, groups and entities subject to EU financial sanctions',
  published: null,
};
const UK: ListMeta = {
  issuer: 'HM Treasury, Office of Financial Sanctions Implementation (OFSI)',
  title: 'Consolidated List of Financial Sanctions Targets in the UK',
  published: null,
};
const NONE: ListMeta = { issuer: null, title: null, published: null };

/** The name a list gets when the user gives none, and what the format alone says of it. */
const DEFAULTS: Record<ListFormat, { name: string; meta: ListMeta }> = {
  un_xml: { name: 'un-sc-consolidated', meta: UN },
  ofac_sdn: { name: 'us-ofac-sdn', meta: OFAC },
  ofac_alt: { name: 'us-ofac-sdn', meta: OFAC },
  ofac_add: { name: 'us-ofac-sdn', meta: OFAC },
  ofac_xml: { name: 'us-ofac-sdn', meta: OFAC },
  eu_xml: { name: 'eu-fsf', meta: EU },
  eu_csv: { name: 'eu-fsf', meta: EU },
  uk_csv: { name: 'gb-hmt-ofsi', meta: UK },
  uk_xml: { name: 'gb-hmt-ofsi', meta: UK },
  ftm: { name: 'ftm', meta: NONE },
  csv: { name: 'csv', meta: NONE },
};

/** A file's name without directory and extensions (entities.ftm.json → entities): a list's name when nothing better is known. */
function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/(\.[A-Za-z0-9]+)+$/, '') || base;
}

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
  const defaults = DEFAULTS[format];
  const base: ParsedList = {
    format,
    defaultName: format === 'csv' ? fileStem(file) : defaults.name,
    meta: { ...defaults.meta },
    entities: [],
    aliases: [],
    addresses: [],
  };
  switch (format) {
    case 'un_xml': {
      const generated = headAttribute(text, 'CONSOLIDATED_LIST', 'dateGenerated');
      const meta = { ...base.meta, published: generated?.slice(0, 10) ?? null };
      return { ...base, meta, entities: parseUnXml(text, file) };
    }
    case 'ofac_xml':
    case 'eu_xml':
    case 'eu_csv':
    case 'uk_csv':
    case 'uk_xml': {
      const read = {
        ofac_xml: parseOfacXml,
        eu_xml: parseEuXml,
        eu_csv: parseEuCsv,
        uk_csv: parseUkCsv,
        uk_xml: parseUkXml,
      }[format];
      const { entities, published } = read(text, file);
      return { ...base, meta: { ...base.meta, published }, entities };
    }
    case 'ofac_sdn':
      return { ...base, entities: parseSdnCsv(text, file) };
    case 'ofac_alt':
      return { ...base, aliases: parseAltCsv(text, file) };
    case 'ofac_add':
      return { ...base, addresses: parseAddCsv(text, file) };
    case 'ftm': {
      const seen = new Map<string, number>();
      const entities: FtmEntity[] = [];
      const export_ = new FtmExportFacts();
      for (const { line, value } of readJsonLines(text, file)) {
        export_.see(value);
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
      return {
        ...base,
        defaultName: export_.dataset() ?? fileStem(file),
        meta: { ...base.meta, published: export_.latestChange() },
        entities,
      };
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

/**
 * What an FtM export (OpenSanctions' entities.ftm.json) says of itself in its entities:
 * the datasets they come from (`datasets`) and when they last changed (`last_change`).
 */
class FtmExportFacts {
  private datasets = new Set<string>();
  private latest: string | null = null;

  see(value: unknown): void {
    if (typeof value !== 'object' || value === null) return;
    const v = value as { datasets?: unknown; last_change?: unknown };
    if (Array.isArray(v.datasets))
      for (const d of v.datasets.slice(0, 8)) if (typeof d === 'string') this.datasets.add(d);
    if (typeof v.last_change === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v.last_change)) {
      const day = v.last_change.slice(0, 10);
      if (!this.latest || day > this.latest) this.latest = day;
    }
  }

  /** The one dataset every entity names; null when none or several. */
  dataset(): string | null {
    return this.datasets.size === 1 ? [...this.datasets][0]! : null;
  }

  latestChange(): string | null {
    return this.latest;
  }
}
