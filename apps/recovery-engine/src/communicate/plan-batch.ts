import {
  AffectedIncident,
  CommunicationRules,
  Incident,
  Journey,
  NoticePlan,
  NoticeTrigger,
  planNotices,
  SentMessage,
  ToldNotice,
} from '@pxr/domain';
import { CustomerMessage, CustomerReach, SpentPromise, ToldPart } from '@pxr/persistence';

/** Everything one batch read from the database, in a few set-based queries. */
export interface BatchFacts {
  readonly trigger: NoticeTrigger;
  readonly customerIds: readonly string[];
  readonly journeys: readonly Journey[];
  readonly incidents: readonly Incident[];
  readonly reach: readonly CustomerReach[];
  readonly told: readonly ToldPart[];
  readonly history: readonly CustomerMessage[];
  readonly spentPromises: readonly SpentPromise[];
  readonly rules: CommunicationRules;
  readonly now: Date;
}

export interface CustomerPlan {
  readonly customer: CustomerReach;
  readonly plan: NoticePlan;
}

export interface BatchPlan {
  readonly plans: readonly CustomerPlan[];
  /** Customers gone from the directory: there is nobody to write to. */
  readonly notInDirectory: number;
}

/** Runs the planner for each customer of the batch, in memory, over what the batch loaded. */
export function planBatch(facts: BatchFacts): BatchPlan {
  const incidents = new Map(
    facts.incidents.map((incident) => [
      incident.incidentId,
      withoutSpentPromise(incident, facts.spentPromises),
    ]),
  );
  const reach = new Map(facts.reach.map((customer) => [customer.customerId, customer]));
  const journeys = groupBy(facts.journeys, (journey) => journey.customerId);
  const told = groupBy(facts.told, (part) => `${part.customerId}\u0000${part.incidentId}`);
  const history = groupBy(facts.history, (sent) => sent.customerId);
  const trigger = triggerFor(facts.trigger, incidents.get(facts.trigger.incidentId));
  const plans: CustomerPlan[] = [];
  let notInDirectory = 0;
  for (const customerId of facts.customerIds) {
    const customer = reach.get(customerId);
    if (customer === undefined) {
      notInDirectory += 1;
      continue;
    }
    const affected = (journeys.get(customerId) ?? []).flatMap((journey): AffectedIncident[] => {
      const incident = incidents.get(journey.incidentId);
      if (incident === undefined) return [];
      const toldHere: ToldNotice[] = (told.get(`${customerId}\u0000${journey.incidentId}`) ?? []).map(
        (part) => part.told,
      );
      return [{ incident, journey, told: toldHere }];
    });
    const sent: SentMessage[] = (history.get(customerId) ?? []).map((entry) => entry.message);
    const plan = planNotices({
      customer,
      incidents: affected,
      triggers: [trigger],
      history: sent,
      rules: facts.rules,
      now: facts.now,
    });
    plans.push({ customer, plan });
  }
  return { plans, notInDirectory };
}

/**
 * A promise whose commitment has fired is falling due now: a notice going out now must promise the
 * next update after it, not repeat it (the planner would, as it is still a minute or so ahead).
 */
export function withoutSpentPromise(incident: Incident, spent: readonly SpentPromise[]): Incident {
  const due = incident.nextUpdateBy?.getTime();
  if (due === undefined) return incident;
  const fired = spent.some(
    (promise) => promise.incidentId === incident.incidentId && promise.dueBy.getTime() === due,
  );
  if (!fired) return incident;
  const { nextUpdateBy: _spent, ...rest } = incident;
  return rest;
}

/** Customers found after an incident ended learn that it is over, as the rules for the untold say. */
export function triggerFor(trigger: NoticeTrigger, incident: Incident | undefined): NoticeTrigger {
  const over = incident?.status === 'resolved' || incident?.status === 'closed';
  return trigger.type === 'identified' && over
    ? { type: 'resolved', incidentId: trigger.incidentId }
    : trigger;
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
