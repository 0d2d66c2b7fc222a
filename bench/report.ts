import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawAcceptBaseline } from './baselines/provider';
import type { CopyBaseline, IdentifyBaseline } from './baselines/postgres';
import type { KafkaBaseline } from './baselines/kafka';
import type { FanOutResult } from './phases/fan-out';
import type { FirstNoticeResult } from './phases/first-notice';
import type { IngestResult } from './phases/ingest';
import { ROOT } from './support/environment';
import type { MachineFacts } from './support/machine';
import type { ProcessMemory } from './support/memory-sampler';
import type { Distribution } from './support/stats';

export interface BenchReport {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly mode: 'quick' | 'full' | 'custom';
  readonly customers: number;
  readonly machine: MachineFacts;
  readonly settings: { engine: Record<string, string>; notifier: Record<string, string> };
  readonly directory: { generatedInMs: number; cli: string };
  readonly firstNotice: FirstNoticeResult;
  readonly ingest: IngestResult;
  readonly fanOut: FanOutResult;
  readonly memory: Record<string, ProcessMemory>;
  readonly baselines: {
    readonly kafkaHopThenAccept: Distribution;
    readonly identify: IdentifyBaseline;
    readonly copy: Omit<CopyBaseline, 'samples'>;
    readonly kafkaCommands: KafkaBaseline;
    readonly kafkaIngest: KafkaBaseline;
    readonly rawAccept: RawAcceptBaseline;
  };
  comparisons?: Comparison[];
}

export interface Comparison {
  readonly measure: string;
  readonly pxr: string;
  readonly baseline: string;
  /** PXR's time over the baseline's (or the baseline's rate over PXR's): how many times slower. */
  readonly ratio: number | null;
  readonly target: string;
  readonly met: boolean | null;
}

const s = (ms: number | undefined) =>
  ms === undefined || Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
const msText = (ms: number) => (Number.isNaN(ms) ? 'n/a' : `${Math.round(ms)} ms`);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !(b > 0) || Number.isNaN(a) ? null : Math.round((a / b) * 100) / 100;

/** Each PXR figure beside its baseline, with the target where it sets one. */
export function compare(report: BenchReport): Comparison[] {
  const { firstNotice: fn, fanOut: fo, ingest, baselines: b, memory } = report;
  const floor = b.kafkaHopThenAccept;
  const outboxBaseline = b.copy.copyMs + b.kafkaCommands.producedMs;
  const ingestBaselineRate = (b.kafkaIngest.records * 1000) / b.kafkaIngest.endToEndMs;
  const rows: Comparison[] = [
    {
      measure: 'first notice, median',
      pxr: msText(fn.latency.medianMs),
      baseline: `${msText(floor.medianMs)} (Kafka hop + accept)`,
      ratio: ratio(fn.latency.medianMs, floor.medianMs),
      target: '',
      met: null,
    },
    {
      measure: 'first notice, p95',
      pxr: msText(fn.latency.p95Ms),
      baseline: msText(floor.p95Ms),
      ratio: ratio(fn.latency.p95Ms, floor.p95Ms),
      target: '',
      met: null,
    },
    {
      measure: 'first notice, p99',
      pxr: msText(fn.latency.p99Ms),
      baseline: msText(floor.p99Ms),
      ratio: ratio(fn.latency.p99Ms, floor.p99Ms),
      target: '< 1 s',
      met: fn.noNotice === 0 && fn.latency.p99Ms < 1000,
    },
    {
      measure: `fan-out: ${fo.affected} identified`,
      pxr: s(fo.identifiedMs),
      baseline: `${s(b.identify.insertMs)} (INSERT … SELECT)`,
      ratio: ratio(fo.identifiedMs, b.identify.insertMs),
      target: '',
      met: null,
    },
    {
      measure: `fan-out: ${fo.notices} commands in the outbox`,
      pxr: s(fo.inOutboxMs),
      baseline: `${s(outboxBaseline)} (COPY ${s(b.copy.copyMs)} + produce ${s(b.kafkaCommands.producedMs)})`,
      ratio: ratio(fo.inOutboxMs, outboxBaseline),
      target: '≤ 3× baseline',
      met: fo.inOutboxMs === undefined ? false : fo.inOutboxMs <= 3 * outboxBaseline,
    },
    {
      measure: 'fan-out: every command relayed to Kafka',
      pxr: s(fo.relayedMs),
      baseline: `${s(b.kafkaCommands.endToEndMs)} (bare produce → consume)`,
      ratio: ratio(fo.relayedMs, b.kafkaCommands.endToEndMs),
      target: '',
      met: null,
    },
    {
      measure: `fan-out: ${fo.messages.sent} accepted by the simulator`,
      pxr: s(fo.allAcceptedMs),
      baseline: `${s(b.rawAccept.acceptMs)} (raw HTTP, ${b.rawAccept.perSecond}/s)`,
      ratio: ratio(fo.allAcceptedMs, b.rawAccept.acceptMs),
      target: '≤ 1.5× baseline',
      met: fo.allAcceptedMs === undefined ? false : fo.allAcceptedMs <= 1.5 * b.rawAccept.acceptMs,
    },
    {
      measure: `compensation: ${fo.compensation.decided} decisions after resolution`,
      pxr: s(fo.compensation.decidedMs),
      baseline: '',
      ratio: null,
      target: '',
      met: null,
    },
    {
      measure: `ingest: ${ingest.events} updates (${ingest.averageBytes} B)`,
      pxr: `${ingest.eventsPerSecond}/s`,
      baseline: `${Math.round(ingestBaselineRate)}/s (bare produce → consume)`,
      ratio: ratio(ingestBaselineRate, ingest.eventsPerSecond),
      target: '≥ 5,000/s',
      met: !ingest.timedOut && ingest.eventsPerSecond >= 5000,
    },
    ...Object.entries(memory)
      .filter(([name]) => name !== 'simulator')
      .map(([name, m]) => ({
        measure: `peak RSS, ${name}`,
        pxr: `${m.peakMb} MB`,
        baseline: '',
        ratio: null,
        target: '≤ 512 MB',
        met: m.peakMb <= 512,
      })),
  ];
  return rows;
}

export function printReport(
  report: BenchReport,
  comparisons: readonly Comparison[],
  out: (text: string) => void,
): void {
  const header = ['measure', 'PXR', 'baseline', '× baseline', 'target', ''];
  const cells = comparisons.map((c) => [
    c.measure,
    c.pxr,
    c.baseline,
    c.ratio === null ? '' : `${c.ratio}×`,
    c.target,
    c.met === null ? '' : c.met ? 'met' : 'MISSED',
  ]);
  out(table(header, cells));
  out('\nfirst notice, where the time goes (median / p95 / p99 per incident):');
  out(
    table(
      ['stage', 'median', 'p95', 'p99'],
      Object.entries(report.firstNotice.stages).map(([stage, d]) => [
        stage,
        msText(d.medianMs),
        msText(d.p95Ms),
        msText(d.p99Ms),
      ]),
    ),
  );
  const fo = report.fanOut;
  out(
    `\nfan-out messages: ${fo.messages.total} recorded by the notifier, ${fo.messages.sent} sent ` +
      `(${fo.messages.sms} SMS, ${fo.messages.email} email), ${fo.messages.suppressed} suppressed, ` +
      `${fo.messages.failed} failed; the simulator counted ${fo.acceptedBySimulator}; ` +
      `notifier send span ${s(fo.sendSpanMs)}` +
      (fo.timedOut.length > 0 ? `; TIMED OUT: ${fo.timedOut.join(', ')}` : ''),
  );
  out(
    `compensation: ${fo.compensation.granted} granted, ${fo.compensation.pending} awaiting approval, ` +
      `${fo.compensation.noGesture} no gesture, ${fo.compensation.escalated} escalated; resolution notices ` +
      `in the outbox ${s(fo.compensation.resolutionNoticesInOutboxMs)} after the resolution`,
  );
  out(
    '\npeak RSS by phase (MB): ' +
      JSON.stringify(Object.fromEntries(Object.entries(report.memory).map(([n, m]) => [n, m.byPhaseMb]))),
  );
  const m = report.machine;
  out(
    `\nmachine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB; node ${m.node}; Kafka ${m.kafka}; ` +
      `PostgreSQL ${m.postgres} (autovacuum ${m.autovacuum}); load average ${m.loadAverage.start} at start, ${m.loadAverage.end} at end`,
  );
  out(`settings: engine ${JSON.stringify(report.settings.engine)}`);
  out(`          notifier ${JSON.stringify(report.settings.notifier)}`);
}

export function writeReport(report: BenchReport): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${report.mode}-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
