import { DateTime } from 'luxon';
import { z } from 'zod';
import { offsetAt } from './zoneOffset.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm');
const realDate = (s: string) => s.split('..').every((d) => DateTime.fromISO(d, { zone: 'UTC' }).isValid);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(realDate, 'not a real date');

export const calendarSchema = z.object({
  name: z.string().default('custom'),
  zone: z.string().default('Asia/Ho_Chi_Minh'),
  /** Office hours of a working day, in order, not overlapping. */
  officeHours: z.array(z.object({ start: hhmm, end: hhmm })).min(1),
  /** ISO weekdays that are days off (1 = Monday ... 7 = Sunday). */
  weekend: z.array(z.number().int().min(1).max(7)).default([6, 7]),
  /** Days off: "YYYY-MM-DD" or a range "YYYY-MM-DD..YYYY-MM-DD". */
  holidays: z
    .array(
      z.union([
        isoDate,
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD..YYYY-MM-DD')
          .refine(realDate, 'not a real date'),
      ]),
    )
    .default([]),
  /** Weekend days worked to make up for a holiday bridge (ngày làm bù). */
  workingDays: z.array(isoDate).default([]),
});

/** A working-day calendar as data: office hours, weekend, holidays, make-up days. */
export type CalendarData = z.input<typeof calendarSchema>;

/** A calendar ready for arithmetic. Build it with `makeCalendar`. */
export interface Calendar {
  readonly name: string;
  readonly zone: string;
  /** Is this local date ("YYYY-MM-DD") a working day? */
  isWorkingDay(date: string): boolean;
  /** Office intervals [start, end) in epoch ms of a local date; empty on a day off. */
  intervals(date: string): ReadonlyArray<readonly [number, number]>;
  /** The local date ("YYYY-MM-DD") of an instant. */
  dateOf(ms: number): string;
  /** The local time ("HH:mm") of an instant. */
  timeOf(ms: number): string;
  /** Epoch ms of a local date and time. */
  at(date: string, time: string): number;
  /** The first working day strictly after a local date. */
  nextWorkingDay(date: string): string;
  /** Close of office on a working day. */
  closeOf(date: string): number;
  /** The instant `minutes` of office time after `ms` (minutes >= 0). */
  addWorkingMinutes(ms: number, minutes: number): number;
  /** The latest instant from which `minutes` of office time still end by `ms`. */
  subtractWorkingMinutes(ms: number, minutes: number): number;
  /** Office minutes between two instants (0 when b <= a). */
  workingMinutesBetween(a: number, b: number): number;
}

const MINUTE = 60_000;
// a calendar with no working day would loop for ever; ten years without one is a data error
const MAX_DAYS_SCANNED = 3660;

function expandDates(items: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    const [from, to = from] = item.split('..');
    let d = DateTime.fromISO(from, { zone: 'UTC' });
    const end = DateTime.fromISO(to, { zone: 'UTC' });
    for (; d <= end; d = d.plus({ days: 1 })) out.add(d.toISODate()!);
  }
  return out;
}

/**
 * Compiles calendar data into a calendar with working-time arithmetic (zone-aware, luxon).
 * @example
 * const cal = makeCalendar(VN_CALENDAR);
 * cal.isWorkingDay('2024-09-02') // false (National Day)
 * cal.addWorkingMinutes(cal.at('2024-09-17', '11:20'), 15) // 13:35 the same day
 */
export function makeCalendar(data: CalendarData): Calendar {
  const cfg = calendarSchema.parse(data);
  const zone = cfg.zone;
  if (!DateTime.fromMillis(0, { zone }).isValid) throw new Error(`unknown time zone "${zone}"`);
  const holidays = expandDates(cfg.holidays);
  const makeUp = new Set(cfg.workingDays);
  const weekend = new Set(cfg.weekend);
  const cache = new Map<string, ReadonlyArray<readonly [number, number]>>();

  // date arithmetic on plain UTC days; the zone's offset comes from the per-hour cache (offsetAt)
  const DAY = 86_400_000;
  const dayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY;
  const dateNames = new Map<number, string>();
  const dateName = (n: number) => {
    let name = dateNames.get(n);
    if (name === undefined) {
      name = new Date(n * DAY).toISOString().slice(0, 10);
      dateNames.set(n, name);
    }
    return name;
  };
  const weekday = (date: string) => ((new Date(dayNumber(date) * DAY).getUTCDay() + 6) % 7) + 1;
  const working = new Map<string, boolean>();
  const isWorkingDay = (date: string) => {
    let w = working.get(date);
    if (w === undefined) {
      w = makeUp.has(date) || (!holidays.has(date) && !weekend.has(weekday(date)));
      working.set(date, w);
    }
    return w;
  };
  const offsetMs = (ms: number) => offsetAt(ms, zone) * 60_000;
  const at = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone }).toMillis();
  const intervals = (date: string) => {
    let hit = cache.get(date);
    if (!hit) {
      hit = isWorkingDay(date) ? cfg.officeHours.map((h) => [at(date, h.start), at(date, h.end)] as const) : [];
      cache.set(date, hit);
    }
    return hit;
  };
  const shift = (date: string, days: number) => dateName(dayNumber(date) + days);
  const dateOf = (ms: number) => dateName(Math.floor((ms + offsetMs(ms)) / DAY));
  const timeOf = (ms: number) => {
    const minutes = Math.floor(((((ms + offsetMs(ms)) % DAY) + DAY) % DAY) / 60_000);
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  };
  const nextWorkingDay = (date: string) => {
    let d = shift(date, 1);
    for (let i = 0; !isWorkingDay(d); i++, d = shift(d, 1)) if (i > MAX_DAYS_SCANNED) throw new Error(`calendar ${cfg.name} has no working day after ${date}`);
    return d;
  };
  const closeOf = (date: string) => {
    const iv = intervals(date);
    if (iv.length === 0) throw new Error(`${date} is not a working day in calendar ${cfg.name}`);
    return iv[iv.length - 1][1];
  };

  const addWorkingMinutes = (ms: number, minutes: number) => {
    let left = minutes * MINUTE;
    let date = dateOf(ms);
    for (let i = 0; i <= MAX_DAYS_SCANNED; i++, date = shift(date, 1)) {
      for (const [s, e] of intervals(date)) {
        if (e <= ms) continue;
        const from = Math.max(s, ms);
        if (left <= e - from) return from + left;
        left -= e - from;
      }
    }
    throw new Error(`calendar ${cfg.name}: no office time found after ${dateOf(ms)}`);
  };
  const subtractWorkingMinutes = (ms: number, minutes: number) => {
    let left = minutes * MINUTE;
    let date = dateOf(ms);
    for (let i = 0; i <= MAX_DAYS_SCANNED; i++, date = shift(date, -1)) {
      const iv = intervals(date);
      for (let k = iv.length - 1; k >= 0; k--) {
        const [s, e] = iv[k];
        if (s >= ms) continue;
        const to = Math.min(e, ms);
        if (left <= to - s) return to - left;
        left -= to - s;
      }
    }
    throw new Error(`calendar ${cfg.name}: no office time found before ${dateOf(ms)}`);
  };
  const workingMinutesBetween = (a: number, b: number) => {
    if (b <= a) return 0;
    let total = 0;
    const last = dateOf(b);
    for (let date = dateOf(a), i = 0; i <= MAX_DAYS_SCANNED; date = shift(date, 1), i++) {
      for (const [s, e] of intervals(date)) total += Math.max(0, Math.min(e, b) - Math.max(s, a));
      if (date === last) break;
    }
    return total / MINUTE;
  };

  return {
    name: cfg.name,
    zone,
    isWorkingDay,
    intervals,
    dateOf,
    timeOf,
    at,
    nextWorkingDay,
    closeOf,
    addWorkingMinutes,
    subtractWorkingMinutes,
    workingMinutesBetween,
  };
}

/**
 * Adds holidays, make-up days or other office hours to a calendar's data.
 * @example extendCalendar(VN_CALENDAR, { holidays: ['2027-01-01'] })
 */
export function extendCalendar(base: CalendarData, extra: Partial<CalendarData>): CalendarData {
  return {
    ...base,
    ...extra,
    holidays: [...(base.holidays ?? []), ...(extra.holidays ?? [])],
    workingDays: [...(base.workingDays ?? []), ...(extra.workingDays ?? [])],
  };
}
