import { detach, type LogItem } from '../../model/log.js';
import { LogColumns } from './columns.js';
import { isoTimeAt, localTimeAt, LOG_FIELDS, mapHeader, type LogField } from './normalize.js';

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

interface CsvOptions {
  zone: string;
  columns?: Partial<Record<LogField, string>>;
}

/** Column positions of the fields, -1 for a field the log does not have. */
type Columns = Record<LogField, number>;

/** Slots of the per-column caches of recent values (a power of two). */
const SLOTS = 4096;

/**
 * The rows of a CSV text, parsed where they lie: a quote-free record (nearly all of them) is cut
 * into fields by position in the chunk's text, without a string per line or an array per row,
 * and a cell seen recently (officials, roles, actions, units, dossiers still open) is taken from
 * a small cache of its column instead of being made again; a record with quotes goes through
 * splitCsv.
 */
class CsvRows {
  row = 0;
  batch: LogColumns;
  /** when splitting for workers: per partition, its records as [start, end, row, quoted], and how many numbers of each are used */
  routed: Int32Array[] | undefined;
  routedLength: number[] = [];
  headerLine: string | undefined;
  private sep = ',';
  private cols: Columns | undefined;
  /** fields to cut: up to the last column a field lives in */
  private width = 0;
  private readonly starts = new Int32Array(64);
  private readonly ends = new Int32Array(64);
  private cut = 0;
  /** per cached column: the cells as they lie in the text (bytes as latin1), and as read (UTF-8) */
  private readonly keys = Array.from({ length: 6 }, () => new Array<string | undefined>(SLOTS).fill(undefined));
  private readonly values = Array.from({ length: 6 }, () => new Array<string>(SLOTS).fill(''));

  constructor(private readonly file: string, private readonly opts: CsvOptions, parts?: number) {
    this.batch = new LogColumns(opts.zone);
    if (parts) {
      this.routed = Array.from({ length: parts }, () => new Int32Array(4 * BATCH));
      this.routedLength = new Array<number>(parts).fill(0);
    }
  }

  /** Is the batch full (columns), or, when splitting, never: a share is a chunk's text. */
  get full(): boolean {
    return this.routed === undefined && this.batch.rows >= BATCH;
  }

  get started(): boolean {
    return this.cols !== undefined;
  }

  /**
   * Parses the complete records of `text` from `pos` (or all of it when `final`), until the
   * batch is full. Returns where it stopped: the start of an unparsed or incomplete record.
   */
  parse(text: string, pos: number, final: boolean): number {
    const n = text.length;
    let nextQuote = text.indexOf('"', pos);
    while (pos < n && !this.full) {
      let nl = text.indexOf('\n', pos);
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
      const quoted = nextQuote >= 0 && (nl < 0 || nextQuote < nl);
      // a newline inside a quoted field does not end the record
      while (quoted && nl >= 0 && quotes(text, pos, nl) % 2 === 1) nl = text.indexOf('\n', nl + 1);
      if (nl < 0) {
        if (!final) return pos;
        nl = n;
      }
      let end = nl;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--;
      this.record(text, pos, end, quoted, ++this.row);
      pos = nl + 1;
    }
    return Math.min(pos, n);
  }

  /** Which of `count` partitions a record's dossier falls in: its cell hashed where it lies. */
  private partOf(text: string, start: number, end: number, quoted: boolean, count: number): number {
    const col = this.cols!.dossier;
    if (quoted) return partitionOf(splitCsv(text.slice(start, end), this.sep)[col] ?? '', count);
    let a = start;
    let z = end;
    if (col === 0) {
      const c = text.indexOf(this.sep, start);
      if (c >= 0 && c < end) z = c;
    } else {
      this.cutFields(text, start, end);
      a = col < this.cut ? this.starts[col] : 0;
      z = col < this.cut ? this.ends[col] : 0;
    }
    return partitionAt(text, a, z, count);
  }

  private record(text: string, start: number, end: number, quoted: boolean, row: number) {
    if (this.cols === undefined) return this.header(utf8(text.slice(start, end)));
    if (end === start) return;
    if (this.routed) {
      // splitting for workers: the record goes, unread, to the partition of its dossier
      const p = this.partOf(text, start, end, quoted, this.routed.length);
      let to = this.routed[p];
      const k = this.routedLength[p];
      if (k + 4 > to.length) {
        const grown = new Int32Array(to.length * 2);
        grown.set(to);
        this.routed[p] = to = grown;
      }
      to[k] = start;
      to[k + 1] = end;
      to[k + 2] = row;
      to[k + 3] = quoted ? 1 : 0;
      this.routedLength[p] = k + 4;
      return;
    }
    const cols = this.cols;
    const b = this.batch;
    if (quoted) {
      const c = splitCsv(utf8(text.slice(start, end)), this.sep);
      const cell = (col: number) => (col < 0 ? undefined : c[col]);
      return b.add(
        cell(cols.dossier), cell(cols.at), cell(cols.official), cell(cols.role), cell(cols.action), cell(cols.procedure), cell(cols.unit), cell(cols.data),
        this.file, row,
      );
    }
    this.cutFields(text, start, end);
    const dossier = this.cell(text, cols.dossier, 0);
    // the time read where it lies: ISO with offset, or a local time as exports write it
    const t = cols.at < this.cut ? isoTimeAt(text, this.starts[cols.at], this.ends[cols.at]) ?? localTimeAt(text, this.starts[cols.at], this.ends[cols.at], this.opts.zone) : undefined;
    // another layout, or no such time: the row's rules read it again and say why
    const ms = t === t ? t : undefined;
    b.add(
      dossier, ms === undefined ? this.cell(text, cols.at, -1) : ISO_SHAPE, this.cell(text, cols.official, 1), this.cell(text, cols.role, 2),
      this.cell(text, cols.action, 3), this.cell(text, cols.procedure, 4), this.cell(text, cols.unit, 5), this.cell(text, cols.data, -1),
      this.file, row, ms,
    );
  }

  /** Finds where each field up to `width` starts and ends; `cut` is how many the record has. */
  private cutFields(text: string, start: number, end: number) {
    const { starts, ends, width, sep } = this;
    let a = start;
    let f = 0;
    while (f < width) {
      let c = text.indexOf(sep, a);
      if (c < 0 || c > end) c = end;
      starts[f] = a;
      ends[f] = c;
      f++;
      if (c >= end) break;
      a = c + 1;
    }
    this.cut = f;
  }

  /**
   * The text of a cell, read as UTF-8: from its column's cache when the same cell was seen
   * lately (cache -1: none), so a name is decoded once, not on every row.
   */
  private cell(text: string, col: number, cache: number): string | undefined {
    if (col < 0 || col >= this.cut) return undefined;
    const a = this.starts[col];
    const len = this.ends[col] - a;
    if (cache < 0) return utf8(text.slice(a, a + len));
    const slots = this.keys[cache];
    // a hash of a few characters (codes differ at the end, names anywhere): a slip costs one compare
    const z = a + len - 1;
    const slot = len === 0 ? 0 : (len * 7 + text.charCodeAt(a) * 31 + text.charCodeAt(a + (len >> 1)) * 131 + text.charCodeAt(z) * 1031 + text.charCodeAt(z - 1) * 4099 + text.charCodeAt(z - 2) * 257) & (SLOTS - 1);
    const hit = slots[slot];
    if (hit !== undefined && hit.length === len) {
      let k = 0;
      while (k < len && hit.charCodeAt(k) === text.charCodeAt(a + k)) k++;
      if (k === len) return this.values[cache][slot];
    }
    const raw = detach(text.slice(a, a + len));
    const value = utf8(raw);
    slots[slot] = raw;
    this.values[cache][slot] = value;
    return value;
  }

  /** Parses the records of a share another thread found in `text` (see shareCsv) into the batch. */
  records(text: string, records: Int32Array) {
    for (let k = 0; k < records.length; k += 4) this.record(text, records[k], records[k + 1], records[k + 3] === 1, records[k + 2]);
  }

  header(line: string) {
    line = line.replace(/^\uFEFF/, '');
    this.headerLine = line;
    this.sep = line.split(';').length > line.split(',').length ? ';' : ',';
    const mapped = mapHeader(splitCsv(line, this.sep), this.opts.columns);
    if (!mapped.ok)
      throw new Error(`${this.file}: row 1: the header has no column for ${mapped.missing.join(', ')} (found: ${line}); name them with --columns field=Header`);
    const at = (f: LogField) => mapped.index[f] ?? -1;
    this.cols = { dossier: at('dossier'), at: at('at'), official: at('official'), role: at('role'), action: at('action'), procedure: at('procedure'), unit: at('unit'), data: at('data') };
    const last = Math.max(...Object.values(this.cols));
    if (last >= 64) throw new Error(`${this.file}: row 1: the log's fields must be among its first 64 columns (${LOG_FIELDS.find((f) => this.cols![f] === last)} is column ${last + 1})`);
    this.width = last + 1;
  }
}

/** Stands for a time already read in place: the rules only check that the cell is not empty. */
const ISO_SHAPE = 'iso';

/**
 * Which of `parts` partitions owns a dossier: FNV-1a of its code (the cell as written),
 * modulo the number of partitions. Worker threads split a log this way.
 * @example partitionOf('HS-0000001', 2) // 0 or 1, always the same
 */
export const partitionOf = (dossier: string, parts: number): number => partitionAt(dossier, 0, dossier.length, parts);

/** partitionOf of the text between `from` and `to`, read where it lies. */
function partitionAt(text: string, from: number, to: number, parts: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % parts;
}

/**
 * Text of whole lines of UTF-8 bytes, one character per byte (latin1): copied, not decoded, so
 * positions in the text are positions in the bytes, and the text stays one byte per character
 * whatever names it holds. Cells are read as UTF-8 one by one (utf8), and a cached cell only once.
 */
const textOf = (bytes: Buffer, end: number) => (end === bytes.length ? bytes : bytes.subarray(0, end)).toString('latin1');

const HIGH = /[^\x00-\x7f]/;
/** A cell of latin1 text read as the UTF-8 it is (ASCII cells, most of them, as they are). */
const utf8 = (cell: string): string => (HIGH.test(cell) ? Buffer.from(cell, 'latin1').toString('utf8') : cell);

/**
 * Reads a CSV log as a stream (UTF-8 with or without BOM; comma or semicolon, taken from the
 * header; Vietnamese or English headers, or a --columns mapping), yielding batches of rows as
 * columns in file order: the audit's fast path. Memory holds one chunk and one batch, whatever
 * the file's size. Row numbers count records from 1 = the header, so the first data row is
 * row 2, as a spreadsheet shows it. Chunks are cut at their last newline, so text is decoded
 * once and a UTF-8 sequence is never split; a quoted field that runs over a chunk's end waits
 * for the next chunk.
 * @example for await (const batch of readCsvColumns(createReadStream('log.csv'), 'log.csv', { zone: 'Asia/Ho_Chi_Minh' })) auditor.push(batch)
 */
export async function* readCsvColumns(source: AsyncIterable<Uint8Array | string>, file: string, opts: CsvOptions): AsyncGenerator<LogColumns> {
  const rows = new CsvRows(file, opts);
  const take = () => {
    const b = rows.batch;
    rows.batch = new LogColumns(opts.zone);
    return b;
  };
  yield* chunked(source, file, rows, take, () => rows.batch.rows > 0);
}

/** A chunk's text and, per partition, the records of it that partition owns: [start, end, row, quoted] each. */
export interface CsvShares {
  text: string;
  parts: Int32Array[];
}

/**
 * Splits a CSV log between `parts` threads without reading its rows: each chunk's text is
 * handed on with, per partition (partitionOf its dossier), where its records are. The header
 * line comes first, as `header`. A thread reads its share with `readCsvShares`.
 * @example for await (const s of shareCsv(stream, 'log.csv', { zone }, 2)) workers.forEach((w, i) => w.postMessage({ text: s.text, records: s.parts[i] }))
 */
export async function* shareCsv(source: AsyncIterable<Uint8Array | string>, file: string, opts: CsvOptions, parts: number): AsyncGenerator<CsvShares | { header: string }> {
  const rows = new CsvRows(file, opts, parts);
  let sentHeader = false;
  const take = (text: string): CsvShares | { header: string } => {
    if (!sentHeader) {
      sentHeader = true;
      return { header: rows.headerLine! };
    }
    const shares = { text, parts: rows.routed!.map((r, i) => r.slice(0, rows.routedLength[i])) };
    rows.routedLength.fill(0);
    return shares;
  };
  const ready = () => (!sentHeader && rows.started) || rows.routedLength.some((n) => n > 0);
  yield* chunked(source, file, rows, take, ready);
}

/**
 * The reading side of shareCsv: a thread's records of each chunk, parsed into columns.
 * @example const read = readCsvShares('log.csv', { zone }); read.header(line); auditor.push(read.records(text, records))
 */
export function readCsvShares(file: string, opts: CsvOptions) {
  const rows = new CsvRows(file, opts);
  return {
    header: (line: string) => rows.header(line),
    records(text: string, records: Int32Array): LogColumns {
      rows.records(text, records);
      const b = rows.batch;
      rows.batch = new LogColumns(opts.zone);
      return b;
    },
  };
}

/**
 * The chunk loop every CSV reading shares: cut each chunk at its last newline, decode it once,
 * parse (or route) its records, and hand out what is ready (`take`, given the text the records
 * lie in) whenever the parser is full or a chunk's text is done.
 */
async function* chunked<T>(
  source: AsyncIterable<Uint8Array | string>, file: string, rows: CsvRows, take: (text: string) => T, ready: () => boolean,
): AsyncGenerator<T> {
  let carry: Buffer | undefined;
  let pending = '';
  let first = true;
  const drain = function* (text: string, final: boolean): Generator<T, string> {
    let pos = 0;
    for (;;) {
      pos = rows.parse(text, pos, final);
      if (rows.full) yield take(text);
      else {
        // a share points into this text: it goes out (after the header, the first time) before the next text is read
        while (rows.routed && ready()) yield take(text);
        return text.slice(pos);
      }
    }
  };
  for await (const chunk of source) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (carry) {
      // the line that runs over from the last chunk is read on its own: no copy of the whole chunk
      const nl = bytes.indexOf(10) + 1;
      if (nl === 0 || first) {
        carry = bytes = Buffer.concat([carry, bytes]);
      } else {
        pending = yield* drain(pending + textOf(Buffer.concat([carry, bytes.subarray(0, nl)]), carry.length + nl), false);
        bytes = bytes.subarray(nl);
      }
      carry = undefined;
    }
    if (first && bytes.length < 3 && bytes.every((b, i) => b === [0xef, 0xbb, 0xbf][i])) {
      carry = bytes;
      continue;
    }
    if (first) {
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      first = false;
    }
    const cut = bytes.lastIndexOf(10) + 1;
    // the bytes after the last newline wait for the rest of their line (copied: the source may reuse its buffer)
    carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : undefined;
    if (cut === 0) continue;
    const text = textOf(bytes, cut);
    pending = yield* drain(pending ? pending + text : text, false);
  }
  const rest = carry ? textOf(carry, carry.length) : '';
  pending = yield* drain(pending + rest, true);
  if (!rows.started) throw new Error(`${file}: the file is empty (no header row)`);
  // what is left is a batch of columns still being filled: shares went out with their text above
  if (!rows.routed && ready()) yield take('');
}


/**
 * readCsvColumns with each batch as LogItems, the shape every log reader yields.
 * @example for await (const batch of readCsv(createReadStream('log.csv'), 'log.csv', { zone: 'Asia/Ho_Chi_Minh' })) ...
 */
export async function* readCsv(source: AsyncIterable<Uint8Array | string>, file: string, opts: CsvOptions): AsyncGenerator<LogItem[]> {
  for await (const batch of readCsvColumns(source, file, opts)) yield batch.items();
}
