import type { Customer } from '@pxr/domain';

/** The staging table's columns, in the order `toStagingRows` writes them. */
export const STAGING_COLUMNS = [
  'line',
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

const NULL = '\\N';

/**
 * A customer as rows of COPY's text format, one per subscription (one with no subscription fields
 * when they have none). `line` is where the customer came from: the first line of a customer wins.
 */
export function toStagingRows(line: number, customer: Customer): string {
  const head = [
    String(line),
    escape(customer.customerId),
    escape(customer.name),
    optional(customer.phone),
    optional(customer.email),
    escape(customer.locale),
    escape(customer.timeZone),
    customer.preferredChannel,
    escape(customer.tier),
    customer.customerSince ?? NULL,
    customer.consents.sms ? 't' : 'f',
    customer.consents.email ? 't' : 'f',
  ].join('\t');
  if (customer.subscriptions.length === 0) return `${head}\t${NULL}\t${NULL}\t${NULL}\n`;
  let rows = '';
  for (const { service, region, postcode } of customer.subscriptions) {
    rows += `${head}\t${escape(service)}\t${escape(region)}\t${escape(postcode)}\n`;
  }
  return rows;
}

const SPECIAL = /[\\\t\n\r]/;

/** COPY text format: backslash, tab and line breaks are escaped; everything else is literal. */
export function escape(value: string): string {
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function optional(value: string | undefined): string {
  return value === undefined ? NULL : escape(value);
}
