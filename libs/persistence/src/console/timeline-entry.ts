import { assertNever } from '@pxr/domain';

/** One line of an incident's timeline, phrased for a service leader. */
export interface TimelineEntry {
  readonly at: string;
  readonly kind: 'incident' | 'identification' | 'notice' | 'commitment' | 'compensation';
  readonly title: string;
  readonly detail?: string;
  /** For promises: when the update is due, for the page to show in the reader's time zone. */
  readonly dueBy?: string;
}

type Trigger =
  | { type: 'identified' }
  | { type: 'material-change'; changes: string[] }
  | { type: 'commitment-due'; dueBy: string }
  | { type: 'resolved' }
  | { type: 'cancelled' };

/** The facts the timeline query builds, as JSON from the database (numbers may arrive as text). */
export type TimelineFact =
  | { type: 'started'; title: string; severity: string }
  | { type: 'phase'; phase: string }
  | { type: 'resolved' }
  | { type: 'cancelled'; reason: string | null }
  | { type: 'closed' }
  | { type: 'identification-started'; kind: 'identify' | 'release'; revision: number }
  | {
      type: 'identification-finished';
      kind: 'identify' | 'release';
      revision: number;
      matched: number | string;
      added: number | string;
      leftScope: number | string;
      released: number | string;
    }
  | { type: 'notices'; trigger: Trigger; customers: number | string; notices: number | string; done: boolean }
  | { type: 'promised'; dueBy: string }
  | { type: 'promise-settled'; state: string; dueBy: string }
  | {
      type: 'compensation';
      done: boolean;
      granted: number | string;
      pending: number | string;
      noGesture: number | string;
      escalated: number | string;
    };

const count = (value: number | string, one: string, many = `${one}s`): string => {
  const n = Number(value);
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
};

const CHANGE_NAMES: Readonly<Record<string, string>> = {
  severity: 'severity',
  scope: 'who is affected',
  eta: 'expected fix time',
  nextUpdateBy: 'next update time',
  statusNote: 'status note',
  status: 'status',
};

const TRIGGER_TITLES: Readonly<Record<Trigger['type'], string>> = {
  identified: 'First notices',
  'material-change': 'Update notices',
  'commitment-due': 'Promised update notices',
  resolved: 'Resolution notices',
  cancelled: 'All-clear notices (false alarm)',
};

export function describeTimelineFact(at: Date, fact: TimelineFact): TimelineEntry {
  const when = at.toISOString();
  switch (fact.type) {
    case 'started':
      return {
        at: when,
        kind: 'incident',
        title: 'Incident started',
        detail: `${fact.title} (${fact.severity})`,
      };
    case 'phase':
      return { at: when, kind: 'incident', title: `PXR phase reached: ${fact.phase}` };
    case 'resolved':
      return { at: when, kind: 'incident', title: 'Incident resolved' };
    case 'cancelled':
      return {
        at: when,
        kind: 'incident',
        title: 'Cancelled as a false alarm',
        detail: fact.reason ?? undefined,
      };
    case 'closed':
      return { at: when, kind: 'incident', title: 'Incident closed' };
    case 'identification-started':
      return {
        at: when,
        kind: 'identification',
        title:
          fact.kind === 'release'
            ? 'Releasing every affected customer'
            : `Identifying affected customers (scope revision ${fact.revision})`,
      };
    case 'identification-finished':
      return fact.kind === 'release'
        ? { at: when, kind: 'identification', title: `Released ${count(fact.released, 'customer')}` }
        : {
            at: when,
            kind: 'identification',
            title: `Identified ${count(fact.matched, 'affected customer')}`,
            detail: `${count(fact.added, 'newly affected', 'newly affected')}, ${count(fact.leftScope, 'no longer affected', 'no longer affected')}`,
          };
    case 'notices': {
      const changes =
        fact.trigger.type === 'material-change'
          ? ` (${fact.trigger.changes.map((change) => CHANGE_NAMES[change] ?? change).join(', ')})`
          : '';
      return {
        at: when,
        kind: 'notice',
        title: `${TRIGGER_TITLES[fact.trigger.type] ?? 'Notices'}${changes}`,
        detail: `${count(fact.notices, 'notice')} for ${count(fact.customers, 'customer')}${fact.done ? '' : ', still planning'}`,
      };
    }
    case 'promised':
      return { at: when, kind: 'commitment', title: 'Next update promised', dueBy: fact.dueBy };
    case 'promise-settled':
      return {
        at: when,
        kind: 'commitment',
        title: fact.state === 'kept' ? 'Promised update kept' : 'Promised update broken',
        dueBy: fact.dueBy,
      };
    case 'compensation':
      return {
        at: when,
        kind: 'compensation',
        title: fact.done ? 'Goodwill decided' : 'Deciding goodwill',
        detail: `${count(fact.granted, 'gesture')} granted, ${count(fact.pending, 'awaiting approval', 'awaiting approval')}, ${count(fact.noGesture, 'without a gesture', 'without a gesture')}, ${count(fact.escalated, 'escalated', 'escalated')}`,
      };
    default:
      return assertNever(fact);
  }
}
