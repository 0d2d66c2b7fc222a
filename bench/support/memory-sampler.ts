import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  /** Highest VmRSS seen by sampling, in MB. */
  readonly sampledPeakMb: number;
  /** The kernel's own high-water mark (VmHWM) read last, in MB: catches peaks between samples. */
  readonly peakMb: number;
  /** Highest sampled VmRSS per bench phase, in MB. */
  readonly byPhaseMb: Readonly<Record<string, number>>;
}

interface Watched {
  pid: number;
  sampledPeakKb: number;
  hwmKb: number;
  byPhaseKb: Record<string, number>;
}

/** Samples /proc/<pid>/status of each watched process every `intervalMs`, keeping peaks per phase. */
export class MemorySampler {
  private readonly watched = new Map<string, Watched>();
  private timer: NodeJS.Timeout | undefined;
  private phase = 'start-up';

  constructor(private readonly intervalMs = 250) {}

  watch(name: string, pid: number): void {
    this.watched.set(name, { pid, sampledPeakKb: 0, hwmKb: 0, byPhaseKb: {} });
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  enter(phase: string): void {
    this.sample();
    this.phase = phase;
  }

  /** Takes a last sample (call before the processes stop) and stops sampling. */
  finish(): Record<string, ProcessMemory> {
    this.sample();
    clearInterval(this.timer);
    const mb = (kb: number) => Math.round(kb / 1024);
    return Object.fromEntries(
      [...this.watched].map(([name, w]) => [
        name,
        {
          sampledPeakMb: mb(w.sampledPeakKb),
          peakMb: mb(Math.max(w.hwmKb, w.sampledPeakKb)),
          byPhaseMb: Object.fromEntries(Object.entries(w.byPhaseKb).map(([phase, kb]) => [phase, mb(kb)])),
        },
      ]),
    );
  }

  private sample(): void {
    for (const w of this.watched.values()) {
      const status = readStatus(w.pid);
      if (status === undefined) continue;
      const rss = field(status, 'VmRSS');
      w.hwmKb = Math.max(w.hwmKb, field(status, 'VmHWM'));
      w.sampledPeakKb = Math.max(w.sampledPeakKb, rss);
      w.byPhaseKb[this.phase] = Math.max(w.byPhaseKb[this.phase] ?? 0, rss);
    }
  }
}

function readStatus(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // the process has gone
  }
}

function field(status: string, name: string): number {
  return Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
}
