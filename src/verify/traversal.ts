/**
 * The event universe of a dossier machine and bounded traversals of it with xstate/graph,
 * time-box timers included: the one graph walker behind `tthc paths`, `tthc verify`, the
 * testing kit and the model-based tests of the bundled machines.
 */
import { initialTransition, transition, type EventFromLogic } from 'xstate';
import { getShortestPaths, getSimplePaths, type StatePath, type TraversalOptions } from 'xstate/graph';
import type { DossierMachine, DossierSnapshot } from '../engine/buildMachine.js';
import { FINAL_STATES, supplementState, timeBoxDelay } from '../engine/buildMachine.js';
import type { MachineEvent } from '../model/event.js';
import { EXIT_ACTIONS } from '../model/event.js';
import type { ProcedureDecl, StepDecl } from '../model/procedure.js';
import { ROLE_CODES, type RoleCode } from '../model/roles.js';

/** The dossier's owner (the official who submits it) and the role that official holds. */
export const OWNER = 'owner1';
export const OWNER_ROLE: RoleCode = 'TC-KT';
export const INPUT = { owner: OWNER };
export const MINUTE = 60_000;

/** Every event the machine type admits (XState adds its own, e.g. xstate.route). */
export type AnyEvent = EventFromLogic<DossierMachine>;
/** A path xstate/graph found: the snapshots it goes through and the events between them. */
export type Path = StatePath<DossierSnapshot, AnyEvent>;

/**
 * One official per role, not the owner.
 * @example officialOf('VP-TK') // 'vp-tk.1'
 */
export const officialOf = (role: RoleCode) => `${role.toLowerCase()}.1`;

/**
 * An event by the owner, or by the official holding `role`.
 * @example ev('receive', 'VP-TK') // { type: 'receive', official: 'vp-tk.1', role: 'VP-TK', at: 0 }
 */
export function ev(type: string, by: RoleCode | 'owner', at = 0): MachineEvent {
  return by === 'owner' ? { type, official: OWNER, role: OWNER_ROLE, at } : { type, official: officialOf(by), role: by, at };
}

/**
 * Type of the delayed event XState raises when a step's time box runs out.
 * @example timerType(procedureAMachine, 'receive') // 'xstate.after.timeBox_receive.procedure-A.receive'
 */
export const timerType = (machine: DossierMachine, step: string) => `xstate.after.${timeBoxDelay(step)}.${machine.id}.${step}`;
const TIMER = /^xstate\.after\.timeBox_([a-z][a-z0-9_]*)\./;
/**
 * The step whose time box an event is, or undefined for an official's event.
 * @example timerStep({ type: 'xstate.after.timeBox_sign.procedure-A.sign' }) // 'sign'
 */
export const timerStep = (e: { type: string }) => TIMER.exec(e.type)?.[1];

/** A procedure, its machine and the events a traversal offers it. */
export interface Model {
  decl: ProcedureDecl;
  machine: DossierMachine;
  /** Every event a traversal may try: each action by the owner and by one official per role, and every step's timer. */
  events: MachineEvent[];
  /** A smaller universe for simple paths: the owner's events, each step and its exits by the step's first role, a stop. */
  leanEvents: MachineEvent[];
}

/**
 * The event universe of a procedure's machine: every action the declaration names, done by the
 * owner and by one official of every role, and every step's time-box timer.
 * @example const model = modelOf(procedureA, procedureAMachine); model.events.length // 127
 */
export function modelOf(decl: ProcedureDecl, machine: DossierMachine): Model {
  const actions = [...new Set([...decl.steps.map((s) => s.action), ...Object.keys(EXIT_ACTIONS)])];
  const actors: Array<RoleCode | 'owner'> = ['owner', ...ROLE_CODES];
  // XState raises the timer as a bare `{ type }`; it is no official's event
  const timers = decl.steps.filter((s) => s.timeBoxMinutes > 0).map((s) => ({ type: timerType(machine, s.id) }) as MachineEvent);
  const events = [...actions.flatMap((a) => actors.map((by) => ev(a, by))), ...timers];

  const firstRole = (s: StepDecl) => s.roles.find((r): r is RoleCode => r !== 'owner');
  const lean = new Map<string, MachineEvent>();
  const add = (e: MachineEvent) => lean.set(JSON.stringify(e), e);
  for (const a of ['submit', 'pay', 'supplement', 'withdraw']) add(ev(a, 'owner'));
  for (const s of decl.steps) {
    const r = firstRole(s);
    if (!r) continue;
    add(ev(s.action, r));
    for (const x of ['request_supplement', 'refuse', 'send_back']) add(ev(x, r));
  }
  const stopper = decl.stopRoles.find((r): r is RoleCode => r !== 'owner');
  if (stopper) add(ev('stop', stopper));
  return { decl, machine, events, leanEvents: [...lean.values(), ...timers] };
}

/**
 * Index of a step, or of the step a supplement-wait state belongs to (-1 for a final state).
 * @example stepIndex(procedureA, 'supplement_appraise') // 2
 */
export const stepIndex = (decl: ProcedureDecl, state: string) => decl.steps.findIndex((s) => s.id === state || supplementState(s.id) === state);
/**
 * Whether a state value is one of the final states (returned, refused, withdrawn, stopped).
 * @example isFinal('refused') // true
 */
export const isFinal = (value: unknown) => typeof value === 'string' && value in FINAL_STATES;
/**
 * Send-backs so far: each one leaves a completed step to be done again, so done outgrows the position.
 * @example sendBacks(procedureA, snapshotAfterOneSendBack) // 1
 */
export const sendBacks = (decl: ProcedureDecl, s: DossierSnapshot) => s.context.done.length - stepIndex(decl, s.value as string);

export interface TraversalLimits {
  /** Send-backs allowed on one path (the machine allows any number; loops must be cut). */
  maxSendBacks?: number;
  /**
   * How states are told apart. 'exact': value and the whole context. 'timers' (the default):
   * what guards read, plus the send-backs so far and the set of steps whose time box ran out.
   * 'coarse': only what guards read (for simple paths and verification). Guards read no more
   * than the coarse key, so every key is a sound quotient: an edge found from one snapshot
   * holds for all of its key.
   */
  key?: 'exact' | 'timers' | 'coarse';
  /** Use the smaller event universe. */
  lean?: boolean;
  /** Offer the time-box timers (default true). */
  timers?: boolean;
  /** Supplement requests offered up to this many granted ones (default: the declaration's maximum). */
  supplementCap?: number;
}

/**
 * Traversal options that keep the graph finite and include the time boxes: a step's timer is
 * offered once per visit (XState arms it on entry and it fires at most once there), send-back
 * loops are cut, and a final state is not expanded (an actor that is done takes no event).
 * @example getShortestPaths(model.machine, traversal(model, { maxSendBacks: 0 }))
 */
export function traversal(model: Model, limits: TraversalLimits = {}): TraversalOptions<DossierSnapshot, AnyEvent, typeof INPUT> {
  const { decl } = model;
  const maxSendBacks = limits.maxSendBacks ?? 1;
  const supplementCap = limits.supplementCap ?? decl.maxSupplementRequests;
  // whether the time box of the current visit has already fired: a snapshot is made once, by
  // one event from one snapshot, so the flag is stable per object
  const fired = new WeakMap<DossierSnapshot, boolean>();
  const firedOf = (s: DossierSnapshot, e?: AnyEvent, prev?: DossierSnapshot): boolean => {
    let f = fired.get(s);
    if (f === undefined) {
      f = e !== undefined && timerStep(e) !== undefined ? true : prev !== undefined && prev.value === s.value ? firedOf(prev) : false;
      fired.set(s, f);
    }
    return f;
  };
  const serializeState = (s: DossierSnapshot, e?: AnyEvent, prev?: DossierSnapshot) => {
    const f = firedOf(s, e, prev);
    const c = s.context;
    const guarded = { paid: c.paid, signed: c.signed, supplements: c.supplements };
    const key = limits.key ?? 'timers';
    const ctx =
      key === 'exact'
        ? c
        : key === 'coarse'
          ? guarded
          : { ...guarded, sendBacks: isFinal(s.value) ? 0 : sendBacks(decl, s), timedOut: [...new Set(c.overTimeBox)].sort() };
    return JSON.stringify({ value: s.value, ctx, fired: f });
  };
  return {
    input: INPUT,
    events: limits.lean ? model.leanEvents : model.events,
    serializeState,
    filterEvents: (s, e) => {
      if (!s.can(e)) return false; // nothing happens: not an edge
      if (timerStep(e) !== undefined) return limits.timers !== false && !firedOf(s);
      if (e.type === 'send_back') return sendBacks(decl, s) < maxSendBacks;
      // one request more than the law allows is offered, so that a broken guard shows up
      if (e.type === 'request_supplement') return s.context.supplements <= supplementCap;
      return true;
    },
    stopWhen: (s) => s.status !== 'active',
    limit: 2_000_000,
  };
}

/**
 * The shortest path (fewest events) to every state key, timers included, one send-back at most.
 * @example shortestPaths(modelOf(procedureA, procedureAMachine)).filter((p) => p.state.value === 'returned')
 */
export const shortestPaths = (model: Model, limits?: TraversalLimits) => getShortestPaths(model.machine, traversal(model, limits)) as Path[];
/**
 * Every simple path (no state key twice) over the lean universe, without timers.
 * @example simplePaths(modelOf(procedureB, procedureBMachine)).length
 */
export const simplePaths = (model: Model, limits?: TraversalLimits) =>
  // vertices of a simple path are distinct, which already cuts the send-back loops
  getSimplePaths(model.machine, traversal(model, { key: 'coarse', lean: true, timers: false, maxSendBacks: Infinity, ...limits })) as Path[];

/**
 * The events of a path, without the leading `xstate.init`.
 * @example eventsOf(path).map((e) => e.type) // ['submit', 'pay', 'receive', ...]
 */
export const eventsOf = (path: Path) => path.steps.slice(1).map((s) => s.event) as MachineEvent[];
/**
 * The state values a path goes through, the initial one first.
 * @example valuesOf(path) // ['submit', 'receive', 'appraise', ...]
 */
export const valuesOf = (path: Path) => path.steps.map((s) => s.state.value as string);
/**
 * Whether a path ends in the given state.
 * @example endsIn(path, 'returned')
 */
export const endsIn = (path: Path, value: string) => path.state.value === value;

/**
 * Replays events through the pure transition function: every snapshot, the initial one first.
 * @example replayPure(procedureAMachine, [ev('submit', 'owner')]).at(-1)!.value // 'receive'
 */
export function replayPure(machine: DossierMachine, events: readonly MachineEvent[]): DossierSnapshot[] {
  let [s] = initialTransition(machine, INPUT);
  const out = [s];
  for (const e of events) {
    [s] = transition(machine, s, e);
    out.push(s);
  }
  return out;
}

/**
 * The snapshot a path's events really lead to (the path's own end may stand for its whole key).
 * @example endOf(model, path).context.done
 */
export const endOf = (model: Model, path: Path) => replayPure(model.machine, eventsOf(path)).at(-1)!;

/**
 * The shortest path to the first state matching `pred` (fewest events).
 * @example pathTo(shortestPaths(model), (s) => s.value === 'refused')
 */
export function pathTo(paths: Path[], pred: (s: DossierSnapshot) => boolean): Path {
  const found = paths.filter((p) => pred(p.state)).sort((a, b) => a.steps.length - b.steps.length)[0];
  if (!found) throw new Error('no path reaches the wanted state');
  return found;
}
