import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { procedureA, procedureB } from '../../machines/index.js';
import { calendarSchema, makeCalendar } from '../../src/time/calendar.js';
import { arbitraryCalendar, arbitraryEventSequence } from 'tthc-sim/testing';

/** The laws every generator of the kit obeys, written once. */
function generatorLaws<T>(name: string, arb: fc.Arbitrary<T>) {
  it(`${name}: gives the same values for the same seed`, () => {
    expect(fc.sample(arb, { seed: 42, numRuns: 20 })).toEqual(fc.sample(arb, { seed: 42, numRuns: 20 }));
  });
}

describe('arbitraryEventSequence', () => {
  generatorLaws('event sequences of procedure A', arbitraryEventSequence(procedureA));

  it('reaches, across a few hundred runs, the result, a refusal, a withdrawal, a stop, a supplement wait and a time box running out', () => {
    const runs = fc.sample(arbitraryEventSequence(procedureB, { maxEvents: 30 }), { seed: 7, numRuns: 200 });
    const ends = new Set(runs.map((r) => r.path.end.state));
    for (const s of ['returned', 'refused', 'withdrawn', 'stopped']) expect(ends, s).toContain(s);
    expect(runs.some((r) => r.path.events.some((e) => e.status === 5))).toBe(true);
    expect(runs.some((r) => r.path.events.some((e) => e.timeBoxOf !== undefined))).toBe(true);
  });

  it('leaves out time boxes when asked, and never goes past maxEvents', () => {
    const runs = fc.sample(arbitraryEventSequence(procedureA, { timers: false, maxEvents: 5 }), { seed: 1, numRuns: 100 });
    expect(runs.every((r) => r.path.events.every((e) => e.timeBoxOf === undefined))).toBe(true);
    expect(Math.max(...runs.map((r) => r.events.length))).toBeLessThanOrEqual(5);
  });

  it('shrinks a failing run to a short one', () => {
    const out = fc.check(
      fc.property(arbitraryEventSequence(procedureA), ({ path }) => path.end.status !== 10),
      { seed: 3 },
    );
    expect(out.failed).toBe(true);
    const [run] = out.counterexample!;
    expect(run.path.end.status).toBe(10);
    // the road to the result takes six events (submit, receive, appraise, sign, pay, return)
    expect(run.events.length).toBeLessThanOrEqual(8);
  });
});

describe('arbitraryCalendar', () => {
  generatorLaws('calendars', arbitraryCalendar());

  it('gives valid calendar data with working days, the cut-off of the procedure inside the afternoon hours', () => {
    fc.assert(
      fc.property(arbitraryCalendar({ procedure: procedureA, year: 2026 }), (data) => {
        expect(calendarSchema.safeParse(data).success).toBe(true);
        const cal = makeCalendar(data);
        expect(cal.nextWorkingDay('2026-06-01') >= '2026-06-02').toBe(true);
        const [morning, afternoon] = data.officeHours;
        expect(morning.end <= afternoon.start).toBe(true);
        expect(afternoon.start < '15:00' && '15:00' < afternoon.end).toBe(true);
        for (const d of data.workingDays ?? []) expect(data.weekend).toContain(((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) + 1);
      }),
      { numRuns: 50 },
    );
  });
});
