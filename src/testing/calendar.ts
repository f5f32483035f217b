import fc from 'fast-check';
import type { ProcedureDecl } from '../model/procedure.js';
import type { CalendarData } from '../time/calendar.js';

export interface CalendarOptions {
  /** the year the holidays and make-up days fall in (default 2025) */
  year?: number;
  /** keep the procedure's cut-off inside afternoon office hours, as any real calendar does */
  procedure?: ProcedureDecl;
  zone?: string;
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const toMinute = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
const DAY = 86_400_000;

/**
 * Working calendars a province could plausibly set (within the 40-hour week): morning and
 * afternoon office hours on a quarter-hour grid, Saturday and Sunday off (or only Sunday),
 * up to 12 holidays or holiday ranges in the year, and make-up working days. With a procedure,
 * its cut-off (e.g. 15:00) falls inside the afternoon hours. Returns calendar data: pass it to
 * makeCalendar; fast-check prints it readably when a law breaks.
 * @example
 * fc.assert(fc.property(arbitraryCalendar({ procedure: procedureA }), (data) => {
 *   assertProcedureLaws(procedureA, { calendar: makeCalendar(data), groups: ['time'] });
 * }));
 */
export function arbitraryCalendar(opts: CalendarOptions = {}): fc.Arbitrary<CalendarData> {
  const year = opts.year ?? 2025;
  const due = opts.procedure?.due;
  const cutoff = due?.kind === 'sameDayCutoff' ? toMinute(due.cutoff) : undefined;
  const q = (from: number, to: number) => fc.integer({ min: from / 15, max: to / 15 }).map((n) => n * 15);
  const jan1 = Date.UTC(year, 0, 1);
  const date = (offset: number) => new Date(jan1 + offset * DAY).toISOString().slice(0, 10);
  return fc
    .record({
      morningStart: q(6 * 60 + 30, 8 * 60),
      morningEnd: q(11 * 60, 12 * 60),
      afternoonStart: q(13 * 60, Math.min(14 * 60, (cutoff ?? 15 * 60 + 15) - 15)),
      afternoonEnd: q(Math.max(16 * 60 + 30, (cutoff ?? 0) + 15), 17 * 60 + 30),
      weekend: fc.constantFrom<number[]>([6, 7], [6, 7], [6, 7], [7]),
      holidays: fc.array(fc.tuple(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 6 })), { maxLength: 12 }),
      makeUp: fc.array(fc.integer({ min: 0, max: 364 }), { maxLength: 3 }),
    })
    .map((r): CalendarData => ({
      name: 'arbitrary',
      zone: opts.zone ?? 'Asia/Ho_Chi_Minh',
      officeHours: [
        { start: hhmm(r.morningStart), end: hhmm(r.morningEnd) },
        { start: hhmm(r.afternoonStart), end: hhmm(r.afternoonEnd) },
      ],
      weekend: [...r.weekend],
      holidays: r.holidays.map(([d, len]) => (len === 0 ? date(d) : `${date(d)}..${date(Math.min(364, d + len))}`)),
      workingDays: [...new Set(r.makeUp.map(date))].filter((d) => r.weekend.includes(((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1)),
    }));
}
