import type { StepDecl } from './procedure.js';
import type { DossierPlan, Official } from './session.js';

/** An official who takes part: assessed and not on probation or maternity leave. */
export const isActing = (o: Official) => o.assessed && (o.status === 'active' || o.status === 'other');

/**
 * The officials who may do a step of a dossier, most expected first: the dossier's assignment,
 * the owner for the owner's steps, else every acting holder of an allowed role in roster order.
 * @example candidatesFor(officials, plan, signStep) // ['ct', 'pct'] unless plan.assign.sign says who
 */
export function candidatesFor(officials: readonly Official[], plan: DossierPlan, step: StepDecl): string[] {
  if (plan.assign[step.id]) return [plan.assign[step.id]];
  if (step.roles.includes('owner')) return [plan.owner];
  return officials.filter((o) => isActing(o) && step.roles.includes(o.role)).map((o) => o.id);
}

/**
 * Who is answerable for a step of a dossier: the only candidate, or nobody when several could.
 * @example responsibleFor(officials, plan, receiveStep) // 'vptk'
 */
export function responsibleFor(officials: readonly Official[], plan: DossierPlan, step: StepDecl): string | undefined {
  const c = candidatesFor(officials, plan, step);
  return c.length === 1 ? c[0] : undefined;
}
