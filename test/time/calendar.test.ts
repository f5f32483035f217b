import { describe, expect, it } from 'vitest';
import { calendarProblems, calendarSchema, extendCalendar, makeCalendar, type CalendarData } from '../../src/time/calendar.js';
import { VN_CALENDAR } from '../../src/time/calendars/vn.js';

const cal = makeCalendar(VN_CALENDAR);

/** An instant as a local ISO string in Vietnam (UTC+7, no DST), computed without the calendar. */
const vn = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().replace(/\.000Z$/, '+07:00');

describe('VN calendar: working days', () => {
  it('reads a local date and time in Asia/Ho_Chi_Minh (UTC+7)', () => {
    expect(cal.zone).toBe('Asia/Ho_Chi_Minh');
    expect(cal.at('2024-09-17', '07:00')).toBe(Date.parse('2024-09-17T07:00:00+07:00'));
    expect(cal.dateOf(Date.parse('2024-09-16T17:30:00Z'))).toBe('2024-09-17'); // 00:30 local
    expect(cal.timeOf(Date.parse('2024-09-16T17:30:00Z'))).toBe('00:30');
  });

  it('treats Monday to Friday as working days and Saturday and Sunday as days off', () => {
    expect(cal.isWorkingDay('2024-09-16')).toBe(true); // Mon
    expect(cal.isWorkingDay('2024-09-17')).toBe(true); // Tue
    expect(cal.isWorkingDay('2024-09-20')).toBe(true); // Fri
    expect(cal.isWorkingDay('2024-09-21')).toBe(false); // Sat
    expect(cal.isWorkingDay('2024-09-22')).toBe(false); // Sun
  });

  it('gives no office hours on a day off and two office intervals on a working day', () => {
    expect(cal.intervals('2024-09-21')).toEqual([]);
    expect(cal.intervals('2024-09-17').map(([s, e]) => [vn(s), vn(e)])).toEqual([
      ['2024-09-17T07:00:00+07:00', '2024-09-17T11:30:00+07:00'],
      ['2024-09-17T13:30:00+07:00', '2024-09-17T17:00:00+07:00'],
    ]);
  });

  it('closes the office at 17:00 on a working day and refuses a close time on a day off', () => {
    expect(vn(cal.closeOf('2024-09-17'))).toBe('2024-09-17T17:00:00+07:00');
    expect(() => cal.closeOf('2024-09-21')).toThrow(/not a working day/);
  });

  it('takes National Day 2024-09-02 off, with the whole bridge 31/8 to 3/9', () => {
    expect(cal.isWorkingDay('2024-09-02')).toBe(false);
    expect(cal.isWorkingDay('2024-09-03')).toBe(false); // Tue, bridge
    expect(cal.isWorkingDay('2024-08-30')).toBe(true);
    expect(cal.isWorkingDay('2024-09-04')).toBe(true);
  });

  it('takes every day of Tết Ất Tỵ (2025-01-25 to 2025-02-02) off', () => {
    const tet = ['2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02'];
    for (const d of tet) expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay('2025-01-24')).toBe(true); // Fri before Tết
    expect(cal.isWorkingDay('2025-02-03')).toBe(true); // Mon after Tết
  });

  it('takes Monday 2026-04-27 off (Giỗ Tổ Hùng Vương moved from Sunday)', () => {
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.isWorkingDay('2026-04-28')).toBe(true);
    expect(cal.intervals('2026-04-27')).toEqual([]);
  });

  it('works the make-up Saturdays 2024-05-04, 2026-01-10 and 2026-08-22 with full office hours', () => {
    for (const d of ['2024-05-04', '2026-01-10', '2026-08-22']) {
      expect(cal.isWorkingDay(d), d).toBe(true);
      expect(cal.intervals(d), d).toHaveLength(2);
      expect(vn(cal.closeOf(d)), d).toBe(`${d}T17:00:00+07:00`);
    }
    expect(cal.isWorkingDay('2024-05-11')).toBe(false); // an ordinary Saturday
    expect(cal.isWorkingDay('2024-05-05')).toBe(false); // the Sunday after the make-up Saturday
  });
});

describe('VN calendar: next working day', () => {
  it('goes from Tuesday to Wednesday', () => {
    expect(cal.nextWorkingDay('2024-09-17')).toBe('2024-09-18');
  });

  it('goes from Friday to Monday over a weekend', () => {
    expect(cal.nextWorkingDay('2024-09-20')).toBe('2024-09-23');
  });

  it('skips the National Day bridge: Friday 2024-08-30 to Wednesday 2024-09-04', () => {
    expect(cal.nextWorkingDay('2024-08-30')).toBe('2024-09-04');
  });

  it('skips Tết: Friday 2025-01-24 to Monday 2025-02-03', () => {
    expect(cal.nextWorkingDay('2025-01-24')).toBe('2025-02-03');
  });

  it('lands on a make-up Saturday: Friday 2024-05-03 to Saturday 2024-05-04', () => {
    expect(cal.nextWorkingDay('2024-05-03')).toBe('2024-05-04');
    expect(cal.nextWorkingDay('2024-05-04')).toBe('2024-05-06');
  });

  it('starts counting from a day off: Saturday to Monday, holiday Monday to Wednesday', () => {
    expect(cal.nextWorkingDay('2024-09-21')).toBe('2024-09-23');
    expect(cal.nextWorkingDay('2024-09-02')).toBe('2024-09-04');
  });
});

describe('VN calendar: adding working minutes', () => {
  it('adds minutes within a morning', () => {
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '07:00'), 15))).toBe('2024-09-17T07:15:00+07:00');
  });

  it('carries a task over lunch: 11:20 + 15 minutes ends at 13:35', () => {
    expect(cal.addWorkingMinutes(cal.at('2024-09-17', '11:20'), 15)).toBe(cal.at('2024-09-17', '13:35'));
  });

  it('ends a task at 11:30 sharp when it fits the morning exactly, not after lunch', () => {
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '11:20'), 10))).toBe('2024-09-17T11:30:00+07:00');
  });

  it('carries a task over the night: Tuesday 16:50 + 15 minutes ends Wednesday 07:05', () => {
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '16:50'), 15))).toBe('2024-09-18T07:05:00+07:00');
  });

  it('carries a task over the weekend: Friday 16:50 + 15 minutes ends Monday 07:05', () => {
    expect(cal.addWorkingMinutes(cal.at('2024-09-20', '16:50'), 15)).toBe(cal.at('2024-09-23', '07:05'));
  });

  it('carries a task over the National Day bridge: Friday 2024-08-30 16:40 + 30 minutes ends Wednesday 07:10', () => {
    expect(vn(cal.addWorkingMinutes(cal.at('2024-08-30', '16:40'), 30))).toBe('2024-09-04T07:10:00+07:00');
  });

  it('starts the count at opening time when a task starts before office hours, at lunch or on a weekend', () => {
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '06:00'), 15))).toBe('2024-09-17T07:15:00+07:00');
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '12:00'), 15))).toBe('2024-09-17T13:45:00+07:00');
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-21', '10:00'), 15))).toBe('2024-09-23T07:15:00+07:00');
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '18:00'), 15))).toBe('2024-09-18T07:15:00+07:00');
  });

  it('counts a full working day as 480 minutes: 07:00 + 480 minutes is 17:00 the same day', () => {
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '07:00'), 480))).toBe('2024-09-17T17:00:00+07:00');
    expect(vn(cal.addWorkingMinutes(cal.at('2024-09-17', '07:00'), 481))).toBe('2024-09-18T07:01:00+07:00');
  });

  it('works on a make-up Saturday: Friday 2024-05-03 16:50 + 15 minutes ends Saturday 07:05', () => {
    expect(vn(cal.addWorkingMinutes(cal.at('2024-05-03', '16:50'), 15))).toBe('2024-05-04T07:05:00+07:00');
  });
});

describe('VN calendar: subtracting working minutes', () => {
  it('goes back over lunch: 13:35 - 15 minutes starts at 11:20', () => {
    expect(cal.subtractWorkingMinutes(cal.at('2024-09-17', '13:35'), 15)).toBe(cal.at('2024-09-17', '11:20'));
  });

  it('goes back over the weekend: Monday 07:05 - 15 minutes starts Friday 16:50', () => {
    expect(cal.subtractWorkingMinutes(cal.at('2024-09-23', '07:05'), 15)).toBe(cal.at('2024-09-20', '16:50'));
  });

  it('goes back over the National Day bridge: Wednesday 2024-09-04 07:10 - 30 minutes starts Friday 16:40', () => {
    expect(vn(cal.subtractWorkingMinutes(cal.at('2024-09-04', '07:10'), 30))).toBe('2024-08-30T16:40:00+07:00');
  });

  it('goes back within a morning', () => {
    expect(vn(cal.subtractWorkingMinutes(cal.at('2024-09-17', '09:00'), 30))).toBe('2024-09-17T08:30:00+07:00');
  });

  it('goes back from a time outside office hours to the end of the previous office interval', () => {
    expect(vn(cal.subtractWorkingMinutes(cal.at('2024-09-17', '12:30'), 15))).toBe('2024-09-17T11:15:00+07:00');
    expect(vn(cal.subtractWorkingMinutes(cal.at('2024-09-23', '06:00'), 15))).toBe('2024-09-20T16:45:00+07:00');
  });

  it('undoes addWorkingMinutes for tasks that start inside office hours', () => {
    const starts = [
      cal.at('2024-09-17', '11:20'),
      cal.at('2024-09-20', '16:50'),
      cal.at('2024-08-30', '16:40'),
      cal.at('2025-01-24', '15:00'),
      cal.at('2024-05-03', '16:55'),
    ];
    for (const start of starts)
      for (const minutes of [1, 10, 15, 45, 480, 1000]) {
        const end = cal.addWorkingMinutes(start, minutes);
        expect(vn(cal.subtractWorkingMinutes(end, minutes)), `${vn(start)} +/- ${minutes}`).toBe(vn(start));
      }
  });
});

describe('VN calendar: working minutes between two instants', () => {
  it('counts the office minutes of a morning', () => {
    expect(cal.workingMinutesBetween(cal.at('2024-09-17', '07:00'), cal.at('2024-09-17', '11:30'))).toBe(270);
  });

  it('leaves out lunch: 11:00 to 14:00 is 60 minutes', () => {
    expect(cal.workingMinutesBetween(cal.at('2024-09-17', '11:00'), cal.at('2024-09-17', '14:00'))).toBe(60);
  });

  it('leaves out the night and the weekend: Friday 16:50 to Monday 07:05 is 15 minutes', () => {
    expect(cal.workingMinutesBetween(cal.at('2024-09-20', '16:50'), cal.at('2024-09-23', '07:05'))).toBe(15);
  });

  it('leaves out the National Day bridge: Friday 2024-08-30 16:00 to Wednesday 08:00 is 120 minutes', () => {
    expect(cal.workingMinutesBetween(cal.at('2024-08-30', '16:00'), cal.at('2024-09-04', '08:00'))).toBe(120);
  });

  it('counts a full working week Monday 07:00 to Friday 17:00 as 2400 minutes', () => {
    expect(cal.workingMinutesBetween(cal.at('2024-09-16', '07:00'), cal.at('2024-09-20', '17:00'))).toBe(2400);
  });

  it('counts zero over a day off and when the end is not after the start', () => {
    expect(cal.workingMinutesBetween(cal.at('2024-09-21', '07:00'), cal.at('2024-09-21', '17:00'))).toBe(0);
    const t = cal.at('2024-09-17', '09:00');
    expect(cal.workingMinutesBetween(t, t)).toBe(0);
    expect(cal.workingMinutesBetween(t, cal.at('2024-09-17', '08:00'))).toBe(0);
  });

  it('agrees with addWorkingMinutes', () => {
    const starts = [cal.at('2024-09-17', '11:20'), cal.at('2024-09-20', '16:50'), cal.at('2024-09-21', '10:00'), cal.at('2025-01-24', '16:00')];
    for (const start of starts)
      for (const minutes of [0, 1, 15, 210, 480, 2000])
        expect(cal.workingMinutesBetween(start, cal.addWorkingMinutes(start, minutes)), `${vn(start)} + ${minutes}`).toBe(minutes);
  });
});

describe('extending a calendar', () => {
  it('adds a local holiday to the VN calendar and keeps the national ones', () => {
    const local = makeCalendar(extendCalendar(VN_CALENDAR, { holidays: ['2024-09-17'] }));
    expect(local.isWorkingDay('2024-09-17')).toBe(false);
    expect(local.nextWorkingDay('2024-09-16')).toBe('2024-09-18');
    expect(vn(local.addWorkingMinutes(local.at('2024-09-16', '16:50'), 15))).toBe('2024-09-18T07:05:00+07:00');
    expect(local.isWorkingDay('2024-09-02')).toBe(false);
    expect(local.isWorkingDay('2024-05-04')).toBe(true);
  });

  it('adds a holiday range and a make-up day for a later year', () => {
    const later = makeCalendar(extendCalendar(VN_CALENDAR, { holidays: ['2027-01-01', '2027-02-05..2027-02-13'], workingDays: ['2027-01-09'] }));
    expect(later.isWorkingDay('2027-01-01')).toBe(false); // Fri
    expect(later.isWorkingDay('2027-02-08')).toBe(false); // Mon inside the range
    expect(later.isWorkingDay('2027-02-15')).toBe(true);
    expect(later.isWorkingDay('2027-01-09')).toBe(true); // Sat, make-up
    expect(later.isWorkingDay('2026-01-10')).toBe(true); // the base make-up day stays
  });

  it('leaves the base calendar data and the calendar built from it unchanged', () => {
    const before = JSON.stringify(VN_CALENDAR);
    extendCalendar(VN_CALENDAR, { holidays: ['2024-09-17'], workingDays: ['2024-09-21'] });
    expect(JSON.stringify(VN_CALENDAR)).toBe(before);
    expect(cal.isWorkingDay('2024-09-17')).toBe(true);
    expect(makeCalendar(VN_CALENDAR).isWorkingDay('2024-09-17')).toBe(true);
  });

  it('gives a province its own office hours while keeping the national holidays', () => {
    const province = makeCalendar(
      extendCalendar(VN_CALENDAR, {
        name: 'province',
        officeHours: [
          { start: '07:30', end: '11:30' },
          { start: '13:00', end: '16:30' },
        ],
      }),
    );
    expect(province.name).toBe('province');
    expect(vn(province.closeOf('2024-09-17'))).toBe('2024-09-17T16:30:00+07:00');
    expect(province.nextWorkingDay('2024-08-30')).toBe('2024-09-04');
  });
});

describe('a calendar with custom office hours', () => {
  const data: CalendarData = {
    name: 'one-stop-desk',
    officeHours: [
      { start: '07:30', end: '11:30' },
      { start: '13:00', end: '16:30' },
    ],
  };
  const desk = makeCalendar(data);

  it('defaults to Asia/Ho_Chi_Minh, Saturday and Sunday off and no holidays', () => {
    expect(desk.zone).toBe('Asia/Ho_Chi_Minh');
    expect(desk.isWorkingDay('2024-09-21')).toBe(false);
    expect(desk.isWorkingDay('2024-09-22')).toBe(false);
    expect(desk.isWorkingDay('2024-09-02')).toBe(true); // no holidays declared
  });

  it('opens at 07:30 and closes at 16:30', () => {
    expect(vn(desk.closeOf('2024-09-17'))).toBe('2024-09-17T16:30:00+07:00');
    expect(vn(desk.addWorkingMinutes(desk.at('2024-09-17', '07:00'), 15))).toBe('2024-09-17T07:45:00+07:00');
  });

  it('carries a task over its own lunch: 11:20 + 15 minutes ends at 13:05', () => {
    expect(vn(desk.addWorkingMinutes(desk.at('2024-09-17', '11:20'), 15))).toBe('2024-09-17T13:05:00+07:00');
    expect(vn(desk.subtractWorkingMinutes(desk.at('2024-09-17', '13:05'), 15))).toBe('2024-09-17T11:20:00+07:00');
  });

  it('carries a task over the weekend: Friday 16:20 + 15 minutes ends Monday 07:35', () => {
    expect(vn(desk.addWorkingMinutes(desk.at('2024-09-20', '16:20'), 15))).toBe('2024-09-23T07:35:00+07:00');
  });

  it('counts 450 office minutes in a day', () => {
    expect(desk.workingMinutesBetween(desk.at('2024-09-17', '00:00'), desk.at('2024-09-18', '00:00'))).toBe(450);
  });

  it('works Saturdays when only Sunday is the weekend', () => {
    const sixDays = makeCalendar({ ...data, weekend: [7] });
    expect(sixDays.isWorkingDay('2024-09-21')).toBe(true);
    expect(sixDays.nextWorkingDay('2024-09-20')).toBe('2024-09-21');
    expect(sixDays.nextWorkingDay('2024-09-21')).toBe('2024-09-23');
  });

  it('supports a single office interval', () => {
    const allDay = makeCalendar({ officeHours: [{ start: '08:00', end: '16:00' }] });
    expect(vn(allDay.addWorkingMinutes(allDay.at('2024-09-17', '11:50'), 20))).toBe('2024-09-17T12:10:00+07:00');
    expect(allDay.workingMinutesBetween(allDay.at('2024-09-17', '07:00'), allDay.at('2024-09-17', '17:00'))).toBe(480);
  });

  it('rejects bad calendar data', () => {
    expect(() => makeCalendar({ officeHours: [] })).toThrow();
    expect(() => makeCalendar({ officeHours: [{ start: '7:00', end: '17:00' }] })).toThrow();
    expect(() => makeCalendar({ officeHours: [{ start: '07:00', end: '17:00' }], holidays: ['2024/09/02'] })).toThrow();
    expect(() => makeCalendar({ zone: 'Asia/Nowhere', officeHours: [{ start: '07:00', end: '17:00' }] })).toThrow(/time zone/);
  });

  it('refuses a calendar without a working day up front, instead of searching for one for ever', () => {
    expect(() => makeCalendar({ officeHours: [{ start: '07:00', end: '17:00' }], weekend: [1, 2, 3, 4, 5, 6, 7] })).toThrow(/no working day/);
  });
});

describe('calendar data past its bounds', () => {
  const hours = [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ];
  /** Each problem of the calendar data as "path: message". */
  const problemsOf = (data: CalendarData) => {
    const res = calendarSchema.safeParse(data);
    if (!res.success) return res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return calendarProblems(data).map((p) => `${p.path.join('.')}: ${p.message}`);
  };

  it('refuses a holiday range to 9999-12-31, naming the holiday', () => {
    expect(problemsOf({ officeHours: hours, holidays: ['2024-01-01', '2024-12-30..9999-12-31'] })).toEqual([
      'holidays.1: 9999-12-31: expected a year from 1970 to 2100',
    ]);
  });

  it('refuses a reversed holiday range and one longer than a year', () => {
    expect(problemsOf({ officeHours: hours, holidays: ['2025-01-05..2025-01-01', '2025-01-01..2026-01-02'] })).toEqual([
      'holidays.0: the range ends (2025-01-01) before it starts (2025-01-05)',
      'holidays.1: the range is 367 days long: at most a year (366 days)',
    ]);
  });

  it('blames 2024-02-30 on the holiday or make-up day that names it', () => {
    expect(problemsOf({ officeHours: hours, holidays: ['2024-02-30'], workingDays: ['2024-02-10', '2023-02-29'] })).toEqual([
      'holidays.0: 2024-02-30 is not a real date',
      'workingDays.1: 2023-02-29 is not a real date',
    ]);
  });

  it('refuses office hours that end before they start, overlap, or are out of order', () => {
    expect(problemsOf({ officeHours: [{ start: '11:30', end: '07:00' }] })).toEqual(['officeHours.0.end: the period ends before it starts']);
    expect(problemsOf({ officeHours: [hours[0], { start: '11:00', end: '17:00' }] })).toEqual([
      'officeHours.1.start: starts at 11:00, before the period above ends (11:30): office hours go in order and do not overlap',
    ]);
    expect(problemsOf({ officeHours: [hours[1], hours[0]] })).toHaveLength(1);
  });

  it('refuses a calendar whose weekend is the whole week: it has no working day', () => {
    expect(problemsOf({ officeHours: hours, weekend: [1, 2, 3, 4, 5, 6, 7] })).toEqual([
      'weekend: every day of the week is a day off: the calendar has no working day',
    ]);
  });

  it('refuses holidays that leave more than a year without a working day, saying from when to when', () => {
    expect(problemsOf({ officeHours: hours, holidays: ['2030-01-01..2030-12-31', '2031-01-01..2031-03-31'] })).toEqual([
      'holidays: no working day from 2030-01-01 to 2031-03-31 (455 days): at most a year (366 days) in a row without one',
    ]);
  });

  it('refuses an unknown key, such as holiday for holidays', () => {
    expect(problemsOf({ officeHours: hours, holiday: ['2024-09-02'] } as CalendarData)).toEqual([': Unrecognized key: "holiday"']);
  });

  it('finds nothing wrong with the bundled Vietnamese calendar', () => {
    expect(problemsOf(VN_CALENDAR)).toEqual([]);
  });
});
