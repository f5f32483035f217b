import { normaliseRole, type RoleCode } from '../../model/roles.js';
import type { LogEvent, LogItem } from '../../model/log.js';
import { utcOfLocal } from '../../time/zoneOffset.js';

/** The fields of a log row, by their canonical (English) name. */
export const LOG_FIELDS = ['dossier', 'at', 'official', 'role', 'action', 'procedure', 'unit', 'data'] as const;
export type LogField = (typeof LOG_FIELDS)[number];
const REQUIRED: readonly LogField[] = ['dossier', 'at', 'official', 'role', 'action', 'procedure'];

/**
 * Header names seen in exports, Vietnamese and English, folded to lower case without
 * diacritics, spaces or punctuation, mapped to the canonical field.
 */
const HEADER_ALIASES: Record<string, LogField> = {
  dossier: 'dossier',
  dossiercode: 'dossier',
  mahoso: 'dossier',
  sohoso: 'dossier',
  case: 'dossier',
  caseid: 'dossier',
  conceptcaseid: 'dossier',
  at: 'at',
  time: 'at',
  timestamp: 'at',
  thoidiem: 'at',
  thoigian: 'at',
  ngaygio: 'at',
  timetimestamp: 'at',
  official: 'official',
  resource: 'official',
  canbo: 'official',
  nguoixuly: 'official',
  congchuc: 'official',
  orgresource: 'official',
  role: 'role',
  vaitro: 'role',
  chucdanh: 'role',
  orgrole: 'role',
  action: 'action',
  activity: 'action',
  thaotac: 'action',
  conceptname: 'action',
  hanhdong: 'action',
  procedure: 'procedure',
  tthc: 'procedure',
  thutuc: 'procedure',
  matthc: 'procedure',
  mathutuc: 'procedure',
  unit: 'unit',
  donvi: 'unit',
  xa: 'unit',
  coquan: 'unit',
  // a free-text "Ghi chú" column is not data: it is left out unless --columns says otherwise
  data: 'data',
  dulieu: 'data',
};

/**
 * Folds a header for matching: lower case, no diacritics (đ -> d), no spaces or punctuation.
 * @example foldHeader('Mã hồ sơ') // 'mahoso'
 */
export function foldHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Maps a header row to field positions. `columns` (from --columns "dossier=Số HS,at=Ngày")
 * names other exports' headers. Returns the index of each field, or the missing ones.
 * @example mapHeader(['Mã hồ sơ', 'Thời điểm', ...]) // { ok: true, index: { dossier: 0, at: 1, ... } }
 */
export function mapHeader(
  headers: readonly string[],
  columns: Partial<Record<LogField, string>> = {},
): { ok: true; index: Partial<Record<LogField, number>> } | { ok: false; missing: LogField[] } {
  const index: Partial<Record<LogField, number>> = {};
  const folded = headers.map(foldHeader);
  for (const [field, name] of Object.entries(columns) as [LogField, string][]) {
    const i = folded.indexOf(foldHeader(name));
    if (i >= 0) index[field] = i;
  }
  folded.forEach((h, i) => {
    const field = HEADER_ALIASES[h];
    if (field && index[field] === undefined) index[field] = i;
  });
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  return missing.length ? { ok: false, missing } : { ok: true, index };
}

/**
 * Parses --columns: "dossier=Số hồ sơ,at=Ngày xử lý".
 * @example parseColumns('dossier=Số HS') // { dossier: 'Số HS' }
 */
export function parseColumns(spec: string | undefined): Partial<Record<LogField, string>> {
  const out: Partial<Record<LogField, string>> = {};
  if (!spec) return out;
  for (const part of spec.split(',')) {
    const [k, ...rest] = part.split('=');
    const field = k.trim() as LogField;
    if (!LOG_FIELDS.includes(field) || rest.length === 0) throw new Error(`--columns: "${part}" is not field=Header (fields: ${LOG_FIELDS.join(', ')})`);
    out[field] = rest.join('=').trim();
  }
  return out;
}

const OFFSET = /([zZ]|[+-]\d{2}:?\d{2})$/;

/** The instant of a wall-clock time in `zone`; NaN for a date or time that does not exist. */
function localToMs(zone: string, y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (!dateExists(y, mo, d) || h > 23 || mi > 59 || s > 59) return NaN;
  return utcOfLocal(daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms, zone);
}

/** Reads 1 to `max` digits at `i` of `v` (before `end`): the number, and where they stop in `digitEnd`. */
let digitEnd = 0;
function digits(v: Uint8Array, i: number, end: number, min: number, max: number): number {
  let n = 0;
  let k = i;
  for (; k < end && k - i < max; k++) {
    const c = v[k];
    if (c < 48 || c > 57) break;
    n = n * 10 + c - 48;
  }
  digitEnd = k;
  return k - i < min ? -1 : n;
}

/**
 * A local time without offset at `p..end` of `v`, read in `zone`, as exports write it:
 * "YYYY-MM-DD HH:mm[:ss[.fff]]" (or with T) and "D/M/YYYY H:mm[:ss]" (Vietnamese exports).
 * Undefined for another layout, NaN for a date or time that does not exist.
 * @example localTimeAt(Buffer.from('17/09/2024 14:05'), 0, 16, 'Asia/Ho_Chi_Minh') // Date.parse('2024-09-17T07:05:00Z')
 */
export function localTimeAt(v: Uint8Array, p: number, end: number, zone: string): number | undefined {
  let y: number, mo: number, d: number, h: number;
  let i: number;
  let iso: boolean;
  if (end - p >= 16 && v[p + 4] === 45) {
    // YYYY-MM-DD[T ]HH:mm
    iso = true;
    y = digits(v, p, end, 4, 4);
    mo = v[p + 4] === 45 ? digits(v, p + 5, end, 2, 2) : -1;
    d = v[p + 7] === 45 ? digits(v, p + 8, end, 2, 2) : -1;
    i = p + 10;
    const sep = v[i];
    if (y < 0 || mo < 0 || d < 0 || (sep !== 84 && sep !== 32)) return undefined;
    h = digits(v, i + 1, end, 2, 2);
    i = digitEnd;
  } else {
    // D/M/YYYY[ T]H:mm
    iso = false;
    d = digits(v, p, end, 1, 2);
    if (d < 0 || v[digitEnd] !== 47) return undefined;
    mo = digits(v, digitEnd + 1, end, 1, 2);
    if (mo < 0 || v[digitEnd] !== 47) return undefined;
    y = digits(v, digitEnd + 1, end, 4, 4);
    i = digitEnd;
    const sep = v[i];
    if (y < 0 || (sep !== 84 && sep !== 32)) return undefined;
    h = digits(v, i + 1, end, 1, 2);
    i = digitEnd;
  }
  if (h < 0 || v[i] !== 58) return undefined;
  const mi = digits(v, i + 1, end, 2, 2);
  if (mi < 0) return undefined;
  i = digitEnd;
  let s = 0;
  let ms = 0;
  if (i < end && v[i] === 58) {
    s = digits(v, i + 1, end, 2, 2);
    if (s < 0) return undefined;
    i = digitEnd;
    if (iso && i < end && v[i] === 46) {
      // milliseconds: the first three digits of the fraction count
      const f = digits(v, i + 1, end, 1, 3);
      if (f < 0) return undefined;
      ms = f * (digitEnd - i - 1 === 1 ? 100 : digitEnd - i - 1 === 2 ? 10 : 1);
      i = digitEnd;
      while (i < end && v[i] >= 48 && v[i] <= 57) i++;
    }
  }
  if (i !== end) return undefined;
  return localToMs(zone, y, mo, d, h, mi, s, ms);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const dateExists = (y: number, mo: number, d: number) =>
  mo >= 1 && mo <= 12 && d >= 1 && d <= MONTH_DAYS[mo - 1] + (mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0);
// what Date.parse would roll over (2023-02-29 -> 1 March) or read as the next day (24:00)
const ISO_HEAD = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

// a log is in time order: most rows fall on the day of the row before
let lastDate = -1;
let lastDay = 0;

/**
 * "YYYY-MM-DDTHH:MM:SS+HH:MM" (the layout exports and our writers use) at `p..end` of `v`, by
 * arithmetic on its digits: a reader can parse it where it lies in a chunk of bytes. Undefined for
 * another layout, NaN for this layout with a date or time that does not exist (2023-02-29, 24:00).
 * @example isoTimeAt(Buffer.from('x,2024-09-17T14:05:00+07:00'), 2, 27) // Date.parse('2024-09-17T07:05:00Z')
 */
export function isoTimeAt(v: Uint8Array, p: number, end: number): number | undefined {
  if (end - p !== 25 || v[p + 4] !== 45 || v[p + 7] !== 45 || v[p + 10] !== 84 /* T */ || v[p + 13] !== 58 || v[p + 16] !== 58 || v[p + 22] !== 58)
    return undefined;
  const sign = v[p + 19];
  if (sign !== 43 && sign !== 45) return undefined;
  // each digit's value, checked to be one (unsigned: a byte below '0' wraps above 9)
  const y0 = v[p] - 48,
    y1 = v[p + 1] - 48,
    y2 = v[p + 2] - 48,
    y3 = v[p + 3] - 48;
  const mo0 = v[p + 5] - 48,
    mo1 = v[p + 6] - 48,
    d0 = v[p + 8] - 48,
    d1 = v[p + 9] - 48;
  const h0 = v[p + 11] - 48,
    h1 = v[p + 12] - 48,
    mi0 = v[p + 14] - 48,
    mi1 = v[p + 15] - 48,
    s0 = v[p + 17] - 48,
    s1 = v[p + 18] - 48;
  const oh0 = v[p + 20] - 48,
    oh1 = v[p + 21] - 48,
    om0 = v[p + 23] - 48,
    om1 = v[p + 24] - 48;
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    mo0 >>> 0 > 9 ||
    mo1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9 ||
    h0 >>> 0 > 9 ||
    h1 >>> 0 > 9 ||
    mi0 >>> 0 > 9 ||
    mi1 >>> 0 > 9 ||
    s0 >>> 0 > 9 ||
    s1 >>> 0 > 9 ||
    oh0 >>> 0 > 9 ||
    oh1 >>> 0 > 9 ||
    om0 >>> 0 > 9 ||
    om1 >>> 0 > 9
  )
    return NaN;
  const y = ((y0 * 10 + y1) * 10 + y2) * 10 + y3,
    mo = mo0 * 10 + mo1,
    d = d0 * 10 + d1;
  const date = (y * 100 + mo) * 100 + d;
  if (date !== lastDate) {
    if (!dateExists(y, mo, d)) return NaN;
    lastDay = daysFromCivil(y, mo, d) * 86_400_000;
    lastDate = date;
  }
  const h = h0 * 10 + h1,
    mi = mi0 * 10 + mi1,
    s = s0 * 10 + s1,
    oh = oh0 * 10 + oh1,
    om = om0 * 10 + om1;
  if (!(h < 24 && mi < 60 && s < 60 && oh < 15 && om < 60)) return NaN;
  const off = (oh * 60 + om) * 60_000 * (sign === 43 ? 1 : -1);
  return lastDay + ((h * 60 + mi) * 60 + s) * 1000 - off;
}

/**
 * An instant from a log's time field: ISO 8601 with offset, or local time without offset read in
 * `zone` ("2024-09-17 14:05", "17/09/2024 14:05:30" as Vietnamese exports write it).
 * @example parseLogTime('17/09/2024 14:05', 'Asia/Ho_Chi_Minh') // Date.parse('2024-09-17T07:05:00Z')
 */
export function parseLogTime(raw: string, zone: string): number | undefined {
  let n = bytesOf(raw);
  const fast = isoTimeAt(scratch, 0, n);
  if (fast !== undefined) return Number.isNaN(fast) ? undefined : fast;
  const v = raw.trim();
  n = bytesOf(v);
  const local = localTimeAt(scratch, 0, n, zone);
  if (local !== undefined) return Number.isNaN(local) ? undefined : local;
  if (!OFFSET.test(v)) return undefined;
  const head = ISO_HEAD.exec(v);
  if (head && !(dateExists(+head[1], +head[2], +head[3]) && +(head[4] ?? 0) < 24 && +(head[5] ?? 0) < 60)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A time cell's UTF-8 bytes for the readers that hold it as a string (times are short: longer text is cut, and no layout reads it). */
const scratch = Buffer.alloc(128);
const bytesOf = (s: string): number => (s.length > 40 ? 0 : scratch.write(s, 0, 'utf8'));

/** Raw string values of one row by field (missing fields undefined). */
export type RawRow = Partial<Record<LogField, string>>;

/** What checkFields found of a good row (one row at a time: no object per row). */
export const checked = { ms: 0, role: 'KCT' as RoleCode, data: undefined as Record<string, unknown> | undefined };

/**
 * The rules every row obeys, whatever its reader: the first field that breaks one and why, or
 * undefined for a good row, whose time, role and data are then in `checked`. Fields come trimmed
 * (clean); `rawAt` and `rawRole` are the cells as written, for the messages.
 */
export function checkFields(
  dossier: string,
  at: string,
  official: string,
  roleText: string,
  action: string,
  procedure: string,
  dataText: string,
  zone: string,
  parsedMs: number | undefined,
  rawAt: string | undefined,
  rawRole: string | undefined,
): [field: string, message: string] | undefined {
  const incident = action === 'connection_failure';
  if (!dossier && !incident) return ['dossier', 'dossier is empty'];
  if (!at) return ['at', 'at is empty'];
  if (!official) return ['official', 'official is empty'];
  if (!roleText) return ['role', 'role is empty'];
  if (!action) return ['action', 'action is empty'];
  if (!procedure && !incident) return ['procedure', 'procedure is empty'];
  const ms = parsedMs ?? parseLogTime(at, zone);
  if (ms === undefined) return ['at', `"${rawAt}" is not a time (ISO 8601, "YYYY-MM-DD HH:mm" or "DD/MM/YYYY HH:mm")`];
  const role = normaliseRole(roleText);
  if (!role) return ['role', `unknown role "${rawRole}"`];
  checked.ms = ms;
  checked.role = role;
  checked.data = undefined;
  if (dataText) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(dataText);
    } catch {
      return ['data', 'data is not valid JSON'];
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return ['data', 'data must be a JSON object'];
    checked.data = parsed as Record<string, unknown>;
  }
  return undefined;
}

/**
 * Turns one raw row into a LogEvent, or a RowError naming the field. Shared by every reader so
 * CSV, XLSX, JSONL and XES rows obey the same rules (checkFields). `parsedMs` is the time when
 * the reader has already read it where it lay (isoTimeAt).
 * @example normaliseRow({ dossier: 'HS-1', at: '2024-09-17 14:05', ... }, 'log.csv', 2, 'Asia/Ho_Chi_Minh')
 */
export function normaliseRow(raw: RawRow, file: string, row: number, zone: string, parsedMs?: number): LogItem {
  // each field trimmed once; fixed property names keep this hot path monomorphic
  const dossier = clean(raw.dossier);
  const at = clean(raw.at);
  const official = clean(raw.official);
  const action = clean(raw.action);
  const procedure = clean(raw.procedure);
  const bad = checkFields(dossier, at, official, clean(raw.role), action, procedure, clean(raw.data), zone, parsedMs, raw.at, raw.role);
  if (bad) return { ok: false, error: { file, row, field: bad[0], message: bad[1] } };
  const event: LogEvent = { dossier, at, ms: checked.ms, official, role: checked.role, action, procedure, unit: clean(raw.unit), row };
  if (checked.data) event.data = checked.data;
  return { ok: true, event };
}

/** A field without surrounding white space; most fields have none, so no new string is made for them. */
export function clean(v: string | undefined): string {
  if (v === undefined || v.length === 0) return '';
  const first = v.charCodeAt(0);
  const last = v.charCodeAt(v.length - 1);
  return first > 32 && last > 32 ? v : v.trim();
}
