import { LoggerService } from '@nestjs/common';
import { redact, redactText } from './redact';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON line per log record, PII redacted. Implements Nest's LoggerService so framework logs go
 * through the same redaction as ours.
 */
export class PxrLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly app: string,
    level: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {
    this.threshold = ORDER[level] ?? ORDER.info;
  }

  child(component: string): PxrLogger {
    return new PxrLogger(`${this.app}/${component}`, undefined, this.write);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  info(message: unknown, fields?: Record<string, unknown>): void {
    this.emit('info', message, fields === undefined ? [] : [fields]);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    if (ORDER[level] < this.threshold) return;
    const record: Record<string, unknown> = { t: new Date().toISOString(), level, app: this.app };
    record.msg = typeof message === 'string' ? redactText(message) : redact(message);
    for (const extra of rest) {
      if (typeof extra === 'string') record.context = extra;
      else if (extra instanceof Error) record.err = redact(extra);
      else if (extra !== undefined) Object.assign(record, redact(extra) as object);
    }
    this.write(JSON.stringify(record));
  }
}
