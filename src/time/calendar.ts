import { DateTime } from 'luxon';
import { z } from 'zod';
import { offsetAt } from './zoneOffset.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm');

/** The years a calendar file may name: its arithmetic is plain UTC days within them. */
export const CALENDAR_YEARS = { first: 1970, last: 2100 } as const;
const DAY = 86_400_000;
/** A holiday range is at most a year long. */
const MAX_RANGE_DAYS = 366;
/** Office periods in a day, holidays and make-up days in a file: far more than any real calendar. */
const MAX_PERIODS = 48;
const MAX_DATES = 5000;

/** Days since 1970-01-01 of a checked "YYYY-MM-DD". */
const dayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY;
const dateName = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/**
 * What is wrong with a day off or a make-up day as written, or undefined: "YYYY-MM-DD", or when
 * `ranges` "YYYY-MM-DD..YYYY-MM-DD", a real date within CALENDAR_YEARS, a range in order and at
 * most a year long.
 * @example dateProblem('2024-02-30', true) // '2024-02-30 is not a real date'
 */
function dateProblem(text: string, ranges: boolean): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text);
  if (!m || (m[2] !== undefined && !ranges))
    return ranges ? 'expected a date as YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD' : 'expected a date as YYYY-MM-DD';
  const [from, to = from] = [m[1], m[2]];
  for (const d of [from, to]) {
    if (!DateTime.fromISO(d, { zone: 'UTC' }).isValid) return `${d} is not a real date`;
    const year = +d.slice(0, 4);
    if (year < CALENDAR_YEARS.first || year > CALENDAR_YEARS.last) return `${d}: expected a year from ${CALENDAR_YEARS.first} to ${CALENDAR_YEARS.last}`;
  }
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) return `the range ends (${to}) before it starts (${from})`;
  if (days > MAX_RANGE_DAYS) return `the range is ${days} days long: at most a year (${MAX_RANGE_DAYS} days)`;
  return undefined;
}
const datesOf = (ranges: boolean) =>
  z.string().superRefine((text, ctx) => {
    const message = dateProblem(text, ranges);
    if (message) ctx.addIssue({ code: 'custom', message });
  });

/** Office periods of a day: each one ends after it starts, in order, not overlapping. */
const officeHoursSchema = z
  .array(z.strictObject({ start: hhmm, end: hhmm }).refine((h) => h.start < h.end, { message: 'the period ends before it starts', path: ['end'] }))
  .min(1)
  .max(MAX_PERIODS)
  .superRefine((hours, ctx) => {
    for (let i = 1; i < hours.length; i++)
      if (hours[i].start < hours[i - 1].end)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'start'],
          message: `starts at ${hours[i].start}, before the period above ends (${hours[i - 1].end}): office hours go in order and do not overlap`,
        });
  });

export const calendarSchema = z.strictObject({
  name: z.string().default('custom'),
  zone: z.string().default('Asia/Ho_Chi_Minh'),
  /** Office hours of a working day, in order, not overlapping. */
  officeHours: officeHoursSchema,
  /** ISO weekdays that are days off (1 = Monday ... 7 = Sunday). */
  weekend: z.array(z.number().int().min(1).max(7)).max(7).default([6, 7]),
  /** Days off: "YYYY-MM-DD" or a range "YYYY-MM-DD..YYYY-MM-DD". */
  holidays: z.array(datesOf(true)).max(MAX_DATES).default([]),
  /** Weekend days worked to make up for a holiday bridge (ngày làm bù). */
  workingDays: z.array(datesOf(false)).max(MAX_DATES).default([]),
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

/** Every day a list of days off names, as day numbers (days since 1970-01-01). */
function expandDays(items: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const item of items) {
    const [from, to = from] = item.split('..');
    for (let d = dayNumber(from), end = dayNumber(to); d <= end; d++) out.add(d);
  }
  return out;
}

/** A problem with a calendar as a whole, at the field to change. */
export interface CalendarProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * What makes checked calendar data unusable as a whole: an unknown time zone, every weekday
 * off, or holidays that leave more than a year without a working day (due times would never
 * come). Empty for a good calendar.
 * @example calendarProblems({ ...VN_CALENDAR, weekend: [1, 2, 3, 4, 5, 6, 7] }) // [{ path: ['weekend'], message: 'every day ...' }]
 */
export function calendarProblems(data: CalendarData): CalendarProblem[] {
  const cfg = calendarSchema.parse(data);
  const problems: CalendarProblem[] = [];
  if (!DateTime.fromMillis(0, { zone: cfg.zone }).isValid) problems.push({ path: ['zone'], message: `unknown time zone "${cfg.zone}"` });
  const weekend = new Set(cfg.weekend);
  if (weekend.size === 7) {
    problems.push({ path: ['weekend'], message: 'every day of the week is a day off: the calendar has no working day' });
    return problems;
  }
  const holidays = expandDays(cfg.holidays);
  const makeUp = new Set(cfg.workingDays.map(dayNumber));
  // 1970-01-01 (day 0) was a Thursday, ISO weekday 4
  const off = (n: number) => !makeUp.has(n) && (holidays.has(n) || weekend.has(((n + 3) % 7) + 1));
  let first = Infinity;
  let last = -Infinity;
  for (const n of holidays) [first, last] = [Math.min(first, n), Math.max(last, n)];
  for (let n = first, run = 0; n <= last; n++) {
    run = off(n) ? run + 1 : 0;
    if (run > MAX_RANGE_DAYS) {
      let end = n;
      while (off(end + 1)) end++;
      problems.push({
        path: ['holidays'],
        message: `no working day from ${dateName(n - run + 1)} to ${dateName(end)} (${end - n + run} days): at most a year (${MAX_RANGE_DAYS} days) in a row without one`,
      });
      break;
    }
  }
  return problems;
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
  const problems = calendarProblems(cfg);
  if (problems.length) throw new Error(problems[0].message);
  const holidays = new Set([...expandDays(cfg.holidays)].map(dateName));
  const makeUp = new Set(cfg.workingDays);
  const weekend = new Set(cfg.weekend);
  const cache = new Map<string, ReadonlyArray<readonly [number, number]>>();

  // date arithmetic on plain UTC days; the zone's offset comes from the per-hour cache (offsetAt)
  const dateNames = new Map<number, string>();
  const cachedName = (n: number) => {
    let name = dateNames.get(n);
    if (name === undefined) {
      name = dateName(n);
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
  const shift = (date: string, days: number) => cachedName(dayNumber(date) + days);
  const dateOf = (ms: number) => cachedName(Math.floor((ms + offsetMs(ms)) / DAY));
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
