/**
 * The time law of a procedure: the time boxes of the steps after reception, done one after the
 * other at their full length in office minutes, must end by the statutory due time (hạn trả kết
 * quả) whenever in the working week the dossier is received. The worst moment is searched, not
 * assumed: slack only drops just before the due time jumps (one minute before the cut-off, one
 * minute before each close of office), so those instants are tried on every kind of working
 * day the calendar has in the window.
 */
import type { DueRule } from '../model/procedure.js';
import type { Calendar } from '../time/calendar.js';
import { dueTime } from '../time/due.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One reception instant tried, and how it ends. */
export interface Moment {
  receivedAt: number;
  /** when the last step ends if every step takes its whole time box */
  finishAt: number;
  dueAt: number;
  /** office minutes from the finish to the due time; negative when late */
  slackMinutes: number;
  /** why this instant was tried, e.g. "one minute before the 15:00 cut-off" */
  label: string;
}

/** Dates a time law scans: `days` days from `from` ("YYYY-MM-DD"). */
export interface DateWindow {
  from: string;
  days: number;
}

/** The bundled calendar's years, 2024-2026. */
export const DEFAULT_WINDOW: DateWindow = { from: '2024-01-01', days: 1096 };

interface WorkDay {
  date: string;
  /** office intervals as minutes after local midnight */
  shape: string;
}

const dayCache = new WeakMap<Calendar, Map<string, WorkDay[]>>();

/** The working days of a window with the shape of their office hours (cached per calendar). */
function workDays(cal: Calendar, window: DateWindow): WorkDay[] {
  let byWindow = dayCache.get(cal);
  if (!byWindow) dayCache.set(cal, (byWindow = new Map()));
  const k = `${window.from}+${window.days}`;
  let days = byWindow.get(k);
  if (days) return days;
  days = [];
  const start = Date.parse(`${window.from}T00:00:00Z`);
  for (let i = 0; i < window.days; i++) {
    const date = new Date(start + i * DAY).toISOString().slice(0, 10);
    if (!cal.isWorkingDay(date)) continue;
    const midnight = cal.at(date, '00:00');
    days.push({
      date,
      shape: cal
        .intervals(date)
        .map(([s, e]) => `${(s - midnight) / MINUTE}-${(e - midnight) / MINUTE}`)
        .join(','),
    });
  }
  byWindow.set(k, days);
  return days;
}

/**
 * How a reception at `receivedAt` ends when the remaining steps take `minutes` office minutes.
 * @example momentAt(rule, cal.at('2024-10-08', '14:59'), 45, cal, '14:59').slackMinutes // 76
 */
export function momentAt(rule: DueRule, receivedAt: number, minutes: number, cal: Calendar, label: string): Moment {
  const finishAt = cal.addWorkingMinutes(receivedAt, minutes);
  const dueAt = dueTime(rule, receivedAt, cal);
  const slackMinutes = finishAt <= dueAt ? cal.workingMinutesBetween(finishAt, dueAt) : -cal.workingMinutesBetween(dueAt, finishAt);
  return { receivedAt, finishAt, dueAt, slackMinutes, label };
}

/** The reception instants worth trying on a working day, each with why it is tried. */
function candidates(rule: DueRule, cal: Calendar, date: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  const iv = cal.intervals(date);
  const inside = (t: number) => iv.some(([s, e]) => t >= s && t < e);
  iv.forEach(([s, e], i) => {
    out.push([s, i === 0 ? 'opening of office' : 'start of an office period']);
    out.push([e - MINUTE, i === iv.length - 1 ? 'one minute before close of office' : 'one minute before a break']);
  });
  if (rule.kind === 'sameDayCutoff') {
    const cut = cal.at(date, rule.cutoff);
    if (inside(cut - MINUTE)) out.push([cut - MINUTE, `one minute before the ${rule.cutoff} cut-off`]);
    if (inside(cut)) out.push([cut, `at the ${rule.cutoff} cut-off`]);
  }
  return out;
}

/** What the time law found: the worst reception, and reference moments a reader expects to see. */
export interface TimeLawFinding {
  minutes: number;
  worst: Moment;
  /** e.g. the cut-off on a Friday before a holiday, when the window has one */
  references: Moment[];
  /** distinct kinds of working day tried */
  dayKinds: number;
}

/**
 * Searches the window for the reception instant with the least slack when the remaining steps
 * take `minutes` office minutes, and adds the reference moments (the cut-off on a Friday before
 * a holiday). Undefined when the window has no working day.
 * @example worstMoment({ kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 0 }, 45, cal).worst.slackMinutes // 76
 */
export function worstMoment(rule: DueRule, minutes: number, cal: Calendar, window: DateWindow = DEFAULT_WINDOW): TimeLawFinding | undefined {
  const days = workDays(cal, window);
  if (days.length === 0) return undefined;
  // slack depends only on the office hours of the day and of the working days up to the due day
  const span = (rule.kind === 'sameDayCutoff' ? rule.extraWorkingDays : rule.days) + 2;
  const kinds = new Map<string, string>();
  days.forEach((d, i) => {
    const sig =
      days
        .slice(i, i + span)
        .map((x) => x.shape)
        .join('|') + `#${Math.min(span, days.length - i)}`;
    if (!kinds.has(sig)) kinds.set(sig, d.date);
  });
  let worst: Moment | undefined;
  for (const date of kinds.values())
    for (const [t, label] of candidates(rule, cal, date)) {
      const m = momentAt(rule, t, minutes, cal, label);
      if (!worst || m.slackMinutes < worst.slackMinutes || (m.slackMinutes === worst.slackMinutes && m.receivedAt < worst.receivedAt)) worst = m;
    }
  const references: Moment[] = [];
  if (rule.kind === 'sameDayCutoff') {
    // a Friday whose next working day is more than three days later: a holiday follows the weekend
    const friday = days.find(
      (d, i) => new Date(`${d.date}T00:00:00Z`).getUTCDay() === 5 && days[i + 1] && Date.parse(days[i + 1].date) - Date.parse(d.date) > 3 * DAY,
    );
    if (friday) references.push(momentAt(rule, cal.at(friday.date, rule.cutoff), minutes, cal, `at the ${rule.cutoff} cut-off on a Friday before a holiday`));
  }
  return { minutes, worst: worst!, references, dayKinds: kinds.size };
}
