/**
 * A time zone's UTC offset, asked of luxon once per hour of time and kept. Luxon asks Intl on
 * every call (microseconds); log readers and writers ask once per row, a million rows a second,
 * so this module owns the one cache every reader, writer, calendar and path printer shares.
 */
import { DateTime, type Zone } from 'luxon';

const HOUR = 3_600_000;
// hours kept per zone and kind before a cache starts again: 22 years of log time
const MAX_HOURS = 200_000;

interface ZoneHours {
  zone: Zone;
  /** per UTC hour: luxon's offset (minutes) at its first instant */
  starts: Map<number, number>;
  /** per UTC hour: luxon's offset (minutes) through it, or NaN when it changes inside that hour */
  steady: Map<number, number>;
  /** per local (wall-clock) hour: the offset (ms) luxon reads that hour's HH:00 with */
  wall: Map<number, number>;
}
const zones = new Map<string, ZoneHours>();
let hoursName = '';
let hours: ZoneHours | undefined;

// the last answers: a log's rows mostly fall in the hour of the row before
let lastZone = '';
let lastHour = NaN;
let lastOffset = 0;
let lastWallZone = '';
let lastWallHour = NaN;
let lastWallOffset = 0;

function hoursOf(name: string): ZoneHours {
  if (name === hoursName && hours) return hours;
  let h = zones.get(name);
  // an unknown name gives luxon's invalid zone, whose offsets are NaN
  if (!h) zones.set(name, (h = { zone: DateTime.fromMillis(0, { zone: name }).zone, starts: new Map(), steady: new Map(), wall: new Map() }));
  hoursName = name;
  hours = h;
  return h;
}

function startOf(h: ZoneHours, hour: number): number {
  let o = h.starts.get(hour);
  if (o === undefined) {
    o = h.zone.offset(hour * HOUR);
    if (h.starts.size >= MAX_HOURS) h.starts.clear();
    h.starts.set(hour, o);
  }
  return o;
}

function steadyIn(h: ZoneHours, hour: number): number {
  let o = h.steady.get(hour);
  if (o === undefined) {
    // the same at the next hour's start (which that hour reuses: luxon is asked once an hour on
    // a forward walk), else at this hour's last millisecond; a change undone within the hour is not seen
    const a = startOf(h, hour);
    o = a === startOf(h, hour + 1) || a === h.zone.offset(hour * HOUR + HOUR - 1) ? a : NaN;
    if (h.steady.size >= MAX_HOURS) h.steady.clear();
    h.steady.set(hour, o);
  }
  return o;
}

/**
 * The UTC offset of `zone` in minutes through the whole UTC hour of the instant `ms`, or NaN when
 * it changes inside that hour (a DST switch at half past, or a zone's first standard time), for
 * callers that leave such an hour to luxon. Luxon's value: whole minutes, except local mean times.
 * @example steadyOffset(Date.parse('2024-03-31T00:30:00Z'), 'Europe/Paris') // 60
 * @example steadyOffset(Date.parse('2024-03-10T05:10:00Z'), 'America/St_Johns') // NaN (-03:30 to -02:30 at 05:30Z)
 */
export function steadyOffset(ms: number, zone: string): number {
  return steadyIn(hoursOf(zone), Math.floor(ms / HOUR));
}

/**
 * The UTC offset of `zone` in minutes at the instant `ms`: luxon's `DateTime.fromMillis(ms, { zone }).offset`,
 * asked once per hour (per instant in an hour that holds a change). NaN for an unknown zone.
 * @example offsetAt(Date.parse('2024-09-17T07:05:00Z'), 'Asia/Ho_Chi_Minh') // 420
 * @example offsetAt(Date.parse('2024-03-31T01:00:00Z'), 'Europe/Paris') // 120
 */
export function offsetAt(ms: number, zone: string): number {
  const hour = Math.floor(ms / HOUR);
  return hour === lastHour && zone === lastZone ? lastOffset : offsetInHour(ms, zone, hour);
}

// the paths past the last answer are apart so that offsetAt and utcOfLocal stay small enough for
// V8 to inline into the readers' loops
function offsetInHour(ms: number, zone: string, hour: number): number {
  const h = hoursOf(zone);
  const o = steadyIn(h, hour);
  if (o !== o) return h.zone.offset(ms);
  lastZone = zone;
  lastHour = hour;
  lastOffset = o;
  return o;
}

/**
 * The instant a wall-clock time names in `zone`, its fields given as if UTC (`wallMs`), as luxon's
 * `DateTime.fromObject` reads the start of its hour: the offset luxon gives HH:00 serves the whole
 * hour. A wall time that happens twice or never is read as luxon reads it (its guess starts from
 * the offset of the moment it runs). NaN for an unknown zone.
 * @example utcOfLocal(Date.UTC(2024, 8, 17, 14, 5), 'Asia/Ho_Chi_Minh') // Date.parse('2024-09-17T07:05:00Z')
 */
export function utcOfLocal(wallMs: number, zone: string): number {
  const hour = Math.floor(wallMs / HOUR);
  return wallMs - (hour === lastWallHour && zone === lastWallZone ? lastWallOffset : wallOffsetOfHour(zone, hour));
}

function wallOffsetOfHour(zone: string, hour: number): number {
  const h = hoursOf(zone);
  let off = h.wall.get(hour);
  if (off === undefined) {
    const t = new Date(hour * HOUR);
    const dt = DateTime.fromObject({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: t.getUTCHours() }, { zone });
    if (!dt.isValid) return NaN;
    if (h.wall.size >= MAX_HOURS) h.wall.clear();
    h.wall.set(hour, (off = dt.offset * 60_000));
  }
  lastWallZone = zone;
  lastWallHour = hour;
  lastWallOffset = off;
  return off;
}
