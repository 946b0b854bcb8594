import { Readable } from 'node:stream';
import type { FieldError, ImportFormat } from '@redress/core';
import { parse as csvParse } from 'csv-parse';
import type ExcelJS from 'exceljs';

/**
 * One record of an import file, as it came: JSON Lines give the line's text, CSV and xlsx the
 * cells (the first record of those is the header). `error` when the record could not be read
 * at all (bytes that are not UTF-8, a CSV record cut by a stray quote).
 */
export type SourceRecord =
  | { kind: 'header'; cells: string[] }
  | { kind: 'record'; line: number; text: string }
  | { kind: 'cells'; line: number; cells: string[] }
  | { kind: 'unreadable'; line: number; raw: string; error: FieldError };

const BAD_ENCODING: FieldError = {
  path: '(row)',
  code: 'bad_encoding',
  message: 'the row is not UTF-8 text (save the file as UTF-8)',
};

/** The records of a file, streamed: memory holds one chunk of it and one record, whatever its size. */
export function readRecords(format: ImportFormat, body: Readable): AsyncGenerator<SourceRecord> {
  if (format === 'ndjson') return jsonLines(body);
  if (format === 'csv') return csvRecords(body);
  return xlsxRecords(body);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** JSON Lines: one record per line, by the line's bytes (a line that is not UTF-8 is refused alone). */
async function* jsonLines(body: Readable): AsyncGenerator<SourceRecord> {
  let pending: Buffer = Buffer.alloc(0);
  let line = 0;
  function* lines(buffer: Buffer, final: boolean): Generator<SourceRecord> {
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(0x0a, start);
      if (end === -1 && !final) break;
      const bytes = buffer.subarray(start, end === -1 ? buffer.length : end);
      line++;
      start = end === -1 ? buffer.length : end + 1;
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch {
        yield { kind: 'unreadable', line, raw: bytes.toString('latin1'), error: BAD_ENCODING };
        if (end === -1) break;
        continue;
      }
      if (line === 1) text = text.replace(/^\uFEFF/, '');
      if (text.trim() !== '') yield { kind: 'record', line, text: text.replace(/\r$/, '') };
      if (end === -1) break;
    }
    pending = buffer.subarray(start);
  }
  for await (const chunk of body) {
    const buffer = pending.length > 0 ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    yield* lines(buffer, false);
  }
  if (pending.length > 0) yield* lines(pending, true);
}

/**
 * CSV (RFC 4180, a BOM dropped), parsed by csv-parse as the bytes stream in. A record csv-parse
 * cannot read (a quote left open) is reported on its line and skipped, the others go on; a cell
 * with bytes that are not UTF-8 makes its record `bad_encoding`.
 */
async function* csvRecords(body: Readable): AsyncGenerator<SourceRecord> {
  const skipped: SourceRecord[] = [];
  const parser = csvParse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (err: Error & { lines?: number; record?: unknown }) => {
    skipped.push({
      kind: 'unreadable',
      line: err.lines ?? 0,
      raw: '',
      error: { path: '(row)', code: 'malformed', message: `not a CSV record: ${err.message}` },
    });
  });
  body.on('error', (err) => parser.destroy(err));
  body.pipe(parser);
  let header = true;
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    const { record, info } = item;
    if (header) {
      header = false;
      yield { kind: 'header', cells: record };
      continue;
    }
    const line = info.lines;
    if (record.some((cell) => cell.includes('\uFFFD'))) {
      yield { kind: 'unreadable', line, raw: JSON.stringify(record), error: BAD_ENCODING };
      continue;
    }
    yield { kind: 'cells', line, cells: record };
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

/** A cell of exceljs as text: dates as Shanghai wall-clock time (spreadsheets have no zone). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** The first worksheet of an .xlsx, row by row with exceljs's streaming reader. */
async function* xlsxRecords(body: Readable): AsyncGenerator<SourceRecord> {
  // Loaded when a workbook comes: exceljs is large, and most processes never read one.
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(body, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let header: number | null = null;
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      const cells = values.map((v) => cellText(v as ExcelJS.CellValue));
      if (header === null) {
        if (cells.every((c) => c.trim() === '')) continue;
        header = row.number;
        yield { kind: 'header', cells };
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      yield { kind: 'cells', line: row.number, cells };
    }
    // Only the first worksheet is read; the rest of the file is drained.
    break;
  }
}

/** A web stream of bytes (a request's body) as a Node stream. */
export function nodeStream(body: ReadableStream<Uint8Array> | null): Readable {
  if (body === null) return Readable.from([]);
  return Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
}
