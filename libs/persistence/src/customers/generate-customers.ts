import { DataSource } from 'typeorm';
import { CustomerStaging, MergeCounts } from './customer-staging';
import { FakeCustomerOptions, fakeCustomers } from './fake-customers';
import { toStagingRows } from './staging-rows';

export interface GenerateCustomersCommand extends FakeCustomerOptions {
  versionAt: Date;
}

/** Fills the directory with fake customers through the same COPY path as the CSV import. */
export async function generateCustomers(
  dataSource: DataSource,
  command: GenerateCustomersCommand,
): Promise<MergeCounts> {
  return CustomerStaging.inTransaction(dataSource, async (staging) => {
    function* rows(): Generator<string> {
      let line = 0;
      for (const customer of fakeCustomers(command)) yield toStagingRows(++line, customer);
    }
    await staging.copy(rows());
    return staging.merge(command.versionAt);
  });
}
