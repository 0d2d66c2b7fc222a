import { EntityManager } from 'typeorm';
import { Incident, sameScope } from '@pxr/domain';
import { IdentificationJobs, IdentificationKind } from '@pxr/persistence';

/**
 * What the affected set needs after an incident changed from `before` to `after`: a release when it was
 * cancelled, a new identification when it is new or its scope changed, otherwise nothing.
 */
export function identificationNeeded(
  before: Incident | undefined,
  after: Incident,
): IdentificationKind | undefined {
  if (after.status === 'cancelled') return before?.status === 'cancelled' ? undefined : 'release';
  if (before === undefined || !sameScope(before.scope, after.scope)) return 'identify';
  return undefined;
}

/**
 * Called by the incident handler inside its transaction. It only records a job: resolving a scope over a
 * million customers is the identification worker's, batch by batch, not the consumer's.
 */
export class RecordIdentificationJob {
  constructor(private readonly jobs = new IdentificationJobs()) {}

  /** True when a job was recorded: the identification worker has work once this commits. */
  async execute(manager: EntityManager, before: Incident | undefined, after: Incident): Promise<boolean> {
    const kind = identificationNeeded(before, after);
    if (kind === undefined) return false;
    await this.jobs.record(manager, {
      incidentId: after.incidentId,
      kind,
      scope: after.scope,
      effectiveAt: kind === 'release' ? (after.cancelledAt ?? after.version.at) : after.version.at,
      incidentStartedAt: after.startedAt,
    });
    return true;
  }
}
