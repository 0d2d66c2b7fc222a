import { EntityManager } from 'typeorm';

export type DecisionOutcome = 'granted' | 'pending' | 'no-gesture' | 'escalated';

export interface RecordedDecision {
  readonly incidentId: string;
  readonly customerId: string;
  readonly outcome: DecisionOutcome;
  readonly ledgerSequence: number;
  readonly policyVersion: string;
  readonly ruleId: string;
}

export class CompensationDecisions {
  /**
   * A plain insert on purpose: the primary key (incident, customer) refuses a second decision, and the
   * whole batch (ledger entries included) rolls back rather than record one twice.
   */
  async record(manager: EntityManager, decisions: readonly RecordedDecision[]): Promise<void> {
    if (decisions.length === 0) return;
    await manager.query(
      `INSERT INTO compensation_decisions (incident_id, customer_id, outcome, ledger_sequence, policy_version, rule_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])`,
      [
        decisions.map((d) => d.incidentId),
        decisions.map((d) => d.customerId),
        decisions.map((d) => d.outcome),
        decisions.map((d) => d.ledgerSequence),
        decisions.map((d) => d.policyVersion),
        decisions.map((d) => d.ruleId),
      ],
    );
  }

  async countByOutcome(
    db: Pick<EntityManager, 'query'>,
    incidentId: string,
  ): Promise<Record<DecisionOutcome, number>> {
    const rows: Array<{ outcome: DecisionOutcome; n: string }> = await db.query(
      `SELECT outcome, count(*) AS n FROM compensation_decisions WHERE incident_id = $1 GROUP BY outcome`,
      [incidentId],
    );
    const counts: Record<DecisionOutcome, number> = { granted: 0, pending: 0, 'no-gesture': 0, escalated: 0 };
    for (const row of rows) counts[row.outcome] = Number(row.n);
    return counts;
  }
}
