import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { replay } from '../../src/engine/session.js';
import { replayWithActors, startActorSession } from '../../src/testing/actorOracle.js';
import { startSession } from '../../src/engine/session.js';
import { makeRegistry } from '../../src/engine/registry.js';
import { inTimeOrder } from '../../src/model/event.js';
import { arbitraryChaoticSession, arbitraryConformingSession } from 'tthc-sim/testing';
import { calendar, registry, runScenarioFile } from '../support/scenario.js';
import { readdirSync } from 'node:fs';

const params = { numRuns: Number(process.env.FC_RUNS ?? 200), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

describe('the fast kernel (flat transition table) against the XState machines', () => {
  it('gives the same trace as the actor engine on random event sequences, time boxes included', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, BUNDLED_PROCEDURES), fc.constantFrom(undefined, 5, 15, 40), (s, minutes) => {
        const session = minutes === undefined ? s : { ...s, timeBox: { minutes } };
        expect(replay(session, registry)).toEqual(replayWithActors(session, registry));
      }),
      params,
    );
  });

  it('gives the same trace on sessions where everyone does everything right', () => {
    fc.assert(
      fc.property(arbitraryConformingSession(calendar, BUNDLED_PROCEDURES), (s) => {
        expect(replay(s, registry)).toEqual(replayWithActors(s, registry));
      }),
      { numRuns: 50 },
    );
  });

  it("gives the same trace when dossiers get another procedure's actions or actions no procedure knows", () => {
    // the kernel numbers the actions its registry knows: a foreign action is a number the
    // dossier's table has no index for, an unknown one has no number at all
    const names = [...new Set(BUNDLED_PROCEDURES.flatMap((p) => p.steps.map((s) => s.action))), 'teleport', 'Submit'];
    const stray = fc.record({ at: fc.nat(), action: fc.constantFrom(...names), by: fc.nat() });
    fc.assert(
      fc.property(arbitraryConformingSession(calendar, BUNDLED_PROCEDURES), fc.array(stray, { minLength: 1, maxLength: 8 }), (s, extra) => {
        const events = [...s.events];
        for (const x of extra) {
          const like = s.events[x.at % s.events.length];
          const who = s.events[x.by % s.events.length];
          events.splice(x.at % (events.length + 1), 0, { ...like, action: x.action, official: who.official, role: who.role });
        }
        const session = { ...s, events };
        expect(replay(session, registry)).toEqual(replayWithActors(session, registry));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same trace when steps declare time boxes other than 15 minutes, with and without the session setting its own', () => {
    // every timed step of A and B at 7 to 90 minutes: the session's minutes replace them only when it sets them
    const odd = BUNDLED_PROCEDURES.map((p, k) => ({ ...p, steps: p.steps.map((st, i) => ({ ...st, timeBoxMinutes: 7 + ((i * 31 + k * 17) % 84) })) }));
    const oddRegistry = makeRegistry(odd);
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, odd), fc.constantFrom(undefined, 15, 40), (s, minutes) => {
        const session = minutes === undefined ? s : { ...s, timeBox: { minutes } };
        expect(replay(session, oddRegistry)).toEqual(replayWithActors(session, oddRegistry));
      }),
      { numRuns: 100 },
    );
  });

  it('shows the board the same trace as the actors at every moment it looks, one event at a time', () => {
    // the board applies events one by one and moves the clock between them; a look at any
    // instant (time boxes that ran out by then included) must match the machines
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, BUNDLED_PROCEDURES), fc.array(fc.nat({ max: 30 * 60_000 }), { maxLength: 40 }), (s, pauses) => {
        const kernel = startSession(s, registry);
        const actors = startActorSession(s, registry);
        inTimeOrder(s.events).forEach((e, i) => {
          expect(kernel.apply(e)).toEqual(actors.apply(e));
          const pause = pauses[i % Math.max(1, pauses.length)];
          if (pause !== undefined && i % 3 === 0) {
            const t = Math.min(e.ms + pause, s.events[s.events.length - 1].ms);
            kernel.advanceTo(t);
            actors.advanceTo(t);
          }
          expect(kernel.trace()).toEqual(actors.trace());
        });
      }),
      { numRuns: 100 },
    );
  });

  it.each(readdirSync('scenarios').filter((f) => f.endsWith('.yaml')))('gives the same trace on the bundled scenario %s', (file) => {
    const { loaded } = runScenarioFile(`scenarios/${file}`);
    expect(replay(loaded.session, registry)).toEqual(replayWithActors(loaded.session, registry));
  });
});
