import type { ProcedureDecl } from '../model/procedure.js';
import type { DossierTrace } from '../model/trace.js';
import type { Calendar } from '../time/calendar.js';
import { DueReader, remainingMinutes } from './impl/due.js';

/** The overdue-risk flag: raised at the first moment the remaining steps could no longer finish in time. */
export interface RiskFlag {
  at: number;
  /** the step the dossier was at (or due to be at) when the flag was raised */
  step: string;
  /** index of that visit in the dossier's visits */
  visit: number;
  /** the flag would be raised after the session ended: a warning for whoever carries on */
  afterSessionEnd: boolean;
}

/** Lateness of one dossier (trễ hạn / quá hạn) against its statutory due time. */
export interface DossierTiming {
  dueAt?: number;
  returnedAt?: number;
  /** returned after its due time, or still not returned when its due time passed within the session */
  late: boolean;
  /** open at the end of the session, not late yet, and its remaining steps at their time boxes finish after the due time */
  wouldBeLate: boolean;
  /** when the remaining steps would finish at their time boxes, for a dossier open at the end */
  projectedFinish?: number;
  /** minutes past the due time, by the clock (returned late dossiers) */
  lateByMinutes?: number;
  risk?: RiskFlag;
  apology: { required: boolean; issuedAt?: number; beforeDue?: boolean };
}

/**
 * Due time, lateness and the overdue-risk flag of a dossier, from its trace.
 *
 * The due time runs from reception (tiếp nhận). Time spent waiting for the submitter's
 * supplement is not counted (Quyết định 766/QĐ-TTg): the time limit runs again from the
 * moment the supplement arrives, so the due time becomes the later of the two. For each stay at a step after reception, the latest safe moment is
 * the due time (as known when the stay began) minus the office minutes of the time boxes of
 * this and every later step; a stay that lasts past that moment raises the flag there. The
 * flag is computed as if open steps never end, so it never moves once raised, and it is
 * always raised no later than the moment the dossier actually goes late.
 *
 * @example dossierTiming(trace.dossiers[0], procedureA, cal, trace.end).risk?.at
 */
export function dossierTiming(
  d: DossierTrace,
  decl: ProcedureDecl,
  cal: Calendar,
  sessionEnd: number,
  extraWorkingDays?: number,
  /** minutes that replace every step's declared time box (a session's own setting); undefined: the declared ones */
  override?: number,
): DossierTiming {
  const apologyIssuedAt = d.apologyAt;
  const c = new DueReader().read(d, decl, cal, sessionEnd, extraWorkingDays, override);
  const { returnedAt, late, dueAt } = c;
  if (!c.received) return { returnedAt, late: false, wouldBeLate: false, apology: { required: false, issuedAt: apologyIssuedAt } };
  const risk: RiskFlag | undefined = c.risk ? { at: c.riskAt, step: c.riskStep, visit: c.riskVisit, afterSessionEnd: c.riskAt > sessionEnd } : undefined;
  const current = d.visits[d.visits.length - 1];
  const projectedFinish =
    c.open && current
      ? cal.addWorkingMinutes(Math.max(sessionEnd, current.arrivedAt), remainingMinutes(decl, current.step, cal, extraWorkingDays, override))
      : undefined;
  const wouldBeLate = !late && projectedFinish !== undefined && projectedFinish > dueAt;
  const lateByMinutes = returnedAt !== undefined && late ? Math.round((returnedAt - dueAt) / 6_000) / 10 : undefined;
  return {
    dueAt,
    returnedAt,
    late,
    wouldBeLate,
    projectedFinish,
    lateByMinutes,
    risk,
    apology: {
      required: late || wouldBeLate,
      issuedAt: apologyIssuedAt,
      beforeDue: apologyIssuedAt === undefined ? undefined : apologyIssuedAt <= dueAt,
    },
  };
}
