import { Readable } from 'node:stream';
import type ExcelJSModule from 'exceljs';
import type { Row } from 'exceljs';
import { LogFileError } from '../located.js';
import type { LogItem } from '../../model/log.js';
import { LOG_COLUMNS, LOG_HEADERS } from './csvWriter.js';
import { DEFAULT_LOG_ZONE, zoneTime, type ZoneTime } from './isoTime.js';
import { mapHeader, normaliseRow, type LogField, type RawRow } from './normalize.js';
import type { LogEvents } from './sink.js';

const BATCH = 4096;
const DAY = 86_400_000;
/** days from Excel's 1900 epoch (serial 0) to 1970-01-01 */
const EXCEL_1970 = 25_569;

/** The parts of exceljs's streaming reader it does not declare in its types. */
interface StreamingWorkbook {
  model?: { sheets?: { name: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

/**
 * A cell's value as the text normaliseRow reads. Excel keeps a date as a serial number of days in
 * wall-clock time with no zone; exceljs hands it over as a Date whose UTC fields are that wall
 * time. In the time column such a Date, or a bare serial number (a date cell whose style was not
 * read), is taken as local time in the log's zone and written as ISO 8601 with the offset.
 */
function cellText(v: unknown, field: LogField, zt: ZoneTime, date1904: boolean): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v instanceof Date) {
    if (field === 'at') return zt.iso(zt.fromWall(v.getTime()));
    return v.toISOString().slice(0, 19).replace('T', ' ');
  }
  if (typeof v === 'number') {
    if (field === 'at' && v > 0) return zt.iso(zt.fromWall(Math.round((v - EXCEL_1970 + (date1904 ? 1462 : 0)) * DAY)));
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const o = v as { richText?: { text?: string }[]; text?: unknown; result?: unknown; error?: string; formula?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text ?? '').join('');
    if ('result' in o || 'formula' in o) return cellText(o.result, field, zt, date1904);
    if (o.text !== undefined) return cellText(o.text, field, zt, date1904);
    if (o.error !== undefined) return String(o.error);
  }
  return String(v);
}

/**
 * Reads the first worksheet of an XLSX workbook as a stream with exceljs's streaming reader:
 * the first non-empty row is the header (Vietnamese or English names, or a --columns mapping),
 * every later row one action. Times may be date cells (read as local time in `opts.zone`) or
 * text ("2024-09-17 14:05", "17/09/2024 14:05", ISO 8601 with offset). Row numbers are the
 * sheet's own row numbers, as Excel shows them; empty rows are skipped. Memory holds the shared
 * strings table and one batch; a workbook whose worksheet comes before its shared strings (as
 * Excel writes them) is spooled to a temporary file by exceljs first.
 * @example for await (const batch of readXlsx(createReadStream('log.xlsx'), 'log.xlsx', { zone: 'Asia/Ho_Chi_Minh' })) ...
 */
export async function* readXlsx(
  source: AsyncIterable<Uint8Array | string>,
  file: string,
  opts: { zone: string; columns?: Partial<Record<LogField, string>> },
): AsyncGenerator<LogItem[]> {
  const zt = zoneTime(opts.zone);
  const ExcelJS = await excel();
  const input = Readable.from(source, { objectMode: false });
  // exceljs pipes the bytes into an unzipper that says a broken entry (bad deflate data) on
  // itself and leaves the entry's reader waiting for ever: a failure of that pipe ends the read
  let broken!: (err: Error) => void;
  const failure = new Promise<never>((_, reject) => (broken = reject));
  failure.catch(() => undefined);
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(into: T, options?: { end?: boolean }): T => {
    (into as unknown as Readable).on?.('error', (err: Error) => broken(err));
    return pipe(into, options);
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // to know which number cells are dates
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const book = reader as unknown as StreamingWorkbook;
  let index: [LogField, number][] | undefined;
  let batch: LogItem[] = [];
  let sheetSeen = false;
  try {
    const sheets = reader[Symbol.asyncIterator]();
    for (;;) {
      const next = await readable(file, () => Promise.race([sheets.next(), failure]));
      if (next.done) break;
      const sheet = next.value as unknown as { name?: string } & AsyncIterable<Row>;
      const first = book.model?.sheets?.[0]?.name;
      if (first !== undefined && sheet.name !== first) continue;
      sheetSeen = true;
      const date1904 = Boolean(book.properties?.model?.date1904);
      const rows = sheet[Symbol.asyncIterator]();
      for (;;) {
        const r = await readable(file, () => Promise.race([rows.next(), failure]));
        if (r.done) break;
        const values = r.value.values as unknown[];
        if (!index) {
          const headers = Array.from(values, (v) => cellText(v, 'unit', zt, date1904) ?? '');
          if (headers.every((h) => h.trim() === '')) continue;
          const mapped = mapHeader(headers, opts.columns);
          if (!mapped.ok)
            throw new LogFileError(
              `${file}: row ${r.value.number}: the header has no column for ${mapped.missing.join(', ')} (found: ${headers.filter(Boolean).join(', ')}); name them with --columns field=Header`,
            );
          index = Object.entries(mapped.index) as [LogField, number][];
          continue;
        }
        const raw: RawRow = {};
        let empty = true;
        for (const [field, at] of index) {
          const text = cellText(values[at], field, zt, date1904);
          if (text !== undefined && text.trim() !== '') empty = false;
          raw[field] = text;
        }
        if (empty) continue;
        batch.push(normaliseRow(raw, file, r.value.number, opts.zone));
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      break;
    }
  } finally {
    input.destroy();
  }
  if (!sheetSeen) throw new LogFileError(`${file}: the workbook has no worksheet`);
  if (!index) throw new LogFileError(`${file}: the first worksheet is empty (no header row)`);
  if (batch.length) yield batch;
}

/** Runs a step of exceljs's reader, turning its failures into an Error that names the file. */
async function readable<T>(file: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    throw new LogFileError(`${file}: not a readable XLSX workbook (${(err as Error).message})`);
  }
}

/** Options of writeXlsx: header language, zone of the times, date cells or ISO text. */
export interface XlsxWriteOptions {
  /** header language (default 'en') */
  lang?: 'en' | 'vi';
  /** zone of the written times (default Asia/Ho_Chi_Minh) */
  zone?: string;
  /** 'date' (default): date cells showing local time, as a province's export has them; 'text': ISO 8601 with offset */
  times?: 'date' | 'text';
  /** worksheet name (default "Nhật ký" for vi, "Log" for en) */
  sheet?: string;
}

/**
 * Builds an XLSX workbook of events, one sheet in the columns writeCsv uses, as readXlsx reads
 * it back. Not streaming: the workbook is built in memory, which suits fixtures, tests and
 * exports of a commune's log; use writeCsv or writeJsonl for a province's.
 * @example await writeFile('log.xlsx', await writeXlsx(events, { lang: 'vi' }))
 */
export async function writeXlsx(events: LogEvents, opts: XlsxWriteOptions = {}): Promise<Uint8Array> {
  const zt = zoneTime(opts.zone ?? DEFAULT_LOG_ZONE);
  const lang = opts.lang ?? 'en';
  const ExcelJS = await excel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? (lang === 'vi' ? 'Nhật ký' : 'Log'));
  ws.columns = LOG_COLUMNS.map((f) => ({
    header: LOG_HEADERS[lang][f],
    key: f,
    width: f === 'at' ? 22 : f === 'data' ? 40 : 16,
    ...(f === 'at' && opts.times !== 'text' ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  ws.getRow(1).font = { bold: true };
  for await (const e of events) {
    ws.addRow({
      dossier: e.dossier,
      // exceljs stores a Date's UTC fields: shift so Excel shows the wall time of the zone
      at: opts.times === 'text' ? zt.iso(e.ms) : new Date(e.ms + zt.offset(e.ms) * 60_000),
      official: e.official,
      role: e.role,
      action: e.action,
      procedure: e.procedure,
      unit: e.unit,
      data: e.data ? JSON.stringify(e.data) : '',
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** exceljs, loaded the first time a workbook is read or written: every other command starts without it (a third of a second). */
let loaded: Promise<typeof ExcelJSModule> | undefined;
const excel = () => (loaded ??= import('exceljs').then((m) => (m as { default?: typeof ExcelJSModule }).default ?? (m as unknown as typeof ExcelJSModule)));
