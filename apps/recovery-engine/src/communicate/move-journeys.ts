import { evolveJourney, IllegalTransitionError, Journey, JourneyEventType, NoticeKind } from '@pxr/domain';
import { IssuedNotice } from '@pxr/persistence';

/** What telling a customer a part of each kind does to their journey in that incident. */
const JOURNEY_EVENT: Readonly<Record<NoticeKind, JourneyEventType | undefined>> = {
  'first-notice': 'noticeSent',
  update: 'updateSent',
  'no-news-update': 'updateSent',
  resolution: 'resolutionNoticeSent',
  // A cancelled incident's journeys are closed by its release; a gesture is compensation's to record.
  'all-clear': undefined,
  goodwill: undefined,
};

/** The journeys the issued notices move, as the domain moves them; the others are left out. */
export function journeysAfter(
  issued: readonly IssuedNotice[],
  journeys: readonly Journey[],
  at: Date,
): Journey[] {
  const byKey = new Map(
    journeys.map((journey) => [`${journey.customerId}\u0000${journey.incidentId}`, journey]),
  );
  const moved = new Map<string, Journey>();
  for (const notice of issued) {
    for (const part of notice.parts) {
      const key = `${notice.customerId}\u0000${part.incidentId}`;
      const journey = moved.get(key) ?? byKey.get(key);
      const event = JOURNEY_EVENT[part.kind];
      if (journey === undefined || event === undefined) continue;
      try {
        moved.set(key, evolveJourney(journey, { type: event, at }));
      } catch (error) {
        // e.g. a resolution told to a journey already closed: the notice stands, the journey stays put.
        if (!(error instanceof IllegalTransitionError)) throw error;
      }
    }
  }
  return [...moved.values()];
}
