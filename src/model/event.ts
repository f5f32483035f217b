import type { RoleCode } from './roles.js';
import type { Text } from './text.js';

/**
 * Actions that are not a step of their own: the other ways into and out of a step.
 * A step's completing action (submit, receive, sign...) is declared by the procedure.
 */
export const EXIT_ACTIONS = {
  /** Thanh toán trực tuyến - online payment of the fee */
  pay: { vi: 'Thanh toán trực tuyến', en: 'Pay online' },
  /** Lưu biên lai - keep the payment receipt / screenshot */
  save_receipt: { vi: 'Lưu biên lai thanh toán', en: 'Keep the payment receipt' },
  /** Yêu cầu bổ sung, hoàn thiện hồ sơ - request a supplement (Mẫu 02) */
  request_supplement: { vi: 'Yêu cầu bổ sung hồ sơ', en: 'Request a supplement' },
  /** Công dân bổ sung hồ sơ - the submitter supplies what was asked */
  supplement: { vi: 'Bổ sung hồ sơ', en: 'Supply the supplement' },
  /** Từ chối tiếp nhận - refuse the dossier (Mẫu 03) */
  refuse: { vi: 'Từ chối tiếp nhận', en: 'Refuse the dossier' },
  /** Trả lại bước trước - send back to the previous step */
  send_back: { vi: 'Trả lại bước trước', en: 'Send back to the previous step' },
  /** Rút hồ sơ - withdrawal by the submitter */
  withdraw: { vi: 'Rút hồ sơ', en: 'Withdraw the dossier' },
  /** Dừng xử lý - stop processing (leader) */
  stop: { vi: 'Dừng xử lý', en: 'Stop processing' },
  /** Thư xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) - apology letter */
  apology: { vi: 'Phát hành thư xin lỗi', en: 'Issue an apology letter' },
} as const satisfies Record<string, Text>;

export type ExitAction = keyof typeof EXIT_ACTIONS;

/** Session incidents that belong to an official, not to a dossier. */
export const INCIDENT_ACTIONS = {
  /** Đường truyền không ổn định - unstable connection during the test */
  connection_failure: { vi: 'Đường truyền không ổn định', en: 'Unstable connection' },
} as const satisfies Record<string, Text>;

export type IncidentAction = keyof typeof INCIDENT_ACTIONS;

/**
 * One thing an official did, or that happened, at one instant: the single vocabulary
 * shared by scenario timelines, recorded logs and the rehearsal journal.
 */
export interface DossierEvent {
  /** Mã hồ sơ - dossier code; empty for an incident that concerns no dossier */
  dossier: string;
  /** ISO 8601 with offset, e.g. 2024-09-17T14:05:00+07:00 */
  at: string;
  /** id of the official in the roster */
  official: string;
  role: RoleCode;
  /** a step's completing action (submit, receive, ...), an exit action or an incident */
  action: string;
  data?: Record<string, unknown>;
}

/**
 * The one event type the engine runs on: a DossierEvent with its instant parsed. A scenario's
 * timeline, a row of a recorded log (LogEvent: procedure, unit and row known) and a line of the
 * rehearsal's journal are all TimedEvents; a batch of many (a CSV's rows) is held as columns
 * (EventBatch, model/eventBatch.ts) instead of one object each.
 */
export interface TimedEvent extends DossierEvent {
  /** epoch ms of `at` */
  ms: number;
  /** TTHC id of the dossier ("A", "B"...), when the event says it (a log's rows do; a scenario's plan does instead) */
  procedure?: string;
  /** the unit (commune, ward) that handles the dossier, when the event says it */
  unit?: string;
  /** 1-based row (CSV/XLSX line, JSONL line, XES event index) in its source, for a log's rows */
  row?: number;
  /** position in a scenario file (1-based line where known), for messages */
  source?: { file: string; line?: number; index: number };
}

/** The event as the machine sees it: time as epoch milliseconds. */
export interface MachineEvent {
  type: string;
  official: string;
  role: RoleCode;
  at: number;
}

/**
 * Events in time order, ties in the order given: the one order in which every door (a
 * scenario's timeline, the board's dry run, the journal) applies a session's events.
 * @example inTimeOrder([{ ms: 2 }, { ms: 1 }, { ms: 1, x: 'b' }]) // [{ ms: 1 }, { ms: 1, x: 'b' }, { ms: 2 }]
 */
export function inTimeOrder<E extends { ms: number }>(events: readonly E[]): E[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.ms - b.e.ms || a.i - b.i)
    .map((x) => x.e);
}
