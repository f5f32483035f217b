import type { DossierStatus } from './status.js';
import type { TimedEvent, TimeBoxRule } from './session.js';
import type { Refusal } from './refusal.js';

/** One stay of a dossier at one step: from arrival to the action that moved it on. */
export interface StepVisit {
  step: string;
  arrivedAt: number;
  leftAt?: number;
  /** the official whose action moved the dossier on */
  leftBy?: string;
  /** that action: the step's own (completed) or an exit (request_supplement, send_back, refuse...) */
  leftVia?: string;
  /** when the step's time box ran out while the dossier was still here */
  overTimeBoxAt?: number;
}

/** A wait for the submitter's supplement (not counted against the due time). */
export interface SupplementWait {
  step: string;
  from: number;
  to?: number;
  requestedBy: string;
}

/** What happened to one dossier, as the engine saw it. */
export interface DossierTrace {
  code: string;
  procedure: string;
  owner: string;
  valid: boolean;
  state: string;
  status: DossierStatus;
  statusHistory: { at: number; state: string; status: DossierStatus }[];
  visits: StepVisit[];
  supplementWaits: SupplementWait[];
  submittedAt?: number;
  receivedAt?: number;
  receivedBy?: string;
  closedAt?: number;
  closedAs?: 'returned' | 'refused' | 'withdrawn' | 'stopped';
  paidAt?: number;
  receiptAt?: number;
  apologyAt?: number;
  apologyBy?: string;
}

/** The engine's verdict on one input event. */
export interface EventOutcome {
  event: TimedEvent;
  accepted: boolean;
  reason?: Refusal;
  /** machine state before and after (same when refused) */
  from?: string;
  to?: string;
}

/** Everything a replay produced; analyses read this, never the raw input. */
export interface Trace {
  start: number;
  end: number;
  timeBox: TimeBoxRule;
  dossiers: DossierTrace[];
  outcomes: EventOutcome[];
  /** official-level incidents (connection failures) */
  incidents: TimedEvent[];
}
