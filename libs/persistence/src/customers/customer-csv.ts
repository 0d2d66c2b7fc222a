import { Customer, FieldProblem, normaliseCustomer, PhoneRegion } from '@pxr/domain';

/** The import file's columns; one row per subscription, the customer's fields repeated on each. */
export const CUSTOMER_CSV_COLUMNS = [
  'customer_id',
  'name',
  'phone',
  'email',
  'locale',
  'time_zone',
  'preferred_channel',
  'tier',
  'customer_since',
  'consent_sms',
  'consent_email',
  'service',
  'region',
  'postcode',
] as const;

export type CustomerCsvColumn = (typeof CUSTOMER_CSV_COLUMNS)[number];

/** Where each column sits in this file's rows; the header may order them as it likes. */
export type CsvLayout = { readonly width: number; readonly at: Readonly<Record<CustomerCsvColumn, number>> };

export type CsvRow = { ok: true; customer: Customer } | { ok: false; problems: FieldProblem[] };

export function readCsvLayout(
  header: readonly string[],
): { ok: true; layout: CsvLayout } | { ok: false; reason: string } {
  const names = header.map((name) => name.trim().toLowerCase());
  const missing = CUSTOMER_CSV_COLUMNS.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !(CUSTOMER_CSV_COLUMNS as readonly string[]).includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  const faults = [
    missing.length > 0 ? `missing columns: ${missing.join(', ')}` : '',
    unknown.length > 0 ? `unknown columns: ${unknown.join(', ')}` : '',
    repeated.length > 0 ? `repeated columns: ${repeated.join(', ')}` : '',
  ].filter((fault) => fault !== '');
  if (faults.length > 0) return { ok: false, reason: `header: ${faults.join('; ')}` };
  const at = Object.fromEntries(CUSTOMER_CSV_COLUMNS.map((column) => [column, names.indexOf(column)]));
  return { ok: true, layout: { width: names.length, at: at as CsvLayout['at'] } };
}

/** One row, checked with the domain's normalisation; problems are named by CSV column. */
export function parseCustomerRow(
  fields: readonly string[],
  layout: CsvLayout,
  defaultRegion?: PhoneRegion,
): CsvRow {
  if (fields.length !== layout.width) {
    return {
      ok: false,
      problems: [{ field: 'row', problem: `expected ${layout.width} fields, found ${fields.length}` }],
    };
  }
  const cell = (column: CustomerCsvColumn): string => fields[layout.at[column]];
  const problems: FieldProblem[] = [];
  const consent = (column: CustomerCsvColumn): boolean => {
    const value = readBoolean(cell(column));
    if (value === undefined)
      problems.push({ field: column, problem: 'must be true/false, yes/no, 1/0 or blank' });
    return value ?? false;
  };
  const consents = { sms: consent('consent_sms'), email: consent('consent_email') };
  const subscription = { service: cell('service'), region: cell('region'), postcode: cell('postcode') };
  const hasSubscription = Object.values(subscription).some((value) => value.trim() !== '');
  const normalised = normaliseCustomer(
    {
      customerId: cell('customer_id'),
      name: cell('name'),
      phone: cell('phone'),
      email: cell('email'),
      locale: cell('locale'),
      timeZone: cell('time_zone'),
      preferredChannel: cell('preferred_channel'),
      tier: cell('tier'),
      customerSince: cell('customer_since'),
      consents,
      subscriptions: hasSubscription ? [subscription] : [],
    },
    defaultRegion,
  );
  if (!normalised.ok) problems.push(...normalised.problems.map(toColumnProblem));
  return problems.length > 0 || !normalised.ok
    ? { ok: false, problems }
    : { ok: true, customer: normalised.customer };
}

// Explicit consent only: a blank cell is "not given", never "yes".
const BOOLEANS = new Map<string, boolean>([
  ['', false],
  ...(['true', 'yes', 'y', '1'] as const).map((word) => [word, true] as const),
  ...(['false', 'no', 'n', '0'] as const).map((word) => [word, false] as const),
]);

function readBoolean(raw: string): boolean | undefined {
  return BOOLEANS.get(raw.trim().toLowerCase());
}

const COLUMN_OF: Record<string, CustomerCsvColumn> = {
  customerId: 'customer_id',
  timeZone: 'time_zone',
  preferredChannel: 'preferred_channel',
  customerSince: 'customer_since',
};

function toColumnProblem({ field, problem }: FieldProblem): FieldProblem {
  const subscriptionField = /^subscriptions\[\d+\]\.(\w+)$/.exec(field)?.[1];
  return { field: subscriptionField ?? COLUMN_OF[field] ?? field, problem };
}
