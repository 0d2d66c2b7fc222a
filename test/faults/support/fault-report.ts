import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One row of the fault suite's table: what went in, what came out, and what should never happen. */
export interface FaultScenarioRow {
  scenario: string;
  /** Incident/customer/contact events produced to Kafka during the scenario (good and poison). */
  eventsIn: number;
  /** Messages the provider simulator accepted. */
  messagesOut: number;
  /** Messages (or decisions) beyond what the rules call for, per customer. Must be 0. */
  duplicates: number;
  /** Messages (or decisions) the rules call for that never happened. Must be 0. */
  lost: number;
  /** Records in dead-letter topics, with a reason each. */
  dlq: number;
  result: 'pass' | 'fail';
  /** Anything else worth a line: commitments kept, compensation decisions, restarts. */
  notes?: string;
}

const RESULTS_FILE =
  process.env.PXR_FAULT_RESULTS ?? join(__dirname, '..', '..', '..', '.local', 'fault-results.jsonl');

/** Called by each scenario once it has counted; the suite's teardown prints every row as a table. */
export function recordFaultScenario(row: FaultScenarioRow): void {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  appendFileSync(RESULTS_FILE, `${JSON.stringify(row)}\n`);
}

export function clearFaultResults(): void {
  rmSync(RESULTS_FILE, { force: true });
}

export function readFaultResults(): FaultScenarioRow[] {
  if (!existsSync(RESULTS_FILE)) return [];
  return readFileSync(RESULTS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FaultScenarioRow);
}

export function formatFaultTable(rows: readonly FaultScenarioRow[]): string {
  const header = ['scenario', 'events in', 'messages out', 'duplicates', 'lost', 'DLQ', 'result'];
  const body = rows.map((row) => [
    row.scenario,
    String(row.eventsIn),
    String(row.messagesOut),
    String(row.duplicates),
    String(row.lost),
    String(row.dlq),
    row.result,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const notes = rows.filter((row) => row.notes).map((row) => `- ${row.scenario}: ${row.notes}`);
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    '',
    ...notes,
  ].join('\n');
}
