import { CloudEvent, CUSTOMER_EVENT_SCHEMAS, decodeData } from '@pxr/contracts';
import { describeFieldProblems, normaliseCustomer } from '@pxr/domain';
import { HandlerResult } from '@pxr/messaging';
import { CustomerDirectoryRepository, PgTransaction } from '@pxr/persistence';

/**
 * Applies a CRM's customer upsert to the directory. The event's time is the version: an older event
 * arriving after a newer one is ignored, so the directory never goes back to stale contact details.
 */
export class UpsertCustomer {
  constructor(private readonly directory = new CustomerDirectoryRepository()) {}

  async execute(envelope: CloudEvent, tx: PgTransaction): Promise<HandlerResult> {
    const decoded = decodeData(envelope, CUSTOMER_EVENT_SCHEMAS);
    if (!decoded.ok) return { outcome: 'rejected', code: decoded.code, reason: decoded.reason };
    const normalised = normaliseCustomer(decoded.value);
    if (!normalised.ok) {
      return { outcome: 'rejected', code: 'bad-data', reason: describeFieldProblems(normalised.problems) };
    }
    const written = await this.directory.upsert(tx.manager, normalised.customer, new Date(envelope.time));
    return { outcome: written === 'stale' ? 'ignored' : 'handled' };
  }
}
