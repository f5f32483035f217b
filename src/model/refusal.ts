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
