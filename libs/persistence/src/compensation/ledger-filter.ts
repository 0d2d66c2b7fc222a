import { LedgerEntryType } from '@pxr/domain';

/** What auditors narrow the ledger by; every field is optional and they combine with AND. */
export interface LedgerFilter {
  readonly incidentId?: string;
  readonly customerId?: string;
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
  readonly approver?: string;
  readonly policyVersion?: string;
  readonly types?: readonly LedgerEntryType[];
}

/** Makes a value part of the SQL: a numbered parameter, or (for COPY, which takes none) a quoted literal. */
export type Bind = (value: string, cast: 'text' | 'timestamptz') => string;

/** The filter as a condition on `ledger_entries e`, written so the (column, sequence) indexes serve it. */
export function ledgerCondition(filter: LedgerFilter, bind: Bind): string {
  const parts: string[] = [];
  if (filter.incidentId !== undefined) parts.push(`e.incident_id = ${bind(filter.incidentId, 'text')}`);
  if (filter.customerId !== undefined) parts.push(`e.customer_id = ${bind(filter.customerId, 'text')}`);
  if (filter.from !== undefined)
    parts.push(`e.created_at >= ${bind(filter.from.toISOString(), 'timestamptz')}`);
  if (filter.to !== undefined) parts.push(`e.created_at < ${bind(filter.to.toISOString(), 'timestamptz')}`);
  if (filter.approver !== undefined) parts.push(`e.approved_by = ${bind(filter.approver, 'text')}`);
  if (filter.policyVersion !== undefined)
    parts.push(`e.policy_version = ${bind(filter.policyVersion, 'text')}`);
  if (filter.types !== undefined && filter.types.length > 0) {
    parts.push(`e.type IN (${filter.types.map((type) => bind(type, 'text')).join(', ')})`);
  }
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}

/** Binds as numbered parameters into `params`, numbering after those already in it. */
export function parameterBinder(params: unknown[]): Bind {
  return (value, cast) => {
    params.push(value);
    return `$${params.length}::${cast}`;
  };
}
