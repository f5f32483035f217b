import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES, procedureA } from '../../machines/index.js';
import { DEFAULT_RUBRIC } from '../../src/analysis/rubric.js';
import { Auditor, type DossierAudit } from '../../src/audit/audit.js';
import { makeRegistry } from '../../src/engine/registry.js';
import { parseScenario } from '../../src/io/scenarioFile.js';
import { runSession } from '../../src/lifecycle.js';
import type { LogItem } from '../../src/model/log.js';
import { timeBoxOf, timeBoxRule, timedBoxOf } from '../../src/model/timeBox.js';
import { boardView } from '../../src/rehearsal/board.js';
import { calendar } from '../support/scenario.js';

/** Procedure A with its appraisal step (bước 3, thẩm định) declared at 60 minutes instead of 15. */
const slowA = { ...procedureA, steps: procedureA.steps.map((s) => (s.id === 'appraise' ? { ...s, timeBoxMinutes: 60 } : s)) };
const registry = makeRegistry([...BUNDLED_PROCEDURES, slowA]);
const MIN = 60_000;

const scenario = (timeBox = '') => `unit: { name: Xã Thử }
date: "2024-09-17"
start: "13:30"
end: "17:30"
${timeBox}officials:
  - { id: ct, name: Chủ tịch, role: CT, birthRegistration: in_district }
  - { id: vptk, name: Một cửa, role: VP-TK, birthRegistration: in_district }
  - { id: tpht, name: Tư pháp, role: TP-HT, birthRegistration: in_district }
  - { id: kct, name: Không chuyên trách, role: KCT, birthRegistration: in_district }
dossiers:
  - { code: HS-1, owner: kct, procedure: A }
timeline:
  - { at: "13:31", official: kct, action: submit, dossier: HS-1 }
  - { at: "13:32", official: kct, action: pay, dossier: HS-1 }
  - { at: "13:33", official: kct, action: save_receipt, dossier: HS-1 }
  - { at: "14:00", official: vptk, action: receive, dossier: HS-1 }
`;
const at = (hhmm: string) => calendar.at('2024-09-17', hhmm);

/** The same events, as rows of a recorded log. */
function logOf(session: ReturnType<typeof parseScenario>['session']): LogItem[] {
  return session.events.map((e, i) => ({ ok: true, event: { ...e, procedure: 'A', unit: 'X', row: i + 2 } }));
}

describe('a step declared with a 60-minute time box', () => {
  const { session } = parseScenario('/tmp/slow.yaml', scenario(), registry);
  const { trace, result } = runSession(session, { registry, calendar, rubric: DEFAULT_RUBRIC });

  it('is timed at 60 minutes by the engine', () => {
    const appraise = trace.dossiers[0].visits.find((v) => v.step === 'appraise')!;
    expect(appraise.overTimeBoxAt).toBe(at('15:00'));
  });

  it('raises the overdue-risk flag when 60 + 15 + 15 minutes are left before the 17:00 due time, in run', () => {
    const d = result.dossiers[0];
    expect(d.dueAt).toBe(at('17:00'));
    expect(d.risk?.at).toBe(at('15:30'));
  });

  it('raises it at the same instant in replay', () => {
    const dossiers: DossierAudit[] = [];
    const a = new Auditor({ registry, calendar, onDossier: (d) => dossiers.push(d) });
    a.push(logOf(session));
    a.finish(at('17:30'));
    expect(dossiers[0].riskAt).toBe(at('15:30'));
    expect(dossiers[0].dueAt).toBe(at('17:00'));
  });

  it('gives the board the same flag, a 60-minute countdown, and "done by" times that leave each later step its box', () => {
    const view = boardView({ session, trace, result, registry, calendar, now: at('16:00') });
    const card = view.dossiers[0];
    expect(card.timeBoxEndsAt).toBe(at('15:00'));
    expect(card.risk?.at).toBe(at('15:30'));
    expect(view.alerts[0].save.map((s) => [s.action, calendar.timeOf(s.by)])).toEqual([
      ['appraise', '16:30'],
      ['sign', '16:45'],
      ['return', '17:00'],
    ]);
  });

  it("is replaced by the session's own minutes when the scenario sets them, everywhere alike", () => {
    const { session: s30 } = parseScenario('/tmp/slow30.yaml', scenario('timeBox: { minutes: 30 }\n'), registry);
    const run = runSession(s30, { registry, calendar, rubric: DEFAULT_RUBRIC });
    expect(run.trace.dossiers[0].visits.find((v) => v.step === 'appraise')!.overTimeBoxAt).toBe(at('14:30'));
    // 30 + 30 + 30 minutes before 17:00
    expect(run.result.dossiers[0].risk?.at).toBe(at('15:30'));
    const dossiers: DossierAudit[] = [];
    const a = new Auditor({ registry, calendar, timeBoxMinutes: 30, onDossier: (d) => dossiers.push(d) });
    a.push(logOf(s30));
    a.finish(at('17:30'));
    expect(dossiers[0].riskAt).toBe(at('15:30'));
    const view = boardView({ session: s30, trace: run.trace, result: run.result, registry, calendar, now: at('16:00') });
    expect(view.dossiers[0].timeBoxEndsAt).toBe(at('14:30'));
    expect(view.alerts[0].save.map((s) => calendar.timeOf(s.by))).toEqual(['16:00', '16:30', '17:00']);
  });
});

describe('the effective time box of a step', () => {
  const appraise = slowA.steps.find((s) => s.id === 'appraise')!;
  const unscored = { ...appraise, scored: false };

  it('is the declared one unless the session sets its own minutes', () => {
    expect(timeBoxOf(appraise, undefined)).toBe(60);
    expect(timeBoxOf(appraise, 15)).toBe(15);
    expect(timeBoxRule({ mode: 'per-official' })).toEqual({ minutes: 15, mode: 'per-official' });
    expect(timeBoxRule({ minutes: 15 })).toEqual({ minutes: 15, mode: 'per-dossier', fixed: true });
  });

  it('is never timed on a step the assessment does not score, yet still counts toward the time left', () => {
    expect(timedBoxOf(unscored, 15)).toBe(0);
    expect(timeBoxOf(unscored, 15)).toBe(15);
  });

  it('stays none for a step declared without a time box, whatever the session sets', () => {
    expect(timeBoxOf({ ...appraise, timeBoxMinutes: 0 }, 30)).toBe(0);
  });
});
