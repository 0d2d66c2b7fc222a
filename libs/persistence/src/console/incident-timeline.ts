import type { RowSource } from '../recovery/identification-progress';
import { TimelineEntry, TimelineFact, describeTimelineFact } from './timeline-entry';

interface FactRow {
  at: Date;
  fact: TimelineFact;
}

/**
 * What happened to an incident, in order: its own milestones, each identification, each piece of news
 * given to customers (one line per trigger, however many jobs carried it), promises and goodwill.
 * Every source is a handful of rows per incident: nothing here walks the affected customers.
 */
export async function readIncidentTimeline(
  db: RowSource,
  incidentId: string,
  limit = 200,
): Promise<TimelineEntry[]> {
  const rows = (await db.query(
    `SELECT at, fact FROM (
       SELECT i.started_at AS at, 0 AS ord, jsonb_build_object('type', 'started', 'title', i.title,
                'severity', i.severity) AS fact
         FROM incidents i WHERE i.incident_id = $1
       UNION ALL
       SELECT (p ->> 'at')::timestamptz, 1 + n / 100.0, jsonb_build_object('type', 'phase', 'phase', p ->> 'phase')
         FROM incidents i, jsonb_array_elements(i.phases) WITH ORDINALITY AS ph(p, n) WHERE i.incident_id = $1
       UNION ALL
       SELECT i.resolved_at, 2, jsonb_build_object('type', 'resolved')
         FROM incidents i WHERE i.incident_id = $1 AND i.resolved_at IS NOT NULL
       UNION ALL
       SELECT i.cancelled_at, 2, jsonb_build_object('type', 'cancelled', 'reason', i.cancellation_reason)
         FROM incidents i WHERE i.incident_id = $1 AND i.cancelled_at IS NOT NULL
       UNION ALL
       SELECT i.closed_at, 9, jsonb_build_object('type', 'closed')
         FROM incidents i WHERE i.incident_id = $1 AND i.closed_at IS NOT NULL
       UNION ALL
       SELECT j.created_at, 3, jsonb_build_object('type', 'identification-started', 'kind', j.kind,
                'revision', j.revision)
         FROM identification_jobs j WHERE j.incident_id = $1
       UNION ALL
       SELECT j.finished_at, 4, jsonb_build_object('type', 'identification-finished', 'kind', j.kind,
                'revision', j.revision, 'matched', j.matched, 'added', j.added, 'leftScope', j.left_scope,
                'released', j.released)
         FROM identification_jobs j WHERE j.incident_id = $1 AND j.state = 'done'
       UNION ALL
       SELECT min(c.created_at), 5, jsonb_build_object('type', 'notices', 'trigger', c.trigger,
                'customers', sum(c.customers), 'notices', sum(c.notices), 'done', bool_and(c.state = 'done'))
         FROM communication_jobs c WHERE c.incident_id = $1 GROUP BY c.trigger
       UNION ALL
       SELECT m.promised_at, 6, jsonb_build_object('type', 'promised', 'dueBy', m.due_by)
         FROM commitments m WHERE m.incident_id = $1
       UNION ALL
       SELECT m.settled_at, 6.5, jsonb_build_object('type', 'promise-settled', 'state', m.state, 'dueBy', m.due_by)
         FROM commitments m WHERE m.incident_id = $1 AND m.settled_at IS NOT NULL AND m.state <> 'superseded'
       UNION ALL
       SELECT r.started_at, 7, jsonb_build_object('type', 'compensation', 'done', r.state = 'done',
                'granted', r.granted, 'pending', r.pending, 'noGesture', r.no_gesture, 'escalated', r.escalated)
         FROM compensation_runs r WHERE r.incident_id = $1
     ) facts
     -- Facts of one instant keep the order things happen in: started, phases, identification, notices.
     ORDER BY at DESC, ord DESC LIMIT $2`,
    [incidentId, limit],
  )) as FactRow[];
  return rows.reverse().map((row) => describeTimelineFact(row.at, row.fact));
}
