import type { EventBatch } from '../model/eventBatch.js';
import { detach } from '../model/log.js';
import type { RejectionCode } from '../model/refusal.js';
import type { StepVisit } from '../model/trace.js';
import { CodeMap, CodeTimes } from './codeTables.js';
import { createKernel, type Kernel, type KernelDossier, type KernelStep } from './kernel.js';
import type { ProcedureRegistry } from './registry.js';

/** Why a row reached no dossier. */
export type StrayReason = 'after_closed' | 'unknown_procedure' | 'unknown_dossier';

/** A dossier the driver holds: the kernel's row and what the consumer keeps with it. */
export interface Held<T> {
  kd: KernelDossier;
  data: T;
  /** codeHash of its code */
  hash: number;
  /** how many dossiers were opened before it */
  seq: number;
}

/**
 * Whoever reads what the driver does, as it does it: the session's trace (run, simulate, the
 * board) or the audit of a recorded log. Called in this order for each good row: `row`, then one
 * of `incident`, `stray` or (`opened` for a new dossier, then) `applied`, then `closed` when the
 * dossier reached its end.
 */
export interface DriveConsumer<T> {
  /** Every good row, before the engine sees it; `actionId` is the kernel's number of its action (-1: none knows it). */
  row(b: EventBatch, i: number, actionId: number): void;
  /** An incident (unstable connection): it belongs to an official, not to a dossier. */
  incident(b: EventBatch, i: number): void;
  /** A row that reaches no dossier: after its dossier closed, of a procedure no one declared, or a code no plan has. */
  stray(b: EventBatch, i: number, reason: StrayReason): void;
  /** A dossier opened, by its plan (no row: i = -1) or by its first row: what the consumer keeps with it. */
  opened(kd: KernelDossier, b: EventBatch | undefined, i: number): T;
  /**
   * Row i applied to a dossier: `refused` says why the machine refused it (undefined: accepted);
   * `left` is the stay at a step the event ended; `from` the state index before it.
   */
  applied(h: Held<T>, b: EventBatch, i: number, refused: RejectionCode | undefined, left: StepVisit | undefined, from: number): void;
  /** A dossier is done: closed in the stream (end = +Infinity), or still open when the drive finished at `end`. */
  closed(h: Held<T>, end: number): void;
}

export interface DriveOptions {
  registry: ProcedureRegistry;
  /** minutes that replace every timed step's declared time box (a session's own setting) */
  override?: number;
  /** record each trace's status history (an audit of millions of dossiers needs none) */
  statusHistory?: boolean;
  /**
   * A recorded log: a row of a code not seen opens its dossier, and a closed dossier is let go,
   * its code remembered this long (log time) to tell events after closing. Without it (a
   * session): only planned dossiers exist, and they are kept to the end.
   */
  closedWindowMs?: number;
}

/**
 * The one driver every command runs on: it opens dossiers (from a session's plan or a log's
 * first row), applies each row to its dossier on the compiled kernel in the order given, runs
 * the time boxes on the instants it is given, and hands each dossier to its consumer when it
 * closes or the drive ends. `tthc run`, `simulate`, `rehearse` (the board) and `replay` (one
 * thread and workers) differ only in their consumer.
 * @example
 * const d = new Driver({ registry }, consumer);
 * d.plan('HS-1', 'A', 'kct', true, start);
 * for (let i = 0; i < batch.length; i++) d.take(batch, i);
 * d.finish(end);
 */
export class Driver<T> {
  readonly kernel: Kernel;
  /** open dossiers (sessions: every planned one), looked up at every row */
  private open = new CodeMap<Held<T>>();
  /**
   * codes of closed dossiers (logs) and the instant they closed: those closed since the last
   * turn, and those of the turn before. A turn comes each window of log time and drops the
   * older map whole, so a code is remembered for one to two windows.
   */
  private closedCodes = new CodeTimes();
  private older = new CodeTimes();
  /** when the closed codes last turned (NaN: not yet) */
  private turnedAt = Number.NaN;
  private readonly window: number;
  private readonly log: boolean;
  private opened = 0;
  /** the event the kernel reads, filled in place for each row */
  private readonly scratch: KernelStep = { ms: 0, official: '', role: 'KCT', action: '', actionId: -1, roleIdx: 0 };

  constructor(
    opts: DriveOptions,
    private readonly consumer: DriveConsumer<T>,
  ) {
    this.kernel = createKernel(opts.registry, opts.override, { statusHistory: opts.statusHistory ?? true });
    this.log = opts.closedWindowMs !== undefined;
    this.window = opts.closedWindowMs ?? Number.POSITIVE_INFINITY;
  }

  /** Dossiers held now. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Opens a planned dossier at its first step at instant `at`.
   * @throws Error when no procedure of the registry has that id (a scenario is checked before)
   */
  plan(code: string, procedure: string, owner: string, valid: boolean, at: number, hash: number): Held<T> {
    const kd = this.kernel.open(code, procedure, owner, valid, at);
    if (!kd) throw new Error(`dossier ${code}: unknown procedure "${procedure}"`);
    return this.hold(kd, hash, undefined, -1);
  }

  private hold(kd: KernelDossier, hash: number, b: EventBatch | undefined, i: number): Held<T> {
    const held: Held<T> = { kd, data: undefined as T, hash, seq: this.opened++ };
    held.data = this.consumer.opened(kd, b, i);
    this.open.set(kd.trace.code, hash, held);
    return held;
  }

  /** Applies good row `i` of a batch. Rows of one dossier must come in time order. */
  take(b: EventBatch, i: number): void {
    const c = this.consumer;
    const action = b.action[i];
    const actionId = this.kernel.actionId(action);
    c.row(b, i, actionId);
    // an incident (unstable connection) belongs to an official, not to a dossier
    if (action === 'connection_failure') return c.incident(b, i);
    const ms = b.ms[i];
    const h = b.dossierHash[i];
    let held = this.open.get(b.dossier[i], h);
    if (held === undefined) {
      if (!this.log) return c.stray(b, i, 'unknown_dossier');
      held = this.openFromRow(b, i, ms, h);
      if (held === undefined) return;
    }
    const kd = held.kd;
    const official = b.official[i];
    const k = this.scratch;
    k.ms = ms;
    // the owner's own actions name the owner as kept at opening
    k.official = official === kd.trace.owner ? kd.trace.owner : official;
    k.role = b.role[i];
    k.action = action;
    k.actionId = actionId;
    k.roleIdx = b.roleIdx[i];
    const visits = kd.trace.visits;
    const here = visits[visits.length - 1];
    const wasHere = here.leftAt === undefined;
    const from = kd.state;
    const refused = this.kernel.step(kd, k);
    c.applied(held, b, i, refused, refused === undefined && wasHere && here.leftAt !== undefined ? here : undefined, from);
    if (this.log && kd.table.final[kd.state]) {
      // the code as kept when the dossier opened
      const code = kd.trace.code;
      this.kernel.finish(kd, kd.trace.closedAt ?? ms);
      c.closed(held, Number.POSITIVE_INFINITY);
      this.open.delete(code, held.hash);
      this.closedCodes.set(code, held.hash, ms);
    }
  }

  /** A log's row of a code not open: its dossier opens, unless it closed within the window or its procedure is unknown. */
  private openFromRow(b: EventBatch, i: number, ms: number, h: number): Held<T> | undefined {
    this.forget(ms);
    let dossier = b.dossier[i];
    const closedAt = this.closedCodes.get(dossier, h) ?? this.older.get(dossier, h);
    // the window is judged per dossier, so partitions of a log (worker threads) agree; a code
    // closed longer ago opens again (and its new closing replaces the old one)
    if (closedAt !== undefined && ms - closedAt <= this.window) {
      this.consumer.stray(b, i, 'after_closed');
      return undefined;
    }
    // kept while the dossier is open: strings of their own, not views into a reader's chunk
    dossier = detach(dossier);
    const procedure = b.procedure[i];
    const table = this.kernel.table(procedure);
    const owner = table && b.action[i] === table.proc.decl.steps[0].action ? detach(b.official[i]) : '';
    const kd = this.kernel.open(dossier, procedure, owner, true, ms);
    if (!kd) {
      this.consumer.stray(b, i, 'unknown_procedure');
      this.closedCodes.set(dossier, h, ms);
      return undefined;
    }
    return this.hold(kd, h, b, i);
  }

  /** Memory only: the per-dossier check above decides what is after closing, not this. */
  private forget(now: number) {
    if (this.turnedAt !== this.turnedAt) this.turnedAt = now;
    else if (now - this.turnedAt > this.window) {
      this.older = this.closedCodes;
      // sized for as many codes as the last window closed: no growing on the way
      this.closedCodes = new CodeTimes(Math.max(1 << 12, 2 ** Math.ceil(Math.log2(this.older.size * 2 + 1))));
      this.turnedAt = now;
    }
  }

  /**
   * Runs the time boxes of the dossiers held up to `now`: a stay whose box ends before `now`
   * (or at it, when `inclusive`) is over its time box. The board asks this before it shows a
   * dossier; a drive's end does it for every dossier still open.
   */
  timeUp(now: number, inclusive: boolean): void {
    for (const [, held] of this.open.entries()) this.kernel.timeUp(held.kd, now, inclusive);
  }

  /** The dossiers held, in the order they opened. */
  held(): Held<T>[] {
    return [...this.open.entries()].map(([, h]) => h).sort((a, b) => a.seq - b.seq);
  }

  /** Ends the drive at `end`: every dossier still held runs its time box to `end` and goes to the consumer, in the order they opened. */
  finish(end: number): void {
    for (const held of this.held()) {
      this.kernel.finish(held.kd, end);
      this.consumer.closed(held, end);
    }
    this.open = new CodeMap<Held<T>>();
  }
}
