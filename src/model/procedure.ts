import { z } from 'zod';
import { ROLE_CODES, type RoleCode } from './roles.js';
import type { StatusCode } from './status.js';
import type { Text } from './text.js';

const text = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) });
const roleOrOwner = z.enum([...ROLE_CODES, 'owner'] as unknown as [RoleCode | 'owner', ...(RoleCode | 'owner')[]], {
  error: (iss) => `unknown role ${JSON.stringify(iss.input)} (expected owner, ${ROLE_CODES.join(', ')})`,
});
const status = z.number().int().min(1).max(10) as unknown as z.ZodType<StatusCode>;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm');

/**
 * Bounds that keep the worst accepted procedure quick to run and verify (a due rule a million
 * working days long would take hours to count out).
 * @example LIMITS.timeBoxMinutes // 10080: a step's time box is at most 7 days
 */
export const LIMITS = {
  /** working days in a due rule or an extension (due.days, due.extraWorkingDays): a year's worth */
  workingDays: 365,
  /** minutes in a step's time box: 7 days */
  timeBoxMinutes: 7 * 24 * 60,
  steps: 50,
  supplementRequests: 10,
  /** a fee in VND: a thousand billion */
  feeVnd: 1e12,
} as const;
const workingDays = z.number().int().min(0).max(LIMITS.workingDays, `at most ${LIMITS.workingDays} working days`);

/** Statutory due rule (hạn trả kết quả), counted from reception. */
export const dueRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    /** Same working day; the next working day when received at or after the cut-off. */
    kind: z.literal('sameDayCutoff'),
    cutoff: hhmm,
    /** Extension (Điều 21, NĐ 23/2015): extra working days for many pages or copies. */
    extraWorkingDays: workingDays.default(0),
  }),
  z.strictObject({
    /** N working days after the day of reception, at close of office. */
    kind: z.literal('workingDays'),
    days: workingDays,
  }),
]);
export type DueRule = z.infer<typeof dueRuleSchema>;

export const stepSchema = z.strictObject({
  /** Stable id used in events and reports, e.g. "receive". */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case id such as "receive"'),
  name: text,
  /** The event action that completes the step, e.g. "receive". */
  action: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** Roles allowed to complete it; "owner" means the dossier's own submitter. */
  roles: z
    .array(roleOrOwner)
    .min(1)
    .max(ROLE_CODES.length + 1),
  timeBoxMinutes: z.number().min(0).max(LIMITS.timeBoxMinutes, `at most ${LIMITS.timeBoxMinutes} minutes (7 days)`).default(15),
  /** false for a step the assessment does not score (procedure B, step 3). */
  scored: z.boolean().default(true),
  /** Status code while the dossier waits at this step. */
  status: status,
  /** Completing this step is the reception: the statutory clock starts. */
  reception: z.boolean().default(false),
  /** Completing this step is the leader's digital signature (ký số). */
  signs: z.boolean().default(false),
  /** What must be true before this step can be completed. */
  requires: z.array(z.enum(['payment', 'signature'])).default([]),
  /** Other ways out of the step. */
  exits: z
    .strictObject({
      supplement: z.boolean().default(false),
      refuse: z.boolean().default(false),
      sendBack: z.boolean().default(false),
    })
    .default({ supplement: false, refuse: false, sendBack: false }),
});
export type StepDecl = z.infer<typeof stepSchema>;

export const procedureSchema = z
  .strictObject({
    /** Short id users type: "A", "B". */
    id: z.string().min(1),
    name: text,
    /** Legal basis and regime, e.g. "NĐ 61/2018/NĐ-CP". */
    regime: z.string().optional(),
    /** Which officials file this procedure in an assessment round (seed 000). */
    birthRegistration: z.enum(['in_district', 'outside_district']).optional(),
    fee: z.strictObject({ amountVnd: z.number().min(0).max(LIMITS.feeVnd) }).optional(),
    due: dueRuleSchema,
    maxSupplementRequests: z.number().int().min(0).max(LIMITS.supplementRequests).default(1),
    /** Roles that may stop processing (dừng xử lý). */
    stopRoles: z
      .array(roleOrOwner)
      .max(ROLE_CODES.length + 1)
      .default(['CT', 'PCT']),
    /** Roles that may issue the apology letter. */
    apologyRoles: z
      .array(roleOrOwner)
      .max(ROLE_CODES.length + 1)
      .default(['VP-TK', 'TP-HT', 'CT', 'PCT']),
    steps: z.array(stepSchema).min(2).max(LIMITS.steps),
  })
  .superRefine((p, ctx) => {
    const ids = new Set<string>();
    const actions = new Set<string>();
    p.steps.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${s.id}"` });
      if (actions.has(s.action)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'action'], message: `duplicate action "${s.action}"` });
      ids.add(s.id);
      actions.add(s.action);
    });
    if (!p.steps[0].roles.includes('owner'))
      ctx.addIssue({ code: 'custom', path: ['steps', 0, 'roles'], message: 'the first step is the submission: its roles must include "owner"' });
    if (p.steps.filter((s) => s.reception).length !== 1)
      ctx.addIssue({ code: 'custom', path: ['steps'], message: 'exactly one step must have "reception: true"' });
  });

/** A procedure (TTHC) declared as data: steps, roles, time boxes, due rule, exits. */
export type ProcedureDecl = z.infer<typeof procedureSchema>;
export type ProcedureInput = z.input<typeof procedureSchema>;

/**
 * Validates and fills defaults of a procedure given as plain data (from a file or code).
 * Throws a ZodError on bad input; callers at the edge turn it into a located message.
 * @example const A = defineProcedure({ id: 'A', name: {...}, due: {...}, steps: [...] })
 */
export function defineProcedure(input: ProcedureInput): ProcedureDecl {
  return procedureSchema.parse(input);
}

export type { Text, RoleCode };
