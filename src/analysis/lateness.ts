import type { DueRule, ProcedureDecl } from '../model/procedure.js';
import type { DossierTrace } from '../model/trace.js';
import type { Calendar } from '../time/calendar.js';
import { dueTime } from '../time/due.js';

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
export function dossierTiming(d: DossierTrace, decl: ProcedureDecl, cal: Calendar, sessionEnd: number, extraWorkingDays?: number, timeBoxMinutes?: number): DossierTiming {
  const returnedAt = d.closedAs === 'returned' ? d.closedAt : undefined;
  const apologyIssuedAt = d.apologyAt;
  if (d.receivedAt === undefined) {
    return { returnedAt, late: false, wouldBeLate: false, apology: { required: false, issuedAt: apologyIssuedAt } };
  }
  const { first, remaining, due, latest } = shapeOf(decl, extraWorkingDays ?? 0, timeBoxMinutes, cal);
  const base = due(d.receivedAt);
  const received = d.receivedAt;
  // most dossiers never wait for a supplement: no list
  const waits = d.supplementWaits.length ? d.supplementWaits.filter((w) => w.from >= received) : NO_WAITS;
  const dueKnownAt = (t: number) =>
    waits.length === 0 ? base : waits.reduce((at, w) => (w.to !== undefined && w.to <= t ? Math.max(at, due(w.to)) : at), base);
  const waitingAtEnd = waits.some((w) => w.to === undefined);
  const dueAt = dueKnownAt(Number.POSITIVE_INFINITY);

  let risk: RiskFlag | undefined;
  for (let i = 0; i < d.visits.length && !risk; i++) {
    const v = d.visits[i];
    if (v.arrivedAt < received || v.step === first) continue;
    const deadline = latest(dueKnownAt(v.arrivedAt), remaining.get(v.step)!);
    const end = v.leftAt ?? Number.POSITIVE_INFINITY;
    const closedElsewhere = v.leftAt === undefined && d.closedAs !== undefined;
    if (end > deadline && !closedElsewhere && !(v.leftAt === undefined && waitingAtEnd)) {
      const at = Math.max(v.arrivedAt, deadline);
      risk = { at, step: v.step, visit: i, afterSessionEnd: at > sessionEnd };
    }
  }

  const open = d.closedAs === undefined && !waitingAtEnd;
  const late = returnedAt !== undefined ? returnedAt > dueAt : open && dueAt < sessionEnd;
  const current = d.visits[d.visits.length - 1];
  const projectedFinish = open && current ? cal.addWorkingMinutes(Math.max(sessionEnd, current.arrivedAt), remaining.get(current.step)!) : undefined;
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

const NO_WAITS: DossierTrace['supplementWaits'] = [];

interface Shape {
  more: number;
  timeBoxMinutes: number | undefined;
  /** the first step (submission) */
  first: string;
  /** office minutes of the time boxes of a step and every later one */
  remaining: Map<string, number>;
  /** the due time of a dossier received (or supplemented) at an instant */
  due(at: number): number;
  /** the latest instant from which `minutes` of office time still end by `by` */
  latest(by: number, minutes: number): number;
}
const shapes = new WeakMap<Calendar, WeakMap<ProcedureDecl, Shape[]>>();
const MINUTE = 60_000;
/** slots of the due-time memo: about eleven days of minutes (256 KB a procedure) */
const DUE_SLOTS = 1 << 14;

/**
 * What dossierTiming needs of a procedure on a calendar, worked out once per procedure,
 * extension and time box, with the calendar's answers remembered: an audit asks the same
 * questions for millions of dossiers. The due time is the same for every instant of one minute
 * (office hours, cut-offs and zone offsets since 1970 are whole minutes), so it is remembered
 * by minute, in a table indexed by the minute.
 */
function shapeOf(decl: ProcedureDecl, more: number, timeBoxMinutes: number | undefined, cal: Calendar): Shape {
  let byDecl = shapes.get(cal);
  if (!byDecl) shapes.set(cal, (byDecl = new WeakMap()));
  let list = byDecl.get(decl);
  if (!list) byDecl.set(decl, (list = []));
  for (const shape of list) if (shape.more === more && shape.timeBoxMinutes === timeBoxMinutes) return shape;
  const rule: DueRule =
    decl.due.kind === 'sameDayCutoff' ? { ...decl.due, extraWorkingDays: decl.due.extraWorkingDays + more } : { ...decl.due, days: decl.due.days + more };
  // a session's own time box (timeBox.minutes) replaces the declared one of every timed step, as in the machines
  const boxOf = (s: ProcedureDecl['steps'][number]) => (timeBoxMinutes !== undefined && s.timeBoxMinutes > 0 ? timeBoxMinutes : s.timeBoxMinutes);
  const remaining = new Map(decl.steps.map((s, i) => [s.id, decl.steps.slice(i).reduce((m, x) => m + boxOf(x), 0)]));
  const minutes = new Float64Array(DUE_SLOTS).fill(NaN);
  const dues = new Float64Array(DUE_SLOTS);
  let lastBy = NaN;
  let lastLatest = new Map<number, number>();
  const latests = new Map<number, Map<number, number>>();
  const shape: Shape = {
    more,
    timeBoxMinutes,
    first: decl.steps[0].id,
    remaining,
    due(at) {
      const minute = Math.floor(at / MINUTE);
      const slot = minute & (DUE_SLOTS - 1);
      if (minutes[slot] !== minute) {
        dues[slot] = dueTime(rule, minute * MINUTE, cal);
        minutes[slot] = minute;
      }
      return dues[slot];
    },
    latest(by, mins) {
      // the visits of one dossier mostly share their due time
      if (by !== lastBy) {
        let m = latests.get(by);
        if (!m) {
          if (latests.size > 10_000) latests.clear();
          latests.set(by, (m = new Map()));
        }
        lastBy = by;
        lastLatest = m;
      }
      let at = lastLatest.get(mins);
      if (at === undefined) lastLatest.set(mins, (at = cal.subtractWorkingMinutes(by, mins)));
      return at;
    },
  };
  list.push(shape);
  return shape;
}
