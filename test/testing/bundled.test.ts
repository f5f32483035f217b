/**
 * The bundled procedures A and B tested the way a developer tests their own: through the public
 * testing entry point only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { buildMachine } from '../../src/engine/buildMachine.js';
import { HeapClock } from '../../src/time/clock.js';
import { arbitraryCalendar, arbitraryEventSequence, assertProcedureLaws, bundledLaws, procedureLaws, ProcedureLawError } from 'tthc-sim/testing';

const params = { numRuns: Number(process.env.FC_RUNS ?? 50), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

for (const decl of BUNDLED_PROCEDURES) {
  const machine = buildMachine(decl);
  describe(`procedure ${decl.id} (${decl.name.en}) through tthc-sim/testing`, () => {
    it('keeps every law: structure, legal, time and the laws written from seed 000', () => {
      assertProcedureLaws(decl, { laws: bundledLaws(decl.id) });
      const results = procedureLaws(decl, { laws: bundledLaws(decl.id) });
      expect(results.filter((r) => r.verdict === 'fail')).toEqual([]);
      expect(results.map((r) => r.group)).toEqual(expect.arrayContaining(['structure', 'legal', 'time', 'user']));
    });

    it('generates event sequences a real actor on a heap clock takes exactly as the path says, time boxes included', () => {
      fc.assert(
        fc.property(arbitraryEventSequence(decl), ({ events, path }) => {
          const start = Date.parse(path.start.at);
          const clock = new HeapClock(start);
          const actor = createActor(machine, { input: { owner: 'owner1' }, clock }).start();
          let timers = 0;
          events.forEach((e, i) => {
            if (e.type.startsWith('xstate.after.')) {
              clock.advanceTo(e.at);
              timers += 1;
            } else {
              clock.advanceBefore(e.at);
              expect(actor.getSnapshot().can(e), `${e.type} by ${e.role} at event ${i}`).toBe(true);
              actor.send(e);
            }
            expect(actor.getSnapshot().value).toBe(path.events[i].state);
            // no time box ran out that the path does not show
            expect(actor.getSnapshot().context.overTimeBox.length).toBe(timers);
          });
          actor.stop();
        }),
        params,
      );
    });

    it('never lets a sequence return the result before the owner pays, nor after a refusal, withdrawal or stop', () => {
      fc.assert(
        fc.property(arbitraryEventSequence(decl, { maxEvents: 30 }), ({ path }) => {
          const statuses = path.events.map((e) => e.status);
          const returned = statuses.indexOf(10);
          if (returned < 0) return;
          expect(path.events.slice(0, returned).some((e) => e.action === 'pay' && e.by === 'owner')).toBe(true);
          expect(statuses.slice(0, returned).some((s) => s === 3 || s === 7 || s === 8)).toBe(false);
        }),
        params,
      );
    });

    it('fits the due time on any plausible provincial calendar', () => {
      fc.assert(
        fc.property(arbitraryCalendar({ procedure: decl, year: 2025 }), (calendar) => {
          assertProcedureLaws(decl, { calendar, groups: ['time'], window: { from: '2025-01-01', days: 365 } });
        }),
        { ...params, numRuns: 5 },
      );
    });

    it('throws, with the counterexample path, when a law is broken', () => {
      const unpaid = { ...decl, steps: decl.steps.map((s) => ({ ...s, requires: s.requires.filter((r) => r !== 'payment') })) };
      let err: unknown;
      try {
        assertProcedureLaws(unpaid, { laws: bundledLaws(decl.id) });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProcedureLawError);
      const e = err as ProcedureLawError;
      expect(e.failures.map((f) => f.id)).toContain('legal.payment');
      expect(e.message).toContain('the result is returned but the owner never paid the fee');
      expect(e.message).toMatch(/10 Result returned\s+<- breaks the law/);
    });
  });
}
