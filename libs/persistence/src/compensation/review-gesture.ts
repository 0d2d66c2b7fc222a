import { DataSource } from 'typeorm';
import {
  CompensationError,
  CompensationErrorCode,
  LedgerEntry,
  Review,
  reviewGestureRequest,
} from '@pxr/domain';
import { Approvals } from './approvals';
import { publishLedgerFacts } from './compensation-outbox';
import { asCompensationRefusal } from './database-refusals';
import { Ledger } from './ledger';

/**
 * Approves or rejects a pending gesture: the review entry, the request's new state and (when approved)
 * the granted fact commit together. The request row is locked first, so two reviewers queue.
 */
export class ReviewGesture {
  constructor(
    private readonly dataSource: DataSource,
    private readonly topic: string,
    private readonly approvals = new Approvals(),
    private readonly ledger = new Ledger(),
  ) {}

  async execute(approvalId: string, review: Review): Promise<LedgerEntry> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const request = await this.approvals.findForUpdate(manager, approvalId);
        if (request === undefined) {
          throw new CompensationError(CompensationErrorCode.RequestNotFound, `no approval ${approvalId}`);
        }
        const [entry] = await this.ledger.append(manager, [reviewGestureRequest(request, review)]);
        await this.approvals.settle(manager, approvalId, entry);
        await publishLedgerFacts(manager, this.topic, [entry]);
        return entry;
      });
    } catch (error) {
      throw asCompensationRefusal(error);
    }
  }
}
