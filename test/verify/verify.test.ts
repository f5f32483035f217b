import { describe, expect, it } from 'vitest';
import { procedureA, procedureB } from '../../machines/index.js';
import { buildMachine, type DossierMachine } from '../../src/engine/buildMachine.js';
import { defineProcedure, type ProcedureDecl, type StepDecl } from '../../src/model/procedure.js';
import { makeCalendar } from '../../src/time/calendar.js';
import { VN_CALENDAR } from '../../src/time/calendars/vn.js';
import { BUNDLED_LAWS } from '../../src/verify/bundledLaws.js';
import { checkLaws } from '../../src/verify/procedureFile.js';
import { renderVerifyTable } from '../../src/verify/render.js';
import { verifyProcedure, type LawResult } from '../../src/verify/verify.js';

const lawsA = checkLaws(BUNDLED_LAWS.A);
const law = (results: LawResult[], id: string) => results.find((l) => l.id === id)!;
const withStep = (decl: ProcedureDecl, id: string, f: (s: StepDecl) => StepDecl) =>
  defineProcedure({ ...decl, steps: decl.steps.map((s) => (s.id === id ? f(s) : s)) });
/** the events of a counterexample, as "action by who" or "time box of step" */
const eventsOf = (l: LawResult) => l.counterexample!.path.events.map((e) => (e.action ? `${e.action} by ${e.by}` : `time box of ${e.timeBoxOf}`));

describe('verifyProcedure', () => {
  it('passes procedures A and B on every law, with their laws from seed 000', () => {
    for (const decl of [procedureA, procedureB]) {
      const report = verifyProcedure(decl, { laws: checkLaws(BUNDLED_LAWS[decl.id]) });
      expect(report.laws.filter((l) => l.verdict !== 'pass').map((l) => l.id)).toEqual([]);
      expect(report.verdict).toBe('pass');
    }
  });

  it('prints the slack of procedure A: 45 office minutes after reception leave 76 minutes at 14:59 before the 15:00 cut-off', () => {
    const time = law(verifyProcedure(procedureA).laws, 'time.due');
    expect(time.time!.steps).toEqual([
      { step: 'appraise', minutes: 15 },
      { step: 'sign', minutes: 15 },
      { step: 'return', minutes: 15 },
    ]);
    expect(time.time!.worst).toMatchObject({ slackMinutes: 76, label: 'one minute before the 15:00 cut-off' });
    expect(time.details[1]).toContain('received Tue 2024-01-02 14:59 -> done by 15:44, due 17:00: slack 76 office minutes');
    // the reference case: 15:00 on the Friday before the 2024 Reunification Day holidays
    expect(time.details[2]).toContain('received Fri 2024-04-26 15:00 -> done by Fri 2024-04-26 15:45, due Thu 2024-05-02 17:00: slack 555 office minutes');
  });

  it('finds the shortest path that returns the result unpaid, with times and status codes, when the return step loses its payment requirement', () => {
    const report = verifyProcedure(
      withStep(procedureA, 'return', (s) => ({ ...s, requires: ['signature'] })),
      { laws: lawsA },
    );
    const pay = law(report.laws, 'legal.payment');
    expect(pay.verdict).toBe('fail');
    expect(eventsOf(pay)).toEqual(['submit by owner', 'receive by VP-TK', 'appraise by TP-HT', 'sign by CT', 'return by VP-TK']);
    expect(pay.counterexample!.path.events.map((e) => [e.at.slice(11, 16), e.status])).toEqual([
      ['14:01', 1],
      ['14:02', 6],
      ['14:03', 6],
      ['14:04', 6],
      ['14:05', 10],
    ]);
    expect(pay.counterexample!.breaksAt).toBe(4);
    expect(law(report.laws, 'legal.result-guard').details).toEqual(['step return returns the result but does not require payment; the fee is 8,000 VND']);
    expect(law(report.laws, 'user.6')).toMatchObject({ verdict: 'fail', details: ['return by VP-TK (into status 10) before pay'] });
    expect(report.verdict).toBe('fail');
  });

  it('fails the time law when a time box grows past the due time: received at 14:59, the result comes the next morning', () => {
    const time = law(verifyProcedure(withStep(procedureA, 'appraise', (s) => ({ ...s, timeBoxMinutes: 150 }))).laws, 'time.due');
    expect(time.verdict).toBe('fail');
    expect(time.time!.worst.slackMinutes).toBe(-59);
    expect(time.counterexample!.reason).toBe('the result is returned at Wed 2024-01-03 07:59, due Tue 2024-01-02 17:00: late by 59 office minutes');
    expect(time.counterexample!.path.events.map((e) => `${e.at.slice(5, 16)} ${e.action}`)).toEqual([
      '01-02T14:59 submit',
      '01-02T14:59 receive',
      '01-03T07:29 appraise',
      '01-03T07:44 sign',
      '01-03T07:44 pay',
      '01-03T07:59 return',
    ]);
  });

  it('fails procedure A on a calendar whose office closes at 15:30: 31 minutes are left after a 14:59 reception', () => {
    const early = makeCalendar({ ...VN_CALENDAR, name: 'closes-15:30', officeHours: [VN_CALENDAR.officeHours[0], { start: '13:30', end: '15:30' }] });
    const time = law(verifyProcedure(procedureA, { calendar: early }).laws, 'time.due');
    expect(time.verdict).toBe('fail');
    expect(time.time!.worst.slackMinutes).toBe(-14);
  });

  it('reports a supplement state no path reaches when maxSupplementRequests is 0, and the exit that is never taken', () => {
    const report = verifyProcedure(defineProcedure({ ...procedureA, maxSupplementRequests: 0 }));
    expect(law(report.laws, 'structure.reachable').details).toEqual([
      'no event path reaches supplement_receive (waiting for a supplement; maxSupplementRequests is 0)',
      'no event path reaches supplement_appraise (waiting for a supplement; maxSupplementRequests is 0)',
    ]);
    expect(law(report.laws, 'structure.handled').details[0]).toBe(
      'step receive declares a supplement exit but request_supplement is never taken there (maxSupplementRequests is 0)',
    );
  });

  it('reports a result no path can reach when no step signs but the return requires the signature', () => {
    const report = verifyProcedure(withStep(procedureA, 'sign', (s) => ({ ...s, signs: false })));
    expect(law(report.laws, 'structure.reachable').details).toEqual([
      'no event path reaches returned (step return requires a signature, but no step before it signs)',
    ]);
    const result = law(report.laws, 'structure.result');
    expect(result.verdict).toBe('fail');
    expect(result.counterexample!.reason).toBe('from the start no path returns the result');
    expect(law(report.laws, 'time.due').verdict).toBe('skip');
  });

  it('finds a dossier stuck for ever: a machine where the owner cannot supply the supplement, withdraw or be stopped', () => {
    const stuck = buildMachine(procedureA).provide({ guards: { isOwner: () => false, hasSubmitted: () => false } }) as unknown as DossierMachine;
    const closes = law(verifyProcedure(procedureA, { machine: stuck }).laws, 'structure.closes');
    expect(closes.verdict).toBe('fail');
    expect(eventsOf(closes)).toEqual(['submit by owner', 'request_supplement by VP-TK']);
    expect(closes.counterexample!.path.events.at(-1)).toMatchObject({ state: 'supplement_receive', status: 5 });
  });

  it('catches a machine that lets any role complete a step, with the wrong-role event as the last of the path', () => {
    const anyRole = buildMachine(procedureA).provide({ guards: { roleAllowed: () => true } }) as unknown as DossierMachine;
    const steps = law(verifyProcedure(procedureA, { machine: anyRole }).laws, 'legal.steps');
    expect(steps.verdict).toBe('fail');
    expect(steps.details[0]).toMatch(/^step submit is done by CT; allowed: owner$/);
  });

  it('refuses a processing step the owner may complete, and a submission someone else may make', () => {
    const roles = law(
      verifyProcedure(
        defineProcedure({
          ...procedureA,
          steps: procedureA.steps.map((s, i) => (i === 0 ? { ...s, roles: ['owner', 'VP-TK'] } : s.id === 'return' ? { ...s, roles: ['VP-TK', 'owner'] } : s)),
        }),
      ).laws,
      'structure.roles',
    );
    expect(roles.details).toEqual([
      'step submit (the submission) names VP-TK: only the owner submits their dossier',
      'step return names owner: an official must not process their own dossier',
    ]);
  });

  it('counts a second supplement request as a legal failure (QĐ 766/QĐ-TTg), even when the declaration allows it', () => {
    const sup = law(verifyProcedure(defineProcedure({ ...procedureA, maxSupplementRequests: 2 })).laws, 'legal.supplements');
    expect(sup.verdict).toBe('fail');
    expect(sup.why).toBe('QĐ 766/QĐ-TTg counts a second request as late, but the declaration allows 2');
    expect(eventsOf(sup)).toEqual(['submit by owner', 'request_supplement by VP-TK', 'supplement by owner', 'request_supplement by VP-TK']);
    // a province that knowingly allows two may say so
    expect(
      law(verifyProcedure(defineProcedure({ ...procedureA, maxSupplementRequests: 2 }), { legalSupplementLimit: 2 }).laws, 'legal.supplements').verdict,
    ).toBe('pass');
  });

  it('fails a law that names an action the procedure does not have, instead of letting it hold for nothing', () => {
    const report = verifyProcedure(procedureA, { laws: checkLaws([{ never: { action: 'sgin', role: 'TP-HT' } }]) });
    expect(law(report.laws, 'user.1')).toMatchObject({ verdict: 'fail' });
    expect(law(report.laws, 'user.1').details[0]).toMatch(
      /^never\.action: unknown action "sgin" \(procedure A has submit, receive, appraise, sign, return, pay/,
    );
  });

  it('notes a law that holds only because what it speaks of never happens', () => {
    const report = verifyProcedure(procedureA, { laws: checkLaws([{ atMost: { of: { action: 'stop', role: 'VP-TK' }, times: 0 } }]) });
    expect(law(report.laws, 'user.1')).toMatchObject({
      verdict: 'pass',
      details: ['note: stop by VP-TK never happens on any path, so this law holds trivially'],
    });
  });

  it('checks an "only" law, an "atMost" law and a "before" law with a list against the status the path reaches', () => {
    const laws = checkLaws([
      { only: { action: 'appraise', roles: ['TP-HT'] } },
      { atMost: { of: 'withdraw', times: 0 } },
      { before: { first: ['receive', 'sign'], then: { status: 10 } } },
    ]);
    const results = verifyProcedure(procedureA, { laws }).laws;
    expect(law(results, 'user.1').verdict).toBe('pass');
    expect(law(results, 'user.2')).toMatchObject({ verdict: 'fail', details: ['withdraw by the owner (TC-KT) happens for the 1st time'] });
    expect(eventsOf(law(results, 'user.2'))).toEqual(['submit by owner', 'withdraw by owner']);
    expect(law(results, 'user.3').verdict).toBe('pass');
  });

  it('renders a readable report: a mark per law, the counterexample as a table, the verdict last', () => {
    const text = renderVerifyTable(
      verifyProcedure(
        withStep(procedureA, 'return', (s) => ({ ...s, requires: ['signature'] })),
        { laws: lawsA },
      ),
    );
    expect(text).toContain('  ✗ no path returns the result before the owner pays the fee (8,000 VND)');
    expect(text).toContain('      14:05  return by VP-TK          returned     10 Result returned   <- breaks the law');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAIL: 3 of 20 laws broken (legal.payment, legal.result-guard, user.6).');
  });
});
