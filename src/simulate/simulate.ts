import { scoreSession } from '../analysis/score.js';
import type { Rubric } from '../analysis/rubric.js';
import { replay } from '../engine/session.js';
import type { ProcedureRegistry } from '../engine/registry.js';
import { candidatesFor } from '../model/assign.js';
import type { RoleCode } from '../model/roles.js';
import type { Session, TimedEvent } from '../model/session.js';
import type { Calendar } from '../time/calendar.js';
import { dueTime } from '../time/due.js';
import { drawMinutes, seeded, type Spread } from './random.js';
import { MinHeap } from '../time/minHeap.js';

/** Step durations by role (minutes); `default` covers roles not named. */
export type DurationModel = Partial<Record<RoleCode, Spread>> & { default: Spread };

export interface SimulateOptions {
  runs: number;
  seed: number;
  registry: ProcedureRegistry;
  calendar: Calendar;
  rubric: Rubric;
  durations: DurationModel;
  /** minutes between candidate start times for the latest-start search (default 5) */
  grid?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SimulationResult {
  runs: number;
  seed: number;
  durations: DurationModel;
  /** per dossier: probability it goes late, or is flagged at risk, at the scenario's start time */
  dossiers: { code: string; procedure: string; owner: string; pLate: number; pAtRisk: number; meanMinutesToResult: number }[];
  /** per official: probability of going over a time box, and mean minutes busy */
  officials: { id: string; name: string; role: RoleCode; pOverTimeBox: number; meanBusyMinutes: number }[];
  /** probability that every dossier is on time when starting at the scenario's start */
  pAllOnTime: number;
  /**
   * latest start (epoch ms, 5-minute grid) on the session date at which, in at least 90% / 99% of
   * runs, every dossier is returned on time and before the office closes that day
   */
  latestStart: { p90?: number; p99?: number };
}

interface Task {
  dossier: number;
  step: number;
  ready: number;
}

/**
 * One simulated run: every dossier starts at the session start and goes through its procedure;
 * each step goes to its official (the assigned one, the owner, or the least busy holder of the
 * role), who works one dossier at a time in the order they became ready, for a drawn duration.
 * Returns the timeline as events, the same vocabulary a scenario uses.
 * @example const events = simulateRun(session, registry, durations, seeded(1))
 */
export function simulateRun(session: Session, registry: ProcedureRegistry, durations: DurationModel, rand: () => number): TimedEvent[] {
  const officials = new Map(session.officials.map((o) => [o.id, o]));
  const freeAt = new Map<string, number>();
  const events: TimedEvent[] = [];
  // tasks by ready time, ties by dossier order
  const heap = new MinHeap<Task>((a, b) => a.ready < b.ready || (a.ready === b.ready && a.dossier < b.dossier));
  session.dossiers.forEach((_, i) => heap.push({ dossier: i, step: 0, ready: session.start }));
  const ev = (code: string, ms: number, who: string, action: string): TimedEvent => ({
    dossier: code,
    at: '',
    ms,
    official: who,
    role: officials.get(who)!.role,
    action,
  });
  while (heap.size) {
    const task = heap.pop()!;
    const plan = session.dossiers[task.dossier];
    const decl = registry.get(plan.procedure)!.decl;
    const step = decl.steps[task.step];
    const candidates = candidatesFor(session.officials, plan, step).filter((id) => officials.has(id));
    if (candidates.length === 0) continue; // nobody can do it: the dossier stops here, as it would
    const who = candidates.reduce((best, id) => ((freeAt.get(id) ?? 0) < (freeAt.get(best) ?? 0) ? id : best));
    const start = Math.max(task.ready, freeAt.get(who) ?? 0);
    const role = officials.get(who)!.role;
    const end = start + Math.round(drawMinutes(durations[role] ?? durations.default, rand) * 60_000);
    freeAt.set(who, end);
    events.push(ev(plan.code, end, who, step.action));
    // the submitter pays online and keeps the receipt as soon as the dossier is in
    if (task.step === 0 && decl.fee !== undefined && decl.fee.amountVnd > 0)
      events.push(ev(plan.code, end, plan.owner, 'pay'), ev(plan.code, end, plan.owner, 'save_receipt'));
    if (task.step + 1 < decl.steps.length) heap.push({ dossier: task.dossier, step: task.step + 1, ready: end });
  }
  return events.sort((a, b) => a.ms - b.ms);
}

/**
 * Monte Carlo what-if: runs the session `runs` times with drawn step durations (seeded,
 * reproducible), replays each run through the same engine and analyses as `tthc run`, and
 * reports per dossier the probability it goes late, per official the probability they go over
 * a time box, and the latest start time that still finishes every dossier on time with 90%
 * and 99% probability.
 * @example const r = simulate(session, { runs: 1000, seed: 7, registry, calendar, rubric, durations: { default: { median: 5, p90: 12 } } })
 */
export function simulate(session: Session, opts: SimulateOptions): SimulationResult {
  const rand = seeded(opts.seed);
  const n = session.dossiers.length;
  const late = new Float64Array(n);
  const atRisk = new Float64Array(n);
  const toResult = new Float64Array(n);
  const over = new Map<string, number>();
  const busy = new Map<string, number>();
  let allOnTime = 0;
  const grid = (opts.grid ?? 5) * 60_000;
  const day = opts.calendar.dateOf(session.start);
  const first = opts.calendar.at(day, '06:00');
  const candidates: number[] = [];
  for (let t = first; t <= opts.calendar.at(day, '18:00'); t += grid) candidates.push(t);
  const okAt = new Float64Array(candidates.length);
  // due times by procedure and minute of reception: a few thousand distinct values in all runs
  const dueMemo = new Map<string, Map<number, number>>();
  const due = (procedure: string, at: number) => {
    let memo = dueMemo.get(procedure);
    if (!memo) dueMemo.set(procedure, (memo = new Map()));
    const minute = Math.floor(at / 60_000);
    let d = memo.get(minute);
    if (d === undefined) {
      d = dueTime(opts.registry.get(procedure)!.decl.due, minute * 60_000, opts.calendar);
      memo.set(minute, d);
    }
    return d;
  };
  // a session "finishes" when every result is back, on time, before the office closes that day
  const close = opts.calendar.isWorkingDay(day) ? opts.calendar.closeOf(day) : opts.calendar.at(day, '17:00');
  const codes = new Map(session.dossiers.map((d, i) => [d.code, i]));

  for (let run = 0; run < opts.runs; run++) {
    const events = simulateRun(session, opts.registry, opts.durations, rand);
    const s = { ...session, events, end: undefined };
    const trace = replay(s, opts.registry);
    const result = scoreSession(s, trace, opts.registry, opts.calendar, opts.rubric);
    let all = true;
    for (const d of result.dossiers) {
      const i = codes.get(d.code)!;
      if (d.late || d.closedAs !== 'returned') (late[i]++, (all = false));
      if (d.risk) atRisk[i]++;
      if (d.returnedAt !== undefined) toResult[i] += (d.returnedAt - session.start) / 60_000;
    }
    if (all) allOnTime++;
    for (const o of result.officials) {
      if (o.reasons.some((r) => r.code === 'step_over_time_box')) over.set(o.id, (over.get(o.id) ?? 0) + 1);
      busy.set(o.id, (busy.get(o.id) ?? 0) + o.steps.reduce((m, st) => m + st.minutes, 0));
    }
    // the same run shifted to every candidate start: durations stay, due times move with the calendar
    const offsets = trace.dossiers.map((d) => ({ proc: d.procedure, rec: d.receivedAt, ret: d.closedAs === 'returned' ? d.closedAt : undefined }));
    const lastResult = Math.max(...offsets.map((o) => o.ret ?? Infinity));
    candidates.forEach((c, k) => {
      const shift = c - session.start;
      if (lastResult + shift > close) return;
      if (offsets.every((o) => o.rec !== undefined && o.ret !== undefined && o.ret + shift <= due(o.proc, o.rec + shift))) okAt[k]++;
    });
    if (opts.onProgress && (run + 1) % 100 === 0) opts.onProgress(run + 1, opts.runs);
  }
  opts.onProgress?.(opts.runs, opts.runs);
  const latest = (p: number) => {
    let best: number | undefined;
    candidates.forEach((c, k) => {
      if (okAt[k] / opts.runs >= p) best = c;
    });
    return best;
  };
  return {
    runs: opts.runs,
    seed: opts.seed,
    durations: opts.durations,
    dossiers: session.dossiers.map((d, i) => ({
      code: d.code,
      procedure: d.procedure,
      owner: d.owner,
      pLate: late[i] / opts.runs,
      pAtRisk: atRisk[i] / opts.runs,
      meanMinutesToResult: toResult[i] / opts.runs,
    })),
    officials: session.officials.map((o) => ({
      id: o.id,
      name: o.name,
      role: o.role,
      pOverTimeBox: (over.get(o.id) ?? 0) / opts.runs,
      meanBusyMinutes: (busy.get(o.id) ?? 0) / opts.runs,
    })),
    pAllOnTime: allOnTime / opts.runs,
    latestStart: { p90: latest(0.9), p99: latest(0.99) },
  };
}
