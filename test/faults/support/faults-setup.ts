import globalSetup from '../../support/global-setup';
import { clearFaultResults } from './fault-report';

/** The integration setup (a broker), and an empty results table for this run. */
export default async function faultsSetup(): Promise<void> {
  clearFaultResults();
  await globalSetup();
}
