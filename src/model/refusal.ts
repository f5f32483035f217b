/**
 * Why a procedure's machine refused an event: one code per cause, the same for `tthc run`,
 * `tthc replay` and the live board. The engine names the cause (engine/classify.ts); scoring
 * and the audit read it from here.
 */
export type RejectionCode =
  | 'after_closed'
  | 'before_submission'
  | 'wrong_role'
  | 'not_owner'
  | 'out_of_order'
  | 'missing_payment'
  | 'missing_signature'
  | 'too_many_supplements'
  | 'no_supplement_requested'
  | 'receipt_before_payment'
  | 'not_allowed_here'
  | 'unknown_action';

/** A refused event's code as the engine gives it, with an event for a dossier the session does not have. */
export type Refusal = RejectionCode | 'unknown_dossier';

/**
 * The reason a score card (`tthc run`) and the board give for a refused event: the refusal's
 * own code, but "returned without payment / signature" for a result returned too early.
 * @example refusalReason('missing_payment') // 'returned_without_payment'
 */
export function refusalReason(
  code: Refusal,
): Exclude<Refusal, 'missing_payment' | 'missing_signature'> | 'returned_without_payment' | 'returned_without_signature' {
  return code === 'missing_payment' ? 'returned_without_payment' : code === 'missing_signature' ? 'returned_without_signature' : code;
}

/**
 * The finding `tthc replay` makes of a refused event, where the refusal alone names it; for a
 * step out of order or before submission (undefined here) the audit looks at what the step
 * lacked (signature, payment) and whether it skipped ahead.
 * @example refusalFinding('wrong_role') // 'role_not_allowed'
 */
export function refusalFinding(
  code: RejectionCode,
): 'role_not_allowed' | 'returned_without_payment' | 'returned_without_signature' | 'more_than_one_supplement' | 'event_after_closed' | undefined {
  switch (code) {
    case 'wrong_role':
    case 'not_owner':
      return 'role_not_allowed';
    case 'missing_payment':
      return 'returned_without_payment';
    case 'missing_signature':
      return 'returned_without_signature';
    case 'too_many_supplements':
      return 'more_than_one_supplement';
    case 'after_closed':
      return 'event_after_closed';
    default:
      return undefined;
  }
}
