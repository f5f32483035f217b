import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { replayFast } from '../../src/engine/kernel.js';
import { replay } from '../../src/engine/replay.js';
import { arbitraryChaoticSession, arbitraryConformingSession } from 'tthc-sim/testing';
import { calendar, registry, runScenarioFile } from '../support/scenario.js';
import { readdirSync } from 'node:fs';

const params = { numRuns: Number(process.env.FC_RUNS ?? 200), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

describe('the fast kernel (flat transition table) against the XState machines', () => {
  it('gives the same trace as the actor engine on random event sequences, time boxes included', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, BUNDLED_PROCEDURES), fc.constantFrom(undefined, 5, 15, 40), (s, minutes) => {
        const session = minutes === undefined ? s : { ...s, timeBox: { minutes } };
        expect(replayFast(session, registry)).toEqual(replay(session, registry));
      }),
      params,
    );
  });

  it('gives the same trace on sessions where everyone does everything right', () => {
    fc.assert(
      fc.property(arbitraryConformingSession(calendar, BUNDLED_PROCEDURES), (s) => {
        expect(replayFast(s, registry)).toEqual(replay(s, registry));
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
        expect(replayFast(session, registry)).toEqual(replay(session, registry));
      }),
      { numRuns: 100 },
    );
  });

  it.each(readdirSync('scenarios').filter((f) => f.endsWith('.yaml')))('gives the same trace on the bundled scenario %s', (file) => {
    const { loaded } = runScenarioFile(`scenarios/${file}`);
    expect(replayFast(loaded.session, registry)).toEqual(replay(loaded.session, registry));
  });
});
