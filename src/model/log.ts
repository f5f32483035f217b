import { inTimeOrder, type TimedEvent } from './event.js';
import type { Session } from './session.js';

/**
 * One row of a recorded processing log (nhật ký xử lý) exported from the provincial system: a
 * TimedEvent that names its procedure, unit and row, as a log of many dossiers must.
 */
export interface LogEvent extends TimedEvent {
  procedure: string;
  unit: string;
  row: number;
}

/** A row that could not be read: where, which field, why. */
export interface RowError {
  file: string;
  row: number;
  field: string;
  message: string;
}

/** What every log reader yields, in file order. */
export type LogItem = { ok: true; event: LogEvent } | { ok: false; error: RowError };

/**
 * A string of its own for a cell kept beyond its row: a slice of 13 characters or more of a
 * reader's chunk would keep the whole chunk's text alive for as long as it is kept (V8 makes
 * it a view); shorter ones are copies already.
 * @example detach(chunk.slice(5, 30)) // the same text, without holding `chunk`
 */
export const detach = (s: string): string => (s.length < 13 ? s : (s + ' ').slice(0, -1));

/**
 * FNV-1a of a string's UTF-16 code units: the hash the audit's code tables use; the CSV
 * reader hands it over with each dossier and official it reads.
 * @example codeHash('HS-1') === codeHash('HS-1') // true
 */
export function codeHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * A session's timeline as the rows of a recorded log, in the order the engine applies them:
 * what `tthc run --format jsonl` writes and `tthc replay` reads back, with the same verdicts.
 * Each row names its dossier's procedure and the session's unit; incidents (an unstable
 * connection), which name no dossier, are left out, as the rehearsal's journal does.
 * @example logOfSession(session)[0] // { dossier: 'HS-001', at: '...', procedure: 'A', unit: 'Xã Thạnh Phú', row: 1, ... }
 */
export function logOfSession(session: Session): LogEvent[] {
  const procedureOf = new Map(session.dossiers.map((d) => [d.code, d.procedure]));
  return inTimeOrder(session.events)
    .filter((e) => e.dossier !== '')
    .map((e, i) => ({
      dossier: e.dossier,
      at: e.at,
      official: e.official,
      role: e.role,
      action: e.action,
      ...(e.data ? { data: e.data } : {}),
      procedure: procedureOf.get(e.dossier) ?? '',
      unit: session.unit.name,
      ms: e.ms,
      row: i + 1,
    }));
}
