import type { TimedEvent } from './event.js';
import { codeHash, type LogEvent, type LogItem, type RowError } from './log.js';
import { roleIndex, type RoleCode } from './roles.js';

/**
 * A batch of events as columns: the fast form of TimedEvent, what the driver reads, without an
 * object per row (a CSV reader fills it in place: io/log/columns.ts). Good row i < length is
 * `dossier[i]`, `ms[i]`, ...; the bad rows are in `errors`, each one just before good row
 * `errorAt[k]`, so file order is kept.
 * @example
 * const b = EventBatch.fromTimed(session.events);
 * b.dossier[0] // 'HS-001'
 */
export class EventBatch {
  length = 0;
  /* room for `capacity` rows from the start (more when push() needs it): no array grows row by row */
  dossier: string[];
  ms: Float64Array;
  official: string[];
  role: RoleCode[];
  /** roleIndex of each row's role */
  roleIdx: Uint8Array;
  action: string[];
  procedure: string[];
  unit: string[];
  row: Int32Array;
  /** codeHash of each row's dossier and official, for the audit's tables */
  dossierHash: Int32Array;
  officialHash: Int32Array;
  /** the data objects of the rows that have one (most have none) */
  readonly data = new Map<number, Record<string, unknown>>();
  readonly errors: RowError[] = [];
  readonly errorAt: number[] = [];
  /** the rows as their reader made them, when the batch was made of LogItems (fromItems) */
  private events: TimedEvent[] | undefined;

  /**
   * @param zone the time zone its rows' times are written in when event(i) makes them text
   * @param iso how event(i) writes an instant in that zone (kept events need none)
   */
  constructor(
    readonly zone: string,
    private readonly iso: (ms: number) => string = isoUtc,
    private capacity = 256,
  ) {
    this.dossier = new Array<string>(capacity);
    this.ms = new Float64Array(capacity);
    this.official = new Array<string>(capacity);
    this.role = new Array<RoleCode>(capacity);
    this.roleIdx = new Uint8Array(capacity);
    this.action = new Array<string>(capacity);
    this.procedure = new Array<string>(capacity);
    this.unit = new Array<string>(capacity);
    this.row = new Int32Array(capacity);
    this.dossierHash = new Int32Array(capacity);
    this.officialHash = new Int32Array(capacity);
  }

  /** Rows good and bad. */
  get rows(): number {
    return this.length + this.errors.length;
  }

  /**
   * Adds a good row its reader has already checked by the same rules (fields trimmed, none empty
   * but the unit), with the codeHash of its dossier and official and the roleIndex of its role.
   */
  push(
    dossier: string,
    ms: number,
    official: string,
    role: RoleCode,
    action: string,
    procedure: string,
    unit: string,
    row: number,
    dossierHash: number,
    officialHash: number,
    roleIdx: number,
  ): void {
    const i = this.length++;
    if (i === this.capacity) this.grow();
    this.dossier[i] = dossier;
    this.ms[i] = ms;
    this.official[i] = official;
    this.role[i] = role;
    this.roleIdx[i] = roleIdx;
    this.action[i] = action;
    this.procedure[i] = procedure;
    this.unit[i] = unit;
    this.row[i] = row;
    this.dossierHash[i] = dossierHash;
    this.officialHash[i] = officialHash;
  }

  private grow() {
    const n = (this.capacity *= 2);
    this.ms = enlarged(this.ms, n);
    this.roleIdx = enlarged(this.roleIdx, n);
    for (const k of ['row', 'dossierHash', 'officialHash'] as const) this[k] = enlarged(this[k], n);
    for (const k of ['dossier', 'official', 'role', 'action', 'procedure', 'unit'] as const) this[k].length = n;
  }

  /** The good rows' numbers in their source, as a plain list. */
  rowNumbers(): number[] {
    return Array.from(this.row.subarray(0, this.length));
  }

  /**
   * A batch of LogItems as columns, for who reads columns only (the audit); each row keeps its
   * LogEvent, which event(i) gives back as it was read.
   */
  static fromItems(items: readonly LogItem[]): EventBatch {
    const b = new EventBatch(KEPT, isoUtc, Math.max(1, items.length));
    const events: LogEvent[] = (b.events = []);
    for (const it of items) {
      if (!it.ok) {
        b.errors.push(it.error);
        b.errorAt.push(b.length);
        continue;
      }
      const e = it.event;
      if (e.data) b.data.set(b.length, e.data);
      events.push(e);
      b.push(e.dossier, e.ms, e.official, e.role, e.action, e.procedure, e.unit, e.row, codeHash(e.dossier), codeHash(e.official), roleIndex(e.role));
    }
    return b;
  }

  /**
   * A session's events (a scenario's timeline, the board's actions) as columns, each row keeping
   * its event, which timed(i) gives back; they name no procedure or unit (the plan does).
   */
  static fromTimed(events: readonly TimedEvent[]): EventBatch {
    const b = new EventBatch(KEPT, isoUtc, Math.max(1, events.length));
    b.events = events.slice();
    events.forEach((e, i) => {
      if (e.data) b.data.set(b.length, e.data);
      b.push(e.dossier, e.ms, e.official, e.role, e.action, '', '', i + 1, codeHash(e.dossier), codeHash(e.official), roleIndex(e.role));
    });
    return b;
  }

  /** Good row i as a session's event: as it was given to fromTimed, else as event(i). */
  timed(i: number): TimedEvent {
    return this.events ? this.events[i] : this.event(i);
  }

  /** Good row i as a LogEvent: as read for a batch of LogItems, else with `at` the instant in ISO 8601 with the log zone's offset. */
  event(i: number): LogEvent {
    if (this.events) return this.events[i] as LogEvent;
    const e: LogEvent = {
      dossier: this.dossier[i],
      at: this.iso(this.ms[i]),
      ms: this.ms[i],
      official: this.official[i],
      role: this.role[i],
      action: this.action[i],
      procedure: this.procedure[i],
      unit: this.unit[i],
      row: this.row[i],
    };
    const data = this.data.get(i);
    if (data) e.data = data;
    return e;
  }

  /** The batch as LogItems, good and bad, in file order. */
  items(): LogItem[] {
    const out: LogItem[] = [];
    let k = 0;
    for (let i = 0; i <= this.length; i++) {
      while (k < this.errors.length && this.errorAt[k] === i) out.push({ ok: false, error: this.errors[k++] });
      if (i < this.length) out.push({ ok: true, event: this.event(i) });
    }
    return out;
  }
}

/** A typed array of `n` numbers that begins with those of `a`. */
/** A batch that keeps its events as given: it writes no time. */
const KEPT = 'UTC';
const isoUtc = (ms: number) => new Date(ms).toISOString();

function enlarged<A extends Float64Array | Int32Array | Uint8Array>(a: A, n: number): A {
  const grown = new (a.constructor as new (length: number) => A)(n);
  grown.set(a);
  return grown;
}
