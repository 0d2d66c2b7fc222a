import type { RowSource } from '../recovery/identification-progress';

/** How an agent names the customer on the line; the phone in E.164, as the directory stores it. */
export type CustomerKey = { customerId: string } | { phone: string } | { email: string };

export interface CustomerMatch {
  readonly customerId: string;
  readonly name: string;
}

const MAX_MATCHES = 20;

/** Exact matches on indexed columns only: a household may share a number, so there may be several. */
export async function findCustomers(db: RowSource, key: CustomerKey): Promise<CustomerMatch[]> {
  const [condition, value] =
    'customerId' in key
      ? ['customer_id = $1', key.customerId]
      : 'phone' in key
        ? ['phone = $1', key.phone]
        : ['lower(email) = lower($1)', key.email];
  const rows = (await db.query(
    `SELECT customer_id, name FROM customers WHERE ${condition} ORDER BY customer_id LIMIT ${MAX_MATCHES}`,
    [value],
  )) as Array<{ customer_id: string; name: string }>;
  return rows.map((row) => ({ customerId: row.customer_id, name: row.name }));
}
