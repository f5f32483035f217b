/**
 * The small declarative form of a procedure's own laws (the `laws:` key of a procedure file),
 * read beside the declaration without touching its schema:
 *
 *   laws:
 *     - never: { role: TP-HT, action: sign }           # no path lets TP-HT complete "sign"
 *     - before: { first: pay, then: return }           # every "return" comes after a "pay"
 *     - before: { first: [receive, sign], then: { status: 10 } }   # all of these, in order
 *     - only: { action: sign, roles: [CT, PCT] }       # nobody else ever completes "sign"
 *     - atMost: { of: request_supplement, times: 1 }   # on any path
 *
 * A pattern is an action name, or `{ action?, role?, status? }`: `role: owner` is the dossier's
 * own submitter, a role code any other official holding it; `status: N` matches the event that
 * moves the dossier into status N. Every law may carry `why:` (its legal basis), printed with it.
 */
import { z } from 'zod';
import { EXIT_ACTIONS } from '../model/event.js';
import type { ProcedureDecl } from '../model/procedure.js';
import { normaliseRole, ROLE_CODES, type RoleCode } from '../model/roles.js';
import { STATUSES, type DossierStatus } from '../model/status.js';

/** What an event of a path must look like to match. */
export interface Pattern {
  action?: string;
  role?: RoleCode | 'owner';
  status?: DossierStatus;
}

/** A law in its checked form. */
export type Law =
  | { kind: 'never'; what: Pattern; why?: string }
  | { kind: 'before'; first: Pattern[]; then: Pattern; why?: string }
  | { kind: 'only'; action: string; roles: Array<RoleCode | 'owner'>; why?: string }
  | { kind: 'atMost'; of: Pattern; times: number; why?: string };

/** The kinds of law, in the order the documentation gives them. */
export const LAW_KINDS = ['never', 'before', 'only', 'atMost'] as const;

const actionName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected an action name such as "sign"');
const role = z.string().transform((raw, ctx) => {
  if (raw === 'owner') return 'owner' as const;
  const r = normaliseRole(raw);
  if (!r) {
    ctx.addIssue({ code: 'custom', message: `unknown role ${JSON.stringify(raw)} (expected owner, ${ROLE_CODES.join(', ')})` });
    return z.NEVER;
  }
  return r;
});
const patternObject = z
  .strictObject({
    action: actionName.optional(),
    role: role.optional(),
    status: z.number().int().min(1).max(10).optional(),
  })
  .refine((p) => p.action !== undefined || p.role !== undefined || p.status !== undefined, 'a pattern needs action, role or status');
const pattern = z.union([actionName.transform((action) => ({ action })), patternObject]).transform((p) => p as Pattern);
const why = z.string().min(1).optional();

/** Schema of each kind of law (the file form), by kind. */
export const LAW_SCHEMAS = {
  never: z.strictObject({ never: pattern, why }).transform(({ never, why }): Law => ({ kind: 'never', what: never, why })),
  before: z
    .strictObject({ before: z.strictObject({ first: z.union([pattern.transform((p) => [p]), z.array(pattern).min(1)]), then: pattern }), why })
    .transform(({ before, why }): Law => ({ kind: 'before', first: before.first, then: before.then, why })),
  only: z
    .strictObject({ only: z.strictObject({ action: actionName, roles: z.array(role).min(1) }), why })
    .transform(({ only, why }): Law => ({ kind: 'only', action: only.action, roles: only.roles, why })),
  atMost: z
    .strictObject({ atMost: z.strictObject({ of: pattern, times: z.number().int().min(0) }), why })
    .transform(({ atMost, why }): Law => ({ kind: 'atMost', of: atMost.of, times: atMost.times, why })),
} as const;

/** A law as written in a file or in code, before checking. */
export type LawInput = z.input<(typeof LAW_SCHEMAS)[keyof typeof LAW_SCHEMAS]>;

/**
 * The kind of a law as written, or undefined when it names none (or more than one).
 * @example lawKind({ never: { action: 'sign', role: 'TP-HT' } }) // 'never'
 */
export function lawKind(input: unknown): (typeof LAW_KINDS)[number] | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const kinds = LAW_KINDS.filter((k) => k in input);
  return kinds.length === 1 ? kinds[0] : undefined;
}

/** Where a law, or a field of it, names something the procedure does not have. */
export interface LawNameProblem {
  /** index of the law in the list */
  index: number;
  /** path inside the law, e.g. ["before", "first", 1] */
  path: Array<string | number>;
  message: string;
}

/**
 * The actions a law may name for a procedure: its steps' actions and the exits every dossier has.
 * @example knownActions(procedureA) // ['submit', 'receive', 'appraise', 'sign', 'return', 'pay', ...]
 */
export function knownActions(decl: ProcedureDecl): string[] {
  return [...new Set([...decl.steps.map((s) => s.action), ...Object.keys(EXIT_ACTIONS)])];
}

/**
 * Names in the laws that the procedure does not have: a misspelt action makes a law hold for
 * nothing, so it is an error, not a pass.
 * @example lawNameProblems(procedureA, [{ kind: 'never', what: { action: 'sgin' } }])
 * // [{ index: 0, path: ['never', 'action'], message: 'unknown action "sgin" (procedure A has submit, receive, ...)' }]
 */
export function lawNameProblems(decl: ProcedureDecl, laws: readonly Law[]): LawNameProblem[] {
  const known = new Set(knownActions(decl));
  const out: LawNameProblem[] = [];
  const check = (index: number, path: Array<string | number>, action: string | undefined) => {
    if (action !== undefined && !known.has(action))
      out.push({ index, path, message: `unknown action "${action}" (procedure ${decl.id} has ${[...known].join(', ')})` });
  };
  laws.forEach((law, i) => {
    if (law.kind === 'never') check(i, ['never', 'action'], law.what.action);
    if (law.kind === 'before') {
      law.first.forEach((p, j) => check(i, law.first.length === 1 ? ['before', 'first', 'action'] : ['before', 'first', j], p.action));
      check(i, ['before', 'then', 'action'], law.then.action);
    }
    if (law.kind === 'only') check(i, ['only', 'action'], law.action);
    if (law.kind === 'atMost') check(i, ['atMost', 'of', 'action'], law.of.action);
  });
  return out;
}

/**
 * A pattern in words.
 * @example describePattern({ action: 'sign', role: 'TP-HT' }) // 'sign by TP-HT'
 * @example describePattern({ status: 10 }) // 'status 10 (Result returned)'
 */
export function describePattern(p: Pattern): string {
  const parts: string[] = [];
  if (p.action) parts.push(p.action);
  if (p.role) parts.push(p.action ? `by ${p.role}` : `any action by ${p.role}`);
  if (p.status !== undefined) parts.push(`${parts.length ? 'into ' : ''}status ${p.status}${p.status ? ` (${STATUSES[p.status].en})` : ''}`);
  return parts.join(' ');
}

const list = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * A law in one line, as the verify report prints it.
 * @example describeLaw({ kind: 'before', first: [{ action: 'pay' }], then: { action: 'return' } }) // 'pay comes before every return'
 */
export function describeLaw(law: Law): string {
  switch (law.kind) {
    case 'never':
      return `never: ${describePattern(law.what)}`;
    case 'before':
      return law.first.length === 1
        ? `${describePattern(law.first[0])} comes before every ${describePattern(law.then)}`
        : `${list(law.first.map(describePattern))}, in that order, come before every ${describePattern(law.then)}`;
    case 'only':
      return `only ${list(law.roles)} complete ${law.action}`;
    case 'atMost':
      return `at most ${law.times} × ${describePattern(law.of)} on any path`;
  }
}
