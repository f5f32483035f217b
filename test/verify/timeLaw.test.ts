import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../../src/time/calendar.js';
import { VN_CALENDAR } from '../../src/time/calendars/vn.js';
import { momentAt, worstMoment } from '../../src/verify/timeLaw.js';

const cal = makeCalendar(VN_CALENDAR);
const sameDay = { kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 0 } as const;
const hm = (ms: number) => `${cal.dateOf(ms)} ${cal.timeOf(ms)}`;

describe('the time law: the worst moment to receive a dossier', () => {
  it('finds 14:59, one minute before the 15:00 cut-off, as the worst moment of a working day', () => {
    const found = worstMoment(sameDay, 45, cal)!;
    expect(hm(found.worst.receivedAt)).toBe('2024-01-02 14:59');
    expect(found.worst).toMatchObject({ slackMinutes: 76, label: 'one minute before the 15:00 cut-off' });
  });

  it('gives a dossier received at 15:00 on the Friday before a holiday until the next working day after it', () => {
    const [friday] = worstMoment(sameDay, 45, cal)!.references;
    expect(hm(friday.receivedAt)).toBe('2024-04-26 15:00');
    expect(hm(friday.dueAt)).toBe('2024-05-02 17:00');
    expect(friday.slackMinutes).toBe(480 * 1 + 75); // 15:45 -> 17:00 on Friday, and the whole of Thursday
  });

  it('counts office minutes only: a dossier received at 11:20 needing 15 minutes finishes at 13:35 after lunch', () => {
    const m = momentAt(sameDay, cal.at('2024-09-17', '11:20'), 15, cal, 'test');
    expect(hm(m.finishAt)).toBe('2024-09-17 13:35');
    expect(m.slackMinutes).toBe(205);
  });

  it('reports negative slack, in office minutes, when the steps end after the due time', () => {
    const m = momentAt(sameDay, cal.at('2024-09-17', '14:59'), 150, cal, 'test');
    expect(hm(m.finishAt)).toBe('2024-09-18 07:29');
    expect(m.slackMinutes).toBe(-29);
  });

  it('takes one minute before close as the worst moment of a rule in working days', () => {
    const found = worstMoment({ kind: 'workingDays', days: 1 }, 45, cal)!;
    expect(cal.timeOf(found.worst.receivedAt)).toBe('16:59');
    expect(found.worst.slackMinutes).toBe(480 + 1 - 45);
    expect(found.references).toEqual([]);
  });

  it('tries each kind of working day once, however long the window', () => {
    expect(worstMoment(sameDay, 45, cal, { from: '2024-01-01', days: 1096 })!.dayKinds).toBeLessThanOrEqual(3);
    expect(worstMoment(sameDay, 45, cal, { from: '2024-02-10', days: 3 })).toBeUndefined(); // Tết: no working day
  });
});
