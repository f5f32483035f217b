import type { Session, TimedEvent } from '../model/session.js';
import type { DossierTrace, EventOutcome, StepVisit, SupplementWait, Trace } from '../model/trace.js';
import { roleIndex, type RoleCode } from '../model/roles.js';
import type { RejectionCode } from '../model/refusal.js';
import type { ProcedureRegistry } from './registry.js';
import { overrideOf, timeBoxRule, timedBoxOf } from '../model/timeBox.js';
import { FLAG, actionsOf, compileTable, type TransitionTable } from './table.js';

/** One dossier as the fast kernel holds it: a table row index, packed flags and its trace. */
export interface KernelDossier {
  table: TransitionTable;
  /** per state of the table: the time box of its step in ms (timedBoxOf), 0 for none */
  boxes: Float64Array;
  /** the table's index of each of the kernel's action ids (-1: the procedure has no such action) */
  actions: Int32Array;
  state: number;
  flags: number;
  supplements: number;
  trace: DossierTrace;
}

/** What the kernel reads of an event: its action and role also as numbers (kernel.actionId, roleIndex), filled in place by the driver. */
export interface KernelStep {
  ms: number;
  official: string;
  role: RoleCode;
  action: string;
  actionId: number;
  roleIdx: number;
}

/**
 * The hot path of replay: dossiers as rows of a compiled transition table instead of XState
 * actors, time boxes checked when a dossier leaves a step instead of by timers. It produces the
 * same trace as the actor engine (a differential property test holds them equal, timers
 * included) at a fraction of the cost.
 * @example
 * const k = createKernel(registry);
 * const d = k.open('HS-1', 'A', 'kct', true, start);
 * // the action and role as numbers, looked up once by the caller (the driver)
 * k.step(d, { ms, official: 'kct', role: 'KCT', action: 'submit', actionId: k.actionId('submit'), roleIdx: roleIndex('KCT') });
 * const trace = k.finish(d, end);
 * // createKernel(registry, 30, { statusHistory: false }): every timed step boxed at 30 minutes, no status history
 */
export function createKernel(registry: ProcedureRegistry, override?: number, opts: { statusHistory?: boolean } = {}) {
  // an audit of millions of dossiers reads no status history: it can go without
  const history = opts.statusHistory ?? true;
  // every action a procedure of the registry knows, numbered: the caller looks an event's action
  // up once, and each table's index of it is an array read (a name no procedure knows: -1)
  const actionNames: readonly string[] = [...new Set([...registry.values()].flatMap(({ decl }) => actionsOf(decl)))];
  const actionIds = new Map(actionNames.map((a, i) => [a, i]));
  const actionId = (name: string): number => actionIds.get(name) ?? -1;
  const tables = new Map<string, { table: TransitionTable; actions: Int32Array; boxes: Float64Array }>();
  const entryOf = (procedure: string) => {
    let t = tables.get(procedure);
    if (!t) {
      const proc = registry.get(procedure);
      if (!proc) return undefined;
      const table = compileTable(proc);
      const steps = new Map(proc.decl.steps.map((s) => [s.id, s]));
      const boxes = Float64Array.from(table.meta, (m) => (m.kind === 'step' ? timedBoxOf(steps.get(m.step!)!, override) * 60_000 : 0));
      t = { table, actions: Int32Array.from(actionNames, (a) => table.action(a)), boxes };
      tables.set(procedure, t);
    }
    return t;
  };
  const tableOf = (procedure: string) => entryOf(procedure)?.table;

  const closeTimeBox = (d: KernelDossier, now: number, inclusive: boolean) => {
    const v = d.trace.visits[d.trace.visits.length - 1];
    if (!v || v.leftAt !== undefined || v.overTimeBoxAt !== undefined) return;
    const box = d.boxes[d.state];
    if (box > 0 && (inclusive ? v.arrivedAt + box <= now : v.arrivedAt + box < now)) v.overTimeBoxAt = v.arrivedAt + box;
  };

  return {
    table: tableOf,

    /** The number the hot path (step) reads for an action name: -1 for one no procedure of the registry knows. */
    actionId,
    /** The action names by their number. */
    actionNames,

    /** Starts a dossier at its first step; undefined when the procedure is unknown. */
    open(code: string, procedure: string, owner: string, valid: boolean, at: number): KernelDossier | undefined {
      const entry = entryOf(procedure);
      if (!entry) return undefined;
      const { table, actions, boxes } = entry;
      const state = table.initial;
      return {
        table,
        actions,
        boxes,
        state,
        flags: 0,
        supplements: 0,
        trace: {
          code,
          procedure,
          owner,
          valid,
          state: table.states[state],
          status: 0,
          statusHistory: history ? [{ at, state: table.states[state], status: 0 }] : [],
          visits: [visit(table.meta[state].step!, at)],
          supplementWaits: [],
          // every field there from the start: one shape for every trace (a field added later gives
          // each order of events its own hidden class, and every read of a trace gets slower);
          // AllFields makes the compiler name a field the type gains and this list lacks
          submittedAt: undefined,
          receivedAt: undefined,
          receivedBy: undefined,
          closedAt: undefined,
          closedAs: undefined,
          paidAt: undefined,
          receiptAt: undefined,
          apologyAt: undefined,
          apologyBy: undefined,
        } satisfies AllFields<DossierTrace>,
      };
    },

    /** Applies one event to a dossier (events of a dossier in time order): undefined when accepted, else why not. The driver's hot path. */
    step,

    /** Runs the clock to `end` for this dossier (time box of the step it waits at) and returns its trace. */
    finish(d: KernelDossier, end: number): DossierTrace {
      if (!d.table.final[d.state]) closeTimeBox(d, end, true);
      return d.trace;
    },

    /** Runs the time box of the step a dossier waits at up to `now`: ended before it (or at it, when `inclusive`) is over. */
    timeUp(d: KernelDossier, now: number, inclusive: boolean): void {
      if (!d.table.final[d.state]) closeTimeBox(d, now, inclusive);
    },
  };

  function step(d: KernelDossier, e: KernelStep): RejectionCode | undefined {
    const { table, trace } = d;
    const action = e.actionId < 0 ? -1 : d.actions[e.actionId];
    if (action < 0) return table.final[d.state] ? 'after_closed' : 'unknown_action';
    const r = table.step(d.state, d.flags, d.supplements, action, e.roleIdx, e.official === trace.owner);
    if (!r.ok) return r.reason;
    const t = e.ms;
    if (r.next !== d.state) {
      closeTimeBox(d, t, false);
      const leaving = table.meta[d.state];
      if (leaving.kind === 'step') {
        const v = trace.visits[trace.visits.length - 1];
        v.leftAt = t;
        v.leftBy = e.official;
        v.leftVia = e.action;
        if (r.completes !== undefined) {
          if (r.completes === table.proc.decl.steps[0].id) trace.submittedAt = t;
          if ((r.flags & FLAG.received) !== 0 && (d.flags & FLAG.received) === 0) {
            trace.receivedAt = t;
            trace.receivedBy = e.official;
          }
        }
      } else if (leaving.kind === 'supplement') trace.supplementWaits[trace.supplementWaits.length - 1].to = t;
      const entering = table.meta[r.next];
      const name = table.states[r.next];
      if (entering.kind === 'step') trace.visits.push(visit(entering.step!, t));
      else if (entering.kind === 'supplement')
        trace.supplementWaits.push({ step: entering.step!, from: t, to: undefined, requestedBy: e.official } satisfies AllFields<SupplementWait>);
      else {
        trace.closedAt = t;
        trace.closedAs = name as DossierTrace['closedAs'];
      }
      trace.state = name;
    }
    const gained = r.flags & ~d.flags;
    if (gained & FLAG.paid) trace.paidAt = t;
    if (gained & FLAG.receipt) trace.receiptAt = t;
    if (gained & FLAG.apology) {
      trace.apologyAt = t;
      trace.apologyBy = e.official;
    }
    d.state = r.next;
    d.flags = r.flags;
    d.supplements = r.supplements;
    const status = table.status(d.state, d.flags) as DossierTrace['status'];
    if (status !== trace.status) {
      trace.status = status;
      if (history) trace.statusHistory.push({ at: t, state: trace.state, status });
    }
    return undefined;
  }
}

export type Kernel = ReturnType<typeof createKernel>;

/** A stay at a step, with all its fields from the start, like the trace open() makes (one hidden class for every visit). */
const visit = (step: string, arrivedAt: number): StepVisit =>
  ({ step, arrivedAt, leftAt: undefined, leftBy: undefined, leftVia: undefined, overTimeBoxAt: undefined }) satisfies AllFields<StepVisit>;

/** An object with every field of T written out, the optional ones too (as undefined until set). */
type AllFields<T> = { [K in keyof Required<T>]: T[K] };
