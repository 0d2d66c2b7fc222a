import { EntityManager } from 'typeorm';
import {
  COMPENSATION_EVENT_SOURCE,
  COMPENSATION_EVENT_TYPES,
  CompensationGranted,
  compensationEventId,
  CompensationReversed,
  newCloudEvent,
} from '@pxr/contracts';
import { GIVING_ENTRY_TYPES, LedgerEntry } from '@pxr/domain';
import { appendToOutbox } from '../outbox/outbox';

/**
 * Queues the facts billing systems act on, in the transaction that wrote the ledger entries: a grant or
 * an approval publishes `granted`, a reversal `reversed`; other entries give nothing and publish nothing.
 */
export async function publishLedgerFacts(
  manager: EntityManager,
  topic: string,
  entries: readonly LedgerEntry[],
): Promise<void> {
  const records = entries.flatMap((entry) => {
    const event = factOf(entry);
    return event === undefined ? [] : [{ topic, key: entry.customerId, event }];
  });
  await appendToOutbox(manager, records);
}

function factOf(entry: LedgerEntry) {
  if (entry.gestureKind === null) return undefined;
  const gesture = { kind: entry.gestureKind, amountMinor: entry.amountMinor, currency: entry.currency };
  const envelope = {
    id: compensationEventId(entry.sequence),
    source: COMPENSATION_EVENT_SOURCE,
    time: new Date(entry.createdAt),
    subject: entry.customerId,
  };
  if (GIVING_ENTRY_TYPES.includes(entry.type)) {
    const data: CompensationGranted = {
      ledgerSequence: entry.sequence,
      incidentId: entry.incidentId,
      customerId: entry.customerId,
      gesture,
      policyVersion: entry.policyVersion,
      ruleId: entry.ruleId,
      decidedBy: entry.decidedBy,
      approvedBy: entry.approvedBy,
      grantedAt: entry.createdAt,
    };
    return newCloudEvent({ ...envelope, type: COMPENSATION_EVENT_TYPES.granted, data });
  }
  if (entry.type === 'reversal' && entry.refersTo !== null) {
    const data: CompensationReversed = {
      ledgerSequence: entry.sequence,
      reversesSequence: entry.refersTo,
      incidentId: entry.incidentId,
      customerId: entry.customerId,
      gesture,
      reason: entry.reason ?? '',
      reversedBy: entry.decidedBy,
      reversedAt: entry.createdAt,
    };
    return newCloudEvent({ ...envelope, type: COMPENSATION_EVENT_TYPES.reversed, data });
  }
  return undefined;
}
