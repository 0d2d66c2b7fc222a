import { EntityManager } from 'typeorm';
import { Incident } from '@pxr/domain';
import { CommunicationJobs } from '@pxr/persistence';
import { communicationTriggers } from './communication-triggers';

/**
 * Called by the incident handler inside its transaction: a change customers may need to hear about
 * becomes a communication job, committed with the change itself. The worker does the fan-out.
 */
export class RecordCommunicationJob {
  constructor(private readonly jobs = new CommunicationJobs()) {}

  /** True when a job was recorded: the communication worker has work once this commits and settles. */
  async execute(manager: EntityManager, before: Incident | undefined, after: Incident): Promise<boolean> {
    const triggers = communicationTriggers(before, after);
    for (const trigger of triggers) await this.jobs.record(manager, { trigger });
    return triggers.length > 0;
  }
}
