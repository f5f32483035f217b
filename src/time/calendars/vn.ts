import type { CalendarData } from '../calendar.js';

/**
 * Vietnam's public-sector calendar 2024-2026: office hours 07:00-11:30 and 13:30-17:00,
 * Saturday and Sunday off, public holidays (ngày nghỉ lễ, Tết) and make-up working
 * Saturdays (ngày làm bù) as announced for each year. Extend it with `extendCalendar`
 * or a calendar file (`--calendar`) for later years or a province's own hours.
 */
export const VN_CALENDAR: CalendarData = {
  name: 'vn-2024-2026',
  zone: 'Asia/Ho_Chi_Minh',
  officeHours: [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
  weekend: [6, 7],
  holidays: [
    '2024-01-01',
    '2024-02-08..2024-02-14', // Tết Giáp Thìn
    '2024-04-18', // Giỗ Tổ Hùng Vương
    '2024-04-27..2024-05-01',
    '2024-08-31..2024-09-03',
    '2025-01-01',
    '2025-01-25..2025-02-02', // Tết Ất Tỵ
    '2025-04-07',
    '2025-04-30..2025-05-04',
    '2025-08-30..2025-09-02',
    '2026-01-01..2026-01-04',
    '2026-02-14..2026-02-22', // Tết Bính Ngọ
    '2026-04-27', // Giỗ Tổ moved from Sunday 26/4
    '2026-04-30..2026-05-01',
    '2026-08-29..2026-09-02',
  ],
  workingDays: ['2024-05-04', '2025-04-26', '2026-01-10', '2026-08-22'],
};
