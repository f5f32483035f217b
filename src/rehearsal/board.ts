import { REASONS } from '../analysis/reasons.js';
import { refusalReason } from '../model/refusal.js';
import type { DossierResult, SessionResult } from '../analysis/score.js';
import { stateMeta } from '../engine/buildMachine.js';
import type { ProcedureRegistry } from '../engine/registry.js';
import { EXIT_ACTIONS, INCIDENT_ACTIONS } from '../model/event.js';
import type { ProcedureDecl } from '../model/procedure.js';
import { ROLES, type RoleCode } from '../model/roles.js';
import type { DossierPlan, Official, Session } from '../model/session.js';
import { STATUSES } from '../model/status.js';
import type { Text } from '../model/text.js';
import type { DossierTrace, Trace } from '../model/trace.js';
import type { Calendar } from '../time/calendar.js';
import { candidatesFor } from '../model/assign.js';
import { overrideOf, timeBoxOf, timedBoxOf } from '../model/timeBox.js';

// The rehearsal board as data: what the page draws, computed from the live trace and the same
// analysis `tthc run` prints (scoreSession), at one instant of the simulated clock. Pure: the
// server calls it on every change and sends the result to the browsers as JSON.

/** One step of the remaining way, with the latest moment it must be done for the dossier to be on time. */
export interface SaveStep {
  action: string;
  label: Text;
  /** who is expected to do it, when known */
  official?: string;
  /** latest moment to have it done if every later step takes its full time box */
  by: number;
}

/** A quick action offered on a dossier's card: what would move it on now. */
export interface NextAction {
  action: string;
  label: Text;
  official?: string;
}

/** A dossier on the board. */
export interface DossierCard {
  code: string;
  procedure: string;
  owner: string;
  ownerName: string;
  valid: boolean;
  /** the board column: a step id of its procedure, or "closed" */
  column: string;
  /** the step it is at (or waits a supplement for) */
  step?: string;
  stepName?: Text;
  /** waiting for the submitter's supplement (time not counted) */
  waitingSupplement: boolean;
  status: number;
  statusText: Text;
  closedAs?: string;
  closedAt?: number;
  /** when it arrived at its current step */
  arrivedAt?: number;
  /** when its current step's time box runs out (per-dossier), or its holder's (per-official) */
  timeBoxEndsAt?: number;
  receivedAt?: number;
  dueAt?: number;
  returnedAt?: number;
  late: boolean;
  wouldBeLate: boolean;
  /** the overdue-risk flag; `active` once the clock has reached it, else the moment it will rise if nothing happens */
  risk?: { at: number; step: string; stepName: Text; active: boolean; holder?: string };
  /** officials expected to act on it now */
  holders: string[];
  next: NextAction[];
  paid: boolean;
  apologyAt?: number;
}

/** An at-risk dossier, with what would still save it. */
export interface Alert {
  dossier: string;
  procedure: string;
  /** when the flag rose */
  at: number;
  step: string;
  stepName: Text;
  holders: string[];
  dueAt: number;
  /** already past its due time */
  late: boolean;
  /** the remaining steps and the latest moment each must be done; empty once nothing can save it */
  save: SaveStep[];
  apologyIssuedAt?: number;
}

/** One dossier waiting on an official. */
export interface QueueItem {
  dossier: string;
  step: string;
  action: string;
  label: Text;
  since: number;
  timeBoxEndsAt?: number;
  /** several officials hold the role and none is assigned: whoever takes it */
  shared: boolean;
}

/** An official with their queue. */
export interface OfficialCard {
  id: string;
  name: string;
  role: RoleCode;
  roleText: Text;
  assessed: boolean;
  queue: QueueItem[];
  /** the soonest time box end of the queue */
  timeBoxEndsAt?: number;
  refused: number;
}

/** A recorded action, as the page lists it. */
export interface RecentAction {
  at: number;
  official: string;
  officialName: string;
  action: string;
  label: Text;
  dossier: string;
  accepted: boolean;
  reason?: string;
  reasonText?: Text;
}

/** A column of the board: one step of a procedure, or the closed dossiers. */
export interface BoardColumn {
  id: string;
  name: Text;
}

/** Everything the page shows. */
export interface BoardView {
  unit: { name: string; district?: string };
  zone: string;
  date: string;
  start: number;
  end?: number;
  now: number;
  timeBox: { minutes: number; mode: string };
  lanes: { procedure: string; name: Text; columns: BoardColumn[] }[];
  dossiers: DossierCard[];
  alerts: Alert[];
  officials: OfficialCard[];
  recent: RecentAction[];
  /** the vocabulary of the recording form */
  actions: { action: string; label: Text; procedures: string[]; incident: boolean }[];
  counts: { dossiers: number; returned: number; atRisk: number; late: number; refused: number };
}

/** What the board is computed from. */
export interface BoardInput {
  session: Session;
  trace: Trace;
  result: SessionResult;
  registry: ProcedureRegistry;
  calendar: Calendar;
  /** the simulated instant shown */
  now: number;
  /** how many recent actions to list */
  recent?: number;
}

const CLOSED: BoardColumn = { id: 'closed', name: { vi: 'Đã kết thúc', en: 'Closed' } };
const NOT_SUBMITTED: Text = { vi: 'Chưa nộp', en: 'Not submitted' };
const CLOSED_AS: Record<string, Text> = {
  returned: STATUSES[10],
  refused: STATUSES[3],
  withdrawn: STATUSES[7],
  stopped: STATUSES[8],
};

/**
 * The label of an action of a procedure: its step's name, an exit's or an incident's.
 * @example actionLabel(procedureA, 'sign') // { vi: 'Ký số và chuyển phát hành', en: 'Sign digitally and send for issue' }
 */
export function actionLabel(decl: ProcedureDecl | undefined, action: string): Text {
  const step = decl?.steps.find((s) => s.action === action);
  if (step) return step.name;
  return (EXIT_ACTIONS as Record<string, Text>)[action] ?? (INCIDENT_ACTIONS as Record<string, Text>)[action] ?? { vi: action, en: action };
}

/**
 * The remaining steps of a dossier from `step` on, each with the latest moment it must be done
 * so that the later steps, at their full time boxes (in office minutes, as the overdue-risk flag
 * counts them), still finish by the due time.
 * @example saveSteps(procedureA, 'sign', due17h, cal) // [{ action: 'sign', by: 16:45 }, { action: 'return', by: 17:00 }]
 */
export function saveSteps(
  decl: ProcedureDecl,
  step: string,
  dueAt: number,
  cal: Calendar,
  override?: number,
): { step: string; action: string; label: Text; by: number }[] {
  const from = decl.steps.findIndex((s) => s.id === step);
  if (from < 0) return [];
  const out: { step: string; action: string; label: Text; by: number }[] = [];
  let after = 0;
  for (let i = decl.steps.length - 1; i >= from; i--) {
    const s = decl.steps[i];
    out.unshift({ step: s.id, action: s.action, label: s.name, by: cal.subtractWorkingMinutes(dueAt, after) });
    after += timeBoxOf(s, override);
  }
  return out;
}

/**
 * Computes the board at one instant from the live trace and its scoring.
 * @example const view = boardView({ session, trace, result: scoreSession(session, trace, registry, cal, rubric), registry, calendar: cal, now })
 */
export function boardView(input: BoardInput): BoardView {
  const { session, trace, result, registry, calendar, now } = input;
  const officials = new Map(session.officials.map((o) => [o.id, o]));
  const plans = new Map(session.dossiers.map((d) => [d.code, d]));
  const results = new Map(result.dossiers.map((d) => [d.code, d]));
  const nameOf = (id: string) => officials.get(id)?.name ?? id;
  const minutes = trace.timeBox.minutes;
  const perOfficial = trace.timeBox.mode === 'per-official';
  // the session's own minutes, when it set them, replace every step's declared time box
  const override = overrideOf(trace.timeBox);

  /** who is expected to do a step (model/assign: the assignment, the owner, else every acting holder of the role) */
  const responsible = (plan: DossierPlan, decl: ProcedureDecl, stepId: string): { ids: string[]; shared: boolean } => {
    const ids = candidatesFor(
      session.officials,
      plan,
      decl.steps.find((s) => s.id === stepId)!,
    );
    return { ids, shared: ids.length > 1 };
  };
  /** a step's time box as the engine times it, undefined for a step that is not timed */
  const boxOf = (decl: ProcedureDecl, stepId: string) =>
    timedBoxOf(
      decl.steps.find((x) => x.id === stepId)!,
      override,
    ) || undefined;

  // per-official reading: one window per official and step, from the first dossier reaching them
  const windows = new Map<string, number>();
  if (perOfficial) {
    for (const d of trace.dossiers) {
      const plan = plans.get(d.code)!;
      const decl = registry.get(d.procedure)!.decl;
      for (const v of d.visits) {
        const who = v.leftBy ? [v.leftBy] : responsible(plan, decl, v.step).ids;
        for (const w of who) {
          const key = `${w}\u0000${v.step}`;
          windows.set(key, Math.min(windows.get(key) ?? Infinity, v.arrivedAt));
        }
      }
    }
  }

  const queues = new Map<string, QueueItem[]>(session.officials.map((o) => [o.id, []]));
  const cards: DossierCard[] = [];
  const alerts: Alert[] = [];
  for (const d of trace.dossiers) {
    const plan = plans.get(d.code)!;
    const decl = registry.get(d.procedure)!.decl;
    const r = results.get(d.code)!;
    const meta = stateMeta(registry.get(d.procedure)!.machine, d.state);
    const open = meta.kind !== 'final';
    const step = meta.step;
    const visit = d.visits[d.visits.length - 1];
    const arrivedAt = meta.kind === 'step' ? visit?.arrivedAt : meta.kind === 'supplement' ? d.supplementWaits[d.supplementWaits.length - 1]?.from : undefined;
    const who = step && meta.kind === 'step' ? responsible(plan, decl, step) : { ids: meta.kind === 'supplement' ? [d.owner] : [], shared: false };
    let timeBoxEndsAt: number | undefined;
    if (meta.kind === 'step' && step && arrivedAt !== undefined) {
      const box = boxOf(decl, step);
      if (box !== undefined) {
        const from = perOfficial && who.ids.length === 1 ? (windows.get(`${who.ids[0]}\u0000${step}`) ?? arrivedAt) : arrivedAt;
        timeBoxEndsAt = from + box * 60_000;
      }
    }
    const next = nextActions(decl, d, meta.kind, step, plan, who.ids);
    for (const n of next)
      for (const id of n.official ? [n.official] : who.ids)
        queues.get(id)?.push({
          dossier: d.code,
          step: step ?? '',
          action: n.action,
          label: n.label,
          since: n.action === 'pay' || n.action === 'save_receipt' ? (d.submittedAt ?? arrivedAt ?? now) : (arrivedAt ?? now),
          timeBoxEndsAt: n.action === 'pay' || n.action === 'save_receipt' ? undefined : timeBoxEndsAt,
          shared: !n.official && who.shared,
        });

    const risk = r.risk
      ? { at: r.risk.at, step: r.risk.step, stepName: decl.steps.find((s) => s.id === r.risk!.step)!.name, active: r.risk.at <= now, holder: r.riskHolder }
      : undefined;
    cards.push({
      code: d.code,
      procedure: d.procedure,
      owner: d.owner,
      ownerName: nameOf(d.owner),
      valid: d.valid,
      column: open && step ? step : CLOSED.id,
      step,
      stepName: step ? decl.steps.find((s) => s.id === step)!.name : undefined,
      waitingSupplement: meta.kind === 'supplement',
      status: d.status,
      statusText: d.status === 0 ? NOT_SUBMITTED : (STATUSES[d.status as keyof typeof STATUSES] ?? CLOSED_AS[d.closedAs ?? '']),
      closedAs: d.closedAs,
      closedAt: d.closedAt,
      arrivedAt,
      timeBoxEndsAt,
      receivedAt: d.receivedAt,
      dueAt: r.dueAt,
      returnedAt: r.returnedAt,
      // a dossier waiting for the submitter's supplement is not running late: that wait is not counted (QĐ 766)
      late: r.late || (meta.kind === 'step' && r.dueAt !== undefined && r.dueAt < now),
      wouldBeLate: r.wouldBeLate,
      risk,
      holders: who.ids,
      next,
      paid: d.paidAt !== undefined,
      apologyAt: d.apologyAt,
    });
    if (open && risk?.active && r.dueAt !== undefined && meta.kind === 'step' && step)
      alerts.push(alertOf(d, r, decl, step, (s) => responsible(plan, decl, s).ids, plan, calendar, now, override));
  }

  const officialCards: OfficialCard[] = session.officials.map((o) => {
    const queue = (queues.get(o.id) ?? []).sort((a, b) => (a.timeBoxEndsAt ?? Infinity) - (b.timeBoxEndsAt ?? Infinity) || a.since - b.since);
    const ends = queue.map((q) => q.timeBoxEndsAt).filter((t): t is number => t !== undefined);
    return {
      id: o.id,
      name: o.name,
      role: o.role,
      roleText: ROLES[o.role],
      assessed: o.assessed,
      queue,
      timeBoxEndsAt: ends.length ? Math.min(...ends) : undefined,
      refused: trace.outcomes.filter((x) => !x.accepted && x.event.official === o.id).length,
    };
  });

  const recent: RecentAction[] = trace.outcomes
    .slice(-(input.recent ?? 12))
    .reverse()
    .map((o) => {
      const plan = plans.get(o.event.dossier);
      const decl = plan ? registry.get(plan.procedure)?.decl : undefined;
      const code = o.reason ? refusalReason(o.reason) : undefined;
      return {
        at: o.event.ms,
        official: o.event.official,
        officialName: nameOf(o.event.official),
        action: o.event.action,
        label: actionLabel(decl, o.event.action),
        dossier: o.event.dossier,
        accepted: o.accepted,
        reason: o.reason,
        reasonText: code ? REASONS[code] : undefined,
      };
    });

  const procs = [...new Set(session.dossiers.map((d) => d.procedure))].map((id) => registry.get(id)!.decl);
  const actions = new Map<string, { action: string; label: Text; procedures: string[]; incident: boolean }>();
  for (const p of procs)
    for (const s of p.steps) {
      const a = actions.get(s.action) ?? { action: s.action, label: s.name, procedures: [], incident: false };
      a.procedures.push(p.id);
      actions.set(s.action, a);
    }
  for (const [a, label] of Object.entries(EXIT_ACTIONS)) actions.set(a, { action: a, label, procedures: procs.map((p) => p.id), incident: false });
  for (const [a, label] of Object.entries(INCIDENT_ACTIONS)) actions.set(a, { action: a, label, procedures: [], incident: true });

  alerts.sort((a, b) => a.dueAt - b.dueAt || a.at - b.at || a.dossier.localeCompare(b.dossier));
  return {
    unit: { name: session.unit.name, district: session.unit.district },
    zone: session.zone,
    date: calendar.dateOf(session.start),
    start: session.start,
    end: session.end,
    now,
    timeBox: { minutes, mode: trace.timeBox.mode },
    lanes: procs.map((p) => ({ procedure: p.id, name: p.name, columns: [...p.steps.map((s) => ({ id: s.id, name: s.name })), CLOSED] })),
    dossiers: cards,
    alerts,
    officials: officialCards,
    recent,
    actions: [...actions.values()],
    counts: {
      dossiers: cards.length,
      returned: cards.filter((c) => c.closedAs === 'returned').length,
      atRisk: cards.filter((c) => c.risk?.active).length,
      late: cards.filter((c) => c.late).length,
      refused: trace.outcomes.filter((o) => !o.accepted).length,
    },
  };
}

/** The actions that would move a dossier on now: its step's own (or paying first), the supplement, the receipt. */
function nextActions(decl: ProcedureDecl, d: DossierTrace, kind: string, step: string | undefined, plan: DossierPlan, holders: string[]): NextAction[] {
  const out: NextAction[] = [];
  const fee = decl.fee !== undefined && decl.fee.amountVnd > 0;
  const submitted = d.submittedAt !== undefined;
  if (kind === 'final') return out;
  if (kind === 'supplement') return [{ action: 'supplement', label: EXIT_ACTIONS.supplement, official: d.owner }];
  const s = step ? decl.steps.find((x) => x.id === step) : undefined;
  if (s) out.push({ action: s.action, label: s.name, official: holders.length === 1 ? holders[0] : undefined });
  if (fee && submitted && d.paidAt === undefined) out.push({ action: 'pay', label: EXIT_ACTIONS.pay, official: plan.owner });
  else if (fee && d.paidAt !== undefined && d.receiptAt === undefined)
    out.push({ action: 'save_receipt', label: EXIT_ACTIONS.save_receipt, official: plan.owner });
  return out;
}

function alertOf(
  d: DossierTrace,
  r: DossierResult,
  decl: ProcedureDecl,
  step: string,
  whoFor: (step: string) => string[],
  plan: DossierPlan,
  cal: Calendar,
  now: number,
  override: number | undefined,
): Alert {
  const dueAt = r.dueAt!;
  const steps = saveSteps(decl, step, dueAt, cal, override);
  const save: SaveStep[] = [];
  const fee = decl.fee !== undefined && decl.fee.amountVnd > 0;
  for (const s of steps) {
    const requires = decl.steps.find((x) => x.id === s.step)!.requires;
    // an unpaid fee blocks the step that requires it: the owner must pay before it is done
    if (fee && d.paidAt === undefined && requires.includes('payment') && !save.some((x) => x.action === 'pay'))
      save.push({ action: 'pay', label: EXIT_ACTIONS.pay, official: plan.owner, by: s.by });
    const who = whoFor(s.step);
    save.push({ action: s.action, label: s.label, official: who.length === 1 ? who[0] : undefined, by: s.by });
  }
  const late = dueAt < now;
  return {
    dossier: d.code,
    procedure: d.procedure,
    at: r.risk!.at,
    step: r.risk!.step,
    stepName: decl.steps.find((s) => s.id === r.risk!.step)!.name,
    holders: whoFor(step),
    dueAt,
    late,
    save: late ? [] : save,
    apologyIssuedAt: d.apologyAt,
  };
}
