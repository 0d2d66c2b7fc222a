import { Client } from 'pg';
import type { NoticeKind } from '@pxr/contracts';
import type { DeadLetterCollector, DeadLetterRecord } from './fault-kafka';
import type { FaultScenarioRow } from './fault-report';

/** What the rules call for; anything else the system did counts against it. */
export interface Expectation {
  /**
   * Per notice kind, the customers who must each receive exactly one message of that kind. List a kind
   * twice for two messages of it (two updates with different news).
   */
  readonly notices?: ReadonlyArray<{ readonly kind: NoticeKind; readonly customers: readonly string[] }>;
  /** Per resolved incident, the customers who must each have exactly one compensation decision. */
  readonly decisions?: ReadonlyArray<{ readonly incidentId: string; readonly customers: readonly string[] }>;
}

export interface FaultOutcomes {
  readonly eventsIn: number;
  /** Messages the provider simulator accepted, both providers. */
  readonly messagesOut: number;
  /** messages.duplicates + decisions.duplicates: must be 0. */
  readonly duplicates: number;
  /** messages.lost + decisions.lost: must be 0. */
  readonly lost: number;
  readonly messages: {
    /** Accepted copies of one message id beyond the first, plus messages beyond the expected count. */
    readonly duplicates: number;
    /** Expected (customer, kind) messages the simulator never accepted. */
    readonly lost: number;
    readonly acceptedByKind: Readonly<Record<string, number>>;
    /** A few offending `customer|kind` keys, for the failure message. */
    readonly examples: { readonly duplicated: string[]; readonly lost: string[] };
  };
  readonly decisions: {
    /** Decisions for customers not expected, and ledger decisions beyond one per customer and incident. */
    readonly duplicates: number;
    readonly lost: number;
    readonly byOutcome: Readonly<Record<string, number>>;
  };
  readonly deadLetters: {
    /** Distinct records dead-lettered (one original record dead-lettered twice counts once). */
    readonly distinct: number;
    readonly records: readonly DeadLetterRecord[];
    readonly byCode: Readonly<Record<string, number>>;
    /** Dead letters without a code or a reason header: must be 0. */
    readonly withoutReason: number;
  };
  /** Promised updates by state: `broken` must be 0. */
  readonly commitments: Readonly<Record<string, number>>;
  /** The database's own account: engine notices and notifier messages by state. */
  readonly database: {
    readonly notices: Readonly<Record<string, number>>;
    readonly messages: Readonly<Record<string, number>>;
  };
}

export interface OutcomeSources {
  readonly db: Client;
  readonly simUrl: string;
  readonly deadLetters: DeadLetterCollector;
  readonly eventsIn: number;
}

interface SimMessage {
  correlation: { messageId?: string };
}

/**
 * Counts what the system did against what the rules call for: messages as the provider simulator
 * accepted them (its /_sim inspection API: what customers actually got), compensation decisions and
 * the ledger from the database, dead letters from Kafka. Call it once the system is quiescent.
 */
export async function countOutcomes(
  sources: OutcomeSources,
  expectation: Expectation,
): Promise<FaultOutcomes> {
  const accepted = await acceptedMessageIds(sources.simUrl);
  const messages = countMessages(accepted, expectation);
  const decisions = await countDecisions(sources.db, expectation);
  const records = await sources.deadLetters.all();
  const distinct = [...new Map(records.map((record) => [record.origin, record])).values()];
  return {
    eventsIn: sources.eventsIn,
    messagesOut: accepted.length,
    duplicates: messages.duplicates + decisions.duplicates,
    lost: messages.lost + decisions.lost,
    messages,
    decisions,
    deadLetters: {
      distinct: distinct.length,
      records: distinct,
      byCode: tally(distinct.map((record) => record.code)),
      withoutReason: distinct.filter((record) => record.code === '' || record.reason === '').length,
    },
    commitments: await countBy(
      sources.db,
      `SELECT state AS key, count(*)::int AS n FROM commitments GROUP BY 1`,
    ),
    database: {
      notices: await countBy(
        sources.db,
        `SELECT kind || ':' || state AS key, count(*)::int AS n FROM notices GROUP BY 1 ORDER BY 1`,
      ),
      messages: await countBy(
        sources.db,
        `SELECT kind || ':' || state AS key, count(*)::int AS n FROM messages GROUP BY 1 ORDER BY 1`,
      ),
    },
  };
}

/** A table row: passes when every named check holds; the failing ones are named in the notes. */
export function faultRow(
  scenario: string,
  outcomes: FaultOutcomes,
  checks: Readonly<Record<string, boolean>>,
  notes: readonly string[] = [],
): FaultScenarioRow {
  const failed = Object.entries(checks)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  return {
    scenario,
    eventsIn: outcomes.eventsIn,
    messagesOut: outcomes.messagesOut,
    duplicates: outcomes.duplicates,
    lost: outcomes.lost,
    dlq: outcomes.deadLetters.distinct,
    result: failed.length === 0 ? 'pass' : 'fail',
    notes: [...notes, ...(failed.length === 0 ? [] : [`FAILED: ${failed.join(', ')}`])].join('; '),
  };
}

/** Every message id the simulator accepted, one entry per accepted copy, oldest first. */
async function acceptedMessageIds(simUrl: string): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ;) {
    const page = (await (await fetch(`${simUrl}/_sim/messages?limit=20000&offset=${offset}`)).json()) as {
      total: number;
      messages: SimMessage[];
    };
    ids.push(...page.messages.map((message) => message.correlation.messageId ?? '(no message id)'));
    offset += page.messages.length;
    if (offset >= page.total || page.messages.length === 0) return ids;
  }
}

/** Message ids are `<customer>:<kind>:<digest>` (the domain's noticeKey). */
function countMessages(accepted: readonly string[], expectation: Expectation): FaultOutcomes['messages'] {
  const copies = tally(accepted);
  const got = tally(Object.keys(copies).map((id) => id.split(':').slice(0, 2).join('|')));
  const wanted = new Map<string, number>();
  for (const { kind, customers } of expectation.notices ?? []) {
    for (const customer of customers)
      wanted.set(`${customer}|${kind}`, (wanted.get(`${customer}|${kind}`) ?? 0) + 1);
  }
  const duplicated: string[] = [];
  const lost: string[] = [];
  let repeated = 0;
  for (const [id, n] of Object.entries(copies)) {
    if (n > 1) {
      repeated += n - 1;
      duplicated.push(id);
    }
  }
  let beyond = 0;
  let missing = 0;
  for (const key of new Set([...Object.keys(got), ...wanted.keys()])) {
    const difference = (got[key] ?? 0) - (wanted.get(key) ?? 0);
    if (difference > 0) {
      beyond += difference;
      duplicated.push(key);
    } else if (difference < 0) {
      missing -= difference;
      lost.push(key);
    }
  }
  return {
    duplicates: repeated + beyond,
    lost: missing,
    acceptedByKind: tally(accepted.map((id) => id.split(':')[1] ?? '(none)')),
    examples: { duplicated: duplicated.slice(0, 5), lost: lost.slice(0, 5) },
  };
}

async function countDecisions(db: Client, expectation: Expectation): Promise<FaultOutcomes['decisions']> {
  const decided = (
    await db.query(`SELECT incident_id || '|' || customer_id AS key, outcome FROM compensation_decisions`)
  ).rows as Array<{ key: string; outcome: string }>;
  // The decisions' primary key allows one row; the ledger is where a second decision would show.
  const [{ extra }] = (
    await db.query(
      `SELECT coalesce(sum(n - 1), 0)::int AS extra FROM (
         SELECT count(*) AS n FROM ledger_entries WHERE type IN ('grant', 'pending', 'no-gesture')
          GROUP BY incident_id, customer_id) per_customer`,
    )
  ).rows as Array<{ extra: number }>;
  const wanted = new Set(
    (expectation.decisions ?? []).flatMap(({ incidentId, customers }) =>
      customers.map((c) => `${incidentId}|${c}`),
    ),
  );
  const have = new Set(decided.map((row) => row.key));
  return {
    duplicates: extra + [...have].filter((key) => !wanted.has(key)).length,
    lost: [...wanted].filter((key) => !have.has(key)).length,
    byOutcome: tally(decided.map((row) => row.outcome)),
  };
}

async function countBy(db: Client, sql: string): Promise<Record<string, number>> {
  const rows = (await db.query(sql)).rows as Array<{ key: string; n: number }>;
  return Object.fromEntries(rows.map((row) => [row.key, row.n]));
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
