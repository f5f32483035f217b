import type { LogItem } from '../../model/log.js';
import { mapHeader, normaliseRow, type LogField, type RawRow } from './normalize.js';

const BATCH = 4096;

/**
 * Splits one CSV record into fields (RFC 4180 quotes, doubled quotes inside).
 * @example splitCsv('a;"b;c";"d ""e"""', ';') // ['a', 'b;c', 'd "e"']
 */
export function splitCsv(line: string, sep: string): string[] {
  if (line.indexOf('"') < 0) return line.split(sep);
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let field = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          field += line.slice(i);
          i = n;
          break;
        }
        field += line.slice(i, q);
        if (line.charCodeAt(q + 1) === 34) {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(field);
      // skip to the separator after the closing quote
      const next = line.indexOf(sep, i);
      i = next < 0 ? n + 1 : next + 1;
    } else {
      const next = line.indexOf(sep, i);
      if (next < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, next));
      i = next + 1;
    }
  }
  return out;
}

const quotes = (s: string, from: number, to: number) => {
  let c = 0;
  for (let i = s.indexOf('"', from); i >= 0 && i < to; i = s.indexOf('"', i + 1)) c++;
  return c;
};

/**
 * Reads a CSV log as a stream (UTF-8 with or without BOM; comma or semicolon, taken from the
 * header; Vietnamese or English headers, or a --columns mapping), yielding batches of rows in
 * file order. Memory holds one chunk and one batch, whatever the file's size. Row numbers
 * count records from 1 = the header, so the first data row is row 2, as a spreadsheet shows it.
 * @example for await (const batch of readCsv(createReadStream('log.csv'), 'log.csv', { zone: 'Asia/Ho_Chi_Minh' })) ...
 */
export async function* readCsv(
  source: AsyncIterable<Uint8Array | string>,
  file: string,
  opts: {
    zone: string;
    columns?: Partial<Record<LogField, string>>;
    /** reads only the rows whose dossier cell it accepts (a worker's share of the log); others are skipped unparsed */
    keep?: (dossier: string) => boolean;
  },
): AsyncGenerator<LogItem[]> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let row = 0;
  let sep = ',';
  let index: Partial<Record<LogField, number>> | undefined;
  let batch: LogItem[] = [];

  const take = (record: string): LogItem | undefined => {
    row++;
    if (record.endsWith('\r')) record = record.slice(0, -1);
    if (index === undefined) {
      record = record.replace(/^\uFEFF/, '');
      sep = (record.split(';').length > record.split(',').length ? ';' : ',');
      const mapped = mapHeader(splitCsv(record, sep), opts.columns);
      if (!mapped.ok)
        throw new Error(`${file}: row 1: the header has no column for ${mapped.missing.join(', ')} (found: ${record}); name them with --columns field=Header`);
      index = mapped.index;
      return undefined;
    }
    if (record.length === 0) return undefined;
    const i = index;
    // a worker's share: when the dossier is the first column, look at it before splitting the line
    if (opts.keep && i.dossier === 0 && record.charCodeAt(0) !== 34) {
      const cut = record.indexOf(sep);
      if (!opts.keep(cut < 0 ? record : record.slice(0, cut))) return undefined;
    }
    const c = splitCsv(record, sep);
    if (opts.keep && !opts.keep(c[i.dossier!] ?? '')) return undefined;
    // a fixed object shape keeps the hot path monomorphic
    const raw: RawRow = {
      dossier: c[i.dossier!],
      at: c[i.at!],
      official: c[i.official!],
      role: c[i.role!],
      action: c[i.action!],
      procedure: c[i.procedure!],
      unit: i.unit === undefined ? undefined : c[i.unit],
      data: i.data === undefined ? undefined : c[i.data],
    };
    return normaliseRow(raw, file, row, opts.zone);
  };

  for await (const chunk of source) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    let scanFrom = 0;
    // where the next quote is, found once per chunk rather than once per line
    let nextQuote = buf.indexOf('"');
    for (;;) {
      const nl = buf.indexOf('\n', scanFrom);
      if (nl < 0) break;
      if (nextQuote >= 0 && nextQuote < start) nextQuote = buf.indexOf('"', start);
      // a newline inside a quoted field does not end the record
      if (nextQuote >= 0 && nextQuote < nl && quotes(buf, start, nl) % 2 === 1) {
        scanFrom = nl + 1;
        continue;
      }
      const item = take(buf.slice(start, nl));
      if (item) batch.push(item);
      start = scanFrom = nl + 1;
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    buf = buf.slice(start);
  }
  buf += decoder.decode();
  if (buf.length) {
    const item = take(buf);
    if (item) batch.push(item);
  }
  if (index === undefined) throw new Error(`${file}: the file is empty (no header row)`);
  if (batch.length) yield batch;
}
