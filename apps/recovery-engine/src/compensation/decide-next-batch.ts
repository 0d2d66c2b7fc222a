import { DataSource, EntityManager } from 'typeorm';
import {
  amountOf,
  CompensationDecision,
  CompensationPolicy,
  decideCompensation,
  LedgerEntry,
  LedgerEntryDraft,
  ledgerDraftOfDecision,
  markCompensated,
  servicesTouched,
} from '@pxr/domain';
import {
  Approvals,
  CandidateHistory,
  CompensationCandidate,
  CompensationCandidates,
  CompensationDecisions,
  CompensationRun,
  CompensationRuns,
  DecidedJourneys,
  DecisionOutcome,
  Escalations,
  IncidentRepository,
  Ledger,
  publishLedgerFacts,
} from '@pxr/persistence';

export interface DecidedBatch {
  readonly incidentId: string;
  readonly outcomes: Readonly<Record<DecisionOutcome, number>>;
  readonly finished: boolean;
}

const DAY_MS = 86_400_000;

export interface DecideNextBatchOptions {
  readonly policy: CompensationPolicy;
  /** The compensation events topic, with the environment's prefix. */
  readonly topic: string;
  readonly batchSize: number;
  readonly clock?: () => Date;
}

/** The repositories a batch works with; a test may swap one for a double. */
export interface DecideNextBatchRepositories {
  readonly runs: CompensationRuns;
  readonly candidates: CompensationCandidates;
  readonly ledger: Ledger;
  readonly approvals: Approvals;
  readonly escalations: Escalations;
  readonly decisions: CompensationDecisions;
  readonly journeys: DecidedJourneys;
  readonly incidents: IncidentRepository;
}

/**
 * Claims the next resolved incident still owed decisions and decides one batch of its affected
 * customers in one transaction: ledger entries, approvals, escalations, decisions, the journeys' move
 * to compensation_decided, granted facts and the run's cursor commit together. A crash before the
 * commit redoes the batch; after it, the run resumes at the cursor; and the decisions' primary key
 * refuses a second decision whatever happens. The batch that decides the last customer also marks the
 * incident `compensated`.
 */
export class DecideNextBatch {
  private readonly policy: CompensationPolicy;
  private readonly clock: () => Date;
  private readonly repositories: DecideNextBatchRepositories;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: DecideNextBatchOptions,
    repositories: Partial<DecideNextBatchRepositories> = {},
  ) {
    this.policy = options.policy;
    this.clock = options.clock ?? (() => new Date());
    this.repositories = {
      runs: new CompensationRuns(),
      candidates: new CompensationCandidates(),
      ledger: new Ledger(),
      approvals: new Approvals(),
      escalations: new Escalations(),
      decisions: new CompensationDecisions(),
      journeys: new DecidedJourneys(),
      incidents: new IncidentRepository(),
      ...repositories,
    };
  }

  /** Opens runs for newly resolved incidents; returns how many. */
  openDueRuns(): Promise<number> {
    return this.dataSource.transaction((manager) => this.repositories.runs.openDue(manager));
  }

  /** Undefined when no run is waiting. */
  execute(): Promise<DecidedBatch | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const run = await this.repositories.runs.claimNext(manager);
      if (run === undefined) return undefined;
      const batch = await this.repositories.candidates.next(manager, run, this.options.batchSize);
      const decided = await this.decide(manager, run, batch.candidates);
      // The ledger's head lock is taken before any other row this batch writes, in every writer, so
      // concurrent batches and approvals queue on it instead of deadlocking.
      const entries = await this.repositories.ledger.append(
        manager,
        decided.map(({ draft }) => draft),
      );
      await this.record(manager, run, decided, entries);
      const outcomes = countOutcomes(decided);
      const finished = !batch.full;
      await this.repositories.runs.advance(manager, run.incidentId, {
        cursor: batch.last,
        finished,
        granted: outcomes.granted,
        pending: outcomes.pending,
        noGesture: outcomes['no-gesture'],
        escalated: outcomes.escalated,
      });
      if (finished) await this.markCompensated(manager, run.incidentId);
      return { incidentId: run.incidentId, outcomes, finished };
    });
  }

  /**
   * Every affected customer has a decision: the incident reaches its last PXR phase, once (a run reopened
   * for customers found later leaves the time it was first reached). Locked, so the incident handler's
   * write and this one follow each other.
   */
  private async markCompensated(manager: EntityManager, incidentId: string): Promise<void> {
    const incident = (await this.repositories.incidents.findAllForUpdate(manager, [incidentId])).get(
      incidentId,
    );
    if (incident === undefined) return;
    const marked = markCompensated(incident, this.clock());
    if (marked === incident) return;
    await this.repositories.incidents.savePhases(manager, incidentId, incident.phases, marked.phases);
  }

  private async decide(
    manager: EntityManager,
    run: CompensationRun,
    batch: readonly CompensationCandidate[],
  ) {
    const now = this.clock();
    const history: CandidateHistory = await this.repositories.candidates.historyOf(
      manager,
      run,
      batch.map((candidate) => candidate.customerId),
      {
        repeatSince: new Date(run.resolvedAt.getTime() - this.policy.repeatImpact.withinDays * DAY_MS),
        givenSince: new Date(now.getTime() - this.policy.caps.perCustomer.withinDays * DAY_MS),
      },
    );
    // Each gesture counts against the budget of the ones after it, pending ones included.
    let committed = history.committedInIncident;
    return batch.map((candidate) => {
      const leftAt = candidate.leftAt ?? run.resolvedAt;
      const decision = decideCompensation(
        {
          incidentId: run.incidentId,
          customerId: candidate.customerId,
          severity: run.severity,
          services: servicesTouched(candidate.services, run.scopeServices),
          affectedSince: candidate.affectedSince,
          affectedUntil: leftAt < run.resolvedAt ? leftAt : run.resolvedAt,
          tier: candidate.tier,
          customerSince: candidate.customerSince ?? undefined,
          recentIncidentIds: history.recentIncidents.get(candidate.customerId) ?? [],
          givenToCustomerMinor: history.givenToCustomer.get(candidate.customerId) ?? 0,
          committedInIncidentMinor: committed,
        },
        this.policy,
      );
      if (decision.outcome === 'gesture') committed += amountOf(decision.gesture);
      const draft = ledgerDraftOfDecision(
        decision,
        { incidentId: run.incidentId, customerId: candidate.customerId },
        this.policy,
      );
      return { customerId: candidate.customerId, decision, draft, outcome: outcomeOf(decision, draft) };
    });
  }

  private async record(
    manager: EntityManager,
    run: CompensationRun,
    decided: ReadonlyArray<{ customerId: string; decision: CompensationDecision; outcome: DecisionOutcome }>,
    entries: readonly LedgerEntry[],
  ): Promise<void> {
    await this.repositories.approvals.open(
      manager,
      entries.filter((entry) => entry.type === 'pending'),
    );
    await this.repositories.escalations.raise(
      manager,
      decided.flatMap(({ customerId, decision }) =>
        decision.outcome === 'escalate'
          ? [{ customerId, incidentIds: decision.incidentIds, reason: decision.reason }]
          : [],
      ),
    );
    await this.repositories.decisions.record(
      manager,
      decided.map(({ customerId, decision, outcome }, index) => ({
        incidentId: run.incidentId,
        customerId,
        outcome,
        ledgerSequence: entries[index].sequence,
        policyVersion: decision.explanation.policyVersion,
        ruleId: decision.explanation.ruleId,
      })),
    );
    // Whatever the outcome (a gesture, one awaiting approval, none, a person's task), it is decided.
    await this.repositories.journeys.move(
      manager,
      run.incidentId,
      decided.map(({ customerId }) => customerId),
      this.clock(),
    );
    await publishLedgerFacts(manager, this.options.topic, entries);
  }
}

function outcomeOf(decision: CompensationDecision, draft: LedgerEntryDraft): DecisionOutcome {
  if (decision.outcome === 'escalate') return 'escalated';
  if (draft.type === 'grant') return 'granted';
  return draft.type === 'pending' ? 'pending' : 'no-gesture';
}

function countOutcomes(
  decided: ReadonlyArray<{ outcome: DecisionOutcome }>,
): Record<DecisionOutcome, number> {
  const counts: Record<DecisionOutcome, number> = { granted: 0, pending: 0, 'no-gesture': 0, escalated: 0 };
  for (const { outcome } of decided) counts[outcome] += 1;
  return counts;
}
