import { DateTime, type Zone } from 'luxon';
import { offsetAt } from '../../time/zoneOffset.js';

/** The zone log writers use when none is given: Vietnam, +07:00 all year. */
export const DEFAULT_LOG_ZONE = 'Asia/Ho_Chi_Minh';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const MIN_MS = -62_167_219_200_000; // 0000-01-01T00:00Z
const MAX_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/** Offsets and ISO texts for one zone, fast enough to call once per log row. */
export interface ZoneTime {
  /** UTC offset in minutes at an instant */
  offset(ms: number): number;
  /** ISO 8601 with the zone's offset; milliseconds only when not zero */
  iso(ms: number): string;
  /** the instant a wall-clock time (its fields stored as if UTC) names in the zone */
  fromWall(wallMs: number): number;
}

/**
 * A formatter for one IANA zone. Luxon formats one row in a few microseconds; logs have
 * millions, so offsets come from the per-hour cache (offsetAt), and the text is built from a
 * per-day date text and precomputed two-digit fields.
 * @example zoneTime('Asia/Ho_Chi_Minh').iso(Date.parse('2024-09-17T07:05:00Z')) // '2024-09-17T14:05:00+07:00'
 */
export function zoneTime(zone: string): ZoneTime {
  // one formatter per zone for the process: its caches serve every reader and writer of that zone
  let made = formatters.get(zone);
  if (!made) formatters.set(zone, (made = makeZoneTime(zone)));
  return made;
}
const formatters = new Map<string, ZoneTime>();

function makeZoneTime(zone: string): ZoneTime {
  const z: Zone = DateTime.fromMillis(0, { zone }).zone;
  if (!z.isValid) throw new Error(`"${zone}" is not a time zone (IANA name such as Asia/Ho_Chi_Minh)`);
  // in whole minutes (luxon's are fractional in local mean time, before a zone's first standard
  // time); a whole one passes as it is: Math.round on every row made the formatter a tenth slower
  const offset = (ms: number): number => {
    const o = offsetAt(ms, zone);
    return o === (o | 0) ? o : Math.round(o);
  };

  // the date text is made once per local day and the offset text once per offset: a log's
  // rows mostly fall on the same day as the row before
  let dayNo = NaN;
  let dayText = '';
  let offsetMin = NaN;
  let offsetText = '';
  const iso = (ms: number): string => {
    if (!(ms >= MIN_MS && ms <= MAX_MS)) return DateTime.fromMillis(ms, { zone: z }).toISO() ?? String(ms);
    const o = offset(ms);
    const local = ms + o * 60_000;
    const d = Math.floor(local / DAY);
    if (d !== dayNo) {
      dayNo = d;
      dayText = new Date(d * DAY).toISOString().slice(0, 11);
    }
    if (o !== offsetMin) {
      offsetMin = o;
      const a = Math.abs(o);
      offsetText = (o < 0 ? '-' : '+') + TWO[(a / 60) | 0] + ':' + TWO[a % 60];
    }
    let r = local - d * DAY;
    const h = (r / HOUR) | 0;
    r -= h * HOUR;
    const m = (r / 60_000) | 0;
    r -= m * 60_000;
    const sec = (r / 1000) | 0;
    r -= sec * 1000;
    return dayText + TWO[h] + ':' + TWO[m] + ':' + TWO[sec] + (r ? '.' + (r < 10 ? '00' : r < 100 ? '0' : '') + r : '') + offsetText;
  };

  // as Temporal's "compatible" choice: a wall time that happens twice (clocks set back) is the
  // earlier instant; one that never happens (clocks set forward) is moved forward by the gap
  const fromWall = (wallMs: number): number => {
    const before = offset(wallMs - DAY);
    const t1 = wallMs - before * 60_000;
    const after = offset(wallMs + DAY);
    if (after === before) return t1;
    const t2 = wallMs - after * 60_000;
    const ok1 = t1 + offset(t1) * 60_000 === wallMs;
    const ok2 = t2 + offset(t2) * 60_000 === wallMs;
    if (ok1 && ok2) return Math.min(t1, t2);
    return ok2 && !ok1 ? t2 : t1;
  };

  return { offset, iso, fromWall };
}
