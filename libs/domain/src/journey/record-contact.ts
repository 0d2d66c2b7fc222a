import { Journey } from './journey';

/**
 * Records that the customer reached out at `at`. Compared by time rather than by current state,
 * because contact reports can arrive after the notice that followed them. Once true it stays true.
 */
export function recordContact(journey: Journey, at: Date): Journey {
  if (journey.contactedBeforeNotified) return journey;
  const notifiedAt = journey.firstNotifiedAt;
  const before = notifiedAt === undefined || at.getTime() < notifiedAt.getTime();
  return before ? { ...journey, contactedBeforeNotified: true } : journey;
}
