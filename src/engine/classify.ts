import type { MachineEvent } from '../model/event.js';
import type { ProcedureDecl } from '../model/procedure.js';
import type { RejectionCode } from '../model/refusal.js';
import { FINAL_STATES, supplementState, type DossierContext } from './buildMachine.js';

const roleOk = (roles: readonly string[], ctx: DossierContext, ev: MachineEvent) =>
  roles.includes(ev.role) || (roles.includes('owner') && ev.official === ctx.owner);

/**
 * Explains, in one code, why a dossier in `state` refused `ev`. Called only after the
 * machine said no (`snapshot.can(ev) === false`), so it never decides, only names.
 * @example classifyRejection(procedureA, 'appraise', ctx, { type: 'appraise', role: 'VP-TK', ... }) // 'wrong_role'
 */
export function classifyRejection(decl: ProcedureDecl, state: string, ctx: DossierContext, ev: MachineEvent): RejectionCode {
  if (state in FINAL_STATES) return 'after_closed';
  const current = decl.steps.find((s) => s.id === state);
  const waiting = decl.steps.find((s) => supplementState(s.id) === state);
  const completes = decl.steps.find((s) => s.action === ev.type);
  if (completes) {
    if (!current || completes.id !== current.id) return ctx.done.length === 0 ? 'before_submission' : 'out_of_order';
    if (!roleOk(current.roles, ctx, ev)) return current.roles.includes('owner') ? 'not_owner' : 'wrong_role';
    if (current.requires.includes('signature') && !ctx.signed) return 'missing_signature';
    return 'missing_payment';
  }
  const submitted = ctx.done.length > 0;
  switch (ev.type) {
    case 'pay':
    case 'withdraw':
      return ev.official !== ctx.owner ? 'not_owner' : 'before_submission';
    case 'save_receipt':
      return ev.official !== ctx.owner ? 'not_owner' : 'receipt_before_payment';
    case 'supplement':
      if (ev.official !== ctx.owner) return 'not_owner';
      return waiting ? 'not_allowed_here' : 'no_supplement_requested';
    case 'request_supplement':
      if (!current || !current.exits.supplement) return 'not_allowed_here';
      return roleOk(current.roles, ctx, ev) ? 'too_many_supplements' : 'wrong_role';
    case 'refuse':
    case 'send_back':
      if (!current || !(ev.type === 'refuse' ? current.exits.refuse : current.exits.sendBack)) return 'not_allowed_here';
      return roleOk(current.roles, ctx, ev) ? 'not_allowed_here' : 'wrong_role';
    case 'apology':
    case 'stop':
      return submitted ? 'wrong_role' : 'before_submission';
    default:
      return 'unknown_action';
  }
}
