import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { offsetAt, steadyOffset, utcOfLocal } from '../../src/time/zoneOffset.js';

const params = { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Vietnam, zones with summer time (Sao Paulo until 2019, Lord Howe's 30-minute shift) and changes at half past an hour (St John's, Kathmandu)
const ZONES = ['Asia/Ho_Chi_Minh', 'UTC', 'Europe/Paris', 'America/Sao_Paulo', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
const CHANGES = [
  '2024-03-31T01:00:00Z', // Paris, forward
  '2024-10-27T01:00:00Z', // Paris, back
  '2018-11-04T03:00:00Z', // Sao Paulo, forward at local midnight
  '2019-02-17T02:00:00Z', // Sao Paulo, back
  '2024-03-10T05:30:00Z', // St John's, forward at half past the UTC hour
  '2024-10-05T15:30:00Z', // Lord Howe, forward by 30 minutes
  '1985-12-31T18:30:00Z', // Kathmandu, +05:30 to +05:45
].map(Date.parse);
const near = (span: number) => fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -span, max: span })).map(([t, d]) => t + d);
const luxonOffset = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).offset;
/** The wall-clock time an instant shows in a zone, its fields as if UTC. */
const wallOf = (ms: number, zone: string) => ms + luxonOffset(ms, zone) * 60_000;

describe('zone offsets', () => {
  it("gives Asia/Ho_Chi_Minh's +07:00 for any instant since 13 June 1975 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1975-06-12T16:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (ms) => {
        expect(offsetAt(ms, 'Asia/Ho_Chi_Minh')).toBe(420);
      }),
      params,
    );
    expect(offsetAt(Date.parse('1975-06-12T15:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe(480);
  });

  it("gives luxon's offset at any instant, in zones with and without summer time and across their changes (property)", () => {
    const instant = fc.oneof(fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), near(3 * HOUR));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
        expect(offsetAt(ms, zone)).toBe(luxonOffset(ms, zone));
      }),
      params,
    );
  });

  it("moves St John's from -03:30 to -02:30 at 05:30 UTC, in the middle of an hour", () => {
    const at = (iso: string) => offsetAt(Date.parse(iso), 'America/St_Johns');
    expect(at('2024-03-10T05:00:00Z')).toBe(-210);
    expect(at('2024-03-10T05:29:59.999Z')).toBe(-210);
    expect(at('2024-03-10T05:30:00Z')).toBe(-150);
    expect(at('2024-03-10T05:10:00Z')).toBe(-210);
  });

  it('keeps an offset for a whole hour only when it does not change inside that hour', () => {
    expect(steadyOffset(Date.parse('2024-03-31T00:30:00Z'), 'Europe/Paris')).toBe(60);
    expect(steadyOffset(Date.parse('2024-03-31T01:30:00Z'), 'Europe/Paris')).toBe(120);
    expect(steadyOffset(Date.parse('2024-03-10T05:10:00Z'), 'America/St_Johns')).toBeNaN();
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), near(3 * HOUR), (zone, ms) => {
        const start = Math.floor(ms / HOUR) * HOUR;
        const changes = luxonOffset(start, zone) !== luxonOffset(start + HOUR - 1, zone);
        expect(steadyOffset(ms, zone)).toBe(changes ? NaN : luxonOffset(ms, zone));
      }),
      params,
    );
  });

  it('gives each zone its own offset when calls alternate between zones in the same hour', () => {
    const ms = Date.parse('2024-09-17T07:05:00Z');
    expect([offsetAt(ms, 'Asia/Ho_Chi_Minh'), offsetAt(ms, 'Europe/Paris'), offsetAt(ms, 'Asia/Ho_Chi_Minh'), offsetAt(ms, 'UTC')]).toEqual([420, 120, 420, 0]);
    const wall = Date.UTC(2024, 8, 17, 14, 5);
    expect([utcOfLocal(wall, 'Asia/Ho_Chi_Minh'), utcOfLocal(wall, 'Europe/Paris'), utcOfLocal(wall, 'Asia/Ho_Chi_Minh')]).toEqual([
      Date.parse('2024-09-17T07:05:00Z'),
      Date.parse('2024-09-17T12:05:00Z'),
      Date.parse('2024-09-17T07:05:00Z'),
    ]);
  });

  it('reads 14:05 on 17 September 2024 in Vietnam as 07:05 UTC', () => {
    expect(utcOfLocal(Date.UTC(2024, 8, 17, 14, 5), 'Asia/Ho_Chi_Minh')).toBe(Date.parse('2024-09-17T07:05:00Z'));
  });

  it('reads a wall-clock time back to an instant showing that wall time, unless clocks skipped it (property)', () => {
    // wall times anywhere, and within six hours of the wall time a change shows in the zone
    const somewhere = fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') });
    const wall = fc.oneof(
      fc.tuple(fc.constantFrom(...ZONES), somewhere),
      fc
        .tuple(fc.constantFrom(...ZONES), fc.constantFrom(...CHANGES), fc.integer({ min: -6 * HOUR, max: 6 * HOUR }))
        .map(([z, t, d]) => [z, wallOf(t, z) + d] as const),
    );
    fc.assert(
      fc.property(wall, ([zone, wallMs]) => {
        const t = utcOfLocal(wallMs, zone);
        // skipped: neither the offset of the day before nor that of the day after shows it
        const skipped = [wallMs - DAY, wallMs + DAY].every((u) => wallOf(wallMs - luxonOffset(u, zone) * 60_000, zone) !== wallMs);
        if (!skipped) expect(wallOf(t, zone)).toBe(wallMs);
      }),
      params,
    );
  });

  it('reads a wall-clock time with the offset luxon gives the start of its hour, as the log readers always have (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), near(3 * HOUR), (zone, wallMs) => {
        const h = new Date(Math.floor(wallMs / HOUR) * HOUR);
        const start = DateTime.fromObject({ year: h.getUTCFullYear(), month: h.getUTCMonth() + 1, day: h.getUTCDate(), hour: h.getUTCHours() }, { zone });
        expect(utcOfLocal(wallMs, zone)).toBe(wallMs - start.offset * 60_000);
      }),
      params,
    );
  });

  it('answers NaN for a zone that does not exist', () => {
    const ms = Date.parse('2024-09-17T07:05:00Z');
    expect(offsetAt(ms, 'Asia/Sai_Gon')).toBeNaN();
    expect(steadyOffset(ms, 'Asia/Sai_Gon')).toBeNaN();
    expect(utcOfLocal(ms, 'Asia/Sai_Gon')).toBeNaN();
  });
});
