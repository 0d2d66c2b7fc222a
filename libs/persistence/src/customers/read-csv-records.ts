import { Options, parse } from 'csv-parse';
import { Readable } from 'node:stream';

export interface CsvRecord {
  /** The line the record starts on, counting from 1, as an editor shows it. */
  line: number;
  fields: string[];
}

/** The file is not CSV at some point (e.g. a quote never closed); nothing after it can be trusted. */
export class MalformedCsvError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: malformed CSV: ${reason}`);
  }
}

const LINE_BREAK = /\r\n|\n|\r/g;
const LEADING_BREAKS = /^(?:\r\n|\n|\r)*/;

/**
 * Streams the records of a CSV file with the line each starts on. Quoted fields may hold commas and
 * line breaks; blank lines are skipped. csv-parse's own line count takes CRLF inside quotes for two
 * lines, so lines are counted from each record's raw text, as the parser reads it.
 */
export async function* readCsvRecords(input: Readable): AsyncGenerator<CsvRecord> {
  let nextLine = 1;
  const options: Options<CsvRecord, { record: string[]; raw: string }> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: ({ record, raw }) => {
      const line = nextLine + countBreaks(LEADING_BREAKS.exec(raw)?.[0] ?? '');
      nextLine += countBreaks(raw);
      return { line, fields: record };
    },
  };
  // Only the overload with `columns` is generic; without columns the typings assume plain rows.
  const parser = parse(options as unknown as Options);
  input.once('error', (error) => parser.destroy(error));
  try {
    yield* input.pipe(parser) as AsyncIterable<CsvRecord>;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    // The parser stops at the record it cannot read, so nextLine is where that record starts.
    if (code?.startsWith('CSV_'))
      throw new MalformedCsvError(nextLine, message.replace(/ at line \d+.*$/, ''));
    throw error;
  } finally {
    parser.destroy();
  }
}

function countBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}
