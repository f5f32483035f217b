import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { procedureA, procedureAMachine, procedureB, procedureBMachine } from '../../machines/index.js';
import { HeapClock } from '../../src/time/clock.js';
import { timePath } from '../../src/verify/timedPath.js';
import { eventsOf, INPUT, modelOf, shortestPaths, simplePaths, timerStep, type Model } from '../../src/verify/traversal.js';

const START = Date.parse('2024-10-08T14:00:00+07:00');
const ZONE = 'Asia/Ho_Chi_Minh';

/** Sends a timed run to a real actor on a heap clock: the states after each event, and the time boxes that ran out. */
function runOnClock(model: Model, events: ReturnType<typeof timePath>['events']) {
  const clock = new HeapClock(START);
  const actor = createActor(model.machine, { input: INPUT, clock }).start();
  const seen: Array<{ state: string; timedOut: number }> = [];
  for (const e of events) {
    if (timerStep(e) !== undefined) clock.advanceTo(e.at);
    else {
      clock.advanceBefore(e.at);
      actor.send(e);
    }
    seen.push({ state: actor.getSnapshot().value as string, timedOut: actor.getSnapshot().context.overTimeBox.length });
  }
  actor.stop();
  return seen;
}

describe('timed paths', () => {
  for (const [decl, machine] of [
    [procedureA, procedureAMachine],
    [procedureB, procedureBMachine],
  ] as const) {
    const model = modelOf(decl, machine);
    it(`times every path of procedure ${decl.id} so that a real actor on a heap clock goes through the same states, its time boxes running out exactly where the path says`, () => {
      // A's shortest paths without send-backs, B's with one and a third of its simple paths
      const paths =
        decl.id === 'A' ? shortestPaths(model, { maxSendBacks: 0 }) : [...shortestPaths(model), ...simplePaths(model).filter((_, i) => i % 3 === 0)];
      expect(paths.length).toBeGreaterThan(100);
      for (const p of paths) {
        const { path, events } = timePath(model, eventsOf(p), { start: START, zone: ZONE, gapMinutes: [1, 7, 0, 13] });
        let timers = 0;
        const expected = path.events.map((e) => ({ state: e.state, timedOut: (timers += e.timeBoxOf ? 1 : 0) }));
        expect(runOnClock(model, events)).toEqual(expected);
        expect(path.end.state).toBe(p.state.value);
      }
    });
  }

  it('prints each event with its instant, who did it, the state it leads to and the status code', () => {
    const model = modelOf(procedureA, procedureAMachine);
    const p = shortestPaths(model).find((x) => x.state.value === 'returned' && eventsOf(x).some((e) => timerStep(e) === 'sign'))!;
    const { path } = timePath(model, eventsOf(p), { start: START, zone: ZONE });
    expect(path.start).toEqual({ at: '2024-10-08T14:00:00+07:00', state: 'submit', status: 0 });
    const sign = path.events.findIndex((e) => e.timeBoxOf === 'sign');
    // a time box running out moves the dossier nowhere: same state, same status
    expect(path.events[sign]).toEqual({
      at: path.events[sign].at,
      minute: path.events[sign].minute,
      timeBoxOf: 'sign',
      state: 'sign',
      status: path.events[sign - 1].status,
    });
    // the time box runs out 15 minutes after the dossier reached the step
    const arrived = path.events.findIndex((e) => e.state === 'sign');
    expect(path.events[sign].minute - path.events[arrived].minute).toBe(15);
    expect(path.events[0]).toEqual({ at: '2024-10-08T14:01:00+07:00', minute: 1, action: 'submit', by: 'owner', role: 'TC-KT', state: 'receive', status: 1 });
    expect(path.end).toEqual({ state: 'returned', status: 10 });
  });
});
