import { z } from 'zod';
import { ChokepointError } from '../core/errors.ts';

/**
 * FollowTheMoney entities as JSON lines: `{"id", "schema", "properties": {name: [values]}}`.
 * Files written by other tools carry more (caption, datasets, referents, first_seen, …)
 * and properties we do not model; all of it is kept as it came, so that an import followed
 * by an export gives the same entities back.
 */
export const FtmEntitySchema = z
  .object({
    id: z.string().min(1, 'a non-empty id'),
    schema: z.string().regex(/^[A-Z][A-Za-z]*$/, 'a FollowTheMoney schema name such as Person'),
    properties: z.record(z.string(), z.array(z.unknown(), 'a list of values')).default({}),
  })
  .passthrough();
export type FtmEntity = z.output<typeof FtmEntitySchema>;

/** The schemas Chokepoint knows; others are stored and exported untouched. */
export const NODE_SCHEMAS = [
  'Thing',
  'LegalEntity',
  'Person',
  'Company',
  'Organization',
  'PublicBody',
  'Address',
  'Vessel',
  'Vehicle',
  'BankAccount',
  'CryptoWallet',
] as const;

/**
 * Interval schemas that join two entities, with the property naming each end, as in the
 * FollowTheMoney model. `control` says whether the edge binds companies into one business
 * group (family, ownership, directorship) rather than moving goods or money.
 */
export const EDGE_SCHEMAS: Record<string, { source: string; target: string; control: boolean }> = {
  Ownership: { source: 'owner', target: 'asset', control: true },
  Directorship: { source: 'director', target: 'organization', control: true },
  Family: { source: 'person', target: 'relative', control: true },
  Membership: { source: 'member', target: 'organization', control: false },
  Associate: { source: 'person', target: 'associate', control: false },
  Employment: { source: 'employer', target: 'employee', control: false },
  Representation: { source: 'agent', target: 'client', control: false },
  Payment: { source: 'payer', target: 'beneficiary', control: false },
  UnknownLink: { source: 'subject', target: 'object', control: false },
  Succession: { source: 'predecessor', target: 'successor', control: false },
};

/**
 * The FollowTheMoney model's schemas (followthemoney/schema/*.yaml, the current ones and
 * those older exports still carry): an import refuses any other name, so that a typo
 * ("Compnay") or a made-up schema is not stored as an entity nothing can read.
 */
export const FTM_SCHEMAS: ReadonlySet<string> = new Set([
  'Address',
  'Airplane',
  'Analyzable',
  'Article',
  'Assessment',
  'Asset',
  'Associate',
  'Audio',
  'BankAccount',
  'Call',
  'CallForTenders',
  'Company',
  'Concession',
  'Contract',
  'ContractAward',
  'CourtCase',
  'CourtCaseParty',
  'CryptoWallet',
  'Debt',
  'Directorship',
  'Document',
  'Documentation',
  'EconomicActivity',
  'Email',
  'Employment',
  'Event',
  'Family',
  'Folder',
  'HyperText',
  'Identification',
  'Image',
  'Interest',
  'Interval',
  'LegalEntity',
  'License',
  'Membership',
  'Mention',
  'Message',
  'Note',
  'Occupancy',
  'Organization',
  'Ownership',
  'Package',
  'Page',
  'Pages',
  'Passport',
  'Payment',
  'Person',
  'PlainText',
  'Position',
  'Post',
  'Project',
  'ProjectParticipant',
  'PublicBody',
  'RealEstate',
  'Representation',
  'Sanction',
  'Security',
  'Similar',
  'Succession',
  'Table',
  'TaxRoll',
  'Thing',
  'Trip',
  'UnknownLink',
  'UserAccount',
  'Value',
  'Vehicle',
  'Vessel',
  'Video',
  'Workbook',
]);

/**
 * Why an entity read from a file cannot be imported, as a coded error naming the line and
 * field: a schema the model does not have, or a relation (an edge schema) missing one of
 * its ends. Whether the ends exist is the importer's to check, against the file and the store.
 */
export function checkImportedEntity(e: FtmEntity, file: string, line: number): void {
  if (!FTM_SCHEMAS.has(e.schema))
    throw new ChokepointError('CP_IMPORT_BAD_ROW', `unknown FollowTheMoney schema "${e.schema}"`, {
      file,
      line,
      field: 'schema',
      expected: 'a schema of the FollowTheMoney model (Person, Company, Ownership, …)',
      got: e.schema,
    });
  const spec = EDGE_SCHEMAS[e.schema];
  if (!spec) return;
  for (const end of [spec.source, spec.target]) {
    if (!prop(e, end))
      throw new ChokepointError('CP_IMPORT_BAD_ROW', `${e.schema} "${e.id}" has no ${end}`, {
        file,
        line,
        field: `properties.${end}`,
        expected: `the id of the ${end} entity`,
      });
  }
}

/** First value of a property as text, or null. */
export function prop(entity: Pick<FtmEntity, 'properties'>, name: string): string | null {
  const v = entity.properties[name]?.[0];
  return v === undefined || v === null ? null : String(v);
}

/** All values of a property as text. */
export function props(entity: Pick<FtmEntity, 'properties'>, name: string): string[] {
  return (entity.properties[name] ?? []).filter((v) => v !== null && v !== undefined).map(String);
}

/** The name to show: caption, else the first name-like property, else the id. */
export function entityCaption(entity: FtmEntity): string {
  const caption = (entity as Record<string, unknown>).caption;
  if (typeof caption === 'string' && caption) return caption;
  for (const p of ['name', 'full', 'title', 'summary', 'registrationNumber']) {
    const v = prop(entity, p);
    if (v) return v;
  }
  return entity.id;
}

/** The two ends of an edge entity, or null when the schema is not an edge or an end is missing. */
export function edgeEnds(entity: FtmEntity): { source: string; target: string } | null {
  const spec = EDGE_SCHEMAS[entity.schema];
  if (!spec) return null;
  const source = prop(entity, spec.source);
  const target = prop(entity, spec.target);
  return source && target ? { source, target } : null;
}

/**
 * Merges entity fragments that share an id, as FollowTheMoney streams from other tools
 * often carry them (one fragment per source record): property values are united in order
 * of appearance, other keys of the first fragment win unless absent. Fragments of different
 * schemas cannot be one entity; the caller is told which line.
 */
export function mergeFragments(rows: { line: number; value: FtmEntity }[]): {
  entities: FtmEntity[];
  conflict?: { line: number; id: string; schemas: [string, string] };
} {
  const byId = new Map<string, FtmEntity>();
  for (const { line, value } of rows) {
    const seen = byId.get(value.id);
    if (!seen) {
      byId.set(value.id, structuredClone(value));
      continue;
    }
    if (seen.schema !== value.schema) {
      return {
        entities: [],
        conflict: { line, id: value.id, schemas: [seen.schema, value.schema] },
      };
    }
    for (const [k, values] of Object.entries(value.properties)) {
      const into = (seen.properties[k] ??= []);
      for (const v of values)
        if (!into.some((x) => JSON.stringify(x) === JSON.stringify(v))) into.push(v);
    }
    for (const [k, v] of Object.entries(value)) {
      if (!(k in seen)) (seen as Record<string, unknown>)[k] = v;
    }
  }
  return { entities: [...byId.values()] };
}
