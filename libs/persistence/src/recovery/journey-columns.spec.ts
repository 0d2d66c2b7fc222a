import { JourneyRow, journeyStatesAccepting, toJourney } from './journey-columns';

const row = (overrides: Partial<JourneyRow>): JourneyRow => ({
  incident_id: 'INC-1',
  customer_id: 'CUST-1',
  journey_state: 'affected',
  resume_state: null,
  first_notified_at: null,
  updates_sent: 0,
  contacted_before_notified: false,
  last_changed_at: new Date('2026-01-01T09:00:00Z'),
  ...overrides,
});

describe('journey columns', () => {
  it('given a row that left scope, then the journey remembers where it resumes', () => {
    expect(toJourney(row({ journey_state: 'no_longer_affected', resume_state: 'notified' })).state).toEqual({
      status: 'noLongerAffected',
      resumeAs: { status: 'notified' },
    });
  });

  it('given a snake_case state, then the domain status', () => {
    expect(toJourney(row({ journey_state: 'resolution_notified' })).state).toEqual({
      status: 'resolutionNotified',
    });
  });

  it('given a row that left scope with nothing to resume, then it refuses rather than guess', () => {
    expect(() => toJourney(row({ journey_state: 'no_longer_affected' }))).toThrow(/resume/);
  });

  it('bulk updates close exactly the states the domain lets close', () => {
    expect(journeyStatesAccepting('closed', 'closed')).toEqual([
      'affected',
      'notified',
      'updated',
      'resolution_notified',
      'compensation_decided',
      'no_longer_affected',
    ]);
  });
});
