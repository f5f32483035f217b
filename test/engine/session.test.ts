import { describe, expect, it } from 'vitest';
import { HAPPY_A, hhmm, runInline } from '../support/scenario.js';

describe('replaying a dossier through its procedure', () => {
  it('walks procedure A from submission to result returned, recording who moved it on at each step', () => {
    const run = runInline({ timeline: HAPPY_A });
    const t = run.dossierTrace();
    expect(t.visits.map((v) => [v.step, v.leftBy, hhmm(v.leftAt)])).toEqual([
      ['submit', 'kct', '14:01'],
      ['receive', 'vptk', '14:05'],
      ['appraise', 'tpht', '14:10'],
      ['sign', 'ct', '14:15'],
      ['return', 'vptk', '14:20'],
    ]);
    expect(t.statusHistory.map((s) => s.status)).toEqual([0, 1, 4, 9, 10]);
    expect(t.closedAs).toBe('returned');
  });

  it('shows "payment requested" (6) for a B dossier received but not yet paid', () => {
    const run = runInline({
      dossiers: '  - { code: HS-1, owner: pct, procedure: B }',
      timeline: `  - { at: "14:01", official: pct, action: submit, dossier: HS-1 }
  - { at: "14:03", official: tpht, action: receive, dossier: HS-1 }
  - { at: "14:05", official: tpht, action: approve, dossier: HS-1 }`,
    });
    expect(run.dossierTrace().status).toBe(6);
  });

  it('refuses an action by the wrong role and leaves the dossier where it was', () => {
    const run = runInline({ timeline: `${HAPPY_A.split('\n').slice(0, 4).join('\n')}\n  - { at: "14:06", official: vptk, action: appraise, dossier: HS-1 }` });
    expect(run.result.rejected.map((r) => [r.event.action, r.reason, r.from])).toEqual([['appraise', 'wrong_role', 'appraise']]);
    expect(run.dossierTrace().state).toBe('appraise');
  });

  it('refuses events after the dossier is closed', () => {
    const run = runInline({ timeline: `${HAPPY_A}\n  - { at: "14:30", official: vptk, action: return, dossier: HS-1 }` });
    expect(run.result.rejected.map((r) => r.reason)).toEqual(['after_closed']);
  });

  it('refuses a second supplement request when the procedure allows one', () => {
    const run = runInline({
      timeline: `  - { at: "14:01", official: kct, action: submit, dossier: HS-1 }
  - { at: "14:02", official: vptk, action: request_supplement, dossier: HS-1 }
  - { at: "14:03", official: kct, action: supplement, dossier: HS-1 }
  - { at: "14:04", official: vptk, action: request_supplement, dossier: HS-1 }`,
    });
    expect(run.result.rejected.map((r) => r.reason)).toEqual(['too_many_supplements']);
  });

  it('sends a dossier back from signature to appraisal and forward again', () => {
    const lines = HAPPY_A.split('\n');
    const run = runInline({
      timeline: [
        ...lines.slice(0, 5),
        '  - { at: "14:12", official: ct, action: send_back, dossier: HS-1 }',
        '  - { at: "14:13", official: tpht, action: appraise, dossier: HS-1 }',
        ...lines.slice(5),
      ].join('\n'),
    });
    expect(run.dossierTrace().visits.map((v) => `${v.step}:${v.leftVia}`)).toEqual([
      'submit:submit',
      'receive:receive',
      'appraise:appraise',
      'sign:send_back',
      'appraise:appraise',
      'sign:sign',
      'return:return',
    ]);
    expect(run.dossier().closedAs).toBe('returned');
  });

  it('fires the step time box at exactly 15 minutes: done at 15:00 is on time, at 15:01 is not', () => {
    const upToReception = (at: string) => `${HAPPY_A.split('\n').slice(0, 3).join('\n')}\n  - { at: "${at}", official: vptk, action: receive, dossier: HS-1 }`;
    const onTime = runInline({ timeline: upToReception('14:16') });
    expect(onTime.dossierTrace().visits[1].overTimeBoxAt).toBeUndefined();
    expect(onTime.codes('vptk')).toEqual([]);
    const late = runInline({ timeline: upToReception('14:17') });
    expect(hhmm(late.dossierTrace().visits[1].overTimeBoxAt)).toBe('14:16');
    expect(late.codes('vptk')).toEqual(['step_over_time_box']);
  });

  it('counts the submission time box from the start of the session', () => {
    const run = runInline({ timeline: '  - { at: "14:16", official: kct, action: submit, dossier: HS-1 }' });
    expect(run.codes('kct')).toEqual(['missing_payment', 'step_over_time_box']);
    expect(hhmm(run.dossierTrace().visits[0].overTimeBoxAt)).toBe('14:15');
  });

  it('records a connection failure as an incident of the official that fails them', () => {
    const run = runInline({ timeline: `${HAPPY_A}\n  - { at: "14:03", official: tpht, action: connection_failure }` });
    expect(run.trace.incidents.map((i) => i.official)).toEqual(['tpht']);
    expect(run.official('tpht').verdict).toBe('fail');
  });
});
