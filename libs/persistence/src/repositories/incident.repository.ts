import { EntityManager } from 'typeorm';
import type { Incident, IncidentScope, IncidentStatus, PhaseReached, PxrPhase, Severity } from '@pxr/domain';
import { IncidentRecord } from '../entities/incident-record.entity';

/** TypeORM answers an UPDATE with [returned rows, affected count]. */
type UpdateResult<T> = [T[], number];

/**
 * Loads and stores the incident aggregate inside the caller's transaction. Plain SQL: every incident event
 * passes through here, and a TypeORM `save` costs a SELECT before its UPDATE.
 */
export class IncidentRepository {
  /** Locked in key order, so two transactions taking several incidents cannot deadlock on them. */
  async findAllForUpdate(
    manager: EntityManager,
    incidentIds: readonly string[],
  ): Promise<Map<string, Incident>> {
    if (incidentIds.length === 0) return new Map();
    const rows: IncidentRecord[] = await manager.query(
      `SELECT ${SELECT_COLUMNS} FROM incidents WHERE incident_id = ANY($1::text[])
       ORDER BY incident_id FOR UPDATE`,
      [incidentIds],
    );
    return new Map(rows.map((row) => [row.incidentId, toIncident(row)]));
  }

  /**
   * Writes the incident's phases only if they are still `expected`: the incident handler may have moved
   * the incident meanwhile, and its write must not be lost. False when they were not (try again later).
   */
  async savePhases(
    manager: EntityManager,
    incidentId: string,
    expected: readonly PhaseReached[],
    phases: readonly PhaseReached[],
  ): Promise<boolean> {
    const json = (list: readonly PhaseReached[]) =>
      JSON.stringify(list.map((reached) => ({ phase: reached.phase, at: reached.at.toISOString() })));
    const [rows]: UpdateResult<unknown> = await manager.query(
      `UPDATE incidents SET phases = $3::jsonb, updated_at = now()
        WHERE incident_id = $1 AND phases = $2::jsonb
       RETURNING 1`,
      [incidentId, json(expected), json(phases)],
    );
    return rows.length === 1;
  }

  /**
   * Stores the incidents a chunk of events changed, in one statement per thousand: an ingest burst changes
   * dozens of incidents per chunk, and one statement each was most of the consumer's round trips. In key
   * order, the order `findAllForUpdate` locks in.
   */
  async saveAll(manager: EntityManager, incidents: readonly Incident[]): Promise<void> {
    const ordered = [...incidents].sort((a, b) => (a.incidentId < b.incidentId ? -1 : 1));
    for (let start = 0; start < ordered.length; start += ROWS_PER_STATEMENT) {
      const rows = ordered.slice(start, start + ROWS_PER_STATEMENT);
      const values = rows.map(
        (_, row) => `(${COLUMNS.map((_, column) => `$${row * COLUMNS.length + column + 1}`).join(', ')})`,
      );
      await manager.query(
        `INSERT INTO incidents (${COLUMNS.map(([column]) => column).join(', ')})
         VALUES ${values.join(', ')}
         ON CONFLICT (incident_id) DO UPDATE SET
           ${COLUMNS.slice(1)
             .map(([column]) => `${column} = EXCLUDED.${column}`)
             .join(', ')},
           updated_at = now()`,
        rows.flatMap((incident) => {
          const record = toRecord(incident);
          return COLUMNS.map(([column, field]) =>
            JSON_COLUMNS.has(column) ? JSON.stringify(record[field]) : record[field],
          );
        }),
      );
    }
  }
}

/** Column and record field, the primary key first; created_at and updated_at are the database's. */
const COLUMNS: ReadonlyArray<readonly [string, keyof IncidentRecord]> = [
  ['incident_id', 'incidentId'],
  ['title', 'title'],
  ['severity', 'severity'],
  ['status', 'status'],
  ['phases', 'phases'],
  ['scope', 'scope'],
  ['customer_impact', 'customerImpact'],
  ['status_note', 'statusNote'],
  ['started_at', 'startedAt'],
  ['expected_resolution_at', 'expectedResolutionAt'],
  ['next_update_by', 'nextUpdateBy'],
  ['resolved_at', 'resolvedAt'],
  ['cancelled_at', 'cancelledAt'],
  ['cancellation_reason', 'cancellationReason'],
  ['closed_at', 'closedAt'],
  ['version_at', 'versionAt'],
  ['version_sequence', 'versionSequence'],
];
const JSON_COLUMNS = new Set(['phases', 'scope']);
// PostgreSQL takes at most 65,535 parameters in a statement; 1,000 rows of 18 columns stay well within.
const ROWS_PER_STATEMENT = 1000;
const SELECT_COLUMNS = COLUMNS.map(([column, field]) => `${column} AS "${field}"`).join(', ');

const toDate = (value: Date | null): Date | undefined => value ?? undefined;
const toText = (value: string | null): string | undefined => value ?? undefined;

export function toIncident(record: IncidentRecord): Incident {
  return {
    incidentId: record.incidentId,
    title: record.title,
    severity: record.severity as Severity,
    status: record.status as IncidentStatus,
    phases: record.phases.map((reached) => ({ phase: reached.phase as PxrPhase, at: new Date(reached.at) })),
    scope: record.scope as IncidentScope,
    customerImpact: toText(record.customerImpact),
    startedAt: record.startedAt,
    expectedResolutionAt: toDate(record.expectedResolutionAt),
    nextUpdateBy: toDate(record.nextUpdateBy),
    statusNote: toText(record.statusNote),
    version: { at: record.versionAt, sequence: Number(record.versionSequence) },
    resolvedAt: toDate(record.resolvedAt),
    cancelledAt: toDate(record.cancelledAt),
    cancellationReason: toText(record.cancellationReason),
    closedAt: toDate(record.closedAt),
  };
}

function toRecord(incident: Incident): Partial<IncidentRecord> {
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    phases: incident.phases.map((reached) => ({ phase: reached.phase, at: reached.at.toISOString() })),
    scope: {
      services: [...incident.scope.services],
      regions: [...incident.scope.regions],
      postcodePrefixes: [...incident.scope.postcodePrefixes],
      customerIds: [...incident.scope.customerIds],
    },
    customerImpact: incident.customerImpact ?? null,
    startedAt: incident.startedAt,
    expectedResolutionAt: incident.expectedResolutionAt ?? null,
    nextUpdateBy: incident.nextUpdateBy ?? null,
    statusNote: incident.statusNote ?? null,
    versionAt: incident.version.at,
    versionSequence: String(incident.version.sequence),
    resolvedAt: incident.resolvedAt ?? null,
    cancelledAt: incident.cancelledAt ?? null,
    cancellationReason: incident.cancellationReason ?? null,
    closedAt: incident.closedAt ?? null,
  };
}
