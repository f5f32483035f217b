import type { ProcedureRegistry } from '../engine/registry.js';
import { LEADER_ROLES, type RoleCode } from '../model/roles.js';
import type { DossierPlan, Session } from '../model/session.js';
import { isActing, responsibleFor } from '../model/assign.js';
import { overrideOf, timedBoxOf } from '../model/timeBox.js';
import type { DossierTrace, Trace } from '../model/trace.js';
import type { Calendar } from '../time/calendar.js';
import { dossierTiming, type DossierTiming } from './lateness.js';
import type { ReasonCode } from './reasons.js';
import { refusalReason } from '../model/refusal.js';
import type { Rubric } from './rubric.js';

/** One reason on an official's score card. */
export interface Reason {
  code: ReasonCode;
  dossier?: string;
  step?: string;
  at?: number;
  /** figures behind the reason, e.g. minutes taken */
  detail?: Record<string, string | number>;
  points: number;
  failing: boolean;
}

/** Kết quả - an official's result. */
export type Verdict = 'pass' | 'fail' | 'not_assessed';

export interface OfficialResult {
  id: string;
  name: string;
  role: RoleCode;
  assessed: boolean;
  notAssessedReason?: string;
  verdict: Verdict;
  score?: number;
  reasons: Reason[];
  /** each step this official moved a dossier on, with its duration */
  steps: { dossier: string; step: string; arrivedAt: number; leftAt: number; via: string; minutes: number }[];
}

export interface DossierResult
  extends DossierTiming, Pick<DossierTrace, 'code' | 'procedure' | 'owner' | 'valid' | 'state' | 'status' | 'receivedAt' | 'closedAs'> {
  /** official who held the dossier when the overdue risk arose */
  riskHolder?: string;
}

export interface UnitResult {
  name: string;
  district?: string;
  dossierCount: number;
  minDossiers: number;
  meetsMinimum: boolean;
  readinessGaps: { code: ReasonCode; official?: string }[];
  passed: number;
  failed: number;
  notAssessed: number;
  late: number;
  wouldBeLate: number;
  atRisk: number;
  apologiesMissing: number;
}

/** Everything a report shows: the analyses of one trace. */
export interface SessionResult {
  start: number;
  end: number;
  timeBox: Trace['timeBox'];
  calendar: string;
  rubric: Rubric;
  unit: UnitResult;
  officials: OfficialResult[];
  dossiers: DossierResult[];
  rejected: Trace['outcomes'];
}

/**
 * Scores every official and summarises the unit from a trace: reasons with stable codes,
 * score within [0, maxScore], pass/fail by the rubric; per dossier the due time, lateness,
 * the overdue-risk flag and who held the dossier then.
 * @example const result = scoreSession(session, replay(session, registry), registry, cal, DEFAULT_RUBRIC)
 */
export function scoreSession(session: Session, trace: Trace, registry: ProcedureRegistry, cal: Calendar, rubric: Rubric): SessionResult {
  const officials = new Map(session.officials.map((o) => [o.id, o]));
  const plans = new Map(session.dossiers.map((d) => [d.code, d]));
  const reasons = new Map<string, Reason[]>(session.officials.map((o) => [o.id, []]));
  const steps = new Map<string, OfficialResult['steps']>(session.officials.map((o) => [o.id, []]));
  const give = (who: string | undefined, code: ReasonCode, extra: Omit<Reason, 'code' | 'points' | 'failing'> = {}) => {
    if (!who || !reasons.has(who)) return;
    reasons.get(who)!.push({ code, ...extra, points: rubric.penalties[code] ?? 0, failing: rubric.failing.includes(code) });
  };
  const acting = isActing;
  // the session's own minutes, when it set them, replace every step's declared time box
  const override = overrideOf(trace.timeBox);

  /** who is expected to do a step of a dossier: the assignment, the owner, or the only holder of the role */
  const responsible = (plan: DossierPlan, stepId: string) =>
    responsibleFor(
      session.officials,
      plan,
      registry.get(plan.procedure)!.decl.steps.find((s) => s.id === stepId)!,
    );

  // what the engine refused
  for (const o of trace.outcomes) {
    if (o.accepted || !o.reason) continue;
    give(o.event.official, refusalReason(o.reason), {
      dossier: o.event.dossier || undefined,
      at: o.event.ms,
      detail: { action: o.event.action },
    });
  }
  for (const i of trace.incidents) give(i.official, 'connection_failure', { at: i.ms });

  const dossiers: DossierResult[] = [];
  for (const d of trace.dossiers) {
    const plan = plans.get(d.code)!;
    const decl = registry.get(d.procedure)!.decl;
    const timing = dossierTiming(d, decl, cal, trace.end, plan.extraWorkingDays, override);
    const holderOf = (visit: number) => {
      const v = d.visits[visit];
      return v.leftBy || responsible(plan, v.step);
    };
    const riskHolder = timing.risk ? holderOf(timing.risk.visit) : undefined;
    dossiers.push({
      code: d.code,
      procedure: d.procedure,
      owner: d.owner,
      valid: d.valid,
      state: d.state,
      status: d.status,
      receivedAt: d.receivedAt,
      closedAs: d.closedAs,
      ...timing,
      riskHolder,
    });
    if (timing.late || timing.wouldBeLate) give(riskHolder, 'caused_late_dossier', { dossier: d.code, step: timing.risk?.step, at: timing.risk?.at });

    d.visits.forEach((v, i) => {
      const step = decl.steps.find((s) => s.id === v.step)!;
      const holder = holderOf(i);
      if (v.leftAt !== undefined && v.leftBy)
        steps
          .get(v.leftBy)
          ?.push({ dossier: d.code, step: v.step, arrivedAt: v.arrivedAt, leftAt: v.leftAt, via: v.leftVia ?? '', minutes: (v.leftAt - v.arrivedAt) / 60_000 });
      // a step never done is charged once, as missing, not also as slow
      if (trace.timeBox.mode === 'per-dossier' && step.scored && v.overTimeBoxAt !== undefined && v.leftAt !== undefined)
        give(holder, 'step_over_time_box', {
          dossier: d.code,
          step: v.step,
          at: v.overTimeBoxAt,
          detail: { minutes: Math.round(((v.leftAt ?? trace.end) - v.arrivedAt) / 6_000) / 10, limit: timedBoxOf(step, override) },
        });
      if (step.reception && v.leftVia) {
        const accepted = v.leftVia === step.action;
        const firstReception = d.visits.findIndex((x) => x.step === v.step) === i;
        if (!d.valid && accepted && firstReception) give(v.leftBy, 'accepted_invalid_dossier', { dossier: d.code, at: v.leftAt });
        if (d.valid && (v.leftVia === 'request_supplement' || v.leftVia === 'refuse'))
          give(v.leftBy, 'rejected_valid_dossier', { dossier: d.code, at: v.leftAt });
      }
    });

    // required actions never done
    const owner = officials.get(d.owner);
    const fee = decl.fee !== undefined && decl.fee.amountVnd > 0;
    if (owner && acting(owner)) {
      if (d.submittedAt === undefined) give(d.owner, 'missing_submission', { dossier: d.code });
      else if (fee && d.paidAt === undefined && d.closedAs !== 'refused' && d.closedAs !== 'withdrawn') give(d.owner, 'missing_payment', { dossier: d.code });
      else if (fee && d.paidAt !== undefined && d.receiptAt === undefined) give(d.owner, 'missing_receipt', { dossier: d.code });
    }
    const last = d.visits[d.visits.length - 1];
    const waiting = d.supplementWaits.some((w) => w.to === undefined);
    // a step blocked by the owner's missing payment is the owner's fault, counted above
    const blockedByFee = fee && d.paidAt === undefined && last && decl.steps.find((s) => s.id === last.step)!.requires.includes('payment');
    if (d.submittedAt !== undefined && d.closedAs === undefined && !waiting && last && last.leftAt === undefined && !blockedByFee)
      give(responsible(plan, last.step), 'missing_step', { dossier: d.code, step: last.step });

    if (owner?.birthRegistration && decl.birthRegistration && owner.birthRegistration !== decl.birthRegistration)
      give(d.owner, 'wrong_procedure', { dossier: d.code, detail: { procedure: decl.id, birthRegistration: owner.birthRegistration } });
  }

  if (trace.timeBox.mode === 'per-official') {
    // one window per official and step: from the first dossier reaching them to the last they moved on
    const windows = new Map<string, { who: string; step: string; from: number; to: number; count: number; limit: number }>();
    for (const d of trace.dossiers) {
      const plan = plans.get(d.code)!;
      const decl = registry.get(d.procedure)!.decl;
      d.visits.forEach((v) => {
        const who = v.leftBy || responsible(plan, v.step);
        if (!who) return;
        const key = `${who}\u0000${v.step}`;
        const w = windows.get(key) ?? {
          who,
          step: v.step,
          from: v.arrivedAt,
          to: 0,
          count: 0,
          limit: timedBoxOf(
            decl.steps.find((s) => s.id === v.step)!,
            override,
          ),
        };
        w.from = Math.min(w.from, v.arrivedAt);
        w.to = Math.max(w.to, v.leftAt ?? trace.end);
        w.count++;
        windows.set(key, w);
      });
    }
    for (const w of windows.values()) {
      const minutes = (w.to - w.from) / 60_000;
      if (w.limit > 0 && minutes > w.limit)
        give(w.who, 'step_over_time_box', {
          step: w.step,
          at: w.from + w.limit * 60_000,
          detail: { minutes: Math.round(minutes * 10) / 10, limit: w.limit, dossiers: w.count },
        });
    }
  }

  // roster: who should and should not be assessed, readiness
  const actors = new Set(trace.outcomes.map((o) => o.event.official));
  const owners = new Set(session.dossiers.map((d) => d.owner));
  const readinessGaps: UnitResult['readinessGaps'] = [];
  if (!session.unit.templatesConfigured) readinessGaps.push({ code: 'templates_not_configured' });
  for (const o of session.officials) {
    if (!o.assessed && actors.has(o.id)) give(o.id, 'acted_though_not_assessed');
    if (o.assessed && (o.status === 'probation' || o.status === 'maternity_leave')) give(o.id, 'assessed_though_exempt', { detail: { status: o.status } });
    if (!acting(o)) continue;
    if (!owners.has(o.id)) give(o.id, 'missing_submission');
    const gaps: ReasonCode[] = [];
    if (!o.readiness.account) gaps.push('not_ready_account');
    if (LEADER_ROLES.includes(o.role) && !o.readiness.signature) gaps.push('not_ready_signature');
    if (owners.has(o.id) && !o.readiness.paymentApp) gaps.push('not_ready_payment_app');
    for (const g of gaps) {
      give(o.id, g);
      readinessGaps.push({ code: g, official: o.id });
    }
  }

  const results: OfficialResult[] = session.officials.map((o) => {
    const rs = reasons.get(o.id)!.sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
    if (!o.assessed)
      return {
        id: o.id,
        name: o.name,
        role: o.role,
        assessed: false,
        notAssessedReason: o.notAssessedReason,
        verdict: 'not_assessed',
        reasons: rs,
        steps: steps.get(o.id)!,
      };
    const score = Math.max(0, Math.min(rubric.maxScore, rubric.maxScore - rs.reduce((s, r) => s + r.points, 0)));
    const verdict: Verdict = score >= rubric.passMark && !rs.some((r) => r.failing) ? 'pass' : 'fail';
    return { id: o.id, name: o.name, role: o.role, assessed: true, verdict, score, reasons: rs, steps: steps.get(o.id)! };
  });

  const count = session.dossiers.length;
  return {
    start: trace.start,
    end: trace.end,
    timeBox: trace.timeBox,
    calendar: cal.name,
    rubric,
    unit: {
      name: session.unit.name,
      district: session.unit.district,
      dossierCount: count,
      minDossiers: rubric.minDossiers,
      meetsMinimum: count >= rubric.minDossiers,
      readinessGaps,
      passed: results.filter((r) => r.verdict === 'pass').length,
      failed: results.filter((r) => r.verdict === 'fail').length,
      notAssessed: results.filter((r) => r.verdict === 'not_assessed').length,
      late: dossiers.filter((d) => d.late).length,
      wouldBeLate: dossiers.filter((d) => d.wouldBeLate).length,
      atRisk: dossiers.filter((d) => d.risk).length,
      apologiesMissing: dossiers.filter((d) => d.apology.required && d.apology.issuedAt === undefined).length,
    },
    officials: results,
    dossiers,
    rejected: trace.outcomes.filter((o) => !o.accepted),
  };
}
