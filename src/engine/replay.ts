import type { Session } from '../model/session.js';
import type { Trace } from '../model/trace.js';
import type { ProcedureRegistry } from './registry.js';
import { startSession } from './session.js';

/**
 * Replays a whole session on a simulated clock and returns its trace. Pure and
 * deterministic: the same session and procedures always give the same trace.
 * Events are applied in time order (ties keep input order); the clock then runs to the
 * session's end, or to the last event when the session names no end.
 * @example const trace = replay(session, makeRegistry([procedureA, procedureB]));
 */
export function replay(session: Session, registry: ProcedureRegistry): Trace {
  const live = startSession(session, registry);
  const events = session.events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.ms - b.e.ms || a.i - b.i)
    .map((x) => x.e);
  for (const e of events) live.apply(e);
  const last = events.length ? events[events.length - 1].ms : session.start;
  live.advanceTo(Math.max(session.end ?? last, last));
  return live.trace();
}
