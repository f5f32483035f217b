import type { SessionResult } from '../analysis/score.js';
import { REASONS } from '../analysis/reasons.js';
import type { RenderContext } from './context.js';
import { speaker, VERDICTS } from './format.js';
import { ROLES } from '../model/roles.js';

/**
 * The machine-readable report: every figure of the session with times as ISO 8601 (with
 * offset), each reason with its stable code and its text in the report language.
 * @example JSON.parse(renderReportJson(result, ctx)).unit.dossierCount
 */
export function renderReportJson(r: SessionResult, ctx: RenderContext): string {
  const sp = speaker(ctx.lang, ctx.zone);
  const iso = sp.iso;
  const doc = {
    session: {
      unit: r.unit.name,
      district: r.unit.district,
      start: iso(r.start),
      end: iso(r.end),
      calendar: r.calendar,
      timeBox: {
        minutes: r.timeBox.minutes,
        mode: r.timeBox.mode,
        description: sp.t(r.timeBox.mode === 'per-dossier' ? 'timeBoxPerDossier' : 'timeBoxPerOfficial', { m: r.timeBox.minutes }),
      },
      lang: ctx.lang,
    },
    rubric: r.rubric,
    unit: r.unit,
    officials: r.officials.map((o) => ({
      id: o.id,
      name: o.name,
      role: o.role,
      roleName: ROLES[o.role][ctx.lang],
      assessed: o.assessed,
      notAssessedReason: o.notAssessedReason,
      verdict: o.verdict,
      verdictText: sp.text(VERDICTS[o.verdict]),
      score: o.score,
      reasons: o.reasons.map((x) => ({ ...x, at: iso(x.at), text: REASONS[x.code][ctx.lang] })),
      steps: o.steps.map((s) => ({ ...s, arrivedAt: iso(s.arrivedAt), leftAt: iso(s.leftAt), minutes: Math.round(s.minutes * 10) / 10 })),
    })),
    dossiers: r.dossiers.map((d) => ({
      code: d.code,
      procedure: d.procedure,
      owner: d.owner,
      valid: d.valid,
      state: d.state,
      status: d.status,
      statusText: sp.status(d.status),
      closedAs: d.closedAs,
      receivedAt: iso(d.receivedAt),
      dueAt: iso(d.dueAt),
      returnedAt: iso(d.returnedAt),
      late: d.late,
      lateByMinutes: d.lateByMinutes,
      wouldBeLate: d.wouldBeLate,
      projectedFinish: iso(d.projectedFinish),
      risk: d.risk ? { at: iso(d.risk.at), step: d.risk.step, holder: d.riskHolder, afterSessionEnd: d.risk.afterSessionEnd } : null,
      apology: { ...d.apology, issuedAt: iso(d.apology.issuedAt) },
    })),
    rejected: r.rejected.map((o) => ({
      at: o.event.at,
      line: o.event.source?.line,
      dossier: o.event.dossier,
      official: o.event.official,
      action: o.event.action,
      reason: o.reason,
      state: o.from,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
