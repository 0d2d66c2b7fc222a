import { DataSource } from 'typeorm';
import type { LedgerEntry } from '@pxr/domain';
import {
  AwaitingApproval,
  CustomerCommitment,
  CustomerContact,
  CustomerIncident,
  CustomerNotice,
  CustomerProfile,
  CustomerReply,
  Escalation,
  LedgerQuery,
  readAwaitingApprovalOf,
  readCommitmentsOf,
  readContactsOf,
  readCustomerCommunication,
  readCustomerIncidents,
  readCustomerProfile,
  readEscalationsOfCustomer,
  readRepliesOf,
  recordPersonalDataAccess,
} from '@pxr/persistence';

/** One customer's story on one screen, so they never have to tell it again. */
export interface CustomerRecovery {
  readonly customer: CustomerProfile;
  /** Affecting them now first, then the others of the last 90 days. */
  readonly incidents: readonly CustomerIncident[];
  /** What we told them and when, with delivery, oldest first. */
  readonly notices: readonly CustomerNotice[];
  readonly commitments: readonly CustomerCommitment[];
  readonly contacts: readonly CustomerContact[];
  readonly replies: readonly CustomerReply[];
  readonly compensation: {
    readonly entries: readonly LedgerEntry[];
    readonly awaitingApproval: readonly AwaitingApproval[];
  };
  readonly escalations: readonly Escalation[];
  readonly since: string;
}

export const RECOVERY_WINDOW_DAYS = 90;
const LEDGER_ENTRIES_SHOWN = 100;

export class ReadCustomerRecovery {
  private readonly ledger = new LedgerQuery();

  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Undefined for a customer not in the directory; otherwise the look is recorded before anything is read. */
  async execute(customerId: string, principal: string): Promise<CustomerRecovery | undefined> {
    const db = this.dataSource;
    const customer = await readCustomerProfile(db, customerId);
    if (customer === undefined) return undefined;
    await recordPersonalDataAccess(db, { principal, customerId, purpose: 'agent recovery view' });
    const since = new Date(this.now().getTime() - RECOVERY_WINDOW_DAYS * 86_400_000);
    const incidents = await readCustomerIncidents(db, customerId, since);
    const [notices, commitments, contacts, replies, ledger, awaitingApproval, escalations] =
      await Promise.all([
        readCustomerCommunication(db, customerId),
        readCommitmentsOf(
          db,
          incidents.map((incident) => incident.incidentId),
        ),
        readContactsOf(db, customerId, since),
        readRepliesOf(db, customerId, since),
        this.ledger.page(db.manager, { customerId }, LEDGER_ENTRIES_SHOWN),
        readAwaitingApprovalOf(db, customerId),
        readEscalationsOfCustomer(db.manager, customerId),
      ]);
    const shown = new Set(incidents.map((incident) => incident.incidentId));
    return {
      customer,
      incidents,
      notices: notices.filter(
        (notice) => notice.plannedAt >= since.toISOString() || notice.incidentIds.some((id) => shown.has(id)),
      ),
      commitments,
      contacts,
      replies,
      compensation: { entries: ledger.items, awaitingApproval },
      escalations: escalations.filter((escalation) => escalation.state === 'open'),
      since: since.toISOString(),
    };
  }
}
