import { and, assign, setup, type SnapshotFrom } from 'xstate';
import type { MachineEvent } from '../model/event.js';
import type { ProcedureDecl } from '../model/procedure.js';
import { NOT_SUBMITTED, type DossierStatus, type StatusCode } from '../model/status.js';
import { timedBoxOf } from '../model/timeBox.js';

/** What a dossier's machine remembers besides its state. */
export interface DossierContext {
  /** id of the official who owns (submits) the dossier */
  owner: string;
  paid: boolean;
  receipt: boolean;
  signed: boolean;
  apology: boolean;
  supplements: number;
  /** ids of the steps completed, in order (a step sent back and redone appears twice) */
  done: string[];
  /** ids of the steps whose time box ran out while the dossier waited there, one per visit */
  overTimeBox: string[];
}

export interface DossierInput {
  owner: string;
}

/** Where a machine state sits in the procedure. */
export interface StateMeta {
  kind: 'step' | 'supplement' | 'final';
  step?: string;
  status: StatusCode;
}

export const FINAL_STATES = {
  returned: 10,
  refused: 3,
  withdrawn: 7,
  stopped: 8,
} as const satisfies Record<string, StatusCode>;
export type FinalState = keyof typeof FINAL_STATES;

/** Name of the supplement-wait state of a step. */
export const supplementState = (step: string) => `supplement_${step}`;
/** Name of the delay that is a step's time box. */
export const timeBoxDelay = (step: string) => `timeBox_${step}`;

/**
 * Builds the XState machine of a procedure from its declaration. Guards, actions and
 * delays are named, so tests and tools can swap them with `machine.provide()`.
 * @example const table = compileTable({ decl: procedureA, machine: buildMachine(procedureA) }) // each cell asked of this machine
 */
export function buildMachine(decl: ProcedureDecl) {
  const delays: Record<string, number> = {};
  for (const s of decl.steps) if (timedBoxOf(s) > 0) delays[timeBoxDelay(s.id)] = timedBoxOf(s) * 60_000;
  const hasFee = decl.fee !== undefined && decl.fee.amountVnd > 0;

  const base = setup({
    types: {} as { context: DossierContext; events: MachineEvent; input: DossierInput },
    guards: {
      roleAllowed: ({ context, event }, params: { roles: readonly string[] }) =>
        params.roles.includes(event.role) || (params.roles.includes('owner') && event.official === context.owner),
      isOwner: ({ context, event }) => event.official === context.owner,
      requirementsMet: ({ context }, params: { requires: readonly string[] }) =>
        params.requires.every((r) => (r === 'payment' ? !hasFee || context.paid : context.signed)),
      supplementsLeft: ({ context }) => context.supplements < decl.maxSupplementRequests,
      hasSubmitted: ({ context }) => context.done.length > 0,
      hasPaid: ({ context }) => context.paid,
    },
    actions: {
      completeStep: assign(({ context }, params: { step: string; signs: boolean }) => ({
        done: [...context.done, params.step],
        signed: context.signed || params.signs,
      })),
      recordPayment: assign({ paid: true }),
      recordReceipt: assign({ receipt: true }),
      recordApology: assign({ apology: true }),
      countSupplement: assign(({ context }) => ({ supplements: context.supplements + 1 })),
      timeBoxExceeded: assign(({ context }, params: { step: string }) => ({
        overTimeBox: [...context.overTimeBox, params.step],
      })),
    },
    delays,
  });

  const role = (roles: readonly string[]) => ({ type: 'roleAllowed' as const, params: { roles } });
  const states: Record<string, unknown> = {};
  decl.steps.forEach((step, i) => {
    const next = i === decl.steps.length - 1 ? 'returned' : decl.steps[i + 1].id;
    const on: Record<string, unknown> = {
      [step.action]: {
        target: next,
        guard: and([role(step.roles), { type: 'requirementsMet', params: { requires: step.requires } }]),
        actions: { type: 'completeStep', params: { step: step.id, signs: step.signs } },
      },
    };
    if (step.exits.supplement) {
      on.request_supplement = {
        target: supplementState(step.id),
        guard: and([role(step.roles), 'supplementsLeft']),
        actions: 'countSupplement',
      };
      states[supplementState(step.id)] = {
        meta: { kind: 'supplement', step: step.id, status: 5 } satisfies StateMeta,
        on: { supplement: { target: step.id, guard: 'isOwner' } },
      };
    }
    if (step.exits.refuse) on.refuse = { target: 'refused', guard: role(step.roles) };
    if (step.exits.sendBack && i > 1) on.send_back = { target: decl.steps[i - 1].id, guard: role(step.roles) };
    const delay = timeBoxDelay(step.id);
    states[step.id] = {
      meta: { kind: 'step', step: step.id, status: step.status } satisfies StateMeta,
      on,
      ...(delay in delays ? { after: { [delay]: { actions: { type: 'timeBoxExceeded', params: { step: step.id } } } } } : {}),
    };
  });
  for (const [name, status] of Object.entries(FINAL_STATES)) states[name] = { type: 'final', meta: { kind: 'final', status } satisfies StateMeta };

  return base.createMachine({
    id: `procedure-${decl.id}`,
    initial: decl.steps[0].id,
    context: ({ input }) => ({
      owner: input.owner,
      paid: false,
      receipt: false,
      signed: false,
      apology: false,
      supplements: 0,
      done: [],
      overTimeBox: [],
    }),
    on: {
      pay: { guard: and(['isOwner', 'hasSubmitted']), actions: 'recordPayment' },
      save_receipt: { guard: and(['isOwner', 'hasPaid']), actions: 'recordReceipt' },
      apology: { guard: and([role(decl.apologyRoles), 'hasSubmitted']), actions: 'recordApology' },
      withdraw: { target: '.withdrawn', guard: and(['isOwner', 'hasSubmitted']) },
      stop: { target: '.stopped', guard: and([role(decl.stopRoles), 'hasSubmitted']) },
    },
    // the config is generated from data, so its literal types cannot be checked statically
    states: states as never,
  });
}

export type DossierMachine = ReturnType<typeof buildMachine>;
export type DossierSnapshot = SnapshotFrom<DossierMachine>;

/**
 * The meta of the state a snapshot is in.
 * @example stateMeta(machine, 'receive') // { kind: 'step', step: 'receive', status: 1 }
 */
export function stateMeta(machine: DossierMachine, state: string): StateMeta {
  const node = (machine.states as Record<string, { meta?: unknown } | undefined>)[state];
  if (!node) throw new Error(`no state "${state}" in ${machine.id}`);
  return node.meta as StateMeta;
}

/**
 * Status code (1-10, or 0 before submission) of a dossier in a given state and context.
 * Payment requested (6) replaces "processing" while a fee is due after reception.
 * @example statusOf(procedureA, 'appraise', ctx) // 4, or 6 if the fee is unpaid
 */
export function statusOf(decl: ProcedureDecl, state: string, context: DossierContext): DossierStatus {
  if (context.done.length === 0) return NOT_SUBMITTED;
  if (state in FINAL_STATES) return FINAL_STATES[state as FinalState];
  const supplementOf = decl.steps.find((s) => supplementState(s.id) === state);
  if (supplementOf) return 5;
  const step = decl.steps.find((s) => s.id === state);
  if (!step) throw new Error(`no state "${state}" in procedure ${decl.id}`);
  const reception = decl.steps.find((s) => s.reception)!;
  const feeDue = decl.fee !== undefined && decl.fee.amountVnd > 0 && !context.paid;
  if (feeDue && context.done.includes(reception.id) && (step.status === 4 || step.status === 9)) return 6;
  return step.status;
}
