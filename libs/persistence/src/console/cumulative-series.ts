/** Running totals at the end of one time step. */
export interface ProgressPoint {
  readonly at: string;
  readonly told: number;
  readonly delivered: number;
}

export interface BucketCount {
  /** The start of the bucket. */
  readonly at: Date;
  readonly told: number;
  readonly delivered: number;
}

/**
 * Turns per-bucket counts into running totals, one point per step from the start with none skipped,
 * so a quiet minute draws as a flat line rather than a slope to the next busy one.
 */
export function cumulativeSeries(
  startedAt: Date,
  stepSeconds: number,
  buckets: readonly BucketCount[],
): ProgressPoint[] {
  const stepMs = stepSeconds * 1000;
  const byIndex = new Map<number, BucketCount>();
  for (const bucket of buckets) {
    // A notice stamped before the incident's recorded start (clock skew) counts in the first step.
    const index = Math.max(0, Math.round((bucket.at.getTime() - startedAt.getTime()) / stepMs));
    const seen = byIndex.get(index);
    byIndex.set(
      index,
      seen === undefined
        ? bucket
        : { at: seen.at, told: seen.told + bucket.told, delivered: seen.delivered + bucket.delivered },
    );
  }
  const points: ProgressPoint[] = [{ at: startedAt.toISOString(), told: 0, delivered: 0 }];
  if (byIndex.size === 0) return points;
  const last = Math.max(...byIndex.keys());
  let told = 0;
  let delivered = 0;
  for (let index = 0; index <= last; index += 1) {
    told += byIndex.get(index)?.told ?? 0;
    delivered += byIndex.get(index)?.delivered ?? 0;
    points.push({ at: new Date(startedAt.getTime() + (index + 1) * stepMs).toISOString(), told, delivered });
  }
  return points;
}
