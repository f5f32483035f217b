import { describe, expect, it } from 'vitest';
import { procedureA, procedureAMachine } from '../../machines/procedureA.js';
import type { DossierMachine } from '../../src/engine/buildMachine.js';
import {
  describeLaws,
  endOf,
  endsIn,
  eventsOf,
  lawsOfReturned,
  MINUTE,
  modelOf,
  replayActor,
  shortestPaths,
  startDossier,
  timerStep,
  type Model,
} from './paths.js';

const model = modelOf(procedureA, procedureAMachine);

describeLaws(model);

/** Submitted, paid and received: the dossier waits at appraisal. */
const atAppraisal = () => {
  const d = startDossier(procedureAMachine);
  d.run(['submit', 'owner'], ['pay', 'owner'], ['receive', 'VP-TK']);
  return d;
};

describe('procedure A (copy of a civil-status extract): concrete behaviours', () => {
  it('returns the result only after reception, appraisal, signature and payment', () => {
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner'], ['receive', 'VP-TK'], ['appraise', 'TP-HT'], ['sign', 'PCT'], ['pay', 'owner'], ['return', 'VP-TK']);
    expect(d.snap().value).toBe('returned');
    expect(d.snap().status).toBe('done');
    expect(d.snap().context).toMatchObject({ paid: true, signed: true, done: ['submit', 'receive', 'appraise', 'sign', 'return'] });
  });

  it('refuses reception by the justice officer (TP-HT): only the one-stop desk (VP-TK) receives', () => {
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner']);
    expect(d.can('receive', 'TP-HT')).toBe(false);
    expect(d.send('receive', 'TP-HT')).toBe(false);
    expect(d.snap().value).toBe('receive');
    expect(d.can('receive', 'owner')).toBe(false);
    expect(d.can('receive', 'VP-TK')).toBe(true);
  });

  it('lets only the owner submit, pay and supply a supplement', () => {
    const d = startDossier(procedureAMachine);
    for (const role of ['VP-TK', 'TP-HT', 'CT', 'PCT', 'KCT'] as const) expect(d.can('submit', role), role).toBe(false);
    expect(d.can('pay', 'owner')).toBe(false); // nothing to pay for before submission
    d.run(['submit', 'owner']);
    expect(d.can('pay', 'VP-TK')).toBe(false);
    expect(d.can('pay', 'owner')).toBe(true);
    d.run(['request_supplement', 'VP-TK']);
    expect(d.can('supplement', 'VP-TK')).toBe(false);
    expect(d.can('supplement', 'owner')).toBe(true);
  });

  it('refuses to return the result before the fee is paid', () => {
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner'], ['receive', 'VP-TK'], ['appraise', 'TP-HT'], ['sign', 'CT']);
    expect(d.snap().value).toBe('return');
    expect(d.snap().context).toMatchObject({ signed: true, paid: false });
    expect(d.send('return', 'VP-TK')).toBe(false);
    expect(d.snap().value).toBe('return');
    d.run(['pay', 'owner']);
    expect(d.can('return', 'VP-TK')).toBe(true);
  });

  it('keeps the leader from signing before appraisal, and the desk from returning before signature', () => {
    const d = atAppraisal();
    expect(d.can('sign', 'CT')).toBe(false);
    expect(d.can('return', 'VP-TK')).toBe(false);
    d.run(['appraise', 'TP-HT']);
    expect(d.can('return', 'VP-TK')).toBe(false);
    expect(d.can('sign', 'TP-HT')).toBe(false);
    expect(d.can('sign', 'CT')).toBe(true);
    expect(d.can('sign', 'PCT')).toBe(true);
  });

  it('sends the dossier back from signature to appraisal, and it must be appraised again', () => {
    const d = atAppraisal();
    d.run(['appraise', 'TP-HT']);
    expect(d.send('send_back', 'VP-TK')).toBe(false);
    expect(d.send('send_back', 'CT')).toBe(true);
    expect(d.snap().value).toBe('appraise');
    expect(d.can('sign', 'CT')).toBe(false);
    d.run(['appraise', 'TP-HT'], ['sign', 'CT'], ['return', 'VP-TK']);
    expect(d.snap().value).toBe('returned');
    expect(d.snap().context.done).toEqual(['submit', 'receive', 'appraise', 'appraise', 'sign', 'return']);
  });

  it('sends the dossier back from the return desk to signature, and from appraisal to reception', () => {
    const d = atAppraisal();
    d.run(['appraise', 'TP-HT'], ['sign', 'CT'], ['send_back', 'VP-TK']);
    expect(d.snap().value).toBe('sign');
    d.run(['send_back', 'PCT'], ['send_back', 'TP-HT']);
    expect(d.snap().value).toBe('receive');
    expect(d.can('send_back', 'VP-TK')).toBe(false); // reception has no step before it to send back to
  });

  it('returns to the same step after a supplement is requested and supplied', () => {
    const d = atAppraisal();
    expect(d.send('request_supplement', 'VP-TK')).toBe(false); // not the appraiser
    d.run(['request_supplement', 'TP-HT']);
    expect(d.snap().value).toBe('supplement_appraise');
    expect(d.snap().context.supplements).toBe(1);
    expect(d.can('appraise', 'TP-HT')).toBe(false); // waits for the owner
    d.run(['supplement', 'owner']);
    expect(d.snap().value).toBe('appraise');
    expect(d.snap().context.done).toEqual(['submit', 'receive']);
  });

  it('refuses a second supplement request (maxSupplementRequests is 1), at the same step or another', () => {
    expect(procedureA.maxSupplementRequests).toBe(1);
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner'], ['request_supplement', 'VP-TK'], ['supplement', 'owner']);
    expect(d.send('request_supplement', 'VP-TK')).toBe(false);
    expect(d.snap().value).toBe('receive');
    d.run(['receive', 'VP-TK']);
    expect(d.send('request_supplement', 'TP-HT')).toBe(false);
    expect(d.snap().value).toBe('appraise');
    expect(d.snap().context.supplements).toBe(1);
  });

  it('refuses the dossier at reception only, and a refused dossier takes nothing more', () => {
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner']);
    expect(d.can('refuse', 'TP-HT')).toBe(false);
    d.run(['refuse', 'VP-TK']);
    expect(d.snap().value).toBe('refused');
    for (const [type, by] of [
      ['receive', 'VP-TK'],
      ['withdraw', 'owner'],
      ['pay', 'owner'],
      ['stop', 'CT'],
    ] as const)
      d.send(type, by);
    expect(d.snap().value).toBe('refused');
    const a = atAppraisal();
    expect(a.can('refuse', 'TP-HT')).toBe(false);
  });

  it('lets the owner withdraw and a leader stop the dossier, once it is submitted', () => {
    const d = startDossier(procedureAMachine);
    expect(d.can('withdraw', 'owner')).toBe(false);
    expect(d.can('stop', 'CT')).toBe(false);
    d.run(['submit', 'owner']);
    expect(d.can('withdraw', 'VP-TK')).toBe(false);
    expect(d.can('stop', 'VP-TK')).toBe(false);
    d.run(['withdraw', 'owner']);
    expect(d.snap().value).toBe('withdrawn');
    const s = atAppraisal();
    s.run(['request_supplement', 'TP-HT'], ['stop', 'PCT']);
    expect(s.snap().value).toBe('stopped');
  });

  it('fires the time box at exactly 15 minutes and not before', () => {
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner']);
    expect(d.clock.nextAt()).toBe(15 * MINUTE);
    d.clock.advanceTo(15 * MINUTE - 1);
    expect(d.snap().context.overTimeBox).toEqual([]);
    d.clock.advanceTo(15 * MINUTE);
    expect(d.snap().context.overTimeBox).toEqual(['receive']);
    expect(d.snap().value).toBe('receive'); // the dossier stays where it is
    d.after(60);
    expect(d.snap().context.overTimeBox).toEqual(['receive']); // once per visit
  });

  it('counts a step done at the last instant of its time box as on time', () => {
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner']);
    d.clock.advanceBefore(15 * MINUTE); // events at 15:00 come before the timer due at 15:00
    d.run(['receive', 'VP-TK']);
    d.after(15);
    expect(d.snap().context.overTimeBox).toEqual(['appraise']);
  });

  it('restarts the time box each time the dossier comes back to a step, but not when the fee is paid', () => {
    const d = startDossier(procedureAMachine);
    d.run(['submit', 'owner']);
    d.after(10);
    d.run(['pay', 'owner']); // a root-level event: the dossier does not leave the step
    d.after(5);
    expect(d.snap().context.overTimeBox).toEqual(['receive']);
    d.run(['request_supplement', 'VP-TK']);
    d.after(60); // no time box while the owner supplies the supplement
    expect(d.snap().context.overTimeBox).toEqual(['receive']);
    d.run(['supplement', 'owner']);
    d.after(15);
    expect(d.snap().context.overTimeBox).toEqual(['receive', 'receive']);
  });

  it('runs a time box for the owner at submission too, from the moment the dossier exists', () => {
    const d = startDossier(procedureAMachine);
    d.after(15);
    expect(d.snap().context.overTimeBox).toEqual(['submit']);
    d.run(['submit', 'owner']);
    expect(d.snap().context.done).toEqual(['submit']);
  });
});

describe('procedure A: the laws catch a broken machine', () => {
  const mutant = (m: ReturnType<typeof procedureAMachine.provide>) => modelOf(procedureA, m as unknown as DossierMachine);
  const broken = (model: Model) =>
    shortestPaths(model)
      .filter((p) => endsIn(p, 'returned'))
      .flatMap((p) => lawsOfReturned(model, eventsOf(p), endOf(model, p).context));

  it('holds on the real machine', () => {
    expect(broken(model)).toEqual([]);
  });

  it('catches a machine that lets any role complete any step', () => {
    const laws = broken(mutant(procedureAMachine.provide({ guards: { roleAllowed: () => true } })));
    expect(laws.some((l) => /done by .* allowed/.test(l))).toBe(true);
  });

  it('catches a machine that returns the result unpaid', () => {
    const laws = broken(mutant(procedureAMachine.provide({ guards: { requirementsMet: () => true } })));
    expect(laws).toContain('no payment before the result');
    expect(laws).toContain('context.paid is false');
  });

  it('catches a machine that grants a second supplement request', () => {
    const m = mutant(procedureAMachine.provide({ guards: { supplementsLeft: () => true } }));
    expect(shortestPaths(m).some((p) => p.state.context.supplements > procedureA.maxSupplementRequests)).toBe(true);
  });

  it('catches a time box that runs out a minute early', () => {
    const m = mutant(procedureAMachine.provide({ delays: { timeBox_appraise: 14 * MINUTE } }));
    const p = shortestPaths(m).find((x) => endsIn(x, 'returned') && eventsOf(x).some((e) => timerStep(e) === 'appraise'))!;
    const r = replayActor(m, p);
    expect(r.timers.find((t) => t.step === 'appraise')!.earlyFired).toBe(true);
  });
});
