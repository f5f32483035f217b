import { EventBatch } from '../model/eventBatch.js';
import { inTimeOrder } from '../model/event.js';
import { codeHash } from '../model/log.js';
import type { Session, TimedEvent } from '../model/session.js';
import { overrideOf, timeBoxRule } from '../model/timeBox.js';
import type { DossierTrace, EventOutcome, Trace } from '../model/trace.js';
import { Driver, type DriveConsumer, type Held } from './drive.js';
import type { RejectionCode } from '../model/refusal.js';
import type { ProcedureRegistry } from './registry.js';

/** A session on the driver, one event at a time: the board; `replay` takes a whole timeline through it. */
export interface LiveSession {
  /** Current simulated time. */
  now(): number;
  /** Moves the clock forward to `ms`: time boxes that end by then are over. */
  advanceTo(ms: number): void;
  /** Applies one event at its instant (moving the clock first); never throws for a refused event. */
  apply(event: TimedEvent): EventOutcome;
  /** A copy of what happened so far. */
  trace(): Trace;
}

/**
 * Starts a session at its start instant: every planned dossier opens at its first step then, so
 * step time boxes run from the start. Events go through the one driver (engine/drive.ts) on the
 * compiled kernel; the clock is the events' own instants and what `advanceTo` is given.
 * @example
 * const live = startSession(session, registry);
 * for (const e of session.events) live.apply(e);
 * live.advanceTo(session.end ?? live.now());
 * const trace = live.trace();
 */
export function startSession(session: Session, registry: ProcedureRegistry): LiveSession {
  return new SessionDrive(session, registry);
}

/**
 * Replays a whole session on a simulated clock and returns its trace. Pure and
 * deterministic: the same session and procedures always give the same trace.
 * Events are applied in time order (ties keep input order); the clock then runs to the
 * session's end, or to the last event when the session names no end.
 * @example const trace = replay(session, makeRegistry([procedureA, procedureB]));
 */
export function replay(session: Session, registry: ProcedureRegistry): Trace {
  const run = new SessionDrive(session, registry);
  const events = inTimeOrder(session.events);
  run.take(events);
  const last = events.length ? events[events.length - 1].ms : session.start;
  run.advanceTo(Math.max(session.end ?? last, last));
  // nothing else holds this run: its traces need no copy
  return run.snapshot(false);
}

/** A session's drive: its planned dossiers on the driver, the outcome of each event, its clock. */
class SessionDrive implements LiveSession, DriveConsumer<undefined> {
  private readonly timeBox: Trace['timeBox'];
  private readonly driver: Driver<undefined>;
  private readonly outcomes: EventOutcome[] = [];
  private readonly incidents: TimedEvent[] = [];
  private clock: number;
  // time boxes that end exactly at the clock's instant are over only once the clock was moved to
  // it (advanceTo): an event at that instant comes before them (a step done at exactly 15:00 of
  // a 15-minute box is on time)
  private inclusive = true;

  constructor(
    private readonly session: Session,
    registry: ProcedureRegistry,
  ) {
    this.timeBox = timeBoxRule(session.timeBox);
    this.clock = session.start;
    this.driver = new Driver({ registry, override: overrideOf(this.timeBox) }, this);
    for (const plan of session.dossiers) this.driver.plan(plan.code, plan.procedure, plan.owner, plan.valid, session.start, codeHash(plan.code));
  }

  now(): number {
    return this.clock;
  }

  advanceTo(ms: number): void {
    this.clock = Math.max(ms, this.clock);
    this.inclusive = true;
  }

  apply(event: TimedEvent): EventOutcome {
    this.take([event]);
    return this.outcomes[this.outcomes.length - 1];
  }

  /** Applies events in the order given, each at its instant. */
  take(events: readonly TimedEvent[]): void {
    const batch = EventBatch.fromTimed(events);
    for (let i = 0; i < batch.length; i++) {
      if (batch.ms[i] > this.clock) {
        this.clock = batch.ms[i];
        this.inclusive = false;
      }
      // the clock never goes back: an event older than it happens now
      else batch.ms[i] = this.clock;
      this.driver.take(batch, i);
    }
  }

  trace(): Trace {
    return this.snapshot(true);
  }

  /** The trace at the clock's instant; `copy`: of its own, unchanged by later events. */
  snapshot(copy: boolean): Trace {
    this.driver.timeUp(this.clock, this.inclusive);
    const dossiers: DossierTrace[] = this.driver.held().map((h) => (copy ? structuredClone(h.kd.trace) : h.kd.trace));
    const { outcomes, incidents } = this;
    return {
      start: this.session.start,
      end: this.clock,
      timeBox: this.timeBox,
      dossiers,
      outcomes: copy ? [...outcomes] : outcomes,
      incidents: copy ? [...incidents] : incidents,
    };
  }

  // the driver's consumer: an outcome for every event
  row(): void {}
  incident(b: EventBatch, i: number): void {
    const event = b.timed(i);
    this.incidents.push(event);
    this.outcomes.push({ event, accepted: true });
  }
  stray(b: EventBatch, i: number): void {
    this.outcomes.push({ event: b.timed(i), accepted: false, reason: 'unknown_dossier' });
  }
  opened(): undefined {
    return undefined;
  }
  applied(h: Held<undefined>, b: EventBatch, i: number, refused: RejectionCode | undefined, _left: unknown, from: number): void {
    const event = b.timed(i);
    const was = h.kd.table.states[from];
    this.outcomes.push(
      refused === undefined ? { event, accepted: true, from: was, to: h.kd.trace.state } : { event, accepted: false, reason: refused, from: was, to: was },
    );
  }
  closed(): void {}
}
