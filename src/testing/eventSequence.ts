import fc from 'fast-check';
import { DateTime } from 'luxon';
import { buildMachine, timeBoxDelay, type DossierMachine } from '../engine/buildMachine.js';
import type { MachineEvent } from '../model/event.js';
import type { ProcedureDecl } from '../model/procedure.js';
import { stateGraph, type StateGraph } from '../verify/explore.js';
import { timePath, type EventPath } from '../verify/timedPath.js';
import { modelOf, stepIndex, timerType, type Model } from '../verify/traversal.js';

/** One dossier's run: its events as the machine takes them (with `at`), and the timed path. */
export interface DossierRun {
  /** events to send to the machine, in order; a time box running out is XState's delayed event */
  events: MachineEvent[];
  /** the same run with instants, states and status codes after each event (as `tthc paths` prints) */
  path: EventPath;
}

export interface EventSequenceOptions {
  /** the machine (default: buildMachine(decl)) */
  machine?: DossierMachine;
  /** at most this many events (default 20) */
  maxEvents?: number;
  /** include time boxes running out (default true) */
  timers?: boolean;
  /** start of the run, epoch ms (default 2024-10-08 14:00 Asia/Ho_Chi_Minh) */
  start?: number;
  zone?: string;
  /** wall-clock minutes between two officials' events are drawn from 0 to this (default 10) */
  maxGapMinutes?: number;
}

const TIMER = -1;

const graphs = new WeakMap<ProcedureDecl, Map<DossierMachine | undefined, { model: Model; graph: StateGraph }>>();

/** The verification graph of a procedure, built once per declaration and machine. */
function graphOf(decl: ProcedureDecl, machine?: DossierMachine) {
  let byMachine = graphs.get(decl);
  if (!byMachine) graphs.set(decl, (byMachine = new Map()));
  let hit = byMachine.get(machine);
  if (!hit) {
    const model = modelOf(decl, machine ?? buildMachine(decl));
    hit = { model, graph: stateGraph(model) };
    byMachine.set(machine, hit);
  }
  return hit;
}

/**
 * Event sequences of one dossier that the procedure's machine accepts, event by event: a random
 * walk of its state graph (every step, exit, payment, send-back, supplement, withdrawal, stop,
 * and time boxes running out), with the officials' events a random number of minutes apart
 * (always inside the current time box unless the sequence says it runs out). Shrinks towards
 * shorter runs and earlier choices. Each run carries the states and status codes it must lead
 * to, so a developer can drive their own system with it and compare.
 * @example
 * fc.assert(fc.property(arbitraryEventSequence(procedureA), ({ events, path }) => {
 *   expect(myDossierSystem.replay(events).status).toBe(path.end.status);
 * }));
 */
export function arbitraryEventSequence(decl: ProcedureDecl, opts: EventSequenceOptions = {}): fc.Arbitrary<DossierRun> {
  const { model, graph } = graphOf(decl, opts.machine);
  const zone = opts.zone ?? 'Asia/Ho_Chi_Minh';
  const start = opts.start ?? DateTime.fromISO('2024-10-08T14:00:00', { zone }).toMillis();
  const delays = (model.machine.implementations?.delays ?? {}) as Record<string, unknown>;
  const maxEvents = opts.maxEvents ?? 20;
  // weighted choices at a node, forward moves first (so runs shrink towards the plain road to
  // the result): a move forward (a step done, a supplement asked or supplied, the result) counts
  // 24 times, the fee paid 8, a send-back 3, a time box 2, an event that leaves the dossier where it is (pay,
  // apology...) or closes it (refuse, withdraw, stop) once - a uniform walk closes nearly every
  // dossier long before its result
  const rank = (value: string) => {
    if (value === 'returned') return decl.steps.length;
    const i = stepIndex(decl, value);
    return i < 0 ? -1 : value === decl.steps[i].id ? i : i + 0.5;
  };
  const cache = new Map<string, number[]>();
  const choicesAt = (node: number, timer: boolean) => {
    const key = `${node}|${timer}`;
    let hit = cache.get(key);
    if (!hit) {
      const forward: number[] = [];
      const middle: number[] = [];
      const rest: number[] = [];
      const from = graph.nodes[node].value;
      graph.out[node].forEach((e, k) => {
        const to = graph.nodes[e.to].value;
        if (rank(to) > rank(from) || (e.event.type === 'supplement' && to !== from)) forward.push(...Array<number>(24).fill(k));
        else if (e.event.type === 'send_back') middle.push(k, k, k);
        // the fee paid: the dossier stays, but what its guards read changes
        else if (e.to !== node && !graph.nodes[e.to].final) middle.push(...Array<number>(8).fill(k));
        else rest.push(k);
      });
      hit = [...forward, ...middle, ...(timer ? [TIMER, TIMER] : []), ...rest];
      cache.set(key, hit);
    }
    return hit;
  };
  return fc
    .record({
      // unbiased draws: fast-check's bias towards boundary values would pick the same edge again and again
      choices: fc.array(fc.noBias(fc.nat({ max: 5039 })), { maxLength: maxEvents, size: 'max' }),
      gaps: fc.array(fc.integer({ min: 0, max: opts.maxGapMinutes ?? 10 }), { minLength: 1, maxLength: maxEvents }),
    })
    .map(({ choices, gaps }) => {
      const events: MachineEvent[] = [];
      let node = 0;
      let fired = false;
      for (const c of choices) {
        const n = graph.nodes[node];
        if (n.final) break;
        // a time box that has not run out in this visit is one more thing that can happen
        const timer = opts.timers !== false && !fired && typeof delays[timeBoxDelay(n.value)] === 'number';
        const options = choicesAt(node, timer);
        const k = options[c % options.length];
        if (k === TIMER) {
          events.push({ type: timerType(model.machine, n.value) } as MachineEvent);
          fired = true;
          continue;
        }
        const e = graph.out[node][k];
        events.push(e.event);
        if (graph.nodes[e.to].value !== n.value) fired = false;
        node = e.to;
      }
      return timePath(model, events, { start, zone, gapMinutes: gaps });
    });
}
