import { rng } from '../core/random.ts';
import type { Order, PaymentMethod } from '../network/orders.ts';

/**
 * Generated orders for benchmarks, agreement tests and calibration tests: a seeded mix of
 * ordinary trade and procurement with red flags. Illicit orders carry each indicator with
 * a high probability and legitimate ones with a low one, so that no single indicator
 * separates them: the accumulation does. Names are invented.
 */
export interface GeneratedOrder extends Order {
  label: 'illicit' | 'legitimate';
}

export { rng };

const BORDER_TOWNS = [
  'Akcakale',
  'Kilis',
  'Reyhanli',
  'Ceylanpinar',
  'Nusaybin',
  'Suruc',
  'Karkamis',
  'Yayladagi',
];
const NEAR_CITIES = ['Sanliurfa', 'Gaziantep', 'Antakya', 'Mardin'];
const INTERIOR = [
  'Izmir',
  'Ankara',
  'Bursa',
  'Konya',
  'Kayseri',
  'Eskisehir',
  'Denizli',
  'Samsun',
  'Trabzon',
  'Adana',
  'Istanbul',
];
const SELLERS: [string, string, string][] = [
  ['Delta Chemicals GmbH', 'DE', 'Hamburg'],
  ['Bosphorus Kimya Dagitim', 'TR', 'Istanbul'],
  ['Iberia Sensores S.A.', 'ES', 'Madrid'],
  ['Nordic Rotor ApS', 'DK', 'Copenhagen'],
  ['Midlands Components Ltd', 'GB', 'London'],
  ['Mersin Tarim Girdileri', 'TR', 'Mersin'],
];
/** Business, then goods it plausibly buys: [goods, hs, unit, typical quantity]. */
const TRADES: { business: string; goods: [string, string, string, number][] }[] = [
  {
    business: 'paint and coatings manufacturing',
    goods: [
      ['aluminium paste', '760320', 'kg', 1500],
      ['titanium dioxide pigment', '320611', 'kg', 3000],
    ],
  },
  {
    business: 'agricultural cooperative',
    goods: [
      ['ammonium nitrate fertiliser', '310230', 'kg', 40000],
      ['urea', '310210', 'kg', 30000],
    ],
  },
  {
    business: 'security systems installation',
    goods: [
      ['CCTV cameras', '852580', 'pcs', 30],
      ['radio transceiver modules', '851762', 'pcs', 40],
    ],
  },
  {
    business: 'hobby and model shop',
    goods: [
      ['brushless motors for model aircraft', '850131', 'pcs', 10],
      ['lipo batteries', '850760', 'pcs', 20],
    ],
  },
  {
    business: 'mobile phone shop',
    goods: [
      ['smartphones', '851713', 'pcs', 50],
      ['phone chargers', '850440', 'pcs', 200],
    ],
  },
  {
    business: 'textile dyeing',
    goods: [
      ['hydrogen peroxide 35%', '284700', 'kg', 2000],
      ['reactive dyes', '320416', 'kg', 500],
    ],
  },
  {
    business: 'quarrying',
    goods: [
      ['ammonium nitrate prills', '310230', 'kg', 20000],
      ['detonating cord', '360300', 'm', 5000],
    ],
  },
  {
    business: 'bakery',
    goods: [
      ['wheat flour', '110100', 'kg', 5000],
      ['sugar', '170199', 'kg', 1000],
    ],
  },
];
const ILLICIT_GOODS: [string, string, string, number][] = [
  ['aluminium paste (non-leafing)', '760320', 'kg', 5000],
  ['aluminium powder', '760310', 'kg', 3000],
  ['ammonium nitrate', '310230', 'kg', 20000],
  ['potassium chlorate', '282919', 'kg', 1000],
  ['brushless motors and flight controllers for UAVs', '850131', 'pcs', 40],
  ['thermal surveillance cameras', '852580', 'pcs', 12],
  ['radio transceiver modules', '851762', 'pcs', 200],
];
const SURNAMES = [
  'Yilmaz',
  'Kaya',
  'Demir',
  'Celik',
  'Sahin',
  'Yildiz',
  'Arslan',
  'Dogan',
  'Kilic',
  'Aslan',
  'Cetin',
  'Kara',
  'Koc',
  'Kurt',
  'Ozdemir',
];
const FORWARDERS = ['Sinir Lojistik', 'Hudut Nakliyat', 'Firat Freight Forwarding'];
const MTOS = ['Hizli Para Transfer', 'Guven Doviz'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** `n` orders from `buyers` buyers; share `illicitRate` are illicit. */
export function generateOrders(
  n: number,
  opts: { seed?: number; illicitRate?: number; buyers?: number } = {},
): GeneratedOrder[] {
  const r = rng(opts.seed ?? 1);
  const rate = opts.illicitRate ?? 0.1;
  const nBuyers = opts.buyers ?? Math.max(20, Math.round(n / 20));
  const buyers = Array.from({ length: nBuyers }, (_, i) => {
    const trade = TRADES[i % TRADES.length]!;
    const surname = pick(r, SURNAMES);
    return {
      name: `${surname} ${trade.business.split(' ')[0]} ${i}`,
      owner: `${pick(r, ['Mehmet', 'Ayse', 'Omer', 'Fatma'])} ${surname}`,
      trade,
      since: 16000 - Math.floor(r() * 4000),
    };
  });
  const out: GeneratedOrder[] = [];
  for (let i = 0; i < n; i++) {
    const illicit = r() < rate;
    const b = buyers[Math.floor(r() * buyers.length)]!;
    const p = (pIllicit: number, pLegit: number) => r() < (illicit ? pIllicit : pLegit);
    const seller = pick(r, SELLERS);
    const [goods, hs, unit, typical] =
      illicit && p(0.6, 0) ? pick(r, ILLICIT_GOODS) : pick(r, b.trade.goods);
    const day = 16200 + Math.floor(r() * 400);
    const firstSeen = p(0.6, 0.05) ? day - Math.floor(r() * 60) : p(0.1, 0.03) ? null : b.since;
    const city = p(0.65, 0.08)
      ? pick(r, BORDER_TOWNS)
      : p(0.3, 0.1)
        ? pick(r, NEAR_CITIES)
        : pick(r, INTERIOR);
    const quantity = Math.round(typical * (p(0.4, 0.03) ? 3 + r() * 5 : 0.5 + r()));
    const payer = p(0.55, 0.06)
      ? p(0.3, 0.2)
        ? pick(r, MTOS)
        : `${pick(r, ['Ali', 'Hasan', 'Yusuf'])} ${pick(r, SURNAMES)}gil`
      : p(0.05, 0.1)
        ? b.owner
        : b.name;
    const method: PaymentMethod = p(0.6, 0.05)
      ? pick(r, ['cash', 'money_transfer', 'hawala', 'crypto', 'prepaid'] as const)
      : pick(r, ['bank_transfer', 'bank_transfer', 'letter_of_credit', 'card'] as const);
    const consignee = p(0.5, 0.05)
      ? pick(r, FORWARDERS)
      : p(0.1, 0.03)
        ? `${pick(r, SURNAMES)}oglu Depo`
        : b.name;
    const shipTo = consignee === b.name ? city : p(0.7, 0.3) ? pick(r, BORDER_TOWNS) : city;
    const via = p(0.3, 0.03) ? pick(r, ['Erbil', 'Dubai', 'Baku']) : null;
    const route = [
      seller[2],
      ...(via ? [via] : []),
      ...(p(0.5, 0.5) ? ['Gaziantep'] : []),
      shipTo,
    ].join('>');
    out.push({
      order_id: `G-${String(i).padStart(7, '0')}`,
      order_date: isoDay(day),
      seller: seller[0],
      seller_country: seller[1],
      buyer: b.name,
      buyer_country: 'TR',
      buyer_city: city,
      buyer_business: p(0.25, 0) ? pick(r, TRADES).business : b.trade.business,
      buyer_first_seen: firstSeen === null ? null : isoDay(firstSeen),
      goods,
      hs_code: hs,
      quantity,
      unit,
      value: Math.round(quantity * (1 + r() * 10)),
      currency: 'USD',
      payer,
      payment_method: method,
      consignee,
      ship_to_city: shipTo,
      ship_to_country: 'TR',
      route,
      label: illicit ? 'illicit' : 'legitimate',
    });
  }
  return out;
}
