import type { DueRule } from '../model/procedure.js';
import type { Calendar } from './calendar.js';

/**
 * Statutory due time (hạn trả kết quả) of a dossier received at `receivedAt`.
 * Same-day rule: due at close of office the day of reception; the next working day when
 * received at or after the cut-off, after close, or on a day off; plus any extension days.
 * @example dueTime({ kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 0 }, cal.at('2024-09-20', '15:05'), cal)
 * // Monday 2024-09-23 17:00 (received after 15:00 on a Friday)
 */
export function dueTime(rule: DueRule, receivedAt: number, cal: Calendar): number {
  let date = cal.dateOf(receivedAt);
  const startsToday = cal.isWorkingDay(date) && receivedAt < cal.closeOf(date);
  if (rule.kind === 'sameDayCutoff') {
    if (!startsToday || cal.timeOf(receivedAt) >= rule.cutoff) date = cal.nextWorkingDay(date);
    for (let i = 0; i < rule.extraWorkingDays; i++) date = cal.nextWorkingDay(date);
  } else {
    if (!startsToday) date = cal.nextWorkingDay(date);
    for (let i = 0; i < rule.days; i++) date = cal.nextWorkingDay(date);
  }
  return cal.closeOf(date);
}
