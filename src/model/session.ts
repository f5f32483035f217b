import type { RoleCode } from './roles.js';
import type { TimeBoxRule } from './timeBox.js';

/** Nơi đăng ký khai sinh - where an official's birth was registered, relative to their district. */
export type BirthRegistration = 'in_district' | 'outside_district';

/** Prerequisites checked at least two weeks before the round (seed 000, II.3). */
export interface Readiness {
  /** an account on the provincial system, log-in checked */
  account: boolean;
  /** CT/PCT: personal digital signature authorised to sign copies */
  signature: boolean;
  /** submitters: a payment app (bank app, ViettelPay, MoMo...) */
  paymentApp: boolean;
}

/** Reasons an official is not assessed (Mẫu 03). */
export type EmploymentStatus = 'active' | 'probation' | 'maternity_leave' | 'other';

/** One person on the commune's roster (Mẫu 02/03). */
export interface Official {
  id: string;
  name: string;
  role: RoleCode;
  birthRegistration?: BirthRegistration;
  readiness: Readiness;
  /** false for officials listed on Mẫu 03 (not assessed) */
  assessed: boolean;
  /** Lý do - why not assessed; required when assessed is false */
  notAssessedReason?: string;
  status: EmploymentStatus;
}

/** A dossier planned for the session (one per submitter, seed 000 step 1). */
export interface DossierPlan {
  /** Mã hồ sơ */
  code: string;
  /** id of the official who submits it */
  owner: string;
  procedure: string;
  /** false for a dossier seeded as invalid: the right decision at reception is a supplement request or a refusal */
  valid: boolean;
  /** who is expected to do a step (step id -> official id), when the roster has several holders of a role */
  assign: Record<string, string>;
  /** extension in working days granted on the appointment slip (NĐ 23/2015, Điều 21: many pages or copies) */
  extraWorkingDays?: number;
}

export type { TimeBoxMode, TimeBoxRule } from './timeBox.js';

import type { TimedEvent } from './event.js';
export type { TimedEvent };

/** An assessment session, validated and normalised: what the engine replays. */
export interface Session {
  unit: { name: string; district?: string; templatesConfigured: boolean };
  zone: string;
  start: number;
  /** end of the session; defaults to the last event */
  end?: number;
  timeBox?: Partial<TimeBoxRule>;
  officials: Official[];
  dossiers: DossierPlan[];
  events: TimedEvent[];
}
