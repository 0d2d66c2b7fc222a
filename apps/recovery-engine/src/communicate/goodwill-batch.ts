import {
  AffectedIncident,
  CommunicationRules,
  Incident,
  Journey,
  NoticeTrigger,
  planNotices,
  SentMessage,
} from '@pxr/domain';
import { CustomerMessage, CustomerReach, GrantsAfter, GrantToTell, ToldPart } from '@pxr/persistence';
import { BatchPlan, CustomerPlan } from './plan-batch';

export interface GoodwillStep {
  /** The gestures to tell in this batch, in ledger order. */
  readonly tell: readonly GrantToTell[];
  /** Where the cursor moves: every ledger entry up to it has been dealt with. */
  readonly cursor: number;
}

/**
 * Which of the gestures read to tell in this batch, and how far that moves the cursor. It stops before
 * a gesture whose incident still has notices being planned, so the customer hears that it is fixed
 * before what we give them for it, and before a second gesture for one customer and incident, which
 * then gets a notice of its own. The cursor never moves back and never passes a gesture not dealt with.
 */
export function nextGoodwillStep(cursor: number, read: GrantsAfter): GoodwillStep {
  const tell: GrantToTell[] = [];
  const pairs = new Set<string>();
  for (const grant of read.grants) {
    const pair = `${grant.customerId}\u0000${grant.incidentId}`;
    if (grant.incidentBusy || pairs.has(pair)) {
      return { tell, cursor: Math.max(cursor, grant.ledgerSequence - 1) };
    }
    pairs.add(pair);
    tell.push(grant);
  }
  const last = tell.length === 0 ? cursor : tell[tell.length - 1].ledgerSequence;
  // Short of the limit, the read saw every entry up to the head, the entries that give nothing included.
  return { tell, cursor: Math.max(cursor, last, read.full ? last : read.head) };
}

/** What telling one batch of gestures read from the database. */
export interface GoodwillFacts {
  readonly grants: readonly GrantToTell[];
  readonly journeys: readonly Journey[];
  readonly incidents: readonly Incident[];
  readonly reach: readonly CustomerReach[];
  readonly told: readonly ToldPart[];
  readonly history: readonly CustomerMessage[];
  readonly rules: CommunicationRules;
  readonly now: Date;
}

/**
 * One plan per customer, over the gestures' incidents only: the news of incidents still open goes out
 * with their own communication jobs, and a gesture's notice is about what we gave.
 */
export function planGoodwillBatch(facts: GoodwillFacts): BatchPlan {
  const incidents = new Map(facts.incidents.map((incident) => [incident.incidentId, incident]));
  const journeys = new Map(facts.journeys.map((journey) => [pairOf(journey), journey]));
  const reach = new Map(facts.reach.map((customer) => [customer.customerId, customer]));
  const told = groupBy(facts.told, pairOf);
  const history = groupBy(facts.history, (sent) => sent.customerId);
  const grantsOf = groupBy(facts.grants, (grant) => grant.customerId);
  const plans: CustomerPlan[] = [];
  let notInDirectory = 0;
  for (const [customerId, grants] of grantsOf) {
    const customer = reach.get(customerId);
    if (customer === undefined) {
      notInDirectory += 1;
      continue;
    }
    const affected = grants.flatMap((grant): AffectedIncident[] => {
      const journey = journeys.get(pairOf(grant));
      const incident = incidents.get(grant.incidentId);
      if (journey === undefined || incident === undefined) return [];
      return [{ incident, journey, told: (told.get(pairOf(grant)) ?? []).map((part) => part.told) }];
    });
    const sent: SentMessage[] = (history.get(customerId) ?? []).map((entry) => entry.message);
    const plan = planNotices({
      customer,
      incidents: affected,
      triggers: grants.map(triggerOf),
      history: sent,
      rules: facts.rules,
      now: facts.now,
    });
    plans.push({ customer, plan });
  }
  return { plans, notInDirectory };
}

function triggerOf(grant: GrantToTell): NoticeTrigger {
  return {
    type: 'gesture-granted',
    incidentId: grant.incidentId,
    ledgerSequence: grant.ledgerSequence,
    gesture: grant.gesture,
    reversed: grant.reversed,
  };
}

function pairOf({ customerId, incidentId }: { customerId: string; incidentId: string }): string {
  return `${customerId}\u0000${incidentId}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}
