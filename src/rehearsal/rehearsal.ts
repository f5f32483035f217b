import { DateTime } from 'luxon';
import { REASONS, type ReasonCode } from '../analysis/reasons.js';
import { refusalReason } from '../model/refusal.js';
import type { Rubric } from '../analysis/rubric.js';
import { scoreSession, type SessionResult } from '../analysis/score.js';
import type { ProcedureRegistry } from '../engine/registry.js';
import { startSession, type LiveSession } from '../engine/session.js';
import { parseInstant } from '../time/instant.js';
import { EXIT_ACTIONS, INCIDENT_ACTIONS, inTimeOrder } from '../model/event.js';
import type { ProcedureDecl } from '../model/procedure.js';
import type { Session, TimedEvent } from '../model/session.js';
import type { Text } from '../model/text.js';
import type { EventOutcome, Trace } from '../model/trace.js';
import type { Calendar } from '../time/calendar.js';
import { boardView, type BoardView } from './board.js';

// The live rehearsal: a session driven by a clock that maps wall time onto the scenario's time,
// fed one action at a time by the board and, in a dry run, by the scenario's own timeline. No
// I/O here: the journal and the state file are a port (`RehearsalStore`), and the wall time is
// passed into every call, so tests drive it with numbers.
//
// What is kept, and why it restores exactly: XState does not persist pending timers, so nothing
// of the engine is saved. The journal holds every dossier action in the order it was applied,
// the state file holds the clock's anchor and the incidents; starting again replays the journal
// through `startSession` on its heap clock, which re-arms every time box at its instant, then
// (in a dry run) plays the timeline events that fell due while it was stopped, each at its own
// instant, and advances to the time the anchor gives. Live, the clock only ever advances to one
// millisecond before the current whole second, and actions are stamped at whole seconds: an
// action at a second where a time box runs out is applied before that timer, exactly as
// `replay` (and so the restore) orders them.

/** The simulated clock: at wall time `wall` the scenario's clock read `sim`, and runs `speed` times faster. */
export interface ClockAnchor {
  wall: number;
  sim: number;
  speed: number;
}

/**
 * The simulated instant at a wall time.
 * @example simAt({ wall: 0, sim: start, speed: 60 }, 1000) // start + 60_000
 */
export function simAt(anchor: ClockAnchor, wall: number): number {
  return anchor.sim + Math.max(0, wall - anchor.wall) * anchor.speed;
}

/** live: the trainer records what officials do; dry-run: the scenario's timeline plays itself at --speed. */
export type RehearsalMode = 'live' | 'dry-run';

/** Where a recorded action came from. */
export type EntrySource = 'board' | 'timeline';

/** One dossier action of the journal (a line of JSONL). */
export interface JournalEntry {
  event: TimedEvent;
  procedure: string;
  source: EntrySource;
  /** wall time it was recorded, epoch ms */
  recordedAt: number;
}

/**
 * An official-level incident (connection_failure): the log format `tthc replay` reads needs a
 * dossier on every row, so incidents live in the state file, with their place among the entries.
 */
export interface IncidentRecord {
  at: string;
  official: string;
  role: string;
  action: string;
  source: EntrySource;
  recordedAt: number;
  /** how many journal entries were recorded before it */
  afterEntries: number;
}

/** The side data of a rehearsal, kept next to its journal. */
export interface RehearsalState {
  format: 'tthc-rehearsal/1';
  /** the scenario file, and a digest of its text: a journal belongs to one version of one scenario */
  scenario: string;
  scenarioSha256: string;
  mode: RehearsalMode;
  anchor: ClockAnchor;
  /** simulated instant the trainer finished the session at */
  finishedAt?: number;
  incidents: IncidentRecord[];
  /** the board's access token: kept so that a page left open reconnects after a restart */
  token?: string;
}

/** Writes of a rehearsal; each resolves only once the data is on disk. */
export interface RehearsalStore {
  append(entry: JournalEntry): Promise<void>;
  saveState(state: RehearsalState): Promise<void>;
}

/** What the rehearsal needs from a loaded scenario. */
export interface RehearsalScenario {
  session: Session;
  registry: ProcedureRegistry;
  calendar: Calendar;
  rubric: Rubric;
  procedures: readonly ProcedureDecl[];
}

export interface RehearsalOptions {
  scenario: RehearsalScenario;
  store: RehearsalStore;
  /** the state file's content when restarting, with the journal read back */
  restored?: { state: RehearsalState; entries: JournalEntry[] };
  /** for a new rehearsal */
  fresh?: { mode: RehearsalMode; speed: number; scenario: string; scenarioSha256: string };
  /** a different --speed given on restart: the clock goes on from where it is at the new speed */
  speed?: number;
  /** the board's access token, kept in the state file (saved at once when the state has none) */
  token?: string;
  wallNow: number;
}

/** The answer to a recorded action: refused before recording (status 400/409), or recorded. */
export type RecordResult =
  | { ok: false; status: 400 | 409; error: string }
  | { ok: true; accepted: boolean; at: number; dossier: string; action: string; official: string; reason?: string; message?: Text };

/** The board plus the rehearsal's own facts. */
export interface RehearsalView extends BoardView {
  mode: RehearsalMode;
  speed: number;
  /** the clock runs (not ended or finished) */
  running: boolean;
  /** when the clock stops: the scenario's end, or the moment the trainer finished */
  endsAt?: number;
  finishedAt?: number;
  entries: number;
}

const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
const both = (vi: string, en: string) => `${vi} / ${en}`;

/**
 * A rehearsal that takes actions one at a time, journals each before applying it, and computes
 * the board with the same analysis as `tthc run`.
 * @example
 * const r = await openRehearsal({ scenario, store, fresh: { mode: 'dry-run', speed: 60, scenario: file, scenarioSha256 }, wallNow: Date.now() });
 * await r.tick(Date.now());
 * const view = r.view(Date.now());
 */
export async function openRehearsal(opts: RehearsalOptions): Promise<Rehearsal> {
  const r = new Rehearsal(opts);
  await r.init(opts);
  return r;
}

/** The live rehearsal; create it with `openRehearsal`. */
export class Rehearsal {
  readonly session: Session;
  private readonly scenario: RehearsalScenario;
  private readonly store: RehearsalStore;
  private state!: RehearsalState;
  private entries: JournalEntry[] = [];
  private live!: LiveSession;
  /** the scenario's timeline in the order `replay` applies it (by time, ties in file order) */
  private readonly timeline: TimedEvent[];
  /** how many timeline events have been recorded */
  private played = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly date: string;

  constructor(opts: RehearsalOptions) {
    this.scenario = opts.scenario;
    this.session = opts.scenario.session;
    this.store = opts.store;
    this.timeline = inTimeOrder(this.session.events);
    this.date = DateTime.fromMillis(this.session.start, { zone: this.session.zone }).toISODate()!;
  }

  /** @internal */
  async init(opts: RehearsalOptions): Promise<void> {
    if (opts.restored) {
      this.state = structuredClone(opts.restored.state);
      this.entries = [...opts.restored.entries];
      if (opts.speed !== undefined && opts.speed !== this.state.anchor.speed) {
        const next = { ...this.state, anchor: { wall: opts.wallNow, sim: this.simNow(opts.wallNow), speed: opts.speed } };
        await this.store.saveState(next);
        this.state = next;
      }
    } else {
      const f = opts.fresh!;
      this.state = {
        format: 'tthc-rehearsal/1',
        scenario: f.scenario,
        scenarioSha256: f.scenarioSha256,
        mode: f.mode,
        anchor: { wall: opts.wallNow, sim: this.session.start, speed: f.speed },
        incidents: [],
        ...(opts.token !== undefined ? { token: opts.token } : {}),
      };
      await this.store.saveState(this.state);
    }
    if (opts.token !== undefined && this.state.token !== opts.token) {
      const next = { ...this.state, token: opts.token };
      await this.store.saveState(next);
      this.state = next;
    }
    this.played = this.entries.filter((e) => e.source === 'timeline').length + this.state.incidents.filter((i) => i.source === 'timeline').length;
    this.rebuild();
    // a dry run restarted after a while: what fell due meanwhile is played at its own instants
    await this.advance(opts.wallNow);
  }

  get mode(): RehearsalMode {
    return this.state.mode;
  }

  get speed(): number {
    return this.state.anchor.speed;
  }

  /**
   * The instant the clock stops at, if any: the moment the trainer finished, or the session's end
   * - which for a dry run of a scenario without one is its last event, as for `tthc run`.
   */
  get endsAt(): number | undefined {
    const last = this.timeline.length ? this.timeline[this.timeline.length - 1].ms : undefined;
    const end = this.session.end ?? (this.state.mode === 'dry-run' ? last : undefined);
    const ends = [end, this.state.finishedAt].filter((x): x is number => x !== undefined);
    return ends.length ? Math.min(...ends) : undefined;
  }

  /** Number of dossier actions in the journal. */
  get entryCount(): number {
    return this.entries.length;
  }

  /** The simulated instant at a wall time, stopped at the end. */
  simNow(wall: number): number {
    const t = Math.max(this.session.start, simAt(this.state.anchor, wall));
    const end = this.endsAt;
    return end === undefined ? t : Math.min(t, end);
  }

  /** The clock has reached the end of the session, or the trainer finished it. */
  ended(wall: number): boolean {
    const end = this.endsAt;
    return end !== undefined && this.simNow(wall) >= end;
  }

  /**
   * Moves the session to the wall time: in a dry run, records and applies the timeline events the
   * clock has passed; then fires the time boxes due so far.
   */
  tick(wall: number): Promise<void> {
    return this.exclusive(() => this.advance(wall));
  }

  /**
   * Records one action from the board: validated first (a malformed or out-of-order action is
   * refused with nothing written), then journaled and fsync'ed, then applied. An action the
   * procedure refuses (wrong role, out of order in the workflow...) is a real recorded action: it
   * is journaled and answered with its reason, as `tthc run` reports refusals.
   */
  record(input: unknown, wall: number): Promise<RecordResult> {
    return this.exclusive(async () => {
      const checked = this.validate(input, wall);
      if (!checked.ok) return checked;
      const { event, procedure } = checked;
      // timeline events up to this instant go first, so the journal stays in time order
      await this.playUntil(event.ms, wall);
      let outcome: EventOutcome;
      if (procedure === undefined) outcome = await this.recordIncident(event, 'board', wall);
      else {
        const entry: JournalEntry = { event, procedure, source: 'board', recordedAt: wall };
        await this.store.append(entry);
        this.entries.push(entry);
        // an action stamped before the engine's clock (a time typed in) is placed by replaying the journal
        outcome = event.ms >= this.live.now() ? this.live.apply(event) : this.rebuild()!;
      }
      await this.advance(wall);
      const code = outcome.reason ? refusalReason(outcome.reason) : undefined;
      return {
        ok: true,
        accepted: outcome.accepted,
        at: event.ms,
        dossier: event.dossier,
        action: event.action,
        official: event.official,
        ...(outcome.reason ? { reason: outcome.reason, message: code ? REASONS[code] : undefined } : {}),
      };
    });
  }

  /** Ends the session now: the clock stops, further actions are refused, the report can be written. */
  finish(wall: number): Promise<{ trace: Trace; result: SessionResult }> {
    return this.exclusive(async () => {
      if (this.state.finishedAt === undefined && !this.ended(wall)) {
        const at = floorSecond(this.simNow(wall));
        await this.playUntil(at, wall);
        const next = { ...this.state, finishedAt: at };
        await this.store.saveState(next);
        this.state = next;
      }
      await this.advance(wall);
      return this.analyse();
    });
  }

  /** The trace so far and its scoring, as `tthc run` would give for a session ending now. */
  analyse(): { trace: Trace; result: SessionResult } {
    const trace = this.live.trace();
    const { session, registry, calendar, rubric } = this.scenario;
    return { trace, result: scoreSession(session, trace, registry, calendar, rubric) };
  }

  /** The board at a wall time. */
  view(wall: number): RehearsalView {
    const { trace, result } = this.analyse();
    const now = this.simNow(wall);
    const board = boardView({ session: this.session, trace, result, registry: this.scenario.registry, calendar: this.scenario.calendar, now });
    return {
      ...board,
      mode: this.state.mode,
      speed: this.state.anchor.speed,
      running: !this.ended(wall),
      endsAt: this.endsAt,
      finishedAt: this.state.finishedAt,
      entries: this.entries.length,
    };
  }

  /** A copy of the journal entries, in order. */
  journal(): JournalEntry[] {
    return [...this.entries];
  }

  /** A copy of the state file's content. */
  stateFile(): RehearsalState {
    return structuredClone(this.state);
  }

  // -------------------------------------------------------------------------------------------

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private hhmm(ms: number): string {
    const d = DateTime.fromMillis(ms, { zone: this.session.zone });
    return d.toISODate() === this.date ? d.toFormat('HH:mm:ss') : d.toFormat('dd/MM HH:mm:ss');
  }

  /** an instant as the journal writes it: ISO 8601 with the zone's offset, no milliseconds */
  private iso(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.session.zone }).toISO({ suppressMilliseconds: true })!;
  }

  private lastRecordedMs(): number {
    const lastEntry = this.entries[this.entries.length - 1]?.event.ms ?? this.session.start;
    const lastIncident = this.state.incidents.length ? Date.parse(this.state.incidents[this.state.incidents.length - 1].at) : this.session.start;
    return Math.max(lastEntry, lastIncident);
  }

  /** Checks an action from the page against the roster, the dossiers, the procedures and the clock. */
  private validate(input: unknown, wall: number): { ok: true; event: TimedEvent; procedure?: string } | (RecordResult & { ok: false }) {
    const bad = (vi: string, en: string) => ({ ok: false as const, status: 400 as const, error: both(vi, en) });
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return bad('nội dung phải là một đối tượng JSON {official, action, dossier}', 'the body must be a JSON object {official, action, dossier}');
    const body = input as Record<string, unknown>;
    const extra = Object.keys(body).filter((k) => !['official', 'action', 'dossier', 'at'].includes(k));
    if (extra.length)
      return bad(
        `trường không hợp lệ: ${extra.join(', ')}`,
        `unknown field${extra.length > 1 ? 's' : ''}: ${extra.join(', ')} (expected official, action, dossier, at)`,
      );
    for (const k of ['official', 'action', 'dossier', 'at'])
      if (body[k] !== undefined && typeof body[k] !== 'string') return bad(`${k} phải là chuỗi ký tự`, `${k} must be text`);
    if (this.ended(wall))
      return { ok: false, status: 409, error: both(`phiên đã kết thúc lúc ${this.hhmm(this.endsAt!)}`, `the session ended at ${this.hhmm(this.endsAt!)}`) };
    const official = String(body.official ?? '').trim();
    const action = String(body.action ?? '').trim();
    const dossier = String(body.dossier ?? '').trim();
    if (!official) return bad('chưa chọn công chức', 'official is missing');
    if (!action) return bad('chưa chọn thao tác', 'action is missing');
    const who = this.session.officials.find((o) => o.id === official);
    if (!who) return bad(`không có công chức "${official}" trong danh sách`, `unknown official "${official}"`);
    const incident = action in INCIDENT_ACTIONS;
    let procedure: string | undefined;
    if (incident) {
      if (dossier) return bad(`"${action}" là sự cố của công chức, không gắn với hồ sơ`, `"${action}" is an incident of an official: leave the dossier empty`);
    } else {
      if (!dossier) return bad(`thao tác "${action}" cần mã hồ sơ`, `action "${action}" needs a dossier`);
      const plan = this.session.dossiers.find((d) => d.code === dossier);
      if (!plan) return bad(`không có hồ sơ "${dossier}" trong phiên`, `unknown dossier "${dossier}"`);
      const decl = this.scenario.registry.get(plan.procedure)!.decl;
      const known = [...decl.steps.map((s) => s.action), ...Object.keys(EXIT_ACTIONS)];
      if (!known.includes(action))
        return bad(
          `thao tác "${action}" không có trong TTHC ${plan.procedure}`,
          `unknown action "${action}" for procedure ${plan.procedure} (expected one of: ${known.join(', ')}, ${Object.keys(INCIDENT_ACTIONS).join(', ')})`,
        );
      procedure = plan.procedure;
    }
    const now = floorSecond(this.simNow(wall));
    let ms = now;
    const at = String(body.at ?? '').trim();
    if (at) {
      const parsed = parseInstant(at, this.date, this.session.zone);
      if (parsed === undefined || !/^\d{1,2}:\d{2}(:\d{2})?$|^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(at))
        return bad(`"${at}" không phải thời điểm (HH:mm hoặc ISO 8601)`, `"${at}" is not a time (HH:mm or ISO 8601 such as ${this.date}T14:05:00+07:00)`);
      ms = floorSecond(parsed);
      if (ms > now)
        return bad(
          `thời điểm ${this.hhmm(ms)} chưa tới (đồng hồ mô phỏng: ${this.hhmm(now)})`,
          `${this.hhmm(ms)} is in the future (simulated clock: ${this.hhmm(now)})`,
        );
      if (ms < this.session.start)
        return bad(
          `thời điểm ${this.hhmm(ms)} trước giờ bắt đầu phiên ${this.hhmm(this.session.start)}`,
          `${this.hhmm(ms)} is before the session start ${this.hhmm(this.session.start)}`,
        );
    }
    const last = this.lastRecordedMs();
    if (ms < last)
      return bad(
        `thời điểm ${this.hhmm(ms)} trước thao tác đã ghi lúc ${this.hhmm(last)}`,
        `${this.hhmm(ms)} is before the last recorded action at ${this.hhmm(last)}`,
      );
    return { ok: true, event: { dossier, at: this.iso(ms), ms, official, role: who.role, action }, procedure };
  }

  /** Dry run: records and applies the timeline events up to `until` (and not past the end). */
  private async playUntil(until: number, wall: number): Promise<void> {
    if (this.state.mode !== 'dry-run') return;
    const end = this.endsAt;
    while (this.played < this.timeline.length) {
      const e = this.timeline[this.played];
      if (e.ms > until || (end !== undefined && e.ms > end)) break;
      const event: TimedEvent = {
        dossier: e.dossier,
        at: this.iso(e.ms),
        ms: e.ms,
        official: e.official,
        role: e.role,
        action: e.action,
        ...(e.data ? { data: e.data } : {}),
      };
      if (e.action in INCIDENT_ACTIONS) await this.recordIncident(event, 'timeline', wall);
      else {
        const plan = this.session.dossiers.find((d) => d.code === e.dossier)!;
        const entry: JournalEntry = { event, procedure: plan.procedure, source: 'timeline', recordedAt: wall };
        await this.store.append(entry);
        this.entries.push(entry);
        this.live.apply(event);
      }
      this.played++;
    }
  }

  private async recordIncident(event: TimedEvent, source: EntrySource, wall: number): Promise<EventOutcome> {
    const incident: IncidentRecord = {
      at: event.at,
      official: event.official,
      role: event.role,
      action: event.action,
      source,
      recordedAt: wall,
      afterEntries: this.entries.length,
    };
    const next = { ...this.state, incidents: [...this.state.incidents, incident] };
    await this.store.saveState(next);
    this.state = next;
    return this.live.apply(event);
  }

  /**
   * Moves the session to the wall time: in a dry run, the timeline events due by now first, each
   * at its instant (the engine applies an event older than its clock at the clock's instant, so
   * the clock must not pass one before it is played); then the time boxes due by now -
   * inclusive at the end of the session, else short of the current second.
   */
  private async advance(wall: number): Promise<void> {
    await this.playUntil(floorSecond(this.simNow(wall)), wall);
    const sim = this.simNow(wall);
    if (this.ended(wall)) this.live.advanceTo(this.endsAt!);
    else this.live.advanceTo(floorSecond(sim) - 1);
  }

  /**
   * Replays the journal and incidents through a new engine, its clock left at the last of them;
   * returns the outcome of the last journal entry.
   */
  private rebuild(): EventOutcome | undefined {
    this.live = startSession(this.session, this.scenario.registry);
    const incidents = this.state.incidents;
    let k = 0;
    let last: EventOutcome | undefined;
    const applyIncidents = (upTo: number) => {
      for (; k < incidents.length && incidents[k].afterEntries <= upTo; k++) {
        const i = incidents[k];
        this.live.apply({ dossier: '', at: i.at, ms: Date.parse(i.at), official: i.official, role: i.role as TimedEvent['role'], action: i.action });
      }
    };
    this.entries.forEach((entry, n) => {
      applyIncidents(n);
      last = this.live.apply(entry.event);
    });
    applyIncidents(Infinity);
    return last;
  }
}

/**
 * Checks journal entries read back against the scenario: known dossiers and officials, the
 * dossier's procedure and actions, times in order within the session. Returns the problems,
 * each with the entry's line.
 * @example problemsOfJournal(entries, session, registry) // [] when the journal fits the scenario
 */
export function problemsOfJournal(
  entries: readonly (JournalEntry & { line: number })[],
  session: Session,
  registry: ProcedureRegistry,
): { line: number; field: string; message: string }[] {
  const out: { line: number; field: string; message: string }[] = [];
  let last = session.start;
  const timeline = inTimeOrder(session.events).filter((e) => !(e.action in INCIDENT_ACTIONS));
  let played = 0;
  for (const { event: e, procedure, line, source } of entries) {
    if (source === 'timeline') {
      const t = timeline[played++];
      if (!t || t.dossier !== e.dossier || t.action !== e.action || t.official !== e.official || t.ms !== e.ms)
        out.push({
          line,
          field: 'source',
          message: `this line came from the scenario's timeline, which no longer has it at this place: was the scenario edited?`,
        });
    }
    const plan = session.dossiers.find((d) => d.code === e.dossier);
    const who = session.officials.find((o) => o.id === e.official);
    if (!plan) out.push({ line, field: 'dossier', message: `dossier "${e.dossier}" is not in the scenario` });
    else if (plan.procedure !== procedure)
      out.push({ line, field: 'procedure', message: `dossier ${e.dossier} follows procedure ${plan.procedure}, not ${procedure}` });
    else {
      const decl = registry.get(plan.procedure)!.decl;
      if (!decl.steps.some((s) => s.action === e.action) && !(e.action in EXIT_ACTIONS))
        out.push({ line, field: 'action', message: `unknown action "${e.action}" for procedure ${plan.procedure}` });
    }
    if (!who) out.push({ line, field: 'official', message: `official "${e.official}" is not in the scenario` });
    else if (who.role !== e.role) out.push({ line, field: 'role', message: `role ${e.role} does not match ${e.official}'s role ${who.role}` });
    if (e.ms < last)
      out.push({ line, field: 'at', message: `${e.at} is before the line above it (${e.ms < session.start ? 'or the session start' : 'out of order'})` });
    if (session.end !== undefined && e.ms > session.end) out.push({ line, field: 'at', message: `${e.at} is after the session end` });
    last = Math.max(last, e.ms);
  }
  return out;
}
