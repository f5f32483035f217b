import { buildMachine, type DossierMachine } from '../engine/buildMachine.js';
import { defineProcedure, type ProcedureDecl, type ProcedureInput, type StepDecl } from '../model/procedure.js';
import { ROLE_CODES } from '../model/roles.js';

/** A small, deliberate mistake in a procedure, which its laws should catch. */
export interface Mutant {
  /** what was changed, in words, e.g. "drop step appraise" */
  name: string;
  kind:
    | 'drop-step'
    | 'wrong-role'
    | 'owner-processes'
    | 'no-payment-requirement'
    | 'no-signature-requirement'
    | 'no-signature'
    | 'long-time-box'
    | 'extra-supplement'
    | 'late-cutoff'
    | 'swap-steps'
    | 'machine';
  decl: ProcedureDecl;
  /** set when the mistake is in the machine rather than the declaration */
  machine?: DossierMachine;
}

const withSteps = (decl: ProcedureDecl, steps: StepDecl[]): ProcedureDecl | undefined => {
  try {
    return defineProcedure({ ...decl, steps } as ProcedureInput);
  } catch {
    return undefined; // a mutant the schema itself refuses is no test of the laws
  }
};
const mapStep = (decl: ProcedureDecl, id: string, f: (s: StepDecl) => StepDecl) =>
  withSteps(
    decl,
    decl.steps.map((s) => (s.id === id ? f(s) : s)),
  );

/**
 * The mistakes a developer editing a procedure could make, each applied alone: drop a step,
 * let a wrong role (or the owner) complete one, lose the payment or signature requirement or the
 * signature itself, stretch a step's time box past the due window, grant one more supplement
 * request, move the cut-off to the end of the day, swap two steps; and four broken machines
 * (any role, no requirement checked, unlimited supplements, anyone counted as the owner).
 * Run your laws on each: a mutant they all pass is a gap in your laws.
 * @example for (const m of mutantsOf(procedureA)) expect(procedureLaws(m.decl, { laws, machine: m.machine }).some((r) => r.verdict === 'fail')).toBe(true)
 */
export function mutantsOf(decl: ProcedureDecl): Mutant[] {
  const out: Mutant[] = [];
  const add = (kind: Mutant['kind'], name: string, d: ProcedureDecl | undefined, machine?: DossierMachine) => {
    if (d) out.push({ kind, name, decl: d, machine });
  };
  const reception = decl.steps.findIndex((s) => s.reception);
  const after = decl.steps.filter((_, i) => i > reception);

  decl.steps.forEach((s, i) => {
    if (i > 0 && !s.reception)
      add(
        'drop-step',
        `drop step ${s.id}`,
        withSteps(
          decl,
          decl.steps.filter((x) => x !== s),
        ),
      );
  });
  decl.steps.slice(1).forEach((s) => {
    const wrong = s.roles.includes('KCT') ? ROLE_CODES.find((r) => !s.roles.includes(r)) : 'KCT';
    if (wrong)
      add(
        'wrong-role',
        `let ${wrong} complete ${s.id}`,
        mapStep(decl, s.id, (x) => ({ ...x, roles: [...x.roles, wrong] })),
      );
  });
  const last = decl.steps[decl.steps.length - 1];
  add(
    'owner-processes',
    `let the owner complete ${last.id}`,
    mapStep(decl, last.id, (x) => ({ ...x, roles: [...x.roles, 'owner'] })),
  );
  if (decl.steps.some((s) => s.requires.includes('payment')))
    add(
      'no-payment-requirement',
      'remove the payment requirement',
      withSteps(
        decl,
        decl.steps.map((s) => ({ ...s, requires: s.requires.filter((r) => r !== 'payment') })),
      ),
    );
  if (decl.steps.some((s) => s.requires.includes('signature')))
    add(
      'no-signature-requirement',
      'remove the signature requirement',
      withSteps(
        decl,
        decl.steps.map((s) => ({ ...s, requires: s.requires.filter((r) => r !== 'signature') })),
      ),
    );
  if (decl.steps.some((s) => s.signs))
    add(
      'no-signature',
      'no step signs any more',
      withSteps(
        decl,
        decl.steps.map((s) => ({ ...s, signs: false })),
      ),
    );
  // longer than the whole due window, in any calendar: a day of minutes per working day it spans
  const span = (decl.due.kind === 'sameDayCutoff' ? decl.due.extraWorkingDays : decl.due.days) + 2;
  for (const s of after)
    add(
      'long-time-box',
      `lengthen the time box of ${s.id} past the due time (+${span * 1440}')`,
      mapStep(decl, s.id, (x) => ({ ...x, timeBoxMinutes: x.timeBoxMinutes + span * 1440 })),
    );
  add(
    'extra-supplement',
    `allow ${decl.maxSupplementRequests + 1} supplement requests`,
    defineProcedure({ ...decl, maxSupplementRequests: decl.maxSupplementRequests + 1 }),
  );
  if (decl.due.kind === 'sameDayCutoff')
    add('late-cutoff', 'move the cut-off to 23:59 (no next-day rule)', defineProcedure({ ...decl, due: { ...decl.due, cutoff: '23:59' } }));
  if (after.length >= 2) {
    const [a, b] = after;
    add(
      'swap-steps',
      `swap steps ${a.id} and ${b.id}`,
      withSteps(
        decl,
        decl.steps.map((s) => (s === a ? b : s === b ? a : s)),
      ),
    );
  }
  const machine = buildMachine(decl);
  add('machine', 'machine: any role completes any step', decl, machine.provide({ guards: { roleAllowed: () => true } }) as unknown as DossierMachine);
  add('machine', 'machine: requirements never checked', decl, machine.provide({ guards: { requirementsMet: () => true } }) as unknown as DossierMachine);
  add('machine', 'machine: supplement requests unlimited', decl, machine.provide({ guards: { supplementsLeft: () => true } }) as unknown as DossierMachine);
  add('machine', 'machine: anyone counts as the owner', decl, machine.provide({ guards: { isOwner: () => true } }) as unknown as DossierMachine);
  return out;
}
