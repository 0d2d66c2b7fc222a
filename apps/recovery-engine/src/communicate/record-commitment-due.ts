import { CloudEvent, COMMITMENT_EVENT_SCHEMAS, decodeData } from '@pxr/contracts';
import { HandlerResult } from '@pxr/messaging';
import { CommunicationJobs, PgTransaction } from '@pxr/persistence';

/**
 * Handles the engine's own `pxr.commitment.due`: customers of the incident are owed an update by
 * `dueBy`, news or not. Through the inbox, so a redelivered firing records no second job.
 */
export class RecordCommitmentDue {
  constructor(private readonly jobs = new CommunicationJobs()) {}

  async execute(envelope: CloudEvent, tx: PgTransaction): Promise<HandlerResult> {
    const decoded = decodeData(envelope, COMMITMENT_EVENT_SCHEMAS);
    if (!decoded.ok) return { outcome: 'rejected', code: decoded.code, reason: decoded.reason };
    const { incidentId, dueBy } = decoded.value;
    await this.jobs.record(tx.manager, {
      trigger: { type: 'commitment-due', incidentId, dueBy: new Date(dueBy) },
    });
    return { outcome: 'handled' };
  }
}
