import { LogFileError } from '../located.js';
import type { LogEvent, LogItem } from '../../model/log.js';
import { notTextBecause } from './detect.js';
import { DEFAULT_LOG_ZONE, zoneTime } from './isoTime.js';
import { LOG_FIELDS, mapHeader, normaliseRow, type LogField, type RawRow } from './normalize.js';
import { writeLines, type LogEvents, type LogSink } from './sink.js';

const BATCH = 4096;
/** a line longer than this (16 MiB) is reported and skipped rather than held */
const MAX_LINE = 1 << 24;

const notText = (field: string, v: unknown) => `${field} must be text, not ${Array.isArray(v) ? 'a list' : 'an object'}`;

/** For one set of keys: which key of the object holds which field. */
type KeyMap = readonly (readonly [key: string, field: LogField])[];

/**
 * Reads a JSONL (NDJSON) log as a stream: one JSON object per line, keyed by the field names
 * (dossier, at, official, role, action, procedure, unit, data) or by header-like names in
 * Vietnamese or English ("Mã hồ sơ", "Thời điểm", ...) or a --columns mapping. `data` may be an
 * object or a string holding JSON. Yields batches of rows in file order; row numbers are line
 * numbers (blank lines are skipped but counted). A line that is not JSON is a RowError with
 * field "json", and reading goes on; a file of compressed or UTF-16 bytes is a LogFileError.
 * @example for await (const batch of readJsonl(createReadStream('log.jsonl'), 'log.jsonl', { zone: 'Asia/Ho_Chi_Minh' })) ...
 */
export async function* readJsonl(
  source: AsyncIterable<Uint8Array | string>,
  file: string,
  opts: { zone: string; columns?: Partial<Record<LogField, string>> },
): AsyncGenerator<LogItem[]> {
  const maps = new Map<string, KeyMap>();
  let lastKeys: string[] = [];
  let lastMap: KeyMap = [];
  let batch: LogItem[] = [];
  let line = 0;
  let skipping = false;

  const canonical = !opts.columns || Object.keys(opts.columns).length === 0;
  const fail = (row: number, field: string, message: string): LogItem => ({ ok: false, error: { file, row, field, message } });

  const keyMapOf = (obj: Record<string, unknown>): KeyMap => {
    // lines of one export share their keys in one order: compare with the last line's first
    let i = 0;
    let same = true;
    for (const k in obj) {
      if (k !== lastKeys[i++]) {
        same = false;
        break;
      }
    }
    if (same && i === lastKeys.length) return lastMap;
    const keys = Object.keys(obj);
    const sig = keys.join('\u0000');
    let map = maps.get(sig);
    if (!map) {
      const mapped = mapHeader(keys, opts.columns);
      // with a field missing, the canonical names of the missing fields are appended only to
      // learn where the present ones are; normaliseRow then names the first missing field
      const index = mapped.ok ? mapped.index : (mapHeader([...keys, ...mapped.missing], opts.columns) as { index: Partial<Record<LogField, number>> }).index;
      map = (Object.entries(index) as [LogField, number][]).filter(([, at]) => at < keys.length).map(([field, at]) => [keys[at], field] as const);
      if (maps.size > 1000) maps.clear();
      maps.set(sig, map);
    }
    lastKeys = keys;
    lastMap = map;
    return map;
  };

  const take = (text: string, row: number): LogItem | undefined => {
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (row === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (err) {
      if (text.trim() === '') return undefined;
      return fail(row, 'json', `the line is not valid JSON (${(err as Error).message})`);
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return fail(row, 'json', 'the line is not a JSON object ({"dossier": ..., "at": ...})');
    const rec = obj as Record<string, unknown>;
    const raw: RawRow = {};
    data = undefined;
    // lines keyed by the field names (what writeJsonl writes) are read without looking at their keys
    if (
      canonical &&
      rec.dossier !== undefined &&
      rec.at !== undefined &&
      rec.official !== undefined &&
      rec.role !== undefined &&
      rec.action !== undefined &&
      rec.procedure !== undefined
    ) {
      for (const field of LOG_FIELDS) if (!put(raw, field, rec[field])) return fail(row, field, notText(field, rec[field]));
    } else {
      for (const [key, field] of keyMapOf(rec)) if (!put(raw, field, rec[key])) return fail(row, field, notText(field, rec[key]));
    }
    const item = normaliseRow(raw, file, row, opts.zone);
    if (data && item.ok) item.event.data = data;
    return item;
  };

  let data: Record<string, unknown> | undefined;
  /** one JSON value into the raw row as text; false when it cannot be text */
  const put = (raw: RawRow, field: LogField, v: unknown): boolean => {
    if (typeof v === 'string') raw[field] = v;
    else if (v === null || v === undefined) return true;
    else if (typeof v !== 'object') raw[field] = String(v);
    else if (field !== 'data') return false;
    // an object parsed from JSON passes normaliseRow's data rule as is: skip the round trip through text
    else if (!Array.isArray(v)) data = v as Record<string, unknown>;
    else raw.data = JSON.stringify(v);
    return true;
  };

  // Lines are found in the bytes (a newline byte is never inside a UTF-8 sequence) and each is
  // decoded alone: several times faster than decoding chunks and searching the text, and a line
  // of ASCII becomes a one-byte string that JSON.parse reads faster.
  let rest: Buffer[] = [];
  let restLength = 0;
  let first = true;
  for await (const chunk of source) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (first && b.length) {
      first = false;
      // compressed or UTF-16 bytes: one error naming the file, not a bad row per line
      const why = notTextBecause(b);
      if (why) throw new LogFileError(`${file}: ${why}`);
    }
    let start = 0;
    for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, start)) {
      line++;
      if (skipping) skipping = false;
      else if (restLength) {
        rest.push(b.subarray(0, nl));
        const item = take(Buffer.concat(rest).toString('utf8'), line);
        if (item) batch.push(item);
      } else if (nl > start) {
        const item = take(b.toString('utf8', start, nl), line);
        if (item) batch.push(item);
      }
      rest = [];
      restLength = 0;
      start = nl + 1;
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (start < b.length && !skipping) {
      // copied: a source may reuse its buffer for the next chunk
      rest.push(Buffer.from(b.subarray(start)));
      restLength += b.length - start;
      if (restLength > MAX_LINE) {
        batch.push(fail(line + 1, 'json', `the line is longer than ${MAX_LINE} bytes; is this a JSONL file?`));
        skipping = true;
        rest = [];
        restLength = 0;
      }
    }
  }
  if (restLength) {
    const item = take(Buffer.concat(rest).toString('utf8'), line + 1);
    if (item) batch.push(item);
  }
  if (batch.length) yield batch;
}

/**
 * One JSONL line for an event: the field names as keys, `at` as ISO 8601 with the zone's offset
 * computed from `ms`, `data` as an object (omitted when absent).
 */
function jsonlLine(iso: (ms: number) => string): (e: LogEvent) => string {
  return (e) =>
    JSON.stringify({
      dossier: e.dossier,
      at: iso(e.ms),
      official: e.official,
      role: e.role,
      action: e.action,
      procedure: e.procedure,
      unit: e.unit,
      ...(e.data ? { data: e.data } : {}),
    }) + '\n';
}

/**
 * Writes events as JSONL, one object per line, as readJsonl reads them back. Streams: memory
 * holds one 64 KiB piece. Returns the number of events written.
 * @example const out = io.writeStream('log.jsonl'); await writeJsonl(events, out.write); await out.close()
 */
export async function writeJsonl(events: LogEvents, sink: LogSink, opts: { zone?: string } = {}): Promise<number> {
  return writeLines(events, sink, jsonlLine(zoneTime(opts.zone ?? DEFAULT_LOG_ZONE).iso), '');
}
