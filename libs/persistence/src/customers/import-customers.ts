import type { PhoneRegion } from '@pxr/domain';
import { describeFieldProblems } from '@pxr/domain';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { parseCustomerRow, readCsvLayout } from './customer-csv';
import { CustomerStaging, MergeCounts } from './customer-staging';
import { readCsvRecords } from './read-csv-records';
import { toStagingRows } from './staging-rows';

export interface BadRow {
  line: number;
  reason: string;
}

export interface ImportCustomersCommand {
  csv: Readable;
  /** The version the file's customers get; a customer stored with a newer version is kept as is. */
  versionAt: Date;
  /** Import the good rows of a file that has bad ones; otherwise such a file imports nothing. */
  allowPartial: boolean;
  /** Called for each bad row as it is found, so a huge file's report never piles up in memory. */
  onBadRow: (row: BadRow) => void;
  defaultRegion?: PhoneRegion;
}

export interface ImportReport extends MergeCounts {
  rows: number;
  badRows: number;
  imported: boolean;
}

/** A header that cannot be read fails the whole file: no row could be read against it. */
export class UnreadableHeaderError extends Error {}

/**
 * Imports a customer CSV in one transaction: rows are checked as they stream past and COPYed into
 * staging, then merged set-based. A file with a bad row imports nothing unless `allowPartial`.
 */
export async function importCustomers(
  dataSource: DataSource,
  command: ImportCustomersCommand,
): Promise<ImportReport> {
  return CustomerStaging.inTransaction(dataSource, async (staging) => {
    let rows = 0;
    let badRows = 0;
    const reportBad = (row: BadRow): void => {
      badRows += 1;
      command.onBadRow(row);
    };
    async function* goodRows(): AsyncGenerator<string> {
      const records = readCsvRecords(command.csv);
      const header = await records.next();
      if (header.done) throw new UnreadableHeaderError('line 1: the file is empty');
      const layout = readCsvLayout(header.value.fields);
      if (!layout.ok) throw new UnreadableHeaderError(`line ${header.value.line}: ${layout.reason}`);
      for await (const { line, fields } of records) {
        rows += 1;
        const row = parseCustomerRow(fields, layout.layout, command.defaultRegion);
        if (row.ok) yield toStagingRows(line, row.customer);
        else reportBad({ line, reason: describeFieldProblems(row.problems) });
      }
    }
    await staging.copy(goodRows());
    for await (const { line, firstLine } of staging.inconsistentRows()) {
      reportBad({
        line,
        reason: `customer fields differ from this customer's first row (line ${firstLine})`,
      });
    }
    const nothing = { customers: 0, subscriptionsAdded: 0, subscriptionsRemoved: 0 };
    if (badRows > 0 && !command.allowPartial) return { rows, badRows, imported: false, ...nothing };
    await staging.discardInconsistentRows();
    return { rows, badRows, imported: true, ...(await staging.merge(command.versionAt)) };
  });
}
