import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneTime } from '../../../src/io/log/isoTime.js';

const params = { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
// Vietnam, zones with summer time (one with a 30-minute shift) and odd offsets
const ZONES = ['Asia/Ho_Chi_Minh', 'UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns'];
const CHANGES = [
  '2024-03-31T01:00:00Z',
  '2024-10-27T01:00:00Z',
  '2024-03-10T07:00:00Z',
  '2024-11-03T06:00:00Z',
  '2024-04-06T15:00:00Z',
  '2024-10-05T15:30:00Z',
  '2024-03-10T05:30:00Z',
].map(Date.parse);
// any instant, or one within three hours of a summer-time change
const instant = fc.oneof(
  fc.integer({ min: Date.parse('1950-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 })).map(([t, d]) => t + d),
);
// one formatter per zone for the whole run, so its offset cache is put to the test
const shared = new Map(ZONES.map((z) => [z, zoneTime(z)]));

describe('log times', () => {
  it('writes Vietnam time with the +07:00 offset, and milliseconds only when there are some', () => {
    const { iso } = zoneTime('Asia/Ho_Chi_Minh');
    expect(iso(Date.parse('2024-09-17T07:05:00Z'))).toBe('2024-09-17T14:05:00+07:00');
    expect(iso(Date.parse('2024-12-31T17:00:00.007Z'))).toBe('2025-01-01T00:00:00.007+07:00');
  });

  it('names the same instant as luxon, in every zone and across summer-time changes (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
        const text = shared.get(zone)!.iso(ms);
        expect(Date.parse(text)).toBe(ms);
        expect(text).toBe(DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!.replace(/Z$/, '+00:00'));
      }),
      params,
    );
  });

  it('reads a wall-clock time as the earlier instant when clocks go back, and moves it forward when clocks go forward', () => {
    const at = (zone: string, local: string) => zoneTime(zone).fromWall(Date.parse(local + 'Z'));
    expect(at('Asia/Ho_Chi_Minh', '2024-09-17T14:05:00')).toBe(Date.parse('2024-09-17T07:05:00Z'));
    expect(at('Europe/Paris', '2024-10-27T02:30:00')).toBe(Date.parse('2024-10-27T00:30:00Z')); // 02:30 summer time
    expect(at('America/New_York', '2024-11-03T01:30:00')).toBe(Date.parse('2024-11-03T05:30:00Z')); // 01:30 EDT
    expect(at('America/New_York', '2024-03-10T02:30:00')).toBe(Date.parse('2024-03-10T07:30:00Z')); // no 02:30: 03:30 EDT
    expect(at('Australia/Lord_Howe', '2024-10-06T02:15:00')).toBe(Date.parse('2024-10-05T15:45:00Z')); // no 02:15: 02:45 +11
  });

  it('reads every wall-clock time as an instant luxon shows at that wall time, or the earlier of two (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, wallMs) => {
        const off = (t: number) => DateTime.fromMillis(t, { zone }).offset * 60_000;
        const t = shared.get(zone)!.fromWall(wallMs);
        const gap = t + off(t) !== wallMs;
        if (gap) expect(off(t) - off(t - 6 * 3_600_000)).toBe(t + off(t) - wallMs);
        // no earlier instant shows the same wall time
        else for (const d of [30, 60, 120]) expect(t - d * 60_000 + off(t - d * 60_000)).not.toBe(wallMs);
      }),
      params,
    );
  });

  it('refuses a zone that does not exist', () => {
    expect(() => zoneTime('Asia/Sai_Gon')).toThrow('"Asia/Sai_Gon" is not a time zone');
  });
});
