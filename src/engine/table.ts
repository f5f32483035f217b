import { transition } from 'xstate';
import type { MachineEvent } from '../model/event.js';
import { ROLE_CODES, roleIndex, type RoleCode } from '../model/roles.js';
import { EXIT_ACTIONS } from '../model/event.js';
import { FINAL_STATES, stateMeta, statusOf, type DossierContext, type StateMeta } from './buildMachine.js';
import { classifyRejection } from './classify.js';
import type { RejectionCode } from '../model/refusal.js';
import type { CompiledProcedure } from './registry.js';
import type { ProcedureDecl } from '../model/procedure.js';

/** The parts of a dossier's context that guards and actions read or write, packed in one small int. */
export const FLAG = { submitted: 1, paid: 2, receipt: 4, signed: 8, apology: 16, received: 32 } as const;

/** What the machine does with one event in one abstract situation. */
export type Step = { ok: true; next: number; flags: number; supplements: number; completes?: string } | { ok: false; reason: RejectionCode };

/**
 * A procedure's machine compiled to a flat transition table: (state, flags, supplements,
 * action, role, is-owner) -> next state and context. Each cell is filled the first time it is
 * needed by asking the XState machine itself (its pure `transition()`), so the machine stays
 * the single source of truth and the hot path is an array lookup.
 * @example const t = compileTable(registry.get('A')!); t.step(t.initial, 0, 0, t.action('submit'), t.role('KCT'), true)
 */
export interface TransitionTable {
  readonly proc: CompiledProcedure;
  readonly initial: number;
  readonly states: readonly string[];
  readonly meta: readonly StateMeta[];
  readonly final: readonly boolean[];
  /** index of a state name */
  state(name: string): number;
  /** index of an action, -1 when the procedure has no such action */
  action(name: string): number;
  /** index of a role (its place in ROLE_CODES) */
  role(code: RoleCode): number;
  step(state: number, flags: number, supplements: number, action: number, role: number, owner: boolean): Step;
  /** status code (0-10) of a state with given flags */
  status(state: number, flags: number): number;
}

/**
 * The actions a procedure's machine knows, in the order its table numbers them: its steps'
 * completing actions, then the exit actions.
 * @example actionsOf(procedureA) // ['submit', 'receive', ..., 'pay', 'save_receipt', ...]
 */
export const actionsOf = (decl: ProcedureDecl): string[] => [...new Set([...decl.steps.map((s) => s.action), ...Object.keys(EXIT_ACTIONS)])];

/**
 * Compiles (lazily) the transition table of a procedure's machine.
 * @example const table = compileTable(makeRegistry([procedureA]).get('A')!)
 */
export function compileTable(proc: CompiledProcedure): TransitionTable {
  // one table per compiled procedure, shared by every kernel: its cells fill once per process
  let table = tables.get(proc);
  if (!table) tables.set(proc, (table = buildTable(proc)));
  return table;
}
const tables = new WeakMap<CompiledProcedure, TransitionTable>();

function buildTable(proc: CompiledProcedure): TransitionTable {
  const { machine, decl } = proc;
  const states = Object.keys(machine.states as object);
  const stateIdx = new Map(states.map((s, i) => [s, i]));
  const meta = states.map((s) => stateMeta(machine, s));
  const final = states.map((s) => s in FINAL_STATES);
  const actions = actionsOf(decl);
  const actionIdx = new Map(actions.map((a, i) => [a, i]));
  const reception = decl.steps.find((s) => s.reception)!.id;
  const stepOfAction = new Map(decl.steps.map((s) => [s.action, s.id]));
  const maxSupp = decl.maxSupplementRequests + 1;
  // a cell by (state, flags): a block, made when first needed, of indexes into `cells` (0: not
  // computed yet) by (supplements, action, role, owner). Two array reads, no hashing: few
  // (state, flags) pairs are ever reached, so the blocks stay few and small
  const NR = ROLE_CODES.length;
  const blockSize = (maxSupp + 1) * actions.length * NR * 2;
  const blocks: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(states.length * 64).fill(undefined);
  const cells: Step[] = [];
  const statuses: number[] = [];
  const OWNER = 'owner';
  const OTHER = 'other';

  const contextOf = (flags: number, supplements: number): DossierContext => ({
    owner: OWNER,
    paid: (flags & FLAG.paid) !== 0,
    receipt: (flags & FLAG.receipt) !== 0,
    signed: (flags & FLAG.signed) !== 0,
    apology: (flags & FLAG.apology) !== 0,
    supplements,
    // only "anything done" and "reception done" are ever read from this list
    done: (flags & FLAG.submitted) !== 0 ? ((flags & FLAG.received) !== 0 ? [decl.steps[0].id, reception] : [decl.steps[0].id]) : [],
    overTimeBox: [],
  });

  const compute = (state: number, flags: number, supplements: number, action: number, role: number, owner: boolean): Step => {
    if (final[state]) return { ok: false, reason: 'after_closed' };
    const context = contextOf(flags, supplements);
    const snap = machine.resolveState({ value: states[state], context });
    const event: MachineEvent = { type: actions[action], official: owner ? OWNER : OTHER, role: ROLE_CODES[role], at: 0 };
    if (!snap.can(event)) return { ok: false, reason: classifyRejection(decl, states[state], context, event) };
    const [next] = transition(machine, snap, event);
    const c = next.context;
    const completes = c.done.length > context.done.length ? stepOfAction.get(actions[action]) : undefined;
    let f = 0;
    if (c.done.length > 0) f |= FLAG.submitted;
    if (c.paid) f |= FLAG.paid;
    if (c.receipt) f |= FLAG.receipt;
    if (c.signed) f |= FLAG.signed;
    if (c.apology) f |= FLAG.apology;
    if ((flags & FLAG.received) !== 0 || completes === reception) f |= FLAG.received;
    return { ok: true, next: stateIdx.get(next.value as string)!, flags: f, supplements: c.supplements, completes };
  };

  return {
    proc,
    initial: stateIdx.get(decl.steps[0].id)!,
    states,
    meta,
    final,
    state: (name) => stateIdx.get(name) ?? -1,
    action: (name) => actionIdx.get(name) ?? -1,
    role: roleIndex,
    step(state, flags, supplements, action, role, owner) {
      const s = supplements < maxSupp ? supplements : maxSupp;
      const b = state * 64 + flags;
      const block = blocks[b] ?? (blocks[b] = new Int32Array(blockSize));
      const key = ((s * actions.length + action) * NR + role) * 2 + (owner ? 1 : 0);
      let cell = block[key];
      if (cell === 0) {
        cells.push(compute(state, flags, s, action, role, owner));
        cell = block[key] = cells.length;
      }
      return cells[cell - 1];
    },
    status: (state, flags) => {
      const key = state * 64 + flags;
      let st = statuses[key];
      if (st === undefined) st = statuses[key] = statusOf(decl, states[state], contextOf(flags, 0));
      return st;
    },
  };
}
