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

  async execute(manager: EntityManager, before: Incident | undefined, after: Incident): Promise<void> {
    for (const trigger of communicationTriggers(before, after)) await this.jobs.record(manager, { trigger });
  }
}
