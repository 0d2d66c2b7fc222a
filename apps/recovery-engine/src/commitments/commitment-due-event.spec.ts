import { COMMITMENT_EVENT_SCHEMAS, decodeData } from '@pxr/contracts';
import { commitmentDueEvent, RECOVERY_ENGINE_SOURCE } from './commitment-due-event';

const stored = {
  commitmentId: '42',
  commitment: {
    incidentId: 'INC-1',
    dueBy: new Date('2026-01-01T11:00:00Z'),
    promisedAt: new Date('2026-01-01T10:00:00Z'),
    state: 'open' as const,
  },
};

describe('commitmentDueEvent', () => {
  it('given a commitment, then the event is a valid pxr.commitment.due about its incident', () => {
    const event = commitmentDueEvent(stored, new Date('2026-01-01T10:59:00Z'));

    expect(event).toMatchObject({
      type: 'pxr.commitment.due',
      subject: 'INC-1',
      time: '2026-01-01T10:59:00.000Z',
    });
    expect(decodeData(event, COMMITMENT_EVENT_SCHEMAS)).toEqual({
      ok: true,
      value: {
        incidentId: 'INC-1',
        commitmentId: '42',
        dueBy: '2026-01-01T11:00:00.000Z',
        promisedAt: '2026-01-01T10:00:00.000Z',
        firedAt: '2026-01-01T10:59:00.000Z',
      },
    });
  });

  it('given the same commitment fired twice (another engine, a restart), then it is the same event (source, id)', () => {
    const first = commitmentDueEvent(stored, new Date('2026-01-01T10:59:00Z'));
    const second = commitmentDueEvent(stored, new Date('2026-01-01T10:59:30Z'));

    expect([second.source, second.id]).toEqual([first.source, first.id]);
    expect(first.source).toBe(RECOVERY_ENGINE_SOURCE);
  });
});
