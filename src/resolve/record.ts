import { foldText } from '../core/fold.ts';
import { props, type FtmEntity } from '../network/ftm.ts';
import { hasOrganisationWord, normaliseName, type NormalisedName } from './normalise.ts';
import { alternativeRomanisations } from './scripts.ts';

/** What the name engine compares: a party, a list entry or a CSV row, as plain data. */
export interface NameRecord {
  id: string;
  /** FollowTheMoney schema (Person, Company, Organization, LegalEntity …); LegalEntity when unknown. */
  schema?: string | null;
  /** The name first, then aliases. */
  names: string[];
  countries?: string[];
  birthDates?: string[];
  /** Registration numbers, tax ids, passport numbers: any identifier of the entity. */
  identifiers?: string[];
  emails?: string[];
  phones?: string[];
  cities?: string[];
  addresses?: string[];
  /** Where the record came from (a sanctions list name), carried into screening hits. */
  list?: string | null;
}

/** A record with its names normalised once, for repeated comparisons. */
export interface PreparedRecord {
  record: NameRecord;
  schema: string;
  names: NormalisedName[];
  countries: Set<string>;
  birthDates: string[];
  identifiers: Set<string>;
  emails: Set<string>;
  phones: Set<string>;
  /** Cities (folded): with a birth date, what a record without a name is matched on. */
  cities: Set<string>;
  /** Legal forms of the names (ltd, fze, gmbh …), normalised. */
  legalForms: Set<string>;
}

const COUNTRY_NAMES: Record<string, string> = {
  syria: 'sy',
  'syrian arab republic': 'sy',
  iraq: 'iq',
  turkey: 'tr',
  turkiye: 'tr',
  'republic of turkey': 'tr',
  lebanon: 'lb',
  jordan: 'jo',
  iran: 'ir',
  'iran islamic republic of': 'ir',
  'islamic republic of iran': 'ir',
  'saudi arabia': 'sa',
  yemen: 'ye',
  egypt: 'eg',
  libya: 'ly',
  tunisia: 'tn',
  algeria: 'dz',
  morocco: 'ma',
  sudan: 'sd',
  somalia: 'so',
  afghanistan: 'af',
  pakistan: 'pk',
  kuwait: 'kw',
  qatar: 'qa',
  bahrain: 'bh',
  oman: 'om',
  'united arab emirates': 'ae',
  uae: 'ae',
  israel: 'il',
  palestine: 'ps',
  'palestinian territory': 'ps',
  'state of palestine': 'ps',
  russia: 'ru',
  'russian federation': 'ru',
  ukraine: 'ua',
  china: 'cn',
  'hong kong': 'hk',
  india: 'in',
  'united states': 'us',
  usa: 'us',
  'united states of america': 'us',
  'united kingdom': 'gb',
  uk: 'gb',
  'great britain': 'gb',
  germany: 'de',
  france: 'fr',
  belgium: 'be',
  netherlands: 'nl',
  spain: 'es',
  italy: 'it',
  denmark: 'dk',
  sweden: 'se',
  norway: 'no',
  austria: 'at',
  switzerland: 'ch',
  bulgaria: 'bg',
  romania: 'ro',
  greece: 'gr',
  cyprus: 'cy',
  malaysia: 'my',
  indonesia: 'id',
  philippines: 'ph',
  nigeria: 'ng',
  mali: 'ml',
  niger: 'ne',
  chad: 'td',
  mauritania: 'mr',
  'burkina faso': 'bf',
  kenya: 'ke',
  ethiopia: 'et',
  eritrea: 'er',
  azerbaijan: 'az',
  armenia: 'am',
  georgia: 'ge',
  kazakhstan: 'kz',
  uzbekistan: 'uz',
  tajikistan: 'tj',
  turkmenistan: 'tm',
  kyrgyzstan: 'kg',
  'north korea': 'kp',
  "democratic people's republic of korea": 'kp',
  'korea north': 'kp',
  'south korea': 'kr',
  belarus: 'by',
  venezuela: 've',
  cuba: 'cu',
  mexico: 'mx',
  colombia: 'co',
  brazil: 'br',
  canada: 'ca',
  australia: 'au',
  japan: 'jp',
  'kurdistan region': 'iq',
  'iraqi kurdistan': 'iq',
  kosovo: 'xk',
  bosnia: 'ba',
  'bosnia and herzegovina': 'ba',
  albania: 'al',
  serbia: 'rs',
  trinidad: 'tt',
  'trinidad and tobago': 'tt',
  maldives: 'mv',
  bangladesh: 'bd',
  singapore: 'sg',
  thailand: 'th',
};

/** A country as ISO 3166-1 alpha-2 lower case when recognised, else its folded name. */
export function normaliseCountry(value: string): string {
  const f = foldText(value);
  if (/^[a-z]{2}$/.test(f)) return f;
  return COUNTRY_NAMES[f] ?? f;
}

/** Identifiers compare on letters and digits only, upper case: "HRB 1234-5" = "hrb12345". */
export function normaliseIdentifier(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * An identifier's forms that compare: the normalised whole and, when it holds six digits or
 * more behind a prefix, the digits alone ("IMO 9187629" = "9187629", "INN 7701234567").
 */
export function identifierForms(value: string): string[] {
  const whole = normaliseIdentifier(value);
  const digits = /^[A-Z]{1,5}(\d{6,})$/.exec(whole);
  return digits ? [whole, digits[1]!] : [whole];
}

/** Phones compare on their last nine digits: country codes and trunk zeros vary. */
export function normalisePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length > 9 ? digits.slice(-9) : digits;
}

/** Birth dates as given, cut to YYYY, YYYY-MM or YYYY-MM-DD. */
export function normaliseDate(value: string): string | null {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value.trim());
  if (!m) return null;
  return [m[1], m[2], m[3]].filter(Boolean).join('-');
}

function nonEmpty(values: (string | null | undefined)[] | undefined): string[] {
  if (values === undefined || values.length === 0) return [];
  return values.map((v) => (v ?? '').trim()).filter(Boolean);
}

// Most records carry no facts besides names: they share these empty values (never mutated),
// so that a million prepared records do not hold four million empty sets.
const NO_FACTS: ReadonlySet<string> = new Set();
const NO_DATES: readonly string[] = Object.freeze([]);

function factSet(values: string[]): Set<string> {
  return values.length === 0 ? (NO_FACTS as Set<string>) : new Set(values);
}

/**
 * An entry of no stated kind (LegalEntity) whose name carries a legal form (S.A., LLC,
 * GmbH) is a Company, one with a word only organisations carry (group, ministry, bank) an
 * Organization: a person never matches either.
 */
function refinedSchema(schema: string, names: NormalisedName[], legalForms: string[]): string {
  if (schema !== 'LegalEntity') return schema;
  if (legalForms.length > 0) return 'Company';
  return names.some(hasOrganisationWord) ? 'Organization' : schema;
}

export function prepareRecord(record: NameRecord): PreparedRecord {
  const schema = record.schema || 'LegalEntity';
  const names: NormalisedName[] = [];
  for (const n of nonEmpty(record.names)) {
    // A Cyrillic name also as its other usual romanisations (Yevgeny / Evgeniy, Hanna / Ganna).
    for (const spelling of [n, ...alternativeRomanisations(n, schema)]) {
      const norm = normaliseName(spelling, { schema });
      if (norm.tokens.length === 0) continue;
      if (names.some((m) => m.key === norm.key)) continue;
      names.push(spelling === n ? norm : { ...norm, original: n });
    }
  }
  const birthDates = nonEmpty(record.birthDates)
    .map(normaliseDate)
    .filter((d): d is string => d !== null);
  const legalForms = names.flatMap((n) => n.legalForms);
  return {
    record,
    schema: refinedSchema(schema, names, legalForms),
    names,
    legalForms: factSet(legalForms),
    countries: factSet(nonEmpty(record.countries).map(normaliseCountry)),
    birthDates: birthDates.length === 0 ? (NO_DATES as string[]) : birthDates,
    identifiers: factSet(
      nonEmpty(record.identifiers)
        .flatMap(identifierForms)
        .filter((v) => v.length >= 3),
    ),
    emails: factSet(nonEmpty(record.emails).map((e) => e.toLowerCase())),
    cities: factSet(nonEmpty(record.cities).map(foldText)),
    phones: factSet(
      nonEmpty(record.phones)
        .map(normalisePhone)
        .filter((p) => p.length >= 6),
    ),
  };
}

/**
 * The facts of a FollowTheMoney entity that matching uses. Weak aliases ("Abu Ahmad",
 * the UN list's low-quality a.k.a.) are left out, as yente does: they match half a country.
 */
/**
 * Whether a record gives anything to match on: a name, or one of the facts a record without
 * a name is matched on (identifier, e-mail, phone, birth date, city). `match` reports and
 * skips the others.
 */
export function hasMatchableFacts(r: NameRecord): boolean {
  const any = (v: (string | null | undefined)[] | undefined) => nonEmpty(v).length > 0;
  return (
    any(r.names) ||
    any(r.identifiers) ||
    any(r.emails) ||
    any(r.phones) ||
    any(r.birthDates) ||
    any(r.cities)
  );
}

export function recordFromFtm(entity: FtmEntity, list?: string | null): NameRecord {
  const names = [
    ...props(entity, 'name'),
    ...props(entity, 'alias'),
    ...props(entity, 'previousName'),
  ];
  if (names.length === 0) {
    const parts = [
      ...props(entity, 'firstName'),
      ...props(entity, 'middleName'),
      ...props(entity, 'fatherName'),
      ...props(entity, 'lastName'),
    ];
    if (parts.length > 0) names.push(parts.join(' '));
  }
  const caption = (entity as Record<string, unknown>).caption;
  if (names.length === 0 && typeof caption === 'string' && caption) names.push(caption);
  return {
    id: entity.id,
    schema: entity.schema,
    names,
    countries: [
      ...props(entity, 'country'),
      ...props(entity, 'nationality'),
      ...props(entity, 'jurisdiction'),
      ...props(entity, 'citizenship'),
    ],
    birthDates: [...props(entity, 'birthDate'), ...props(entity, 'incorporationDate')],
    identifiers: [
      ...props(entity, 'registrationNumber'),
      ...props(entity, 'idNumber'),
      ...props(entity, 'passportNumber'),
      ...props(entity, 'taxNumber'),
      ...props(entity, 'innCode'),
      ...props(entity, 'ogrnCode'),
      ...props(entity, 'imoNumber'),
      ...props(entity, 'swiftBic'),
    ],
    emails: props(entity, 'email'),
    phones: props(entity, 'phone'),
    cities: props(entity, 'city'),
    addresses: props(entity, 'address'),
    list: list ?? null,
  };
}
