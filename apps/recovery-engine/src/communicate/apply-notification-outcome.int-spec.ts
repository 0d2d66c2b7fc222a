import { CloudEvent, INCIDENT_EVENT_TYPES, NOTIFICATION_EVENT_TYPES } from '@pxr/contracts';
import { NoticeKind } from '@pxr/domain';
import { AppMetrics } from '@pxr/observability';
import { Notices, PgTransaction, PostgresUnitOfWork } from '@pxr/persistence';
import { useTestDataSource } from '../../../../test/support/test-database';
import { ApplyIncidentEvent } from '../incidents/apply-incident-event';
import { ApplyNotificationOutcome } from './apply-notification-outcome';

const T0 = Date.parse('2026-12-05T09:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function event(id: string, type: string, minutes: number, data: object): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: 'urn:test:notifier',
    type,
    time: at(minutes).toISOString(),
    datacontenttype: 'application/json',
    data,
  } as CloudEvent;
}

let reportCount = 0;
/** The notifier's report about one message, as it publishes them. */
function report(
  type: keyof typeof NOTIFICATION_EVENT_TYPES,
  messageId: string,
  minutes: number,
  extra: { channel?: 'sms' | 'email'; reason?: string } = {},
): CloudEvent {
  reportCount += 1;
  return event(`report-${reportCount}`, NOTIFICATION_EVENT_TYPES[type], minutes, {
    messageId,
    customerId: 'C-any',
    at: at(minutes).toISOString(),
    ...extra,
  });
}

const identified = (incidentId: string, nextUpdateBy?: Date) =>
  event(`${incidentId}-raised`, INCIDENT_EVENT_TYPES.identified, 0, {
    incidentId,
    title: 'Broadband outage in Leeds',
    severity: 'major',
    startedAt: at(0).toISOString(),
    scope: { services: ['broadband'], regions: ['leeds'], postcodePrefixes: [], customerIds: [] },
    ...(nextUpdateBy === undefined ? {} : { nextUpdateBy: nextUpdateBy.toISOString() }),
  });

/** A notice as the planner issues it: what it tells about each incident, and the next update it promises. */
function notice(
  messageId: string,
  customerId: string,
  plannedMinute: number,
  parts: Array<{ incidentId: string; kind: NoticeKind; nextUpdateBy?: Date }>,
) {
  return {
    messageId,
    customerId,
    kind: parts[0].kind,
    channel: 'sms' as const,
    fallbackChannel: 'email' as const,
    incidentIds: parts.map((part) => part.incidentId),
    parts: parts.map((part) => ({
      ...part,
      revision: '1',
      asOf: { at: at(0), sequence: 1 },
      changes: [],
    })),
    locale: 'en-GB',
    preview: 'We are sorry: broadband in Leeds is down.',
    plannedAt: at(plannedMinute),
  };
}

/**
 * What one chunk of the notifier's reports looks like after a burst of sending: sends and their delivery
 * reports interleaved, a failure followed by the fallback's send, a repeated report, a report about a
 * message that is not ours, a reply, a late failure after delivery, and updates that keep a promise and
 * make a new one.
 */
const chunk: CloudEvent[] = [
  report('sent', 'N1', 2, { channel: 'sms' }),
  report('sent', 'N2', 2, { channel: 'sms' }),
  report('delivered', 'N1', 3, { channel: 'sms' }),
  report('failed', 'N3', 3, { channel: 'sms', reason: 'twilio-30003' }),
  report('sent', 'N3', 4, { channel: 'email' }),
  report('delivered', 'N2', 5, { channel: 'sms' }),
  report('sent', 'N1', 6, { channel: 'sms' }),
  report('sent', 'N4', 12, { channel: 'sms' }),
  report('sent', 'N5', 13, { channel: 'sms' }),
  report('sent', 'GOODWILL-9', 13, { channel: 'sms' }),
  report('replyReceived', 'N2', 14, { channel: 'sms' }),
  report('suppressed', 'N2', 14, { reason: 'no-consent' }),
  report('delivered', 'N4', 15, { channel: 'sms' }),
];

/**
 * A chunk of outcomes applied at once must leave exactly what the same outcomes applied one by one leave:
 * the notices' progress, when each customer was first told, and the incidents' commitments.
 */
describe('applying notification outcomes a chunk at a time', () => {
  const database = useTestDataSource(4);
  const apply = new ApplyNotificationOutcome(new AppMetrics('recovery-engine-test'));

  const inTransaction = <T>(work: (tx: PgTransaction) => Promise<T>) =>
    new PostgresUnitOfWork(database.dataSource).transaction(work);

  /** INC-A promised its next update by minute 30; INC-B promised none. Five notices await their reports. */
  beforeEach(async () => {
    await database.dataSource.query(
      `TRUNCATE incidents, identification_jobs, communication_jobs, commitments, affected_customers, notices, outbox`,
    );
    const incidents = new ApplyIncidentEvent();
    await inTransaction((tx) => incidents.execute(identified('INC-A', at(30)), tx));
    await inTransaction((tx) => incidents.execute(identified('INC-B'), tx));
    await database.dataSource.query(
      `INSERT INTO affected_customers (incident_id, customer_id, journey_state, since, last_changed_at)
       SELECT i, c, 'affected', $1, $1 FROM (VALUES ('INC-A', 'C1'), ('INC-A', 'C2'), ('INC-A', 'C3'),
                                                   ('INC-B', 'C1'), ('INC-B', 'C2')) AS v(i, c)`,
      [at(0)],
    );
    await inTransaction((tx) =>
      new Notices().insert(tx.manager, [
        notice('N1', 'C1', 1, [
          { incidentId: 'INC-A', kind: 'first-notice', nextUpdateBy: at(30) },
          { incidentId: 'INC-B', kind: 'first-notice', nextUpdateBy: at(45) },
        ]),
        notice('N2', 'C2', 1, [{ incidentId: 'INC-B', kind: 'first-notice', nextUpdateBy: at(45) }]),
        notice('N3', 'C3', 1, [{ incidentId: 'INC-A', kind: 'first-notice', nextUpdateBy: at(30) }]),
        notice('N4', 'C1', 10, [{ incidentId: 'INC-A', kind: 'update', nextUpdateBy: at(60) }]),
        notice('N5', 'C2', 10, [{ incidentId: 'INC-A', kind: 'update', nextUpdateBy: at(60) }]),
      ]),
    );
  });

  /** Everything outcomes write, without the database's own clocks and serial numbers. */
  async function state() {
    return {
      notices: await database.dataSource.query(
        `SELECT message_id, state, sent_at, sent_channel, delivered_at, outcome_at, outcome_reason
           FROM notices ORDER BY message_id`,
      ),
      journeys: await database.dataSource.query(
        `SELECT incident_id, customer_id, first_notified_at FROM affected_customers
          ORDER BY incident_id, customer_id`,
      ),
      commitments: await database.dataSource.query(
        `SELECT incident_id, due_by, promised_at, state, settled_at FROM commitments ORDER BY commitment_id`,
      ),
    };
  }

  it('leaves what the same outcomes one by one leave', async () => {
    const before = await state();
    const oneByOne = [];
    for (const outcome of chunk) oneByOne.push(await inTransaction((tx) => apply.execute(outcome, tx)));
    const expected = await state();
    await database.dataSource.query(
      `UPDATE notices SET state = 'requested', sent_at = NULL, sent_channel = NULL,
                          delivered_at = NULL, outcome_at = NULL, outcome_reason = NULL`,
    );
    await database.dataSource.query(`UPDATE affected_customers SET first_notified_at = NULL`);
    await database.dataSource.query(`DELETE FROM commitments WHERE promised_at > $1`, [at(0)]);
    await database.dataSource.query(`UPDATE commitments SET state = 'open', settled_at = NULL`);
    expect(await state()).toEqual(before);

    const together = await inTransaction((tx) => apply.executeChunk(chunk, tx));

    expect(together).toEqual(oneByOne);
    expect(await state()).toEqual(expected);
    // The comparison means something only if the chunk did what it was built to do.
    expect(together.map((result) => result.outcome)).toEqual([
      'handled',
      'handled',
      'handled',
      'handled',
      'handled', // the fallback's send after the first channel failed
      'handled',
      'handled', // a repeated send: nothing new
      'handled',
      'handled',
      'ignored', // not one of ours
      'ignored', // a reply is the contact centre's
      'ignored', // already delivered
      'handled',
    ]);
    expect(expected.notices).toEqual([
      row('N1', 'delivered', 2, 'sms', 3),
      row('N2', 'delivered', 2, 'sms', 5),
      { ...row('N3', 'failed', 4, 'email'), outcome_at: at(3), outcome_reason: 'twilio-30003' },
      row('N4', 'delivered', 12, 'sms', 15),
      row('N5', 'sent', 13, 'sms'),
    ]);
    expect(expected.journeys).toEqual([
      { incident_id: 'INC-A', customer_id: 'C1', first_notified_at: at(2) },
      { incident_id: 'INC-A', customer_id: 'C2', first_notified_at: at(13) },
      { incident_id: 'INC-A', customer_id: 'C3', first_notified_at: at(4) },
      { incident_id: 'INC-B', customer_id: 'C1', first_notified_at: at(2) },
      { incident_id: 'INC-B', customer_id: 'C2', first_notified_at: at(2) },
    ]);
    expect(expected.commitments).toEqual([
      // Operations' promise, kept by the update sent at minute 12.
      { incident_id: 'INC-A', due_by: at(30), promised_at: at(0), state: 'kept', settled_at: at(12) },
      // INC-B had none: the first notice's promise became its commitment.
      { incident_id: 'INC-B', due_by: at(45), promised_at: at(2), state: 'open', settled_at: null },
      // The update's own promise; N5, planned before it, neither keeps it nor promises again.
      { incident_id: 'INC-A', due_by: at(60), promised_at: at(12), state: 'open', settled_at: null },
    ]);
  });

  it('goes on from what an earlier chunk stored', async () => {
    await inTransaction((tx) => apply.executeChunk(chunk.slice(0, 3), tx));
    const results = await inTransaction((tx) => apply.executeChunk(chunk.slice(3), tx));

    expect(results.map((result) => result.outcome)).toEqual([
      'handled',
      'handled',
      'handled',
      'handled',
      'handled',
      'handled',
      'ignored',
      'ignored',
      'ignored',
      'handled',
    ]);
    const { notices } = await state();
    expect(notices.map((n: { state: string }) => n.state)).toEqual([
      'delivered',
      'delivered',
      'failed',
      'delivered',
      'sent',
    ]);
  });

  it('answers a rejection for the report that does not fit, and for that one only', async () => {
    const malformed = event('report-malformed', NOTIFICATION_EVENT_TYPES.sent, 2, { messageId: 'N1' });
    const results = await inTransaction((tx) =>
      apply.executeChunk([report('sent', 'N1', 2), malformed, report('sent', 'N2', 2)], tx),
    );

    expect(results.map((result) => result.outcome)).toEqual(['handled', 'rejected', 'handled']);
    expect(results[1]).toMatchObject({ code: 'bad-data' });
  });
});

function row(
  messageId: string,
  state: string,
  sentMinute: number,
  channel: string,
  deliveredMinute?: number,
) {
  return {
    message_id: messageId,
    state,
    sent_at: at(sentMinute),
    sent_channel: channel,
    delivered_at: deliveredMinute === undefined ? null : at(deliveredMinute),
    outcome_at: null,
    outcome_reason: null,
  };
}
