import { DueReader } from '../analysis/impl/due.js';
import { Driver, type DriveConsumer, type Held, type StrayReason } from '../engine/drive.js';
import type { KernelDossier } from '../engine/kernel.js';
import { FLAG } from '../engine/table.js';
import type { ProcedureRegistry } from '../engine/registry.js';
import { refusalFinding, type RejectionCode } from '../model/refusal.js';
import { detach, type LogEvent, type LogItem, type RowError } from '../model/log.js';
import type { ProcedureDecl } from '../model/procedure.js';
import type { RoleCode } from '../model/roles.js';
import type { StepVisit } from '../model/trace.js';
import { EventBatch } from '../model/eventBatch.js';
import type { Calendar } from '../time/calendar.js';
import { CodeMap } from '../engine/codeTables.js';
import { CONFORMANCE_CODES, type ConformanceCode } from './conformance.js';
import { DurationHistogram } from './histogram.js';

/** One dossier of an audited log, as written to the per-dossier output. */
export interface DossierAudit {
  code: string;
  procedure: string;
  unit: string;
  owner: string;
  events: number;
  /** events the procedure's machine accepted */
  fitting: number;
  fitness: number;
  status: number;
  closedAs?: string;
  receivedAt?: number;
  dueAt?: number;
  returnedAt?: number;
  late: boolean;
  riskAt?: number;
  riskStep?: string;
  apologyAt?: number;
  findings: ConformanceCode[];
  /** the dossier's events, kept only when asked (XES output) */
  log?: LogEvent[];
}

/** Counters of a unit or an official. */
export interface Tally {
  dossiers: number;
  returned: number;
  onTime: number;
  late: number;
  lateWithApology: number;
  lateWithoutApology: number;
  submissions: number;
  online: number;
  channelKnown: number;
  payments: number;
  paidOnline: number;
  paymentMethodKnown: number;
  events: number;
  fitting: number;
  steps: number;
  overTimeBox: number;
  findings: Partial<Record<ConformanceCode, number>>;
  durations: DurationHistogram;
}

const tally = (): Tally => ({
  dossiers: 0,
  returned: 0,
  onTime: 0,
  late: 0,
  lateWithApology: 0,
  lateWithoutApology: 0,
  submissions: 0,
  online: 0,
  channelKnown: 0,
  payments: 0,
  paidOnline: 0,
  paymentMethodKnown: 0,
  events: 0,
  fitting: 0,
  steps: 0,
  overTimeBox: 0,
  findings: {},
  durations: new DurationHistogram(),
});

export interface AuditOptions {
  registry: ProcedureRegistry;
  calendar: Calendar;
  timeBoxMinutes?: number;
  /** a closed dossier is remembered this long (log time) to catch events after it closed */
  closedWindowDays?: number;
  /** keep each dossier's events for its DossierAudit (XES output) */
  keepEvents?: boolean;
  /** called once per dossier when it closes, or at the end for the open ones */
  onDossier?: (d: DossierAudit) => void;
  /** called with an event that belongs to no open dossier (after closure, unknown procedure) */
  onStray?: (e: LogEvent) => void;
  /** examples kept per finding */
  samples?: number;
}

/** An official's tally, with the role and unit of their first row. */
export type OfficialTally = Tally & { role: string; unit: string; firstRow: number };

/** A finding with where it happened, for the report's examples. */
export interface Sample {
  dossier: string;
  row?: number;
  official?: string;
  action?: string;
  at?: number;
}

export interface AuditResult {
  rows: number;
  events: number;
  badRows: number;
  badRowSamples: RowError[];
  dossiers: number;
  openAtEnd: number;
  fitting: number;
  /** share of events that fit the model (process-mining fitness of the log) */
  fitness: number;
  start?: number;
  end?: number;
  findings: Record<ConformanceCode, number>;
  samples: Partial<Record<ConformanceCode, Sample[]>>;
  units: Map<string, Tally>;
  officials: Map<string, OfficialTally>;
  steps: Map<string, DurationHistogram>;
}

/** A step of a procedure as the audit tallies it: its duration histogram (listed in the result from its first duration) and whether it is scored. */
interface StepInfo {
  key: string;
  hist: DurationHistogram | undefined;
  scored: boolean;
}

/** What the audit keeps with each open dossier (the driver holds the dossier itself). */
interface Open {
  /** its procedure's steps by id */
  steps: Map<string, StepInfo>;
  /** the tally of the dossier's unit */
  unitTally: Tally;
  unit: string;
  events: number;
  fitting: number;
  findings: ConformanceCode[];
  channel?: string;
  payment?: string;
  log?: LogEvent[];
}

/**
 * Where a sample sits in the log: by row (findings of a whole dossier have none: last), then
 * dossier code (by code unit: the same order on every machine, and cheap, as it runs for every
 * finding of a large log), then time.
 */
const order = (a: { row?: number; dossier?: string; at?: number }, b: typeof a): number => orderOf(a.row, a.dossier, a.at, b);
const orderOf = (row: number | undefined, dossier: string | undefined, at: number | undefined, b: { row?: number; dossier?: string; at?: number }): number => {
  if (row !== b.row) return row === undefined ? 1 : b.row === undefined ? -1 : row - b.row;
  const x = dossier ?? '';
  const y = b.dossier ?? '';
  if (x !== y) return x < y ? -1 : 1;
  return (at ?? 0) - (b.at ?? 0);
};

/** Keeps the `n` first items of a list by log position, however they arrive. */
export function keepFirst<T extends { row?: number; dossier?: string; at?: number }>(list: T[], item: T, n: number): void {
  if (list.length >= n && order(item, list[list.length - 1]) >= 0) return;
  let i = list.length;
  while (i > 0 && order(item, list[i - 1]) < 0) i--;
  list.splice(i, 0, item);
  if (list.length > n) list.pop();
}

const OWNER_ACTIONS = new Set(['submit', 'pay', 'save_receipt', 'supplement', 'withdraw']);

/**
 * A streaming audit of a recorded log: push batches of rows as they are read, then finish.
 * Dossiers live in memory only while open (and, once closed, as a code remembered for
 * `closedWindowDays` of log time), so memory follows the open dossiers, not the log's length.
 * Each event goes through the compiled transition table of its procedure's machine.
 * @example
 * const a = new Auditor({ registry, calendar });
 * for await (const batch of readCsv(stream, 'log.csv', { zone })) a.push(batch);
 * const result = a.finish();
 */
export class Auditor implements DriveConsumer<Open> {
  private driver: Driver<Open>;
  /** the officials of result.officials, by name: looked up at every event */
  private officials = new CodeMap<OfficialTally>();
  /** the earliest and latest instants seen: plain numbers, kept apart from the result, so each row stores a number in place */
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  /** per procedure: its steps' duration histograms and whether each is scored */
  private stepInfo = new Map<string, Map<string, StepInfo>>();
  private result: AuditResult;
  /** per kernel action id: 1 when it is one of the submitter's own actions (OWNER_ACTIONS) */
  private readonly ownerAction: Uint8Array;
  /** due times and flags of the dossiers as they close, read into one reused object */
  private readonly due = new DueReader();
  /** the tally of the official of the row the driver is on (none for the submitter's own actions) */
  private who: OfficialTally | undefined;

  constructor(private opts: AuditOptions) {
    this.driver = new Driver(
      { registry: opts.registry, override: opts.timeBoxMinutes, statusHistory: false, closedWindowMs: (opts.closedWindowDays ?? 45) * 86_400_000 },
      this,
    );
    this.ownerAction = Uint8Array.from(this.driver.kernel.actionNames, (a) => (OWNER_ACTIONS.has(a) ? 1 : 0));
    this.result = {
      rows: 0,
      events: 0,
      badRows: 0,
      badRowSamples: [],
      dossiers: 0,
      openAtEnd: 0,
      fitting: 0,
      fitness: 1,
      findings: Object.fromEntries(CONFORMANCE_CODES.map((c) => [c, 0])) as Record<ConformanceCode, number>,
      samples: {},
      units: new Map(),
      officials: new Map(),
      steps: new Map(),
    };
  }

  /** The latest instant seen so far. */
  get end(): number | undefined {
    return this.last === Number.NEGATIVE_INFINITY ? undefined : this.last;
  }

  /** Rows read so far (good and bad), for progress. */
  get rows(): number {
    return this.result.rows;
  }

  /**
   * Audits a batch of rows, LogItems or columns (the CSV reader's fast shape). With `strict`,
   * stops before the first bad row and returns it; the rows before it are audited.
   */
  push(batch: readonly LogItem[] | EventBatch, strict = false): RowError | undefined {
    const b = Array.isArray(batch) ? EventBatch.fromItems(batch as readonly LogItem[]) : (batch as EventBatch);
    const { errors, errorAt } = b;
    let k = 0;
    for (let i = 0; i <= b.length; i++) {
      while (k < errors.length && errorAt[k] === i) {
        if (strict) return errors[k];
        this.bad(errors[k++]);
      }
      if (i < b.length) this.driver.take(b, i);
    }
    return undefined;
  }

  private bad(error: RowError) {
    const r = this.result;
    r.rows++;
    r.badRows++;
    keepFirst(r.badRowSamples, error, 1000);
  }

  /** Counts a finding, and keeps it as an example when it is among the first few of its kind by log position. */
  private find(code: ConformanceCode, open: Open | undefined, dossier: string, at: number | undefined, official?: string, row?: number, action?: string) {
    this.result.findings[code]++;
    open?.findings.push(code);
    const list = (this.result.samples[code] ??= []);
    const n = this.opts.samples ?? 5;
    // most findings of a large log come after the examples already kept: no object for them
    if (list.length >= n && orderOf(row, dossier, at, list[list.length - 1]) >= 0) return;
    const sample: Sample = row === undefined ? { dossier, at, official } : { dossier, row, official, action, at };
    keepFirst(list, sample, n);
  }

  /** An official's tally (`h` the codeHash of the name), made at their first row. */
  private official(official: string, h: number, role: RoleCode, unit: string, row: number) {
    let t = this.officials.get(official, h);
    if (!t) {
      t = Object.assign(tally(), { role, unit: detach(unit), firstRow: row });
      official = detach(official);
      this.result.officials.set(official, t);
      this.officials.set(official, h, t);
    }
    return t;
  }

  // the driver's consumer: what the audit counts of each row and dossier

  /** Every good row: the log's span, and the staff official's own tally. */
  row(b: EventBatch, i: number, actionId: number): void {
    const r = this.result;
    const ms = b.ms[i];
    r.rows++;
    r.events++;
    if (ms < this.first) this.first = ms;
    if (ms > this.last) this.last = ms;
    // submitters (citizens in a real log) are not tallied: only staff moving dossiers on are
    const owners = actionId >= 0 ? this.ownerAction[actionId] === 1 : OWNER_ACTIONS.has(b.action[i]);
    const who = (this.who = owners ? undefined : this.official(b.official[i], b.officialHash[i], b.role[i], b.unit[i], b.row[i]));
    if (who) who.events++;
  }

  /** An incident (unstable connection) is counted as the official's row, and is no dossier's. */
  incident(): void {}

  stray(b: EventBatch, i: number, reason: StrayReason): void {
    this.find(reason === 'after_closed' ? 'event_after_closed' : 'unknown_procedure', undefined, b.dossier[i], b.ms[i], b.official[i], b.row[i], b.action[i]);
    if (this.opts.onStray) this.opts.onStray(b.event(i));
  }

  opened(kd: KernelDossier, b: EventBatch | undefined, i: number): Open {
    const unit = b ? detach(b.unit[i]) : '';
    this.result.dossiers++;
    return {
      steps: this.stepsOf(kd.table.proc.decl),
      unitTally: this.unitOf(unit),
      unit,
      events: 0,
      fitting: 0,
      findings: [],
      channel: undefined,
      payment: undefined,
      log: this.opts.keepEvents ? [] : undefined,
    };
  }

  applied(h: Held<Open>, b: EventBatch, i: number, refused: RejectionCode | undefined, left: StepVisit | undefined): void {
    const o = h.data;
    const who = this.who;
    o.events++;
    if (o.log) o.log.push(b.event(i));
    const action = b.action[i];
    const data = b.data.size ? b.data.get(i) : undefined;
    if (data) {
      if (action === 'submit' && typeof data.channel === 'string') o.channel = data.channel;
      if (action === 'pay' && typeof data.method === 'string') o.payment = data.method;
    }
    if (refused === undefined) {
      o.fitting++;
      this.result.fitting++;
      if (who) who.fitting++;
      if (left) this.left(o, left, who);
    } else {
      const code = refusalFinding(refused) ?? this.orderFinding(h.kd, action, refused);
      this.find(code, o, b.dossier[i], b.ms[i], b.official[i], b.row[i], action);
      if (who) who.findings[code] = (who.findings[code] ?? 0) + 1;
    }
  }

  closed(h: Held<Open>, end: number): void {
    this.finalise(h.kd.trace.code, h.data, h.kd, end);
  }

  private orderFinding(kd: KernelDossier, action: string, reason: RejectionCode): ConformanceCode {
    if (reason !== 'out_of_order' && reason !== 'before_submission') return 'not_allowed';
    const steps = kd.table.proc.decl.steps;
    const target = steps.findIndex((s) => s.action === action);
    // returning the result early is worse than any order slip: name what was missing
    const requires = target >= 0 ? steps[target].requires : [];
    if (requires.includes('signature') && (kd.flags & FLAG.signed) === 0) return 'returned_without_signature';
    if (requires.includes('payment') && (kd.flags & FLAG.paid) === 0 && kd.table.proc.decl.fee) return 'returned_without_payment';
    const meta = kd.table.meta[kd.state];
    const here = steps.findIndex((s) => s.id === meta.step);
    return target > here ? 'skipped_step' : 'out_of_order';
  }

  /** A procedure's steps as the audit tallies them, by id, made once per procedure. */
  private stepsOf(decl: ProcedureDecl): Map<string, StepInfo> {
    let steps = this.stepInfo.get(decl.id);
    if (!steps) {
      steps = new Map(decl.steps.map((s): [string, StepInfo] => [s.id, { key: `${decl.id}\u0000${s.id}`, hist: undefined, scored: s.scored }]));
      this.stepInfo.set(decl.id, steps);
    }
    return steps;
  }

  private unitOf(unit: string): Tally {
    let t = this.result.units.get(unit);
    if (!t) this.result.units.set(unit, (t = tally()));
    return t;
  }

  /**
   * A step left (visit `v`): its duration counts for the step, the unit,
   * and the official whose staff action moved the dossier on (`who`; none for the submitter's
   * own actions), as it happens, not when the dossier closes.
   */
  private left(o: Open, v: StepVisit, who: OfficialTally | undefined) {
    const step = o.steps.get(v.step)!;
    const secs = (v.leftAt! - v.arrivedAt) / 1000;
    if (!step.hist) this.result.steps.set(step.key, (step.hist = this.result.steps.get(step.key) ?? new DurationHistogram()));
    step.hist.add(secs);
    if (who) {
      who.steps++;
      who.durations.add(secs);
      if (v.overTimeBoxAt !== undefined && step.scored) who.overTimeBox++;
    }
    o.unitTally.steps++;
    o.unitTally.durations.add(secs);
  }

  private finalise(code: string, o: Open, kd: KernelDossier, end: number) {
    const { opts, result: r } = this;
    const trace = kd.trace;
    const decl = kd.table.proc.decl;
    const timing = this.due.read(trace, decl, opts.calendar, end, undefined, opts.timeBoxMinutes);
    // read now: the next dossier's answer takes its place
    const dueAt = timing.received ? timing.dueAt : undefined;
    const late = timing.late;
    const returnedAt = timing.returnedAt;
    const riskAt = timing.risk ? timing.riskAt : undefined;
    const riskStep = timing.risk ? timing.riskStep : undefined;
    const unit = o.unitTally;
    // durations were counted as each step was left (left()); what is over its time box is found here, step by step
    for (const v of trace.visits) {
      if (v.overTimeBoxAt === undefined || !o.steps.get(v.step)!.scored) continue;
      this.find('step_over_time_box', o, code, v.overTimeBoxAt, v.leftBy);
      unit.overTimeBox++;
    }
    if (late) {
      this.find('late', o, code, dueAt);
      if (trace.apologyAt === undefined) this.find('late_without_apology', o, code, dueAt);
    }
    if (trace.apologyAt !== undefined && dueAt !== undefined && trace.apologyAt > dueAt)
      this.find('apology_after_due', o, code, trace.apologyAt, trace.apologyBy);
    unit.dossiers++;
    unit.events += o.events;
    unit.fitting += o.fitting;
    if (trace.submittedAt !== undefined) unit.submissions++;
    if (o.channel) {
      unit.channelKnown++;
      if (o.channel === 'online') unit.online++;
    }
    if (trace.paidAt !== undefined) {
      unit.payments++;
      if (o.payment) {
        unit.paymentMethodKnown++;
        if (o.payment === 'online') unit.paidOnline++;
      }
    }
    if (trace.closedAs === 'returned') {
      unit.returned++;
      if (late) unit.late++;
      else unit.onTime++;
    } else if (late) unit.late++;
    if (late) trace.apologyAt !== undefined ? unit.lateWithApology++ : unit.lateWithoutApology++;
    for (const f of o.findings) unit.findings[f] = (unit.findings[f] ?? 0) + 1;
    opts.onDossier?.({
      code,
      procedure: decl.id,
      unit: o.unit,
      owner: trace.owner,
      events: o.events,
      fitting: o.fitting,
      fitness: o.events ? o.fitting / o.events : 1,
      status: trace.status,
      closedAs: trace.closedAs,
      receivedAt: trace.receivedAt,
      dueAt,
      returnedAt,
      late,
      riskAt,
      riskStep,
      apologyAt: trace.apologyAt,
      findings: o.findings,
      ...(o.log ? { log: o.log } : {}),
    });
  }

  /** Finalises the dossiers still open at the end of the log and returns the whole result. */
  finish(logEnd?: number): AuditResult {
    const r = this.result;
    if (this.last !== Number.NEGATIVE_INFINITY) {
      r.start = this.first;
      r.end = this.last;
    }
    // a partition of the log finishes at the end of the whole log, given by whoever split it
    const end = logEnd ?? r.end ?? 0;
    r.openAtEnd = this.driver.size;
    // in the order they opened, as the log has them
    this.driver.finish(end);
    r.fitness = r.events ? r.fitting / r.events : 1;
    return r;
  }
}
