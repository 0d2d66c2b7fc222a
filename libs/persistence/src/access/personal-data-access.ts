import { DataSource } from 'typeorm';

/** Records that someone looked at a customer's personal data; the agent view calls it on every lookup. */
export async function recordPersonalDataAccess(
  dataSource: DataSource,
  access: { principal: string; customerId: string; purpose: string },
): Promise<void> {
  await dataSource.query(
    `INSERT INTO personal_data_access (principal, customer_id, purpose) VALUES ($1, $2, $3)`,
    [access.principal, access.customerId, access.purpose],
  );
}
