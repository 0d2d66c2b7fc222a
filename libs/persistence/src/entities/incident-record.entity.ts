import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface IncidentScopeColumn {
  services: string[];
  regions: string[];
  postcodePrefixes: string[];
  customerIds: string[];
}

@Entity({ name: 'incidents' })
export class IncidentRecord {
  @PrimaryColumn({ name: 'incident_id', type: 'text' })
  incidentId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  severity!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'jsonb' })
  phases!: Array<{ phase: string; at: string }>;

  @Column({ type: 'jsonb' })
  scope!: IncidentScopeColumn;

  @Column({ name: 'customer_impact', type: 'text', nullable: true })
  customerImpact!: string | null;

  @Column({ name: 'status_note', type: 'text', nullable: true })
  statusNote!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'expected_resolution_at', type: 'timestamptz', nullable: true })
  expectedResolutionAt!: Date | null;

  @Column({ name: 'next_update_by', type: 'timestamptz', nullable: true })
  nextUpdateBy!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason!: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** Time and sequence of the last event applied: later events compare against it, never earlier ones. */
  @Column({ name: 'version_at', type: 'timestamptz' })
  versionAt!: Date;

  @Column({ name: 'version_sequence', type: 'bigint' })
  versionSequence!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
