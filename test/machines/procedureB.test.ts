import { describe, expect, it } from 'vitest';
import { procedureB, procedureBMachine } from '../../machines/procedureB.js';
import { describeLaws, MINUTE, modelOf, startDossier } from './paths.js';

const model = modelOf(procedureB, procedureBMachine);

describeLaws(model);

/** Submitted, paid and received: the dossier waits for the copy to be checked and signed. */
const atApproval = () => {
  const d = startDossier(procedureBMachine);
  d.run(['submit', 'owner'], ['pay', 'owner'], ['receive', 'TP-HT']);
  return d;
};

describe('procedure B (certified copy from the original): concrete behaviours', () => {
  it('returns the result only after reception, signed approval and payment', () => {
    const d = startDossier(procedureBMachine);
    d.run(['submit', 'owner'], ['receive', 'TP-HT'], ['approve', 'TP-HT'], ['pay', 'owner'], ['confirm', 'TP-HT']);
    expect(d.snap().value).toBe('returned');
    expect(d.snap().context).toMatchObject({ paid: true, signed: true, done: ['submit', 'receive', 'approve', 'confirm'] });
  });

  it('refuses reception by the one-stop desk (VP-TK): the justice officer (TP-HT) receives', () => {
    const d = startDossier(procedureBMachine);
    d.run(['submit', 'owner']);
    expect(d.send('receive', 'VP-TK')).toBe(false);
    expect(d.snap().value).toBe('receive');
    expect(d.can('receive', 'TP-HT')).toBe(true);
  });

  it('lets the justice officer, the chair or a vice-chair sign the copy, nobody else', () => {
    const d = atApproval();
    for (const role of ['TP-HT', 'CT', 'PCT'] as const) expect(d.can('approve', role), role).toBe(true);
    for (const role of ['VP-TK', 'KCT', 'TC-KT', 'owner'] as const) expect(d.can('approve', role), role).toBe(false);
  });

  it('refuses to confirm and return the result before the fee is paid', () => {
    const d = startDossier(procedureBMachine);
    d.run(['submit', 'owner'], ['receive', 'TP-HT'], ['approve', 'CT']);
    expect(d.snap().context).toMatchObject({ signed: true, paid: false });
    expect(d.send('confirm', 'TP-HT')).toBe(false);
    expect(d.snap().value).toBe('confirm');
    d.run(['pay', 'owner'], ['confirm', 'TP-HT']);
    expect(d.snap().value).toBe('returned');
  });

  it('sends the dossier back from confirmation to approval, and from approval to reception', () => {
    const d = atApproval();
    d.run(['approve', 'PCT']);
    expect(d.send('send_back', 'CT')).toBe(false); // confirmation belongs to TP-HT
    d.run(['send_back', 'TP-HT']);
    expect(d.snap().value).toBe('approve');
    d.run(['send_back', 'CT']);
    expect(d.snap().value).toBe('receive');
    d.run(['receive', 'TP-HT'], ['approve', 'TP-HT'], ['confirm', 'TP-HT']);
    expect(d.snap().value).toBe('returned');
    expect(d.snap().context.done).toEqual(['submit', 'receive', 'approve', 'receive', 'approve', 'confirm']);
  });

  it('returns to reception after a supplement is requested and supplied', () => {
    const d = startDossier(procedureBMachine);
    d.run(['submit', 'owner'], ['request_supplement', 'TP-HT']);
    expect(d.snap().value).toBe('supplement_receive');
    d.run(['supplement', 'owner']);
    expect(d.snap().value).toBe('receive');
    expect(d.snap().context.supplements).toBe(1);
  });

  it('refuses a second supplement request (maxSupplementRequests is 1), and any after reception', () => {
    expect(procedureB.maxSupplementRequests).toBe(1);
    const d = startDossier(procedureBMachine);
    d.run(['submit', 'owner'], ['request_supplement', 'TP-HT'], ['supplement', 'owner']);
    expect(d.send('request_supplement', 'TP-HT')).toBe(false);
    expect(d.snap().value).toBe('receive');
    const a = atApproval();
    expect(a.can('request_supplement', 'TP-HT')).toBe(false); // approval has no supplement exit
    expect(a.can('refuse', 'TP-HT')).toBe(false); // nor a refusal
  });

  it('fires the time box at exactly 15 minutes and not before', () => {
    const d = startDossier(procedureBMachine);
    d.run(['submit', 'owner']);
    d.clock.advanceTo(15 * MINUTE - 1);
    expect(d.snap().context.overTimeBox).toEqual([]);
    d.clock.advanceTo(15 * MINUTE);
    expect(d.snap().context.overTimeBox).toEqual(['receive']);
  });

  it('runs no time box at the unscored approval step, and one at confirmation', () => {
    const d = atApproval();
    expect(procedureB.steps.find((s) => s.id === 'approve')!.scored).toBe(false);
    expect(d.clock.nextAt()).toBeUndefined();
    d.after(120);
    expect(d.snap().context.overTimeBox).toEqual([]);
    d.run(['approve', 'PCT']);
    d.after(15);
    expect(d.snap().context.overTimeBox).toEqual(['confirm']);
  });
});
