import { affectedBy, FaultSystem, startFaultSystem, SYSTEM_TIMEOUT_MS } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';

const CUSTOMERS = 400;
const SCOPE = { regions: ['north', 'south'] };
const INCIDENT = 'INC-ORDER';

/**
 * Late, duplicated and out-of-order incident events, as a retrying producer or a lagging mirror sends
 * them: an update before its incident exists, redeliveries with the same id, a copy with a new id,
 * an older update after a newer one, an update dated before the resolution arriving after it.
 * The incident never moves backwards and nobody hears the same news twice.
 */
describe('fault: late, duplicated and out-of-order incident events', () => {
  let system: FaultSystem;
  let affected: string[];
  // Event times a minute ago, a second apart: their order is the incident's order, whatever the arrival.
  const base = Date.now() - 60_000;
  const at = (seconds: number) => new Date(base + seconds * 1000);

  beforeAll(async () => {
    system = await startFaultSystem();
    affected = affectedBy(await system.seedCustomers(CUSTOMERS), SCOPE);
  }, SYSTEM_TIMEOUT_MS);

  afterAll(async () => {
    await system?.close();
  }, SYSTEM_TIMEOUT_MS);

  const incident = async () =>
    (
      await system.db.query(
        `SELECT status, severity, version_at, resolved_at, expected_resolution_at FROM incidents
          WHERE incident_id = $1`,
        [INCIDENT],
      )
    ).rows[0] as {
      status: string;
      severity: string;
      version_at: Date;
      resolved_at: Date | null;
      expected_resolution_at: Date | null;
    };
  const journeys = async () =>
    Object.fromEntries(
      (
        await system.db.query(
          `SELECT journey_state, count(*)::int AS n FROM affected_customers WHERE incident_id = $1 GROUP BY 1`,
          [INCIDENT],
        )
      ).rows.map((row: { journey_state: string; n: number }) => [row.journey_state, row.n]),
    );

  it('keeps the newest state and tells each customer each piece of news once', async () => {
    const started = Date.now();
    const { incidents } = system;
    const eta = at(7200);

    // An update overtakes its incident; then the incident, twice (a redelivery).
    await incidents.update(INCIDENT, { id: 'eta-1', at: at(1), expectedResolutionAt: eta.toISOString() });
    await incidents.raise(INCIDENT, { id: 'raise-1', at: at(0), scope: SCOPE });
    await incidents.raise(INCIDENT, { id: 'raise-1', at: at(0), scope: SCOPE });
    await system.quiescent();
    const afterRaise = { incident: await incident(), journeys: await journeys() };

    // The news (critical), an older update arriving after it, the news again by id and by a new id.
    await incidents.update(INCIDENT, { id: 'critical-1', at: at(3), severity: 'critical' });
    await incidents.update(INCIDENT, { id: 'minor-late', at: at(2), severity: 'minor' });
    await incidents.update(INCIDENT, { id: 'critical-1', at: at(3), severity: 'critical' });
    await incidents.update(INCIDENT, { id: 'critical-copy', at: at(3), severity: 'critical' });
    await system.quiescent();
    const afterNews = { incident: await incident(), journeys: await journeys() };

    // The resolution, an update dated before it arriving after it, and the resolution redelivered.
    await incidents.resolve(INCIDENT, { id: 'resolve-1', at: at(5) });
    await incidents.update(INCIDENT, { id: 'stale-after-resolve', at: at(4), severity: 'minor' });
    await incidents.resolve(INCIDENT, { id: 'resolve-1', at: at(5) });
    await system.quiescent();
    const afterResolve = { incident: await incident(), journeys: await journeys() };

    const outcomes = await system.countOutcomes({
      notices: [
        { kind: 'first-notice', customers: affected },
        { kind: 'update', customers: affected },
        { kind: 'resolution', customers: affected },
      ],
      decisions: [{ incidentId: INCIDENT, customers: affected }],
    });
    const everyone = (state: string) => ({ [state]: affected.length });
    const checks = {
      'parked update applied at identification':
        afterRaise.incident.expected_resolution_at?.getTime() === eta.getTime(),
      'everyone notified once raised':
        JSON.stringify(afterRaise.journeys) === JSON.stringify(everyone('notified')),
      'older update did not lower severity': afterNews.incident.severity === 'critical',
      'version is the newest event': afterNews.incident.version_at.getTime() === at(3).getTime(),
      'everyone updated': JSON.stringify(afterNews.journeys) === JSON.stringify(everyone('updated')),
      'resolved and stays resolved': afterResolve.incident.status === 'resolved',
      'late update after resolution ignored': afterResolve.incident.severity === 'critical',
      'resolved at the resolution event': afterResolve.incident.resolved_at?.getTime() === at(5).getTime(),
      'no journey before resolution notice':
        (afterResolve.journeys.notified ?? 0) + (afterResolve.journeys.updated ?? 0) === 0,
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
      'nothing dead-lettered': outcomes.deadLetters.distinct === 0,
      'no promise broken': (outcomes.commitments.broken ?? 0) === 0,
    };
    recordFaultScenario(
      faultRow('late, duplicated, out-of-order incident events', outcomes, checks, [
        `${affected.length} customers, ${outcomes.eventsIn} incident events (3 redeliveries, 1 copy with a new id, 3 late)`,
        `final journeys ${JSON.stringify(afterResolve.journeys)}`,
        `decisions ${JSON.stringify(outcomes.decisions.byOutcome)}`,
        `commitments ${JSON.stringify(outcomes.commitments)}`,
        `${Math.round((Date.now() - started) / 1000)} s`,
      ]),
    );

    expect(afterRaise.incident.expected_resolution_at).toEqual(eta);
    expect(afterRaise.journeys).toEqual(everyone('notified'));
    expect(afterNews.incident).toMatchObject({ severity: 'critical', version_at: at(3) });
    expect(afterNews.journeys).toEqual(everyone('updated'));
    expect(afterResolve.incident).toMatchObject({
      status: 'resolved',
      severity: 'critical',
      resolved_at: at(5),
    });
    expect(afterResolve.journeys.notified ?? 0).toBe(0);
    expect(afterResolve.journeys.updated ?? 0).toBe(0);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.decisions).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.messagesOut).toBe(3 * affected.length);
    expect(outcomes.deadLetters.distinct).toBe(0);
    expect(outcomes.commitments.broken ?? 0).toBe(0);
  }, 600_000);
});
