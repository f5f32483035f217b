import { replay } from './engine/session.js';
import type { ProcedureRegistry } from './engine/registry.js';
import { scoreSession, type SessionResult } from './analysis/score.js';
import type { Rubric } from './analysis/rubric.js';
import type { Session, TimeBoxRule } from './model/session.js';
import type { Trace } from './model/trace.js';
import type { Calendar } from './time/calendar.js';

export interface RunOptions {
  registry: ProcedureRegistry;
  calendar: Calendar;
  rubric: Rubric;
  /** overrides the scenario's time-box reading */
  timeBox?: Partial<TimeBoxRule>;
}

/**
 * The lifecycle of a run after parsing: session -> replay (engine) -> trace -> scores and flags.
 * @example
 * const { session } = parseScenario(file, text, registry);
 * const { result } = runSession(session, { registry, calendar: makeCalendar(VN_CALENDAR), rubric: DEFAULT_RUBRIC });
 */
export function runSession(session: Session, opts: RunOptions): { trace: Trace; result: SessionResult } {
  const s = opts.timeBox ? { ...session, timeBox: { ...session.timeBox, ...opts.timeBox } } : session;
  const trace = replay(s, opts.registry);
  return { trace, result: scoreSession(s, trace, opts.registry, opts.calendar, opts.rubric) };
}
