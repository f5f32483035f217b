import type { StepDecl } from './procedure.js';

/** How the 15-minute time box is read: per dossier per step, or per official for all their dossiers of a step. */
export type TimeBoxMode = 'per-dossier' | 'per-official';

/**
 * The time box a session applies (Thời gian thực hiện: 15 phút/mỗi bước xử lý).
 * `minutes` is shown in reports; it replaces the declared time box of every timed step only
 * when the session set it itself (`fixed`: a scenario's `timeBox.minutes`, `replay --time-box`).
 */
export interface TimeBoxRule {
  minutes: number;
  mode: TimeBoxMode;
  /** the session set `minutes`: they replace each step's declared time box */
  fixed?: boolean;
}

/** The default reading of "15 phút/mỗi bước xử lý": 15 minutes per dossier per step, each step's declared box. */
export const DEFAULT_TIME_BOX: TimeBoxRule = { minutes: 15, mode: 'per-dossier' };

/**
 * The rule a session's setting gives: minutes it sets replace the declared ones; what it leaves
 * out is the default.
 * @example timeBoxRule({ mode: 'per-official' }) // { minutes: 15, mode: 'per-official' } - declared boxes apply
 * @example timeBoxRule({ minutes: 30 }) // { minutes: 30, mode: 'per-dossier', fixed: true }
 */
export function timeBoxRule(setting?: Partial<TimeBoxRule>): TimeBoxRule {
  const mode = setting?.mode ?? DEFAULT_TIME_BOX.mode;
  return setting?.minutes === undefined ? { minutes: DEFAULT_TIME_BOX.minutes, mode } : { minutes: setting.minutes, mode, fixed: true };
}

/**
 * The minutes a rule lets it replace declared boxes with, or undefined when each step keeps its own.
 * @example overrideOf(timeBoxRule({ minutes: 30 })) // 30
 */
export const overrideOf = (rule: TimeBoxRule | undefined): number | undefined => (rule?.fixed ? rule.minutes : undefined);

/**
 * The minutes a step is given: the session's override for a step that has a time box, else the
 * declared box (0: none). The overdue-risk flag and the board's "save by" times count these for
 * every remaining step, scored or not (the step still takes time).
 * @example timeBoxOf(appraise60, undefined) // 60 ; timeBoxOf(appraise60, 15) // 15
 */
export const timeBoxOf = (step: StepDecl, override?: number): number => (override !== undefined && step.timeBoxMinutes > 0 ? override : step.timeBoxMinutes);

/**
 * The minutes after which the engine marks a stay at a step over its time box (its timer): the
 * step's time box when the assessment scores the step, else 0 (never timed).
 * @example timedBoxOf(procedureB.steps[2], 15) // 0 - step 3 of B is not scored
 */
export const timedBoxOf = (step: StepDecl, override?: number): number => (step.scored ? timeBoxOf(step, override) : 0);
