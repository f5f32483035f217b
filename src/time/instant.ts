import { DateTime } from 'luxon';

/**
 * An instant from "HH:mm[:ss]" on the session date, or ISO 8601 (local time of `zone` when no offset).
 * @example parseInstant('14:05', '2024-09-17', 'Asia/Ho_Chi_Minh') // Date.parse('2024-09-17T07:05:00Z')
 */
export function parseInstant(value: string, date: string, zone: string): number | undefined {
  const v = value.trim();
  // a time alone is on the session date; anything else must carry its own date (never "today")
  const timeOnly = /^\d{1,2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(v);
  if (!timeOnly && !/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const dt = timeOnly
    ? DateTime.fromISO(`${date}T${v.padStart(v.indexOf(':') === 1 ? v.length + 1 : v.length, '0')}`, { zone })
    : DateTime.fromISO(v.replace(' ', 'T'), { zone });
  return dt.isValid ? dt.toMillis() : undefined;
}
