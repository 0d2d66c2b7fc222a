import { Readable } from 'node:stream';
import { useTestDataSource } from '../../../../test/support/test-database';
import { CustomerDirectoryRepository } from './customer-directory.repository';
import { CUSTOMER_CSV_COLUMNS } from './customer-csv';
import { DEFAULT_FAKE_REGIONS, DEFAULT_FAKE_SERVICES } from './fake-customers';
import { generateCustomers } from './generate-customers';
import { BadRow, importCustomers, ImportReport, UnreadableHeaderError } from './import-customers';
import { MalformedCsvError } from './read-csv-records';

const HEADER = CUSTOMER_CSV_COLUMNS.join(',');

/** A CSV file from lines; the header is added unless told otherwise. */
const csvOf = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute));

describe('importing and generating customers', () => {
  const directory = new CustomerDirectoryRepository();
  const database = useTestDataSource(2);

  beforeEach(async () => {
    await database.dataSource.query(`TRUNCATE customers CASCADE`);
  });

  async function load(
    text: string,
    options: { allowPartial?: boolean; versionAt?: Date } = {},
  ): Promise<{ report: ImportReport; bad: BadRow[] }> {
    const bad: BadRow[] = [];
    const report = await importCustomers(database.dataSource, {
      csv: Readable.from([text]),
      versionAt: options.versionAt ?? at(0),
      allowPartial: options.allowPartial ?? false,
      onBadRow: (row) => bad.push(row),
    });
    return { report, bad };
  }

  const snapshot = () =>
    database.dataSource.query(
      `SELECT c.customer_id, c.name, c.phone, c.email, c.locale, c.time_zone, c.preferred_channel, c.tier,
              c.customer_since::text, c.consent_sms, c.consent_email,
              array_agg(s.service || '/' || s.region || '/' || s.postcode ORDER BY s.service) AS subscriptions
       FROM customers c LEFT JOIN customer_subscriptions s USING (customer_id)
       GROUP BY c.customer_id ORDER BY c.customer_id`,
    );

  const GOOD_FILE = csvOf(
    'C1,"Lovelace, Ada",0113 496 0123,ada@Example.com,en-GB,Europe/London,sms,premium,2019-04-01,yes,no,broadband,north,ls1 4ab',
    'C1,"Lovelace, Ada",0113 496 0123,ada@Example.com,en-GB,Europe/London,sms,premium,2019-04-01,yes,no,tv,north,LS1 4AB',
    'C2,"Charles ""Charlie""\nBabbage",,charles@example.org,cy-GB,Europe/London,email,,,no,yes,mobile,wales,CF10 1AA',
    'C3,No Subscriptions,+33 1 42 68 53 00,,fr-FR,Europe/Paris,email,standard,,0,1,,,',
  );

  it('imports quoted fields with commas, quotes and line breaks, one customer per id', async () => {
    const { report, bad } = await load(GOOD_FILE);
    expect(bad).toEqual([]);
    expect(report).toEqual({
      rows: 4,
      badRows: 0,
      imported: true,
      customers: 3,
      subscriptionsAdded: 3,
      subscriptionsRemoved: 0,
    });
    expect(await directory.findById(database.dataSource.manager, 'C1')).toEqual({
      customerId: 'C1',
      name: 'Lovelace, Ada',
      phone: '+441134960123',
      email: 'ada@example.com',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      preferredChannel: 'sms',
      tier: 'premium',
      customerSince: '2019-04-01',
      consents: { sms: true, email: false },
      subscriptions: [
        { service: 'broadband', region: 'north', postcode: 'LS14AB' },
        { service: 'tv', region: 'north', postcode: 'LS14AB' },
      ],
      versionAt: at(0),
    });
    expect(await directory.findById(database.dataSource.manager, 'C2')).toMatchObject({
      name: 'Charles "Charlie" Babbage',
      tier: 'standard',
      subscriptions: [{ service: 'mobile', region: 'wales', postcode: 'CF101AA' }],
    });
    expect(await directory.findById(database.dataSource.manager, 'C3')).toMatchObject({
      phone: '+33142685300',
      subscriptions: [],
    });
  });

  it('is idempotent: importing the same file again changes nothing but the version', async () => {
    await load(GOOD_FILE, { versionAt: at(0) });
    const first = await snapshot();
    const { report } = await load(GOOD_FILE, { versionAt: at(1) });
    expect(report).toMatchObject({ customers: 3, subscriptionsAdded: 0, subscriptionsRemoved: 0 });
    expect(await snapshot()).toEqual(first);
  });

  const BAD_FILE = csvOf(
    'C1,Good Row,0113 496 0123,,en-GB,Europe/London,sms,,,y,n,broadband,north,LS1 4AB',
    'C2,Bad Phone,12345,,en-GB,Europe/London,sms,,,y,n,broadband,north,LS1 4AB',
    'C3,"Multi',
    'line but short",0113 496 0124',
    'C4,Another Good,0113 496 0125,,en-GB,Europe/London,email,,,n,y,tv,north,LS6 1AA',
    'C5,Bad Many,,nope,en_GB,Europe/London,fax,,,maybe,n,tv,north,LS6 1AA',
    'C1,Good Row Renamed,0113 496 0123,,en-GB,Europe/London,sms,,,y,n,tv,north,LS1 4AB',
  );
  const BAD_ROWS: BadRow[] = [
    { line: 3, reason: 'phone: not a valid phone number' },
    { line: 4, reason: 'row: expected 14 fields, found 3' },
    {
      line: 7,
      reason:
        'consent_sms: must be true/false, yes/no, 1/0 or blank; email: not a valid email address; ' +
        'locale: not a BCP 47 tag; preferred_channel: must be one of sms, email',
    },
    { line: 8, reason: "customer fields differ from this customer's first row (line 2)" },
  ];

  it('imports nothing from a file with bad rows, and reports each by line number and reason', async () => {
    const { report, bad } = await load(BAD_FILE);
    expect(bad).toEqual(BAD_ROWS);
    expect(report).toMatchObject({ rows: 6, badRows: 4, imported: false, customers: 0 });
    expect(await directory.count(database.dataSource.manager)).toBe(0);
  });

  it('imports the good rows and reports the bad ones when partial imports are allowed', async () => {
    const { report, bad } = await load(BAD_FILE, { allowPartial: true });
    expect(bad).toEqual(BAD_ROWS);
    expect(report).toMatchObject({
      rows: 6,
      badRows: 4,
      imported: true,
      customers: 2,
      subscriptionsAdded: 2,
    });
    const rows = await snapshot();
    expect(rows.map((row: { customer_id: string; name: string }) => [row.customer_id, row.name])).toEqual([
      ['C1', 'Good Row'],
      ['C4', 'Another Good'],
    ]);
    // The disagreeing repeat of C1 is dropped whole, its subscription with it.
    expect(rows[0].subscriptions).toEqual(['broadband/north/LS14AB']);
  });

  it('leaves a customer alone when the directory holds a newer version than the file', async () => {
    await load(GOOD_FILE, { versionAt: at(10) });
    const renamed = GOOD_FILE.replaceAll('"Lovelace, Ada"', '"Countess Lovelace"');
    const { report } = await load(renamed, { versionAt: at(5) });
    expect(report).toMatchObject({ imported: true, customers: 0 });
    expect(await directory.findById(database.dataSource.manager, 'C1')).toMatchObject({
      name: 'Lovelace, Ada',
    });
  });

  it('replaces the subscriptions of an imported customer with those in the file', async () => {
    await load(GOOD_FILE, { versionAt: at(0) });
    const moved = csvOf(
      'C1,"Lovelace, Ada",0113 496 0123,ada@Example.com,en-GB,Europe/London,sms,premium,2019-04-01,yes,no,broadband,south,SW1A 1AA',
    );
    const { report } = await load(moved, { versionAt: at(1) });
    expect(report).toMatchObject({ customers: 1, subscriptionsAdded: 1, subscriptionsRemoved: 2 });
    expect((await directory.findById(database.dataSource.manager, 'C1'))?.subscriptions).toEqual([
      { service: 'broadband', region: 'south', postcode: 'SW1A1AA' },
    ]);
  });

  const FINE_ROW = 'C9,Fine,,,en-GB,Europe/London,email,,,n,y,tv,north,LS1 1AA';

  it.each([
    [
      'malformed CSV',
      csvOf(FINE_ROW, 'C1,"never closed,x'),
      MalformedCsvError,
      /^line 3: malformed CSV: Quote Not/,
    ],
    [
      'an unreadable header',
      `customer_id,name\n${FINE_ROW}\n`,
      UnreadableHeaderError,
      /^line 1: header: missing/,
    ],
    ['an empty file', '', UnreadableHeaderError, /^line 1: the file is empty$/],
  ])('fails whole, importing nothing, on %s', async (_case, text, type, message) => {
    const failure = load(text, { allowPartial: true });
    await expect(failure).rejects.toBeInstanceOf(type);
    await expect(failure).rejects.toThrow(message);
    expect(await directory.count(database.dataSource.manager)).toBe(0);
  });

  describe('the generator', () => {
    const generate = (count: number, seed: string, minute = 0) =>
      generateCustomers(database.dataSource, {
        count,
        seed,
        services: DEFAULT_FAKE_SERVICES,
        regions: DEFAULT_FAKE_REGIONS,
        versionAt: at(minute),
      });

    it('makes exactly the count asked for, each with one to three subscriptions', async () => {
      const merged = await generate(2500, 'count');
      expect(merged.customers).toBe(2500);
      expect(await directory.count(database.dataSource.manager)).toBe(2500);
      const [{ min, max, total }] = await database.dataSource.query(
        `SELECT min(n)::int AS min, max(n)::int AS max, sum(n)::int AS total
         FROM (SELECT count(*) AS n FROM customer_subscriptions GROUP BY customer_id) per_customer`,
      );
      expect([min, max, total]).toEqual([1, 3, merged.subscriptionsAdded]);
    });

    it('is deterministic for a seed: the same seed again gives the same directory', async () => {
      await generate(500, 'same', 0);
      const first = await snapshot();
      const again = await generate(500, 'same', 1);
      expect(again).toMatchObject({ customers: 500, subscriptionsAdded: 0, subscriptionsRemoved: 0 });
      expect(await snapshot()).toEqual(first);
      await generate(500, 'different', 2);
      expect(await snapshot()).not.toEqual(first);
    });
  });
});
