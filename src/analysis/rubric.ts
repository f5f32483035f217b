import { z } from 'zod';
import { REASON_CODES, type ReasonCode } from './reasons.js';

/** How officials are scored: a province can change any of it without code. */
export interface Rubric {
  maxScore: number;
  /** score at or above which an official passes (đạt), failing reasons aside */
  passMark: number;
  /** points taken off per occurrence of a reason */
  penalties: Partial<Record<ReasonCode, number>>;
  /** reasons that fail an official whatever the score (không đạt) */
  failing: ReasonCode[];
  /** at least this many dossiers per unit (seed 000: 18) */
  minDossiers: number;
}

/**
 * The default rubric. The seed fixes what fails outright (unstable connection, creating a late
 * dossier) and the 18-dossier minimum; it gives no weights, so the weights here are ours:
 * a missing or wrong action costs more than slowness, readiness gaps cost little.
 */
export const DEFAULT_RUBRIC: Rubric = {
  maxScore: 100,
  passMark: 70,
  penalties: {
    step_over_time_box: 10,
    wrong_role: 20,
    not_owner: 20,
    out_of_order: 10,
    before_submission: 10,
    after_closed: 10,
    returned_without_payment: 15,
    returned_without_signature: 20,
    too_many_supplements: 10,
    no_supplement_requested: 5,
    receipt_before_payment: 5,
    not_allowed_here: 10,
    unknown_action: 5,
    unknown_dossier: 5,
    missing_submission: 40,
    missing_payment: 30,
    missing_receipt: 10,
    missing_step: 40,
    accepted_invalid_dossier: 30,
    rejected_valid_dossier: 20,
    connection_failure: 0,
    acted_though_not_assessed: 0,
    assessed_though_exempt: 0,
    wrong_procedure: 20,
    caused_late_dossier: 30,
    not_ready_account: 10,
    not_ready_signature: 10,
    not_ready_payment_app: 5,
  },
  failing: ['connection_failure', 'caused_late_dossier'],
  minDossiers: 18,
};

const code = z.enum(REASON_CODES as [ReasonCode, ...ReasonCode[]]);

/** The largest score, pass mark, penalty or dossier minimum a rubric may set. */
export const MAX_RUBRIC_NUMBER = 1_000_000;
const points = z.number().min(0).max(MAX_RUBRIC_NUMBER);

/** What a scenario or rubric file may change. */
export const rubricOverrideSchema = z
  .object({
    maxScore: z.number().positive().max(MAX_RUBRIC_NUMBER).optional(),
    passMark: points.optional(),
    penalties: z.partialRecord(code, points).optional(),
    failing: z.array(code).optional(),
    minDossiers: z.number().int().min(0).max(MAX_RUBRIC_NUMBER).optional(),
  })
  .strict();

/**
 * What is wrong with a rubric as a whole (after its changes are merged), or undefined: a pass
 * mark no official could reach.
 * @example rubricProblem(withRubric({ passMark: 120 })) // 'passMark (120) is above maxScore (100): no official could pass'
 */
export function rubricProblem(rubric: Rubric): string | undefined {
  return rubric.passMark > rubric.maxScore ? `passMark (${rubric.passMark}) is above maxScore (${rubric.maxScore}): no official could pass` : undefined;
}

/**
 * The default rubric with a province's changes; penalties merge code by code.
 * @example withRubric({ passMark: 80, penalties: { step_over_time_box: 5 } })
 */
export function withRubric(over: Partial<Rubric> = {}, base: Rubric = DEFAULT_RUBRIC): Rubric {
  return {
    ...base,
    ...over,
    penalties: { ...base.penalties, ...over.penalties },
    failing: over.failing ?? base.failing,
  };
}
