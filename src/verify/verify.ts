/**
 * `verifyProcedure`: the laws a procedure's workflow must keep, checked on its machine, each
 * with a verdict and, when it fails, the shortest event path (with times) that breaks it.
 *
 * - structure: every state reachable; every open state can still close, and still reach the
 *   result; every action the declaration names is taken where it says; roles in their place;
 * - legal: no result (status 10) without reception, every step in order by an allowed role,
 *   the owner's payment when there is a fee, the signature when the procedure signs; never after
 *   a refusal, withdrawal or stop; at most the legal number of supplement requests; and the
 *   step that returns the result itself checks payment and signature;
 * - time: the time boxes after reception fit the due time at the worst moment of a working day;
 * - user: the procedure's own laws (lawSpec.ts).
 */
import { DateTime } from 'luxon';
import { buildMachine, FINAL_STATES, supplementState, type DossierMachine } from '../engine/buildMachine.js';
import type { MachineEvent } from '../model/event.js';
import type { ProcedureDecl, StepDecl } from '../model/procedure.js';
import type { DossierStatus } from '../model/status.js';
import { makeCalendar, type Calendar } from '../time/calendar.js';
import { VN_CALENDAR } from '../time/calendars/vn.js';
import { canReach, findViolation, shortestWalks, stateGraph, type GraphEdge, type Monitor, type StateGraph } from './explore.js';
import { describeLaw, lawNameProblems, type Law, type Pattern } from './lawSpec.js';
import { pathAt, timePath, type EventPath } from './timedPath.js';
import { DEFAULT_WINDOW, worstMoment, type DateWindow, type Moment } from './timeLaw.js';
import { modelOf, OWNER, type Model } from './traversal.js';

export type LawGroup = 'structure' | 'legal' | 'time' | 'user';
export const LAW_GROUPS: readonly LawGroup[] = ['structure', 'legal', 'time', 'user'];

/** The events that break a law, with times; `breaksAt` is the index of the event that breaks it. */
export interface Counterexample {
  path: EventPath;
  breaksAt: number;
  reason: string;
}

/** The verdict on one law. */
export interface LawResult {
  /** stable id, e.g. "legal.payment", "user.2" */
  id: string;
  group: LawGroup;
  /** what the law says, in one line */
  title: string;
  /** its legal basis or the reason it exists */
  why?: string;
  verdict: 'pass' | 'fail' | 'skip';
  /** what was found: figures when it holds, each problem when it fails, why when skipped */
  details: string[];
  counterexample?: Counterexample;
  /** the time law's figures */
  time?: { minutes: number; steps: Array<{ step: string; minutes: number }>; worst: Moment; references: Moment[] };
}

export interface VerifyReport {
  procedure: { id: string; name: ProcedureDecl['name'] };
  calendar: string;
  /** size of the graph searched: coarse states and accepted events */
  explored: { states: number; events: number };
  laws: LawResult[];
  verdict: 'pass' | 'fail';
}

export interface VerifyOptions {
  /** the procedure's own laws (checked form: parse them with parseProcedureWithLaws or checkLaws) */
  laws?: readonly Law[];
  /** working calendar of the time law (default: the bundled Vietnamese calendar 2024-2026) */
  calendar?: Calendar;
  /** dates the time law scans (default 2024-01-01, 1096 days) */
  window?: DateWindow;
  /** the machine to verify (default: buildMachine(decl)); its guards must read no more than buildMachine's */
  machine?: DossierMachine;
  /** start of every counterexample path (default 2024-10-08 14:00, Asia/Ho_Chi_Minh) */
  start?: number;
  /** the legal limit of supplement requests (default 1: QĐ 766/QĐ-TTg counts a second as late) */
  legalSupplementLimit?: number;
  /** which groups to check (default all) */
  groups?: readonly LawGroup[];
}

/** QĐ 766/QĐ-TTg: more than one supplement request counts the dossier as late. */
export const LEGAL_SUPPLEMENT_LIMIT = 1;

let vnCalendar: Calendar | undefined;
const defaultCalendar = () => (vnCalendar ??= makeCalendar(VN_CALENDAR));

/** Không được tiếp nhận, rút hồ sơ, dừng xử lý - refused, withdrawn, stopped. */
const CLOSED: readonly DossierStatus[] = [3, 7, 8];
const entering = (e: GraphEdge, status: DossierStatus) => e.toStatus === status && e.fromStatus !== status;
const byOf = (e: MachineEvent) => (e.official === OWNER ? 'owner' : e.role);
const allowedBy = (step: StepDecl, e: MachineEvent) => (step.roles as string[]).includes(e.role) || (step.roles.includes('owner') && e.official === OWNER);
const describeEvent = (e: MachineEvent) => `${e.type} by ${e.official === OWNER ? `the owner (${e.role})` : e.role}`;

/**
 * Matches an accepted event against a pattern of a law.
 * @example matches({ action: 'sign', role: 'TP-HT' }, edge)
 */
export function matches(p: Pattern, e: GraphEdge): boolean {
  if (p.action !== undefined && e.event.type !== p.action) return false;
  if (p.role !== undefined && byOf(e.event) !== p.role) return false;
  if (p.status !== undefined && !entering(e, p.status)) return false;
  return true;
}

/** Monitors of the built-in legal laws. */
function legalMonitors(decl: ProcedureDecl, limit: number): Array<{ id: string; title: string; why?: string; skip?: string; monitor: Monitor<any> }> {
  const n = decl.steps.length;
  const reception = decl.steps.find((s) => s.reception)!;
  const fee = decl.fee?.amountVnd ?? 0;
  const signing = decl.steps.filter((s) => s.signs);
  const needsSignature = signing.length > 0 || decl.steps.some((s) => s.requires.includes('signature'));
  const stepByAction = new Map(decl.steps.map((s, i) => [s.action, i]));
  const flag = (set: (e: GraphEdge) => boolean, breaks: (e: GraphEdge) => boolean, reason: string): Monitor<boolean> => ({
    init: false,
    key: String,
    step: (m, e) => {
      const now = m || set(e);
      return !now && breaks(e) ? { broken: reason } : now;
    },
  });
  const toResult = (e: GraphEdge) => entering(e, 10);
  return [
    {
      id: 'legal.reception',
      title: 'no path returns the result (status 10) without reception',
      why: 'the statutory clock starts at reception (Giấy tiếp nhận hồ sơ, Mẫu 01)',
      monitor: flag((e) => e.event.type === reception.action, toResult, `the result is returned but the dossier was never received (${reception.action})`),
    },
    {
      id: 'legal.steps',
      title: 'no path returns the result without every step done, in order, each by a role it allows',
      monitor: {
        init: 0,
        key: String,
        step: (pos: number, e: GraphEdge) => {
          const i = stepByAction.get(e.event.type);
          if (i !== undefined) {
            const step = decl.steps[pos];
            if (!step || i !== pos) return { broken: `${e.event.type} is done while the dossier waits at ${step ? step.id : 'the end'}` };
            if (!allowedBy(step, e.event)) return { broken: `step ${step.id} is done by ${byOf(e.event)}; allowed: ${step.roles.join(', ')}` };
            pos += 1;
          } else if (e.event.type === 'send_back') pos = Math.max(0, pos - 1);
          if (toResult(e) && pos !== n)
            return {
              broken: `the result is returned with ${decl.steps
                .slice(pos)
                .map((s) => s.id)
                .join(', ')} not done`,
            };
          return pos;
        },
      },
    },
    {
      id: 'legal.payment',
      title:
        fee > 0
          ? `no path returns the result before the owner pays the fee (${fee.toLocaleString('en-US')} VND)`
          : 'no path returns the result before the fee is paid',
      why: 'the fee is paid online by the submitter before the result (seed 000, step 1)',
      skip: fee > 0 ? undefined : 'the procedure has no fee',
      monitor: flag((e) => e.event.type === 'pay' && e.event.official === OWNER, toResult, 'the result is returned but the owner never paid the fee'),
    },
    {
      id: 'legal.signature',
      title: 'no path returns the result without the signature (ký số)',
      skip: needsSignature ? undefined : 'no step signs and none requires a signature',
      monitor: flag(
        (e) => signing.some((s) => s.action === e.event.type),
        toResult,
        signing.length
          ? `the result is returned but ${signing.map((s) => s.action).join(' / ')} (the signature) was never done`
          : 'the result is returned but no step signs',
      ),
    },
    {
      id: 'legal.closed',
      title: 'a refused, withdrawn or stopped dossier never changes status again, so never reaches status 10',
      monitor: {
        init: false,
        key: String,
        step: (closed: boolean, e: GraphEdge) =>
          closed && e.toStatus !== e.fromStatus
            ? { broken: `${describeEvent(e.event)} moves a closed dossier (status ${e.fromStatus}) to status ${e.toStatus}` }
            : closed || CLOSED.includes(e.toStatus),
      },
    },
    {
      id: 'legal.supplements',
      title: `at most ${limit} supplement request${limit === 1 ? '' : 's'} on any path`,
      why:
        decl.maxSupplementRequests > LEGAL_SUPPLEMENT_LIMIT && limit === LEGAL_SUPPLEMENT_LIMIT
          ? `QĐ 766/QĐ-TTg counts a second request as late, but the declaration allows ${decl.maxSupplementRequests}`
          : 'QĐ 766/QĐ-TTg: more than one supplement request counts the dossier as late',
      monitor: {
        init: 0,
        key: String,
        step: (count: number, e: GraphEdge) => {
          if (e.event.type !== 'request_supplement') return count;
          return count + 1 > limit ? { broken: `supplement request number ${count + 1} is granted` } : count + 1;
        },
      },
    },
  ];
}

/** The monitor of one of the procedure's own laws. */
function userMonitor(law: Law): Monitor<any> {
  switch (law.kind) {
    case 'never':
      return { init: 0, key: String, step: (m, e) => (matches(law.what, e) ? { broken: `${describeEvent(e.event)} happens` } : m) };
    case 'only':
      return {
        init: 0,
        key: String,
        step: (m, e) =>
          e.event.type === law.action && !(law.roles as string[]).includes(byOf(e.event))
            ? { broken: `${describeEvent(e.event)} is taken; only ${law.roles.join(', ')} may` }
            : m,
      };
    case 'atMost':
      return {
        init: 0,
        key: String,
        step: (count: number, e) =>
          !matches(law.of, e)
            ? count
            : count + 1 > law.times
              ? { broken: `${describeEvent(e.event)} happens for the ${count + 1}${ord(count + 1)} time` }
              : count + 1,
      };
    case 'before':
      return {
        init: 0,
        key: String,
        step: (pos: number, e) => {
          // the same event may count as the last of `first` and as `then` (return, into status 10)
          if (pos < law.first.length && matches(law.first[pos], e)) pos += 1;
          if (matches(law.then, e) && pos < law.first.length)
            return {
              broken: `${describeEvent(e.event)}${e.toStatus !== e.fromStatus ? ` (into status ${e.toStatus})` : ''} before ${law.first.slice(pos).map(describeP).join(', then ')}`,
            };
          return pos;
        },
      };
  }
}
const ord = (n: number) => (n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th');
const describeP = (p: Pattern) => [p.action, p.role && `by ${p.role}`, p.status !== undefined && `status ${p.status}`].filter(Boolean).join(' ');

/** Turns a walk of the graph into a timed counterexample. */
function counterexample(model: Model, edges: GraphEdge[], reason: string, start: number, zone: string): Counterexample {
  const { path } = timePath(
    model,
    edges.map((e) => e.event),
    { start, zone },
  );
  return { path, breaksAt: edges.length - 1, reason };
}

/**
 * Checks every law of a procedure on its machine. Pure: the calendar and the start instant of
 * counterexamples are passed in (or the bundled defaults used).
 * @example
 * const report = verifyProcedure(procedureA, { laws: BUNDLED_LAWS.A });
 * report.verdict // 'pass'
 * report.laws.find((l) => l.id === 'time.due')!.details[1] // 'worst moment: ... slack 76 office minutes'
 */
export function verifyProcedure(decl: ProcedureDecl, opts: VerifyOptions = {}): VerifyReport {
  const calendar = opts.calendar ?? defaultCalendar();
  const machine = opts.machine ?? buildMachine(decl);
  const model = modelOf(decl, machine);
  const limit = Math.min(decl.maxSupplementRequests, opts.legalSupplementLimit ?? LEGAL_SUPPLEMENT_LIMIT);
  const graph = stateGraph(model, Math.max(decl.maxSupplementRequests, limit));
  const zone = calendar.zone;
  const start = opts.start ?? DateTime.fromISO('2024-10-08T14:00:00', { zone }).toMillis();
  const groups = new Set(opts.groups ?? LAW_GROUPS);
  const laws: LawResult[] = [];

  if (groups.has('structure')) laws.push(...structureLaws(graph, start, zone));
  if (groups.has('legal')) {
    for (const m of legalMonitors(decl, limit)) {
      const base = { id: m.id, group: 'legal' as const, title: m.title, why: m.why };
      if (m.skip) {
        laws.push({ ...base, verdict: 'skip', details: [m.skip] });
        continue;
      }
      const v = findViolation(graph, m.monitor);
      laws.push(
        v
          ? { ...base, verdict: 'fail', details: [v.reason], counterexample: counterexample(model, v.edges, v.reason, start, zone) }
          : { ...base, verdict: 'pass', details: [] },
      );
    }
    laws.push(resultGuardLaw(decl));
  }
  if (groups.has('time')) laws.push(timeLaw(graph, calendar, opts.window ?? DEFAULT_WINDOW));
  if (groups.has('user')) {
    const names = lawNameProblems(decl, opts.laws ?? []);
    (opts.laws ?? []).forEach((law, i) => {
      const base = { id: `user.${i + 1}`, group: 'user' as const, title: describeLaw(law), why: law.why };
      const bad = names.filter((p) => p.index === i);
      if (bad.length) {
        laws.push({ ...base, verdict: 'fail', details: bad.map((p) => `${p.path.join('.')}: ${p.message}`) });
        return;
      }
      const v = findViolation(graph, userMonitor(law));
      if (v) laws.push({ ...base, verdict: 'fail', details: [v.reason], counterexample: counterexample(model, v.edges, v.reason, start, zone) });
      else {
        const vacuous = vacuity(graph, law);
        laws.push({ ...base, verdict: 'pass', details: vacuous ? [vacuous] : [] });
      }
    });
  }
  return {
    procedure: { id: decl.id, name: decl.name },
    calendar: calendar.name,
    explored: { states: graph.nodes.length, events: graph.edgeCount },
    laws,
    verdict: laws.some((l) => l.verdict === 'fail') ? 'fail' : 'pass',
  };
}

/** A note when a law holds only because what it speaks of never happens. */
function vacuity(g: StateGraph, law: Law): string | undefined {
  const edges = g.out.flat();
  const happens = (p: Pattern) => edges.some((e) => matches(p, e));
  const what = law.kind === 'never' ? undefined : law.kind === 'before' ? law.then : law.kind === 'atMost' ? law.of : { action: law.action };
  if (what && !happens(what)) return `note: ${describeP(what)} never happens on any path, so this law holds trivially`;
  return undefined;
}

function structureLaws(g: StateGraph, start: number, zone: string): LawResult[] {
  const { decl, machine } = g.model;
  const out: LawResult[] = [];
  const walks = shortestWalks(g);
  const cx = (node: number, reason: string) => {
    const { path } = timePath(
      g.model,
      walks[node].map((e) => e.event),
      { start, zone },
    );
    return { path, breaksAt: walks[node].length - 1, reason };
  };
  const states = Object.keys(machine.states);
  const reached = new Set(g.nodes.map((n) => n.value));
  const missing = states.filter((s) => !reached.has(s));
  out.push({
    id: 'structure.reachable',
    group: 'structure',
    title: 'every state of the machine is reachable',
    verdict: missing.length ? 'fail' : 'pass',
    details: missing.length
      ? missing.map((s) => `no event path reaches ${s}${stateHint(decl, s)}`)
      : [`${states.length} states, ${g.nodes.length} combinations of state and what the guards read`],
  });

  const closing = canReach(g, (n) => n.final);
  const trap = g.nodes.findIndex((n, i) => !closing.has(i));
  out.push({
    id: 'structure.closes',
    group: 'structure',
    title: 'every open state can still reach a final state (returned, refused, withdrawn or stopped)',
    verdict: trap >= 0 ? 'fail' : 'pass',
    details: trap >= 0 ? [`from ${g.nodes[trap].value} no final state can be reached`] : [],
    counterexample: trap >= 0 ? cx(trap, `the dossier is stuck in ${g.nodes[trap].value}: no final state can be reached from here`) : undefined,
  });

  const toResult = canReach(g, (n) => n.value === 'returned');
  const hopeless = g.nodes.findIndex((n, i) => !n.final && !toResult.has(i));
  out.push({
    id: 'structure.result',
    group: 'structure',
    title: 'the result (status 10) can still be reached from every open state',
    verdict: hopeless >= 0 ? 'fail' : 'pass',
    details: hopeless >= 0 ? [`from ${g.nodes[hopeless].value} (status ${g.nodes[hopeless].status}) the result can never be returned`] : [],
    counterexample:
      hopeless >= 0
        ? cx(
            hopeless,
            walks[hopeless].length ? `from here (${g.nodes[hopeless].value}) no path returns the result` : `from the start no path returns the result`,
          )
        : undefined,
  });

  // where each action is taken
  const taken = new Set(g.out.flat().map((e) => `${g.nodes[e.from].value}|${e.event.type}`));
  const anywhere = new Set(g.out.flat().map((e) => e.event.type));
  const unhandled: string[] = [];
  decl.steps.forEach((s, i) => {
    if (!taken.has(`${s.id}|${s.action}`)) unhandled.push(`step ${s.id}: its action ${s.action} is never taken`);
    if (s.exits.supplement && !taken.has(`${s.id}|request_supplement`))
      unhandled.push(
        `step ${s.id} declares a supplement exit but request_supplement is never taken there${decl.maxSupplementRequests === 0 ? ' (maxSupplementRequests is 0)' : ''}`,
      );
    if (s.exits.supplement && !taken.has(`${supplementState(s.id)}|supplement`)) unhandled.push(`step ${s.id}: the owner's supplement is never taken`);
    if (s.exits.refuse && !taken.has(`${s.id}|refuse`)) unhandled.push(`step ${s.id} declares a refuse exit but refuse is never taken there`);
    if (s.exits.sendBack && !taken.has(`${s.id}|send_back`))
      unhandled.push(
        `step ${s.id} declares a send-back exit but send_back is never taken there${i <= 1 ? ' (there is no processing step before it to send the dossier back to)' : ''}`,
      );
  });
  const fee = (decl.fee?.amountVnd ?? 0) > 0;
  for (const a of [...(fee ? ['pay', 'save_receipt'] : []), 'withdraw', 'stop', 'apology'])
    if (!anywhere.has(a)) unhandled.push(`${a} is never taken anywhere`);
  out.push({
    id: 'structure.handled',
    group: 'structure',
    title: 'every action the declaration names is taken where it says (steps, their exits, pay, withdraw, stop, apology)',
    verdict: unhandled.length ? 'fail' : 'pass',
    details: unhandled,
  });

  const roles: string[] = [];
  decl.steps.forEach((s, i) => {
    if (i === 0 && s.roles.some((r) => r !== 'owner'))
      roles.push(`step ${s.id} (the submission) names ${s.roles.filter((r) => r !== 'owner').join(', ')}: only the owner submits their dossier`);
    if (i > 0 && s.roles.includes('owner')) roles.push(`step ${s.id} names owner: an official must not process their own dossier`);
    if (i > 0 && !s.roles.some((r) => r !== 'owner')) roles.push(`step ${s.id} names no official's role`);
  });
  if (decl.stopRoles.includes('owner')) roles.push("stopRoles names owner: stopping (dừng xử lý) is the leader's, the owner withdraws");
  out.push({
    id: 'structure.roles',
    group: 'structure',
    title: 'every step names allowed roles: the owner submits, officials process',
    verdict: roles.length ? 'fail' : 'pass',
    details: roles,
  });
  return out;
}

function stateHint(decl: ProcedureDecl, state: string): string {
  if (state === 'returned') {
    const sig = decl.steps.findIndex((s) => s.requires.includes('signature'));
    if (sig >= 0 && !decl.steps.slice(0, sig).some((s) => s.signs)) return ` (step ${decl.steps[sig].id} requires a signature, but no step before it signs)`;
    return ' (the result, status 10)';
  }
  if (state.startsWith('supplement_')) return ` (waiting for a supplement; maxSupplementRequests is ${decl.maxSupplementRequests})`;
  if (state in FINAL_STATES) return ` (status ${FINAL_STATES[state as keyof typeof FINAL_STATES]})`;
  return '';
}

function resultGuardLaw(decl: ProcedureDecl): LawResult {
  const last = decl.steps[decl.steps.length - 1];
  const problems: string[] = [];
  if ((decl.fee?.amountVnd ?? 0) > 0 && !last.requires.includes('payment'))
    problems.push(`step ${last.id} returns the result but does not require payment; the fee is ${decl.fee!.amountVnd.toLocaleString('en-US')} VND`);
  if (decl.steps.some((s) => s.signs) && !last.requires.includes('signature'))
    problems.push(`step ${last.id} returns the result but does not require the signature`);
  decl.steps.forEach((s, i) => {
    if (s.requires.includes('signature') && !decl.steps.slice(0, i).some((x) => x.signs))
      problems.push(`step ${s.id} requires a signature but no step before it signs`);
  });
  return {
    id: 'legal.result-guard',
    group: 'legal',
    title: 'the step that returns the result itself requires payment (when there is a fee) and the signature (when a step signs)',
    why: 'the guard sits on the transition the laws protect, so a reordering or a new exit cannot bypass it',
    verdict: problems.length ? 'fail' : 'pass',
    details: problems,
  };
}

function timeLaw(g: StateGraph, calendar: Calendar, window: DateWindow): LawResult {
  const { decl } = g.model;
  const base = {
    id: 'time.due',
    group: 'time' as const,
    title: 'the time boxes along the shortest path to status 10 fit the statutory due time, for a dossier received at the worst moment of a working day',
    why: `due rule: ${dueText(decl)}`,
  };
  const target = g.nodes.findIndex((n) => n.status === 10);
  if (target < 0) return { ...base, verdict: 'skip', details: ['no path reaches status 10 (see the structure laws)'] };
  const walk = shortestWalks(g)[target];
  const reception = decl.steps.find((s) => s.reception)!;
  const at = walk.findIndex((e) => e.event.type === reception.action);
  // the steps the dossier waits at after reception, each for its whole time box
  const steps: Array<{ step: string; minutes: number }> = [];
  walk.slice(at + 1).forEach((e) => {
    const s = decl.steps.find((x) => x.id === g.nodes[e.from].value);
    if (s && e.event.type === s.action) steps.push({ step: s.id, minutes: s.timeBoxMinutes });
  });
  const minutes = steps.reduce((m, s) => m + s.minutes, 0);
  const found = worstMoment(decl.due, minutes, calendar, window);
  if (!found) return { ...base, verdict: 'skip', details: [`calendar ${calendar.name} has no working day from ${window.from} for ${window.days} days`] };
  const fmt = (ms: number) => DateTime.fromMillis(ms, { zone: calendar.zone }).toFormat('ccc yyyy-MM-dd HH:mm');
  const line = (m: Moment) => {
    // times alone when everything happens the day of reception, else every date in full
    const day = calendar.dateOf(m.receivedAt);
    const hm = calendar.dateOf(m.finishAt) === day && calendar.dateOf(m.dueAt) === day ? calendar.timeOf : fmt;
    return `${m.label}: received ${fmt(m.receivedAt)} -> done by ${hm(m.finishAt)}, due ${hm(m.dueAt)}: ${m.slackMinutes >= 0 ? `slack ${m.slackMinutes}` : `late by ${-m.slackMinutes}`} office minutes`;
  };
  const details = [
    `time boxes after reception: ${steps.length ? steps.map((s) => `${s.step} ${s.minutes}'`).join(' + ') : 'none'} = ${minutes} office minutes`,
    `worst moment (${found.dayKinds} kind${found.dayKinds === 1 ? '' : 's'} of working day tried in ${calendar.name}) - ${line(found.worst)}`,
    ...found.references.map((m) => `reference - ${line(m)}`),
  ];
  const time = { minutes, steps, worst: found.worst, references: found.references };
  if (found.worst.slackMinutes >= 0) return { ...base, verdict: 'pass', details, time };
  // the counterexample: the shortest path, received at the worst moment, every step at its whole time box
  const r = found.worst.receivedAt;
  const times: number[] = [];
  let cum = 0;
  let t = r;
  walk.forEach((e, i) => {
    if (i > at) {
      const s = decl.steps.find((x) => x.id === g.nodes[e.from].value);
      if (s && e.event.type === s.action) t = calendar.addWorkingMinutes(r, (cum += s.timeBoxMinutes));
    }
    times.push(t);
  });
  const reason = `the result is returned at ${fmt(found.worst.finishAt)}, due ${fmt(found.worst.dueAt)}: late by ${-found.worst.slackMinutes} office minutes`;
  return {
    ...base,
    verdict: 'fail',
    details,
    time,
    counterexample: {
      path: pathAt(
        g.model,
        walk.map((e) => e.event),
        times,
        r,
        calendar.zone,
      ),
      breaksAt: walk.length - 1,
      reason,
    },
  };
}

/**
 * The due rule in words.
 * @example dueText(procedureA) // 'same working day; the next one when received at or after 15:00'
 */
export function dueText(decl: ProcedureDecl): string {
  const d = decl.due;
  if (d.kind === 'sameDayCutoff')
    return `same working day; the next one when received at or after ${d.cutoff}${d.extraWorkingDays ? `, plus ${d.extraWorkingDays} working day(s)` : ''}`;
  return `${d.days} working day(s) after the day of reception, at close of office`;
}
