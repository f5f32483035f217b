import { describe, expect, it } from 'vitest';
import type { DueRule } from '../../src/model/procedure.js';
import { makeCalendar } from '../../src/time/calendar.js';
import { VN_CALENDAR } from '../../src/time/calendars/vn.js';
import { dueTime } from '../../src/time/due.js';

const cal = makeCalendar(VN_CALENDAR);

/** An instant as a local ISO string in Vietnam (UTC+7, no DST), computed without the calendar. */
const vn = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().replace(/\.000Z$/, '+07:00');

/** Due time, as a local ISO string, of a dossier received at a local date and time. */
const due = (rule: DueRule, date: string, time: string) => vn(dueTime(rule, cal.at(date, time), cal));

describe('due time, same day with a 15:00 cut-off', () => {
  const sameDay: DueRule = { kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 0 };

  it('makes a dossier received at 14:59 on a working day due at 17:00 the same day', () => {
    expect(due(sameDay, '2024-09-17', '14:59')).toBe('2024-09-17T17:00:00+07:00');
  });

  it('makes a dossier received at 14:59:59 still due the same day', () => {
    const receivedAt = cal.at('2024-09-17', '14:59') + 59_000;
    expect(vn(dueTime(sameDay, receivedAt, cal))).toBe('2024-09-17T17:00:00+07:00');
  });

  it('makes a dossier received in the morning, at lunch or before opening due the same day', () => {
    expect(due(sameDay, '2024-09-17', '07:00')).toBe('2024-09-17T17:00:00+07:00');
    expect(due(sameDay, '2024-09-17', '12:15')).toBe('2024-09-17T17:00:00+07:00');
    expect(due(sameDay, '2024-09-17', '06:30')).toBe('2024-09-17T17:00:00+07:00');
  });

  it('flags a dossier received at exactly 15:00 as due the next working day', () => {
    expect(due(sameDay, '2024-09-17', '15:00')).toBe('2024-09-18T17:00:00+07:00');
  });

  it('flags a dossier received at 15:05 as due the next working day', () => {
    expect(due(sameDay, '2024-09-17', '15:05')).toBe('2024-09-18T17:00:00+07:00');
  });

  it('makes a dossier received on Friday at 15:05 due on Monday at 17:00', () => {
    expect(dueTime(sameDay, cal.at('2024-09-20', '15:05'), cal)).toBe(cal.at('2024-09-23', '17:00'));
  });

  it('makes a dossier received on an ordinary Saturday or Sunday due on Monday at 17:00', () => {
    expect(due(sameDay, '2024-09-21', '09:00')).toBe('2024-09-23T17:00:00+07:00');
    expect(due(sameDay, '2024-09-22', '14:00')).toBe('2024-09-23T17:00:00+07:00');
  });

  it('makes a dossier received on Friday 2024-08-30 at 15:30 due on Wednesday 2024-09-04 at 17:00, after the National Day bridge', () => {
    expect(due(sameDay, '2024-08-30', '15:30')).toBe('2024-09-04T17:00:00+07:00');
  });

  it('makes a dossier received on National Day (a holiday Monday) due on Wednesday after the bridge', () => {
    expect(due(sameDay, '2024-09-02', '09:00')).toBe('2024-09-04T17:00:00+07:00');
  });

  it('makes a dossier received on the Friday before Tết after the cut-off due on the Monday after Tết', () => {
    expect(due(sameDay, '2025-01-24', '15:30')).toBe('2025-02-03T17:00:00+07:00');
  });

  it('makes a dossier received after 17:00 due at 17:00 the next working day', () => {
    expect(due(sameDay, '2024-09-17', '17:30')).toBe('2024-09-18T17:00:00+07:00');
    expect(due(sameDay, '2024-09-17', '17:00')).toBe('2024-09-18T17:00:00+07:00');
    expect(due(sameDay, '2024-09-20', '18:00')).toBe('2024-09-23T17:00:00+07:00');
  });

  it('makes a dossier received on the make-up Saturday 2024-05-04 at 09:00 due at 17:00 that Saturday', () => {
    expect(due(sameDay, '2024-05-04', '09:00')).toBe('2024-05-04T17:00:00+07:00');
  });

  it('makes a dossier received on the make-up Saturday 2024-05-04 at 15:05 due on Monday 2024-05-06', () => {
    expect(due(sameDay, '2024-05-04', '15:05')).toBe('2024-05-06T17:00:00+07:00');
  });

  it('makes a dossier received on Friday 2024-05-03 at 15:30 due on the make-up Saturday', () => {
    expect(due(sameDay, '2024-05-03', '15:30')).toBe('2024-05-04T17:00:00+07:00');
  });

  it('follows a different cut-off', () => {
    const noon: DueRule = { kind: 'sameDayCutoff', cutoff: '11:00', extraWorkingDays: 0 };
    expect(due(noon, '2024-09-17', '10:59')).toBe('2024-09-17T17:00:00+07:00');
    expect(due(noon, '2024-09-17', '11:00')).toBe('2024-09-18T17:00:00+07:00');
  });

  it("closes at the calendar's own close of office", () => {
    const desk = makeCalendar({
      officeHours: [
        { start: '07:30', end: '11:30' },
        { start: '13:00', end: '16:30' },
      ],
    });
    expect(vn(dueTime(sameDay, desk.at('2024-09-17', '10:00'), desk))).toBe('2024-09-17T16:30:00+07:00');
    expect(vn(dueTime(sameDay, desk.at('2024-09-17', '16:45'), desk))).toBe('2024-09-18T16:30:00+07:00');
  });
});

describe('due time, same day with an extension (extraWorkingDays)', () => {
  const extended: DueRule = { kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 2 };

  it('adds 2 working days to a dossier received before the cut-off: Tuesday 10:00 is due Thursday 17:00', () => {
    expect(due(extended, '2024-09-17', '10:00')).toBe('2024-09-19T17:00:00+07:00');
  });

  it('adds 2 working days after the next working day when received after the cut-off: Thursday 15:30 is due Tuesday 17:00', () => {
    expect(due(extended, '2024-09-19', '15:30')).toBe('2024-09-24T17:00:00+07:00');
  });

  it('skips the weekend and the National Day bridge while extending: Thursday 2024-08-29 10:00 is due Wednesday 2024-09-04', () => {
    // Thu 29 (reception) -> Fri 30 -> Wed 4/9 (31/8 to 3/9 off)
    expect(due(extended, '2024-08-29', '10:00')).toBe('2024-09-04T17:00:00+07:00');
  });

  it('starts from Monday when received on Saturday: Saturday is due Wednesday 17:00', () => {
    expect(due(extended, '2024-09-21', '09:00')).toBe('2024-09-25T17:00:00+07:00');
  });
});

describe('due time, N working days', () => {
  const threeDays: DueRule = { kind: 'workingDays', days: 3 };

  it('makes a dossier received on Tuesday due on Friday at 17:00', () => {
    expect(due(threeDays, '2024-09-17', '10:00')).toBe('2024-09-20T17:00:00+07:00');
  });

  it('has no cut-off: received on Tuesday at 16:00 is still due on Friday', () => {
    expect(due(threeDays, '2024-09-17', '16:00')).toBe('2024-09-20T17:00:00+07:00');
  });

  it('counts from the next working day when received after close: Tuesday 17:30 is due Monday', () => {
    expect(due(threeDays, '2024-09-17', '17:30')).toBe('2024-09-23T17:00:00+07:00');
  });

  it('counts from Monday when received on Saturday: due Thursday', () => {
    expect(due(threeDays, '2024-09-21', '09:00')).toBe('2024-09-26T17:00:00+07:00');
  });

  it('skips the National Day bridge: received Thursday 2024-08-29 is due Thursday 2024-09-05', () => {
    expect(due(threeDays, '2024-08-29', '10:00')).toBe('2024-09-05T17:00:00+07:00');
  });

  it('skips Tết: received Friday 2025-01-24 with 1 working day is due Monday 2025-02-03', () => {
    expect(due({ kind: 'workingDays', days: 1 }, '2025-01-24', '10:00')).toBe('2025-02-03T17:00:00+07:00');
  });

  it('counts a make-up Saturday as a working day: received Thursday 2024-05-02 with 2 days is due Saturday 2024-05-04', () => {
    expect(due({ kind: 'workingDays', days: 2 }, '2024-05-02', '10:00')).toBe('2024-05-04T17:00:00+07:00');
  });

  it('makes a 0-day rule due at close of the day of reception', () => {
    expect(due({ kind: 'workingDays', days: 0 }, '2024-09-17', '16:59')).toBe('2024-09-17T17:00:00+07:00');
    expect(due({ kind: 'workingDays', days: 0 }, '2024-09-21', '10:00')).toBe('2024-09-23T17:00:00+07:00');
  });
});
