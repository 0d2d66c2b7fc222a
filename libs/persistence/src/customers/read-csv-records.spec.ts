import { Readable } from 'node:stream';
import { CsvRecord, MalformedCsvError, readCsvRecords } from './read-csv-records';

async function recordsOf(text: string, chunkSize = text.length): Promise<CsvRecord[]> {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += chunkSize) chunks.push(text.slice(at, at + chunkSize));
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords(Readable.from(chunks))) records.push(record);
  return records;
}

const lines = (records: CsvRecord[]) => records.map((record) => [record.line, record.fields[0]]);

describe('readCsvRecords', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('numbers records by the line they start on, with %s line ends', async (_case, eol) => {
    const text = ['h1,h2', 'a,"one', 'two"', '', 'b,"x, y"', 'c,"three', '', 'lines"', 'd,z'].join(eol) + eol;
    const records = await recordsOf(text);
    expect(lines(records)).toEqual([
      [1, 'h1'],
      [2, 'a'],
      [5, 'b'],
      [6, 'c'],
      [9, 'd'],
    ]);
    expect(records[1].fields[1]).toBe(`one${eol}two`);
    expect(records[2].fields[1]).toBe('x, y');
  });

  it('counts lines the same however the file arrives in chunks', async () => {
    const text = 'h\n"a\nb"\n\n\nc\n"d""e"\nf';
    expect(lines(await recordsOf(text, 1))).toEqual(lines(await recordsOf(text)));
    expect(lines(await recordsOf(text, 1))).toEqual([
      [1, 'h'],
      [2, 'a\nb'],
      [6, 'c'],
      [7, 'd"e'],
      [8, 'f'],
    ]);
  });

  it('skips a byte order mark and keeps rows of any width for the caller to judge', async () => {
    const records = await recordsOf('\ufeffa,b\n1\n1,2,3\n');
    expect(records.map((record) => record.fields)).toEqual([['a', 'b'], ['1'], ['1', '2', '3']]);
  });

  it.each([
    ['a quote never closed', 'a,b\n1,2\n3,"open\n4,5\n', 3],
    ['text after a closing quote', 'a,b\n1,2\n3,"bad"x\n', 3],
  ])('fails on %s, naming the line', async (_case, text, line) => {
    const failure = recordsOf(text);
    await expect(failure).rejects.toBeInstanceOf(MalformedCsvError);
    await expect(failure).rejects.toMatchObject({
      line,
      message: expect.stringMatching(`^line ${line}: malformed CSV`),
    });
  });
});
