import { Severity } from '../incident/incident';

/** Everything a decision looks at for one affected customer of one resolved incident. */
export interface CompensationInput {
  readonly incidentId: string;
  readonly customerId: string;
  readonly severity: Severity;
  /** The customer's services that the incident touched (see servicesTouched). */
  readonly services: readonly string[];
  readonly affectedSince: Date;
  /** The incident's resolution, or when the customer left its scope if that came first. */
  readonly affectedUntil: Date;
  /** Empty when the customer is no longer in the directory: they are then treated as least loyal. */
  readonly tier: string;
  /** `YYYY-MM-DD`; absent when unknown, which counts as no tenure. */
  readonly customerSince?: string;
  /** Incidents that touched the customer within the repeat-impact window, this one included. */
  readonly recentIncidentIds: readonly string[];
  /** Net amount already given (or awaiting approval) to the customer within the per-customer cap window. */
  readonly givenToCustomerMinor: number;
  /** Amount already given or awaiting approval in this incident, against its budget. */
  readonly committedInIncidentMinor: number;
}

/** The measured facts a rule is matched against, recorded with the decision for the auditor. */
export interface DecisionInputs {
  readonly severity: Severity;
  readonly services: readonly string[];
  readonly affectedSince: string;
  readonly affectedUntil: string;
  readonly affectedMinutes: number;
  readonly tier: string;
  /** The tier's position in the policy's list; -1 when the policy does not list it. */
  readonly tierRank: number;
  readonly tenureMonths: number;
  readonly customerSince: string | null;
  readonly timesAffected: number;
  readonly givenToCustomerMinor: number;
  readonly committedInIncidentMinor: number;
}

export function affectedMinutes(since: Date, until: Date): number {
  return Math.max(0, Math.floor((until.getTime() - since.getTime()) / 60_000));
}

/** Whole calendar months from `customerSince` to `at` (UTC), never negative. */
export function tenureMonths(customerSince: string | undefined, at: Date): number {
  if (customerSince === undefined) return 0;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(customerSince);
  if (match === null) return 0;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const months = (at.getUTCFullYear() - year) * 12 + (at.getUTCMonth() + 1 - month);
  return Math.max(0, at.getUTCDate() < day ? months - 1 : months);
}

/** An incident without services in its scope touches every service the customer has. */
export function servicesTouched(
  customerServices: readonly string[],
  scopeServices: readonly string[],
): string[] {
  const touched =
    scopeServices.length === 0 ? customerServices : customerServices.filter((s) => scopeServices.includes(s));
  return [...new Set(touched)].sort();
}
