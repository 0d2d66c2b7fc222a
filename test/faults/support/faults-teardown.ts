import globalTeardown from '../../support/global-teardown';
import { formatFaultTable, readFaultResults } from './fault-report';

/** Prints the table every scenario added to, then stops what the setup started. */
export default async function faultsTeardown(): Promise<void> {
  const rows = readFaultResults();
  process.stdout.write(`\n[faults] ${rows.length} scenario(s)\n${formatFaultTable(rows)}\n`);
  await globalTeardown();
}
