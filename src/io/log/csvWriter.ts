import type { LogEvent } from '../../model/log.js';
import { csvField } from '../csvField.js';
import { DEFAULT_LOG_ZONE, zoneTime } from './isoTime.js';
import type { LogField } from './normalize.js';
import { writeLines, type LogEvents, type LogSink } from './sink.js';

/**
 * Column headers of a written log, in column order: the canonical English field names, or the
 * Vietnamese names a provincial export uses. mapHeader reads both back.
 */
export const LOG_HEADERS: Readonly<Record<'en' | 'vi', Readonly<Record<LogField, string>>>> = {
  en: { dossier: 'dossier', at: 'at', official: 'official', role: 'role', action: 'action', procedure: 'procedure', unit: 'unit', data: 'data' },
  vi: {
    /** Mã hồ sơ - dossier code */
    dossier: 'Mã hồ sơ',
    /** Thời điểm - when the action was done */
    at: 'Thời điểm',
    /** Cán bộ - the official who acted */
    official: 'Cán bộ',
    /** Vai trò - the official's role */
    role: 'Vai trò',
    /** Thao tác - the action */
    action: 'Thao tác',
    /** Thủ tục - the TTHC (procedure) */
    procedure: 'Thủ tục',
    /** Đơn vị - the unit (commune) */
    unit: 'Đơn vị',
    /** Dữ liệu - extra data as JSON */
    data: 'Dữ liệu',
  },
};

/** The fields in the order log writers put them. */
export const LOG_COLUMNS: readonly LogField[] = ['dossier', 'at', 'official', 'role', 'action', 'procedure', 'unit', 'data'];

/** Options of writeCsv: separator, byte-order mark, header language, time zone of `at`. */
export interface CsvWriteOptions {
  /** ',' (default) or ';' for spreadsheets in locales where the comma is the decimal mark */
  sep?: ',' | ';';
  /** start with a UTF-8 byte-order mark so Excel shows diacritics (default true) */
  bom?: boolean;
  /** header language (default 'en') */
  lang?: 'en' | 'vi';
  /** zone of the written times (default Asia/Ho_Chi_Minh) */
  zone?: string;
}

/**
 * Writes events as a CSV log that readCsv reads back: one header row, one row per event, CRLF,
 * `at` as ISO 8601 with the zone's offset, `data` as JSON. Every field goes through csvField,
 * so a name or action starting with = + - @ cannot run as a formula when the file is opened in
 * Excel (it is written with a leading apostrophe, which is also what reading it back gives).
 * Streams: memory holds one 64 KiB piece. Returns the number of events written.
 * @example await writeCsv(events, (s) => void chunks.push(s), { lang: 'vi', sep: ';' })
 */
export async function writeCsv(events: LogEvents, sink: LogSink, opts: CsvWriteOptions = {}): Promise<number> {
  const sep = opts.sep ?? ',';
  const { iso } = zoneTime(opts.zone ?? DEFAULT_LOG_ZONE);
  const names = LOG_HEADERS[opts.lang ?? 'en'];
  const head = ((opts.bom ?? true) ? '\uFEFF' : '') + LOG_COLUMNS.map((f) => csvField(names[f])).join(sep) + '\r\n';
  const line = (e: LogEvent) =>
    csvField(e.dossier) +
    sep +
    csvField(iso(e.ms)) +
    sep +
    csvField(e.official) +
    sep +
    csvField(e.role) +
    sep +
    csvField(e.action) +
    sep +
    csvField(e.procedure) +
    sep +
    csvField(e.unit) +
    sep +
    (e.data ? csvField(JSON.stringify(e.data)) : '') +
    '\r\n';
  return writeLines(events, sink, line, head);
}
