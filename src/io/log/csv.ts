import { LogFileError } from '../located.js';
import { codeHash, type LogItem } from '../../model/log.js';
import { normaliseRole, roleIndex, type RoleCode } from '../../model/roles.js';
import { LogColumns } from './columns.js';
import { notTextBecause } from './detect.js';
import { clean, isoTimeAt, localTimeAt, LOG_FIELDS, mapHeader, type LogField } from './normalize.js';

/**
 * Rows per batch of columns: small enough that a batch and what the audit touches for it stay
 * in the processor's cache while the audit reads it (4096 measured slower on the bench log)
 */
const BATCH = 1024;

/**
 * A record longer than this (16 MiB, as a JSONL line) is not waited for to its end: with a
 * quote open, the quote is taken as never closed; without, the line is reported and skipped.
 * A cell of Excel holds 32,767 characters: no log's row comes near.
 */
const MAX_RECORD = 1 << 24;

/** What a record routed to a partition is (the 4th number of each): read as it is, or said to be a bad row. */
const PLAIN = 0,
  QUOTED = 1,
  UNCLOSED = 2,
  TOO_LONG = 3;

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

interface CsvOptions {
  zone: string;
  columns?: Partial<Record<LogField, string>>;
}

/** Column positions of the fields, -1 for a field the log does not have. */
type Columns = Record<LogField, number>;

const FNV = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** the cached columns, in the order of CsvRows.caches */
const DOSSIER = 0,
  OFFICIAL = 1,
  ROLE = 2,
  ACTION = 3,
  PROCEDURE = 4,
  UNIT = 5;
/** a cached cell is at most this many bytes (longer ones are read each time) */
const KEY = 32;

/**
 * One column's recent cells by their bytes, and what the reader made of each: its text trimmed
 * (or, for the role, the role it names): a direct-mapped cache, a slot per hash of the bytes,
 * so a cell repeated on many rows (officials, roles, actions, units, open dossiers) is read and
 * checked once, and gives the same string each time.
 */
class CellCache {
  readonly mask: number;
  /** per slot: the length of the cell kept, -1 for none */
  readonly len: Int32Array;
  /** per slot: the cell's bytes, KEY bytes a slot */
  readonly keys: Uint8Array;
  readonly values: (string | undefined)[];
  /** per slot: codeHash of the value (for the role column, its roleIndex) */
  readonly codes: Int32Array;

  constructor(bits: number) {
    this.mask = (1 << bits) - 1;
    this.codes = new Int32Array(1 << bits);
    this.len = new Int32Array(1 << bits).fill(-1);
    this.keys = new Uint8Array(KEY << bits);
    this.values = new Array<string | undefined>(1 << bits).fill(undefined);
  }
}

/**
 * The rows of a CSV log, read from its UTF-8 bytes where they lie: a quote-free record (nearly
 * all of them) is cut into fields in one pass over its bytes, which also hashes the cells read
 * from a cache, and each such cell is taken from its column's cache (CellCache) by that hash,
 * without a string per line or per cell; the time is read from its digits. A record with
 * quotes, or a row that breaks a rule, is read as text and goes through splitCsv and the rules
 * every reader shares.
 */
class CsvRows {
  row = 0;
  batch: LogColumns;
  /** when splitting for workers: per partition, its records as [start, end, row, quoted], and how many numbers of each are used */
  routed: Int32Array[] | undefined;
  routedLength: number[] = [];
  headerLine: string | undefined;
  private sep = 44;
  private cols: Columns | undefined;
  /** fields to cut: up to the last column a field lives in */
  private width = 0;
  private readonly starts = new Int32Array(64);
  private readonly ends = new Int32Array(64);
  private readonly hashes = new Int32Array(64);
  /** per field: its bytes OR-ed, so a cell with none above ASCII is read without decoding */
  private readonly highs = new Int32Array(64);
  /** per field: 1 when its cells are read from a cache, so the scan hashes them */
  private readonly hashed = new Uint8Array(64);
  private cut = 0;
  /** the time field's position (-1: none), and its instant when scan() read it on the way (NaN: not read) */
  private atField = -1;
  private atMs = Number.NaN;
  /**
   * dossier, official, role, action, procedure, unit: small enough to stay in the processor's
   * cache (a larger one was slower), large enough for the dossiers open at once and the staff
   */
  private readonly caches = [new CellCache(14), new CellCache(12), new CellCache(6), new CellCache(6), new CellCache(6), new CellCache(9)];

  constructor(
    private readonly file: string,
    private readonly opts: CsvOptions,
    parts?: number,
  ) {
    this.batch = new LogColumns(opts.zone, BATCH);
    if (parts) {
      this.routed = Array.from({ length: parts }, () => new Int32Array(4 * BATCH));
      this.routedLength = new Array<number>(parts).fill(0);
    }
  }

  /** Is the batch full (columns), or, when splitting, never: a share is a chunk's bytes. */
  get full(): boolean {
    return this.routed === undefined && this.batch.rows >= BATCH;
  }

  get started(): boolean {
    return this.cols !== undefined;
  }

  /** The batch filled so far, a new one taking its place. */
  take(): LogColumns {
    const b = this.batch;
    this.batch = new LogColumns(this.opts.zone, BATCH);
    return b;
  }

  /**
   * Parses the complete records of `buf` from `pos` (or all of it when `final`), until the
   * batch is full. Returns where it stopped: the start of an unparsed or incomplete record.
   */
  parse(buf: Buffer, pos: number, final: boolean): number {
    const n = buf.length;
    if (this.skipping) {
      // the rest of a line reported as a bad row
      const lf = buf.indexOf(10, pos);
      if (lf < 0) return n;
      this.skipping = false;
      pos = lf + 1;
    }
    while (pos < n && !this.full) {
      // cut the fields on the way to the newline; a quote sends the record the slow way
      let nl = this.cols === undefined ? pos : this.scan(buf, pos, n);
      const quoted = this.cols === undefined || (nl < n && buf[nl] === 34);
      if (quoted) nl = this.quotedEnd(buf, pos, n, final);
      else if (nl === n) nl = -1;
      if (nl < 0) {
        const next = this.unended(buf, pos, n, final, quoted, nl);
        if (next >= 0) {
          pos = next;
          continue;
        }
        if (!final) return pos;
        // the last record, without a newline (a record without quotes is cut already, to the end)
        nl = n;
      }
      let end = nl;
      if (end > pos && buf[end - 1] === 13) end--;
      this.record(buf, pos, end, quoted, ++this.row);
      pos = nl + 1;
    }
    return Math.min(pos, n);
  }

  /**
   * A record at `pos` whose newline is not in `buf` (`nl` -1), or whose quote was never closed
   * (-2): reported as a bad row when it is one (a quote still open at the end of the file or
   * after MAX_RECORD bytes; a line longer than that), returning where reading goes on; -1 when
   * it may yet be whole (more bytes to come, or the file's last line).
   */
  private unended(buf: Buffer, pos: number, n: number, final: boolean, quoted: boolean, nl: number): number {
    const long = n - pos > MAX_RECORD;
    if (this.cols === undefined) {
      if (long) throw new LogFileError(`${this.file}: row 1: no line end in the first ${MAX_RECORD >> 20} MiB: is this a CSV file?`);
      return -1;
    }
    if (quoted && (nl === -2 || (this.open && (final || long)))) return this.badRecord(UNCLOSED, buf, pos, n, final, ++this.row);
    if (long) return this.badRecord(TOO_LONG, buf, pos, n, final, ++this.row);
    return -1;
  }

  /** Whether the record quotedEnd last looked at still had a quoted field open where it stopped. */
  private open = false;
  /** Whether the bytes up to the next newline belong to a row already reported as bad. */
  private skipping = false;

  /**
   * Where the record at `pos` ends, quotes heeded: its newline (one inside a quoted field does
   * not end it), or -1 when it is not in `buf` (`open` then says whether a quoted field is still
   * open). A quote opens a field only at its start, as Excel reads it; elsewhere it is text. A
   * quoted field that runs over a line and, once closed, is followed by more text in its cell
   * gives -2: its quote paired with a quote of a later row, so it was never closed.
   */
  private quotedEnd(buf: Uint8Array, pos: number, n: number, final: boolean): number {
    // the header is its first line
    if (this.cols === undefined) return buf.indexOf(10, pos);
    const sep = this.sep;
    let inside = false;
    let closed = false;
    let crossed = false;
    let start = true;
    this.open = false;
    for (let i = pos; i < n; i++) {
      const c = buf[i];
      if (inside) {
        if (c === 34) {
          // a doubled quote or a closing one: the next byte tells
          if (i + 1 === n && !final) {
            this.open = true;
            return -1;
          }
          if (buf[i + 1] === 34) i++;
          else {
            inside = false;
            closed = true;
          }
        } else if (c === 10) crossed = true;
      } else if (c === 10) return i;
      else if (c === sep) {
        start = true;
        closed = false;
      } else {
        // after a closing quote on the same line, text is dropped as splitCsv drops it
        if (closed && crossed && c !== 13) return -2;
        if (c === 34 && start) {
          inside = true;
          crossed = false;
        }
        start = false;
      }
    }
    this.open = inside;
    return -1;
  }

  /**
   * Reports the record at `pos` as a bad row (a quote never closed, or a line too long to read)
   * and goes on at the next line: returns where reading goes on, past `n` when the line runs on
   * into bytes not read yet. Splitting for workers, the report goes to partition 0.
   */
  private badRecord(kind: typeof UNCLOSED | typeof TOO_LONG, buf: Buffer, pos: number, n: number, final: boolean, row: number): number {
    const lf = buf.indexOf(10, pos);
    const end = lf < 0 ? n : buf[lf - 1] === 13 && lf > pos ? lf - 1 : lf;
    if (this.routed) this.route(0, pos, end, row, kind);
    else this.rowError(kind, buf, pos, end, row);
    if (lf >= 0) return lf + 1;
    this.skipping = !final;
    return n;
  }

  /** The bad row a record of `kind` UNCLOSED or TOO_LONG is, its first line at `start..end`. */
  private rowError(kind: number, buf: Buffer, start: number, end: number, row: number) {
    let field = 'csv';
    let message = `the line is longer than ${MAX_RECORD >> 20} MiB, is this a CSV file? It is skipped`;
    if (kind === UNCLOSED) {
      const col = openFieldOf(buf.toString('utf8', start, end), String.fromCharCode(this.sep));
      field = col < 0 ? 'csv' : (LOG_FIELDS.find((f) => this.cols![f] === col) ?? `column ${col + 1}`);
      message = 'a quote opens the cell and no quote closes it: the row is skipped, reading goes on at the next line';
    }
    this.batch.errors.push({ file: this.file, row, field, message });
    this.batch.errorAt.push(this.batch.length);
  }

  /** Sends a record, unread, to partition `p`: where it lies, its row, what it is. */
  private route(p: number, start: number, end: number, row: number, kind: number) {
    let to = this.routed![p];
    const k = this.routedLength[p];
    if (k + 4 > to.length) {
      const grown = new Int32Array(to.length * 2);
      grown.set(to);
      this.routed![p] = to = grown;
    }
    to[k] = start;
    to[k + 1] = end;
    to[k + 2] = row;
    to[k + 3] = kind;
    this.routedLength[p] = k + 4;
  }

  /**
   * Cuts the record at `pos` into fields up to `width` (where each starts and ends, its hash, its
   * high bytes), stopping at a newline, a quote or `limit`: returns where it stopped.
   */
  private scan(buf: Uint8Array, pos: number, limit: number): number {
    const { starts, ends, hashes, highs, hashed, width, sep } = this;
    let f = 0;
    let a = pos;
    let i = pos;
    this.atMs = Number.NaN;
    for (;;) {
      let h = FNV;
      let high = 0;
      let c = 0;
      if (f === this.atField) {
        // a time in ISO layout is read where it lies and its bytes are not walked: all of them are
        // digits or its punctuation, so none ends the field; it is the field when the next byte does
        const ms = isoTimeAt(buf, a, a + 25 <= limit ? a + 25 : a);
        if (ms === ms && ms !== undefined) {
          this.atMs = ms;
          i = a + 25;
        }
      }
      // only the cells read from a cache are hashed (not the time, the data or columns after them)
      if (f < width && hashed[f] === 1)
        for (; i < limit; i++) {
          c = buf[i];
          if (c === sep || c === 10 || c === 34) break;
          h = Math.imul(h ^ c, FNV_PRIME);
          high |= c;
        }
      else
        for (; i < limit; i++) {
          c = buf[i];
          if (c === sep || c === 10 || c === 34) break;
          high |= c;
        }
      const stop = i === limit || c !== sep;
      // longer than the layout: not a time read on the way
      if (f === this.atField && i !== a + 25) this.atMs = Number.NaN;
      if (f < width) {
        starts[f] = a;
        // the last field ends at the newline, without its CR
        ends[f] = stop && i > a && buf[i - 1] === 13 ? i - 1 : i;
        hashes[f] = h;
        highs[f] = high;
        f++;
      }
      if (stop) break;
      a = ++i;
    }
    this.cut = f;
    return i;
  }

  private record(buf: Buffer, start: number, end: number, quoted: boolean, row: number) {
    if (this.cols === undefined) return this.header(buf.toString('utf8', start, end));
    if (end === start) return;
    // splitting for workers: the record goes, unread, to the partition of its dossier
    if (this.routed) return this.route(this.partOf(buf, start, end, quoted, this.routed.length), start, end, row, quoted ? QUOTED : PLAIN);
    if (quoted) return this.slow(splitCsv(buf.toString('utf8', start, end), String.fromCharCode(this.sep)), row, undefined);
    const cols = this.cols;
    const cut = this.cut;
    const dossier = this.cell(buf, cols.dossier, DOSSIER);
    const dossierHash = this.code;
    const official = this.cell(buf, cols.official, OFFICIAL);
    const officialHash = this.code;
    const role = this.cell(buf, cols.role, ROLE);
    const roleIdx = this.code;
    const action = this.cell(buf, cols.action, ACTION);
    const procedure = this.cell(buf, cols.procedure, PROCEDURE);
    const unit = cols.unit < 0 ? '' : this.cell(buf, cols.unit, UNIT);
    // the time read where it lies: ISO with offset, or a local time as exports write it
    const at =
      cols.at < cut
        ? this.atMs === this.atMs
          ? this.atMs
          : (isoTimeAt(buf, this.starts[cols.at], this.ends[cols.at]) ?? localTimeAt(buf, this.starts[cols.at], this.ends[cols.at], this.opts.zone))
        : undefined;
    const noData = cols.data < 0 || cols.data >= cut || this.starts[cols.data] === this.ends[cols.data];
    if (dossier && official && role && action && procedure && unit !== undefined && at === at && at !== undefined && noData) {
      this.batch.push(dossier, at, official, role as RoleCode, action, procedure, unit, row, dossierHash, officialHash, roleIdx);
      return;
    }
    // a rule broken, an incident, or data: the cells as text, by the rules every reader shares
    const cells: string[] = [];
    for (let f = 0; f < cut; f++) cells.push(textOf(buf, this.starts[f], this.ends[f], this.highs[f]));
    this.slow(cells, row, at === at ? at : undefined);
  }

  /** A row by the shared rules (LogColumns.add), from its cells as text. */
  private slow(c: string[], row: number, ms: number | undefined) {
    const cols = this.cols!;
    const cell = (col: number) => (col < 0 ? undefined : c[col]);
    this.batch.add(
      cell(cols.dossier),
      cell(cols.at),
      cell(cols.official),
      cell(cols.role),
      cell(cols.action),
      cell(cols.procedure),
      cell(cols.unit),
      cell(cols.data),
      this.file,
      row,
      ms,
    );
  }

  /** codeHash of the value the last cell() gave (for a role, its roleIndex) */
  private code = 0;

  /**
   * What the reader makes of a cell: its text trimmed, or for the role the role it names
   * (undefined when it names none); from its column's cache when the same bytes were seen lately.
   * Its codeHash (a role: its roleIndex) is left in `code`.
   */
  private cell(buf: Buffer, col: number, k: number): string | undefined {
    if (col >= this.cut) return undefined;
    const a = this.starts[col];
    const len = this.ends[col] - a;
    const cache = this.caches[k];
    const slot = this.hashes[col] & cache.mask;
    if (cache.len[slot] === len) {
      const keys = cache.keys;
      const at = slot * KEY;
      let i = 0;
      while (i < len && keys[at + i] === buf[a + i]) i++;
      if (i === len) {
        this.code = cache.codes[slot];
        return cache.values[slot];
      }
    }
    const text = clean(textOf(buf, a, a + len, this.highs[col]));
    const value = k === ROLE ? normaliseRole(text) : text;
    this.code = k !== ROLE ? codeHash(value ?? '') : value === undefined ? -1 : roleIndex(value as RoleCode);
    if (len <= KEY) {
      const keys = cache.keys;
      const at = slot * KEY;
      for (let i = 0; i < len; i++) keys[at + i] = buf[a + i];
      cache.len[slot] = len;
      cache.values[slot] = value;
      cache.codes[slot] = this.code;
    }
    return value;
  }

  /** Which of `count` partitions a record's dossier falls in: its cell hashed where it lies. */
  private partOf(buf: Buffer, start: number, end: number, quoted: boolean, count: number): number {
    const col = this.cols!.dossier;
    // split as one-byte text, so the cell hashes as its bytes, quoted or not
    if (quoted) return partitionOf(splitCsv(buf.toString('latin1', start, end), String.fromCharCode(this.sep))[col] ?? '', count);
    // parse() has just cut this record
    return col < this.cut ? partitionAt(buf, this.starts[col], this.ends[col], count) : partitionAt(buf, 0, 0, count);
  }

  /** Parses the records of a share another thread found in `buf` (see shareCsv) into the batch. */
  records(buf: Buffer, records: Int32Array) {
    for (let k = 0; k < records.length; k += 4) {
      const kind = records[k + 3];
      if (kind > QUOTED) {
        this.rowError(kind, buf, records[k], records[k + 1], records[k + 2]);
        continue;
      }
      if (kind === PLAIN) this.scan(buf, records[k], records[k + 1]);
      this.record(buf, records[k], records[k + 1], kind === QUOTED, records[k + 2]);
    }
  }

  header(line: string) {
    line = line.replace(/^\uFEFF/, '');
    this.headerLine = line;
    const sep = line.split(';').length > line.split(',').length ? ';' : ',';
    this.sep = sep.charCodeAt(0);
    const mapped = mapHeader(splitCsv(line, sep), this.opts.columns);
    if (!mapped.ok)
      throw new LogFileError(
        `${this.file}: row 1: the header has no column for ${mapped.missing.join(', ')} (found: ${line}); name them with --columns field=Header`,
      );
    const at = (f: LogField) => mapped.index[f] ?? -1;
    this.cols = {
      dossier: at('dossier'),
      at: at('at'),
      official: at('official'),
      role: at('role'),
      action: at('action'),
      procedure: at('procedure'),
      unit: at('unit'),
      data: at('data'),
    };
    const last = Math.max(...Object.values(this.cols));
    if (last >= 64)
      throw new LogFileError(
        `${this.file}: row 1: the log's fields must be among its first 64 columns (${LOG_FIELDS.find((f) => this.cols![f] === last)} is column ${last + 1})`,
      );
    this.width = last + 1;
    this.atField = this.cols.at;
    // splitting for workers reads no cell from a cache: nothing to hash
    if (!this.routed)
      for (const f of ['dossier', 'official', 'role', 'action', 'procedure', 'unit'] as const) if (this.cols[f] >= 0) this.hashed[this.cols[f]] = 1;
  }
}

/**
 * The index of the field whose quote `line` leaves open at its end, as splitCsv cuts it; -1 when
 * every quote is closed.
 * @example openFieldOf('HS-1,"Trần, Thị,VP-TK', ',') // 1
 */
function openFieldOf(line: string, sep: string): number {
  let i = 0;
  for (let field = 0; ; field++) {
    if (line.charCodeAt(i) === 34) {
      let q = i + 1;
      for (;;) {
        q = line.indexOf('"', q);
        if (q < 0) return field;
        if (line.charCodeAt(q + 1) !== 34) break;
        q += 2;
      }
      i = q + 1;
    }
    const next = line.indexOf(sep, i);
    if (next < 0) return -1;
    i = next + 1;
  }
}

/** per length up to KEY: a list of that many character codes, for textOf to fill */
const CODES = Array.from({ length: KEY + 1 }, (_, n) => new Array<number>(n).fill(0));

/**
 * A cell's text: its bytes as they are when all are ASCII, else decoded from UTF-8. A short
 * ASCII cell (a new dossier's code, a citizen's name: a million of each in a large log) is made
 * by String.fromCharCode from its bytes, which costs a third of a call through the Buffer.
 */
function textOf(buf: Buffer, a: number, z: number, high: number): string {
  if (high & 0x80) return buf.toString('utf8', a, z);
  const n = z - a;
  if (n > KEY) return buf.toString('latin1', a, z);
  const codes = CODES[n];
  for (let i = 0; i < n; i++) codes[i] = buf[a + i];
  return String.fromCharCode.apply(null, codes);
}

/**
 * Which of `parts` partitions owns a dossier: FNV-1a of its code (the cell as written, one
 * character per byte), modulo the number of partitions. Worker threads split a log this way.
 * @example partitionOf('HS-0000001', 2) // 0 or 1, always the same
 */
export const partitionOf = (dossier: string, parts: number): number => (codeHash(dossier) >>> 0) % parts;

/** partitionOf of the bytes between `from` and `to`, read where they lie. */
function partitionAt(buf: Uint8Array, from: number, to: number, parts: number): number {
  let h = FNV;
  for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return (h >>> 0) % parts;
}

/**
 * Reads a CSV log as a stream (UTF-8 with or without BOM; comma or semicolon, taken from the
 * header; Vietnamese or English headers, or a --columns mapping), yielding batches of rows as
 * columns in file order: the audit's fast path. Memory holds one chunk and one batch, whatever
 * the file's size. Row numbers count records from 1 = the header, so the first data row is
 * row 2, as a spreadsheet shows it. A record that runs over a chunk's end (a quoted field with
 * a newline too) waits for the next chunk.
 * @example for await (const batch of readCsvColumns(createReadStream('log.csv'), 'log.csv', { zone: 'Asia/Ho_Chi_Minh' })) auditor.push(batch)
 */
export async function* readCsvColumns(source: AsyncIterable<Uint8Array | string>, file: string, opts: CsvOptions): AsyncGenerator<LogColumns> {
  const rows = new CsvRows(file, opts);
  yield* chunked(
    source,
    file,
    rows,
    () => rows.take(),
    () => rows.batch.rows > 0,
  );
}

/** A chunk of the log's bytes and, per partition, the records of it that partition owns: [start, end, row, quoted] each. */
export interface CsvShares {
  bytes: Uint8Array;
  parts: Int32Array[];
}

/**
 * Splits a CSV log between `parts` threads without reading its rows: each chunk's bytes are
 * handed on with, per partition (partitionOf its dossier), where its records are. The header
 * line comes first, as `header`. A thread reads its share with `readCsvShares`.
 * @example for await (const s of shareCsv(stream, 'log.csv', { zone }, 2)) workers.forEach((w, i) => w.postMessage({ bytes: s.bytes, records: s.parts[i] }))
 */
export async function* shareCsv(
  source: AsyncIterable<Uint8Array | string>,
  file: string,
  opts: CsvOptions,
  parts: number,
): AsyncGenerator<CsvShares | { header: string }> {
  const rows = new CsvRows(file, opts, parts);
  let sentHeader = false;
  const take = (bytes: Uint8Array): CsvShares | { header: string } => {
    if (!sentHeader) {
      sentHeader = true;
      return { header: rows.headerLine! };
    }
    const shares = { bytes, parts: rows.routed!.map((r, i) => r.slice(0, rows.routedLength[i])) };
    rows.routedLength.fill(0);
    return shares;
  };
  const ready = () => (!sentHeader && rows.started) || rows.routedLength.some((n) => n > 0);
  yield* chunked(source, file, rows, take, ready);
}

/**
 * The reading side of shareCsv: a thread's records of each chunk, parsed into columns.
 * @example const read = readCsvShares('log.csv', { zone }); read.header(line); auditor.push(read.records(bytes, records))
 */
export function readCsvShares(file: string, opts: CsvOptions) {
  const rows = new CsvRows(file, opts);
  return {
    header: (line: string) => rows.header(line),
    records(bytes: Uint8Array, records: Int32Array): LogColumns {
      rows.records(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), records);
      return rows.take();
    },
  };
}

/** The file's bytes without the UTF-8 byte order mark it may start with. */
const withoutBom = (b: Buffer): Buffer => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b);

/**
 * How the lines of a file end, from its first line end: 'cr' for a CR alone (Excel's old Mac
 * format), 'lf' for LF or CRLF; undefined while none is seen (or a CR is the last byte seen,
 * and more may follow).
 * @example lineEndsOf(Buffer.from('a,b\rc,d'), false) // 'cr'
 */
function lineEndsOf(b: Buffer, final: boolean): 'cr' | 'lf' | undefined {
  const lf = b.indexOf(10);
  const cr = (lf < 0 ? b : b.subarray(0, lf)).indexOf(13);
  if (cr < 0) return lf < 0 ? undefined : 'lf';
  if (cr + 1 < b.length) return b[cr + 1] === 10 ? 'lf' : 'cr';
  return final ? 'cr' : undefined;
}

/** Turns every CR of `b` into LF, in place: the lines of a file whose lines end in CR. */
function crToLf(b: Buffer): Buffer {
  for (let i = b.indexOf(13); i >= 0; i = b.indexOf(13, i + 1)) b[i] = 10;
  return b;
}

/**
 * The chunk loop every CSV reading shares: parse (or route) the records of each chunk's bytes,
 * and hand out what is ready (`take`, given the bytes the records lie in) whenever the parser
 * is full or a chunk is done. The bytes of a record not complete yet go before the next chunk.
 * A file whose lines end in CR alone is read as if they ended in LF: its chunks are copied with
 * each CR made an LF (a line break inside a quoted cell, LF in Excel's files, stays one), which
 * the first line end tells once, so the LF and CRLF files are read as they come.
 */
async function* chunked<T>(
  source: AsyncIterable<Uint8Array | string>,
  file: string,
  rows: CsvRows,
  take: (bytes: Buffer) => T,
  ready: () => boolean,
): AsyncGenerator<T> {
  let rest: Buffer | undefined;
  /** the file's first bytes, until its first line end is seen */
  let head: Buffer | undefined = Buffer.alloc(0);
  let cr = false;
  /** the first bytes, once their line ends are known (or the file is done): checked, without a BOM */
  const start = (bytes: Buffer, ends: 'cr' | 'lf' | undefined): Buffer => {
    const why = notTextBecause(bytes);
    if (why) throw new LogFileError(`${file}: ${why}`);
    cr = ends === 'cr';
    // a copy already (concat): changed in place
    return cr ? crToLf(withoutBom(bytes)) : withoutBom(bytes);
  };
  const drain = function* (bytes: Buffer, final: boolean): Generator<T, Buffer | undefined> {
    let pos = 0;
    for (;;) {
      pos = rows.parse(bytes, pos, final);
      if (rows.full) yield take(bytes);
      else {
        // a share points into these bytes: it goes out (after the header, the first time) before the next chunk is read
        while (rows.routed && ready()) yield take(bytes);
        // copied: the source may reuse its buffer
        return pos < bytes.length ? Buffer.from(bytes.subarray(pos)) : undefined;
      }
    }
  };
  for await (const chunk of source) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (head) {
      head = Buffer.concat([head, bytes]);
      const ends = lineEndsOf(head, false);
      if (ends === undefined && head.length <= MAX_RECORD) continue;
      bytes = start(head, ends);
      head = undefined;
    } else if (cr) bytes = crToLf(Buffer.from(bytes));
    if (rest) {
      // the record that runs over from the last chunk is read with this chunk's first line, not with a copy of the whole chunk
      const nl = bytes.indexOf(10);
      if (nl < 0) bytes = Buffer.concat([rest, bytes]);
      else {
        const left = yield* drain(Buffer.concat([rest, bytes.subarray(0, nl + 1)]), false);
        // still not complete (a quoted field over several lines): it goes before the rest of the chunk
        bytes = left ? Buffer.concat([left, bytes.subarray(nl + 1)]) : bytes.subarray(nl + 1);
      }
      rest = undefined;
    }
    rest = yield* drain(bytes, false);
  }
  yield* drain(head ? start(head, lineEndsOf(head, true)) : (rest ?? Buffer.alloc(0)), true);
  if (!rows.started) throw new LogFileError(`${file}: the file is empty (no header row)`);
  // what is left is a batch of columns still being filled: shares went out with their bytes above
  if (!rows.routed && ready()) yield take(Buffer.alloc(0));
}

/**
 * readCsvColumns with each batch as LogItems, the shape every log reader yields.
 * @example for await (const batch of readCsv(createReadStream('log.csv'), 'log.csv', { zone: 'Asia/Ho_Chi_Minh' })) ...
 */
export async function* readCsv(source: AsyncIterable<Uint8Array | string>, file: string, opts: CsvOptions): AsyncGenerator<LogItem[]> {
  for await (const batch of readCsvColumns(source, file, opts)) yield batch.items();
}
