import { createActor, type Actor } from 'xstate';
import { INPUT, MINUTE, stepIndex, timerStep, type Model } from '../verify/traversal.js';
import type { MachineEvent } from '../model/event.js';
import type { Session, TimedEvent } from '../model/session.js';
import { overrideOf, timeBoxRule, timedBoxOf } from '../model/timeBox.js';
import { inTimeOrder } from '../model/event.js';
import type { LiveSession } from '../engine/session.js';
import type { DossierTrace, EventOutcome, Trace } from '../model/trace.js';
import { HeapClock } from '../time/clock.js';
import { FINAL_STATES, stateMeta, statusOf, timeBoxDelay, type DossierMachine, type DossierSnapshot } from '../engine/buildMachine.js';
import { classifyRejection } from '../engine/classify.js';
import type { CompiledProcedure, ProcedureRegistry } from '../engine/registry.js';

/**
 * The test oracle: a session run on XState actors, one per dossier, on a simulated heap clock -
 * the machines themselves, timers included. No command runs it; the differential property test
 * holds the driver (engine/session.ts on the compiled kernel) equal to it, event by event, and
 * the benchmark measures the kernel against it. Use it to check your own procedure the same way.
 */

interface Live {
  proc: CompiledProcedure;
  actor: Actor<DossierMachine>;
  trace: DossierTrace;
  seenOverTimeBox: number;
}

/**
 * Starts an incremental replay of a session on actors at its start instant: every planned dossier
 * gets an actor on a shared simulated heap clock, so step time boxes run from the start.
 * @example
 * const live = startActorSession(session, registry);
 * for (const e of session.events) live.apply(e);
 * live.advanceTo(session.end ?? live.now());
 * const trace = live.trace();
 */
export function startActorSession(session: Session, registry: ProcedureRegistry): LiveSession {
  const clock = new HeapClock(session.start);
  const timeBox = timeBoxRule(session.timeBox);
  const override = overrideOf(timeBox);
  const dossiers = new Map<string, Live>();
  const outcomes: EventOutcome[] = [];
  const incidents: TimedEvent[] = [];
  let current: TimedEvent | undefined;

  for (const plan of session.dossiers) {
    const proc = registry.get(plan.procedure);
    if (!proc) throw new Error(`dossier ${plan.code}: unknown procedure "${plan.procedure}"`);
    const machine = override === undefined ? proc.machine : withTimeBox(proc, override);
    const actor = createActor(machine, { input: { owner: plan.owner }, clock });
    const trace: DossierTrace = {
      code: plan.code,
      procedure: plan.procedure,
      owner: plan.owner,
      valid: plan.valid,
      state: '',
      status: 0,
      statusHistory: [],
      visits: [],
      supplementWaits: [],
    };
    const live: Live = { proc, actor, trace, seenOverTimeBox: 0 };
    actor.subscribe((snap) => observe(live, snap));
    dossiers.set(plan.code, live);
    actor.start();
  }

  function observe(live: Live, snap: DossierSnapshot) {
    const t = live.trace;
    const now = clock.now();
    const state = snap.value as string;
    const ctx = snap.context;
    const by = current?.official ?? '';
    if (state !== t.state) {
      const prev = t.state;
      if (prev) {
        const meta = stateMeta(live.proc.machine, prev);
        if (meta.kind === 'step') {
          const visit = t.visits[t.visits.length - 1];
          Object.assign(visit, { leftAt: now, leftBy: by, leftVia: current?.action });
          const step = live.proc.decl.steps.find((s) => s.id === meta.step)!;
          if (current?.action === step.action) {
            if (step === live.proc.decl.steps[0]) t.submittedAt = now;
            if (step.reception) Object.assign(t, { receivedAt: now, receivedBy: by });
          }
        } else if (meta.kind === 'supplement') {
          t.supplementWaits[t.supplementWaits.length - 1].to = now;
        }
      }
      const meta = stateMeta(live.proc.machine, state);
      if (meta.kind === 'step') t.visits.push({ step: meta.step!, arrivedAt: now });
      if (meta.kind === 'supplement') t.supplementWaits.push({ step: meta.step!, from: now, requestedBy: by });
      if (meta.kind === 'final') Object.assign(t, { closedAt: now, closedAs: state as keyof typeof FINAL_STATES });
      t.state = state;
    }
    if (ctx.overTimeBox.length > live.seenOverTimeBox) {
      live.seenOverTimeBox = ctx.overTimeBox.length;
      const visit = t.visits[t.visits.length - 1];
      if (visit && visit.leftAt === undefined) visit.overTimeBoxAt = now;
    }
    if (ctx.paid && t.paidAt === undefined) t.paidAt = now;
    if (ctx.receipt && t.receiptAt === undefined) t.receiptAt = now;
    if (ctx.apology && t.apologyAt === undefined) Object.assign(t, { apologyAt: now, apologyBy: by });
    const status = statusOf(live.proc.decl, state, ctx);
    if (status !== t.status || t.statusHistory.length === 0) {
      t.status = status;
      t.statusHistory.push({ at: now, state, status });
    }
  }

  function apply(event: TimedEvent): EventOutcome {
    clock.advanceBefore(Math.max(event.ms, clock.now()));
    if (event.action === 'connection_failure') {
      incidents.push(event);
      return record({ event, accepted: true });
    }
    const live = dossiers.get(event.dossier);
    if (!live) return record({ event, accepted: false, reason: 'unknown_dossier' });
    const snap = live.actor.getSnapshot();
    const from = snap.value as string;
    const mev: MachineEvent = { type: event.action, official: event.official, role: event.role, at: event.ms };
    if (snap.status !== 'active' || !snap.can(mev)) {
      const reason = snap.status !== 'active' ? 'after_closed' : classifyRejection(live.proc.decl, from, snap.context, mev);
      return record({ event, accepted: false, reason, from, to: from });
    }
    current = event;
    try {
      live.actor.send(mev);
    } finally {
      current = undefined;
    }
    return record({ event, accepted: true, from, to: live.actor.getSnapshot().value as string });
  }

  function record(outcome: EventOutcome) {
    outcomes.push(outcome);
    return outcome;
  }

  return {
    now: () => clock.now(),
    advanceTo: (ms) => clock.advanceTo(Math.max(ms, clock.now())),
    apply,
    trace: () => ({
      start: session.start,
      end: clock.now(),
      timeBox,
      dossiers: [...dossiers.values()].map((d) => structuredClone(d.trace)),
      outcomes: [...outcomes],
      incidents: [...incidents],
    }),
  };
}

function withTimeBox(proc: CompiledProcedure, minutes: number): DossierMachine {
  const delays: Record<string, number> = {};
  for (const s of proc.decl.steps) if (timedBoxOf(s, minutes) > 0) delays[timeBoxDelay(s.id)] = timedBoxOf(s, minutes) * 60_000;
  return proc.machine.provide({ delays }) as DossierMachine;
}

/**
 * A whole session replayed on actors: what `replay` (engine/session.ts) must equal.
 * @example expect(replay(session, registry)).toEqual(replayWithActors(session, registry))
 */
export function replayWithActors(session: Session, registry: ProcedureRegistry): Trace {
  const live = startActorSession(session, registry);
  const events = inTimeOrder(session.events);
  for (const e of events) live.apply(e);
  const last = events.length ? events[events.length - 1].ms : session.start;
  live.advanceTo(Math.max(session.end ?? last, last));
  return live.trace();
}

export interface ActorReplay {
  /** the actor, still running unless it reached a final state: the caller stops it */
  actor: Actor<DossierMachine>;
  snapshot: DossierSnapshot;
  clock: HeapClock;
  /** values after each event, as the path's steps give them */
  values: string[];
  /** for each timer of the path: the step, when it fired, and whether it had fired a millisecond earlier */
  timers: Array<{ step: string; armedAt: number; firedAt: number; earlyFired: boolean; recorded: boolean }>;
}

/**
 * Replays a path's events through a real actor on a HeapClock started at 0: officials' events
 * are sent at the current instant; a time-box event is not sent, the clock is advanced by the
 * step's time box instead.
 * @example const r = replayActor(model, eventsOf(path)); r.snapshot.value // 'returned'
 */
export function replayActor(model: Model, events: readonly MachineEvent[]): ActorReplay {
  const clock = new HeapClock(0);
  const actor = createActor(model.machine, { input: INPUT, clock });
  actor.start();
  const values: string[] = [actor.getSnapshot().value as string];
  const timers: ActorReplay['timers'] = [];
  let enteredAt = 0;
  for (const e of events) {
    const before = actor.getSnapshot();
    const step = timerStep(e);
    if (step !== undefined) {
      const minutes = model.decl.steps[stepIndex(model.decl, step)].timeBoxMinutes;
      const due = enteredAt + minutes * MINUTE;
      const seen = before.context.overTimeBox.length;
      clock.advanceTo(due - 1);
      const earlyFired = actor.getSnapshot().context.overTimeBox.length !== seen;
      clock.advanceTo(due);
      const after = actor.getSnapshot().context.overTimeBox;
      timers.push({ step, armedAt: enteredAt, firedAt: due, earlyFired, recorded: after.length === seen + 1 && after[seen] === step });
    } else {
      actor.send({ ...e, at: clock.now() });
    }
    const now = actor.getSnapshot();
    if (now.value !== before.value) enteredAt = clock.now();
    values.push(now.value as string);
  }
  return { actor, snapshot: actor.getSnapshot(), clock, values, timers };
}
