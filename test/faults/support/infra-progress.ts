import type { FaultSystem } from './fault-harness';

/** How far a fan-out had got when a scenario broke something: the proof that it broke it mid-stream. */
export interface FanOutProgress {
  /** Messages the providers had accepted. */
  readonly accepted: number;
  /** Notices the engine had issued (commands in its outbox). */
  readonly issued: number;
  /** Outbox rows not yet on Kafka, both apps. */
  readonly unpublished: number;
  /** Notices still waiting to hear what became of them. */
  readonly awaitingOutcome: number;
  /** Compensation decisions made. */
  readonly decisions: number;
  readonly describe: string;
}

export async function progressOf(system: FaultSystem): Promise<FanOutProgress> {
  const stats = system.sim.stats();
  const accepted = stats.twilio.accepted + stats.sendgrid.accepted;
  const [row] = (
    await system.db.query(
      `SELECT (SELECT count(*)::int FROM notices) AS issued,
              (SELECT count(*)::int FROM notices WHERE state = 'requested') AS awaiting,
              (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS unpublished,
              (SELECT count(*)::int FROM compensation_decisions) AS decisions`,
    )
  ).rows as Array<{ issued: number; awaiting: number; unpublished: number; decisions: number }>;
  return {
    accepted,
    issued: row.issued,
    unpublished: row.unpublished,
    awaitingOutcome: row.awaiting,
    decisions: row.decisions,
    describe:
      `${row.issued} notices issued, ${accepted} messages accepted by the providers, ` +
      `${row.awaiting} notices awaiting their outcome, ${row.unpublished} outbox rows unpublished, ` +
      `${row.decisions} decisions made`,
  };
}

/** Some of the fan-out was still to do: sending, publishing or hearing back. */
export function stillUnderWay(progress: FanOutProgress, expectedMessages: number): boolean {
  return progress.accepted < expectedMessages || progress.awaitingOutcome > 0 || progress.unpublished > 0;
}

/**
 * `system.quiescent()`, riding out the errors the harness's own Kafka admin gets while a restarted
 * broker settles (its group coordinator moves, "not the correct coordinator"): those say nothing about
 * the apps, whose own clients retry by themselves.
 */
export async function quiescentAfterRestart(system: FaultSystem, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await system.quiescent({ timeoutMs: Math.max(deadline - Date.now(), 1000) });
    } catch (error) {
      if (!(error as Error).name?.startsWith('KafkaJS') || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
