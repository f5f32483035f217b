import type { DueRule, ProcedureDecl } from '../../model/procedure.js';
import { timeBoxOf } from '../../model/timeBox.js';
import type { DossierTrace } from '../../model/trace.js';
import type { Calendar } from '../../time/calendar.js';
import { dueTime } from '../../time/due.js';

// The hot path of lateness: an audit works out the due time and the flag of millions of
// dossiers. What it remembers between calls (the shapes of a procedure on a calendar, the due
// time of each minute) lives here and nowhere else; analysis/lateness.ts is the plain face of it.

/** The core of dossierTiming: what an audit of millions of dossiers reads of each. */
export interface DossierDue {
  /** received (the due time runs); when not, nothing else but returnedAt holds */
  received: boolean;
  dueAt: number;
  returnedAt: number | undefined;
  late: boolean;
  /** neither closed nor waiting for a supplement at the end */
  open: boolean;
  /** the overdue-risk flag is raised: at riskAt, at step riskStep (visit riskVisit) */
  risk: boolean;
  riskAt: number;
  riskStep: string;
  riskVisit: number;
}

/**
 * Reads due time, lateness and the overdue-risk flag of dossiers, as dossierTiming works them
 * out, into one object of its own reused from call to call (read it before the next call): an
 * audit asks this of every dossier it closes, and needs no more.
 * @example const due = new DueReader(); const { late, dueAt } = due.read(trace, procedureA, cal, end)
 */
export class DueReader {
  private readonly out: DossierDue = {
    received: false,
    dueAt: 0,
    returnedAt: undefined,
    late: false,
    open: false,
    risk: false,
    riskAt: 0,
    riskStep: '',
    riskVisit: 0,
  };

  read(d: DossierTrace, decl: ProcedureDecl, cal: Calendar, sessionEnd: number, extraWorkingDays?: number, override?: number): Readonly<DossierDue> {
    return dossierDue(this.out, d, decl, cal, sessionEnd, extraWorkingDays, override);
  }
}

/**
 * Office minutes of the time boxes of a step and every later one: what the step needs to finish
 * the dossier.
 * @example remainingMinutes(procedureA, 'sign', cal) // 30 (sign, then return)
 */
export function remainingMinutes(decl: ProcedureDecl, step: string, cal: Calendar, extraWorkingDays?: number, override?: number): number {
  return shapeOf(decl, extraWorkingDays ?? 0, override, cal).remaining.get(step)!;
}

function dossierDue(
  out: DossierDue,
  d: DossierTrace,
  decl: ProcedureDecl,
  cal: Calendar,
  sessionEnd: number,
  extraWorkingDays?: number,
  /** minutes that replace every step's declared time box (a session's own setting); undefined: the declared ones */
  override?: number,
): DossierDue {
  out.returnedAt = d.closedAs === 'returned' ? d.closedAt : undefined;
  out.received = d.receivedAt !== undefined;
  out.risk = false;
  out.late = false;
  if (d.receivedAt === undefined) return out;
  const shape = shapeOf(decl, extraWorkingDays ?? 0, override, cal);
  const { first, remaining, latest } = shape;
  const received = d.receivedAt;
  const base = shape.due(received);
  // most dossiers never wait for a supplement: no list
  const waits = d.supplementWaits.length ? d.supplementWaits.filter((w) => w.from >= received) : NO_WAITS;
  const waitingAtEnd = waits.length > 0 && waits.some((w) => w.to === undefined);
  const dueAt = dueKnownAt(shape, base, waits, Number.POSITIVE_INFINITY);

  for (let i = 0; i < d.visits.length; i++) {
    const v = d.visits[i];
    if (v.arrivedAt < received || v.step === first) continue;
    const deadline = latest(dueKnownAt(shape, base, waits, v.arrivedAt), remaining.get(v.step)!);
    const end = v.leftAt ?? Number.POSITIVE_INFINITY;
    const closedElsewhere = v.leftAt === undefined && d.closedAs !== undefined;
    if (end > deadline && !closedElsewhere && !(v.leftAt === undefined && waitingAtEnd)) {
      out.risk = true;
      out.riskAt = Math.max(v.arrivedAt, deadline);
      out.riskStep = v.step;
      out.riskVisit = i;
      break;
    }
  }

  out.open = d.closedAs === undefined && !waitingAtEnd;
  out.late = out.returnedAt !== undefined ? out.returnedAt > dueAt : out.open && dueAt < sessionEnd;
  out.dueAt = dueAt;
  return out;
}

/** The due time as known at `t`: from reception, or later from a supplement that arrived by then. */
const dueKnownAt = (shape: Shape, base: number, waits: DossierTrace['supplementWaits'], t: number): number =>
  waits.length === 0 ? base : waits.reduce((at, w) => (w.to !== undefined && w.to <= t ? Math.max(at, shape.due(w.to)) : at), base);

const NO_WAITS: DossierTrace['supplementWaits'] = [];

interface Shape {
  decl: ProcedureDecl;
  cal: Calendar;
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
let lastShape: Shape | undefined;
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
  // an audit asks for the same few shapes over and over
  const last = lastShape;
  if (last && last.decl === decl && last.cal === cal && last.more === more && last.timeBoxMinutes === timeBoxMinutes) return last;
  let byDecl = shapes.get(cal);
  if (!byDecl) shapes.set(cal, (byDecl = new WeakMap()));
  let list = byDecl.get(decl);
  if (!list) byDecl.set(decl, (list = []));
  for (const shape of list) if (shape.more === more && shape.timeBoxMinutes === timeBoxMinutes) return (lastShape = shape);
  const rule: DueRule =
    decl.due.kind === 'sameDayCutoff' ? { ...decl.due, extraWorkingDays: decl.due.extraWorkingDays + more } : { ...decl.due, days: decl.due.days + more };
  const remaining = new Map(decl.steps.map((s, i) => [s.id, decl.steps.slice(i).reduce((m, x) => m + timeBoxOf(x, timeBoxMinutes), 0)]));
  const minutes = new Float64Array(DUE_SLOTS).fill(NaN);
  const dues = new Float64Array(DUE_SLOTS);
  let lastBy = NaN;
  let lastLatest = new Map<number, number>();
  const latests = new Map<number, Map<number, number>>();
  const shape: Shape = {
    decl,
    cal,
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
  lastShape = shape;
  return shape;
}
