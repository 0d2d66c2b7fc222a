import type { Customer, PreferredChannel } from '@pxr/domain';

export interface FakeCustomerOptions {
  count: number;
  seed: string;
  services: readonly string[];
  regions: readonly string[];
}

export const DEFAULT_FAKE_SERVICES = ['broadband', 'tv', 'mobile'] as const;
export const DEFAULT_FAKE_REGIONS = ['north', 'south', 'east', 'west', 'scotland', 'wales'] as const;

/**
 * Obviously fake customers for demos and benchmarks, one at a time so a million never sit in memory.
 * Customer i depends only on the options and i: the first 100 of a million are the first 100 of 100.
 *
 * Phone numbers come from Ofcom's ranges reserved for TV and radio drama, chosen by region (Leeds
 * 0113 496 0xxx, Cardiff 029 2018 0xxx, …): nobody real can be texted or called by mistake. Ofcom's
 * drama mobile range (07700 900xxx) cannot be used: libphonenumber holds it unallocated and refuses it.
 * Those ranges hold about 14,000 numbers, so in a large directory many customers share one, as
 * households do. Emails are at example.com/.org/.net (RFC 2606), unique per customer.
 */
export function* fakeCustomers(options: FakeCustomerOptions): Generator<Customer> {
  const base = hashSeed(options.seed);
  for (let index = 0; index < options.count; index += 1) {
    yield fakeCustomer(index, seededRandom(base ^ Math.imul(index + 1, 0x9e3779b1)), options);
  }
}

function fakeCustomer(index: number, next: () => number, options: FakeCustomerOptions): Customer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (probability: number): boolean => next() < probability;
  const first = pick(FIRST_NAMES);
  const last = pick(LAST_NAMES);
  const region = pick(options.regions);
  const place = Object.hasOwn(PLACES, region) ? PLACES[region] : PLACES.elsewhere;
  const locale =
    region === 'wales' && chance(0.3) ? 'cy-GB' : chance(0.04) ? 'fr-FR' : chance(0.02) ? 'cy-GB' : 'en-GB';
  const postcode = `${pick(place.outwardCodes)}${Math.floor(next() * 10)}${pick(INWARD_LETTERS)}${pick(INWARD_LETTERS)}`;
  const serviceCount = Math.min(options.services.length, 1 + (chance(0.4) ? 1 : 0) + (chance(0.25) ? 1 : 0));
  const services = pickDistinct(options.services, serviceCount, next);
  const since = new Date(SINCE_FROM + Math.floor(next() * SINCE_DAYS) * DAY_MS);
  return {
    customerId: `C${String(index + 1).padStart(7, '0')}`,
    name: `${first} ${last}`,
    ...(chance(0.95)
      ? { phone: `+44${pick(place.phoneRanges)}${String(Math.floor(next() * 1000)).padStart(3, '0')}` }
      : {}),
    ...(chance(0.9) ? { email: `${first}.${last}.${index + 1}@${pick(EMAIL_DOMAINS)}`.toLowerCase() } : {}),
    locale,
    timeZone: locale === 'fr-FR' ? 'Europe/Paris' : 'Europe/London',
    preferredChannel: (chance(0.6) ? 'sms' : 'email') as PreferredChannel,
    tier: chance(0.08) ? 'premium' : chance(0.24) ? 'plus' : 'standard',
    customerSince: since.toISOString().slice(0, 10),
    consents: { sms: chance(0.8), email: chance(0.7) },
    subscriptions: services.map((service) => ({ service, region, postcode })),
  };
}

/** The first `count` of a partial Fisher–Yates shuffle. */
function pickDistinct<T>(items: readonly T[], count: number, next: () => number): T[] {
  const pool = [...items];
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

/** mulberry32: tiny, fast and good enough for fake data and repeatable runs; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, so any text is a seed. */
function hashSeed(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const DAY_MS = 86_400_000;
const SINCE_FROM = Date.UTC(2005, 0, 1);
const SINCE_DAYS = 7300;

const FIRST_NAMES =
  'Alex Amira Ben Bethan Chloe Dafydd Dev Ellie Fatima Finn Grace Hamza Isla Jack Kai Leah Mo Niamh Olu Priya Rhys Sam Tom Zara'.split(
    ' ',
  );
const LAST_NAMES =
  'Ahmed Brown Campbell Davies Evans Fraser Green Hughes Jones Khan Lewis Martin Nowak Okafor Patel Roberts Singh Smith Taylor Walker Williams Wilson'.split(
    ' ',
  );
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'.split('');

/** Per region: postcode districts, and Ofcom drama ranges as national digits missing the last three. */
const PLACES: Record<string, { outwardCodes: readonly string[]; phoneRanges: readonly string[] }> = {
  north: {
    outwardCodes: ['LS1', 'LS6', 'M1', 'M14', 'S1', 'L1', 'NE1'],
    phoneRanges: ['1134960', '1144960', '1614960', '1514960', '1914980'],
  },
  south: { outwardCodes: ['SW1A', 'SE1', 'RG1', 'BN1', 'SO14'], phoneRanges: ['2079460', '1184960'] },
  east: { outwardCodes: ['LE1', 'B1', 'NR1', 'CB1'], phoneRanges: ['1164960', '1214960'] },
  west: { outwardCodes: ['BS1', 'BS8', 'EX1', 'GL1'], phoneRanges: ['1174960'] },
  scotland: { outwardCodes: ['EH1', 'G1', 'AB10', 'DD1'], phoneRanges: ['1314960', '1414960'] },
  wales: { outwardCodes: ['CF10', 'SA1', 'LL57'], phoneRanges: ['2920180'] },
  elsewhere: { outwardCodes: ['BT1', 'LS1', 'CF10', 'EH1'], phoneRanges: ['2896496', '1134960', '2920180'] },
};
