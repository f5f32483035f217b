/**
 * The workflow laws of `tthc verify` as functions for a developer's own test suite:
 * `procedureLaws` returns every verdict, `assertProcedureLaws` throws with the counterexamples.
 */
import { defineProcedure, type ProcedureDecl, type ProcedureInput } from '../model/procedure.js';
import { makeCalendar, type Calendar, type CalendarData } from '../time/calendar.js';
import { BUNDLED_LAWS } from '../verify/bundledLaws.js';
import type { Law, LawInput } from '../verify/lawSpec.js';
import { checkLaws, parseProcedureWithLaws, type ProcedureWithLaws } from '../verify/procedureFile.js';
import { renderFailures } from '../verify/render.js';
import { verifyProcedure, type LawResult, type VerifyOptions, type VerifyReport } from '../verify/verify.js';

export interface ProcedureLawOptions extends Omit<VerifyOptions, 'laws' | 'calendar'> {
  /** the procedure's own laws, as written in a procedure file (`{ never: ... }`) or already checked */
  laws?: ReadonlyArray<LawInput | Law>;
  /** working calendar of the time law, made or as data (e.g. from arbitraryCalendar) */
  calendar?: Calendar | CalendarData;
}

const isChecked = (l: LawInput | Law): l is Law => typeof l === 'object' && l !== null && 'kind' in l;

/** The options verifyProcedure takes, laws checked (written ones located as laws[i] on a mistake). */
function verifyOptions(opts: ProcedureLawOptions): VerifyOptions {
  const cal = opts.calendar;
  const calendar = cal === undefined || 'addWorkingMinutes' in cal ? cal : makeCalendar(cal);
  const laws = opts.laws ?? [];
  if (laws.every(isChecked)) return { ...opts, calendar, laws: laws as Law[] };
  if (!laws.some(isChecked)) return { ...opts, calendar, laws: checkLaws(laws) };
  return { ...opts, calendar, laws: laws.map((l, i) => (isChecked(l) ? l : checkLaws([l], `laws[${i}]`)[0])) };
}

const declOf = (decl: ProcedureDecl | ProcedureInput) => defineProcedure(decl as ProcedureInput);

/**
 * Every law of `tthc verify` on a procedure, with verdicts (pass, fail, skip), details and a
 * counterexample path for each broken one. The declaration may be raw data: it is validated.
 * @example
 * const results = procedureLaws(procedureA, { laws: bundledLaws('A') });
 * results.filter((r) => r.verdict === 'fail') // []
 */
export function procedureLaws(decl: ProcedureDecl | ProcedureInput, opts: ProcedureLawOptions = {}): LawResult[] {
  return verifyProcedure(declOf(decl), verifyOptions(opts)).laws;
}

/** Thrown by assertProcedureLaws: the broken laws, each with its shortest counterexample. */
export class ProcedureLawError extends Error {
  constructor(readonly report: VerifyReport) {
    const failed = report.laws.filter((l) => l.verdict === 'fail');
    super(`procedure ${report.procedure.id} breaks ${failed.length} law${failed.length === 1 ? '' : 's'}:\n${renderFailures(report)}`);
    this.name = 'ProcedureLawError';
  }

  /** the broken laws */
  get failures(): LawResult[] {
    return this.report.laws.filter((l) => l.verdict === 'fail');
  }
}

/**
 * Throws ProcedureLawError, whose message lists every broken law with the shortest event path
 * (with times) that breaks it, unless all the laws hold.
 * @example it('keeps the laws of procedure C', () => assertProcedureLaws(procedureC, { laws }))
 */
export function assertProcedureLaws(decl: ProcedureDecl | ProcedureInput, opts: ProcedureLawOptions = {}): void {
  const report = verifyProcedure(declOf(decl), verifyOptions(opts));
  if (report.verdict === 'fail') throw new ProcedureLawError(report);
}

/**
 * The laws of a bundled procedure (A or B), written from seed 000, as a procedure file writes them.
 * @example assertProcedureLaws(procedureA, { laws: bundledLaws('A') })
 */
export function bundledLaws(id: string): LawInput[] {
  const laws = BUNDLED_LAWS[id];
  if (!laws) throw new Error(`no bundled laws for procedure "${id}" (known: ${Object.keys(BUNDLED_LAWS).join(', ')})`);
  return [...laws];
}

/**
 * Reads a procedure file's text (JSON or YAML) with its `laws:` list; InputError names file,
 * line and field on a mistake.
 * @example const { decl, laws } = readProcedureFile('procedure-C.yaml', readFileSync('procedure-C.yaml', 'utf8'))
 */
export function readProcedureFile(file: string, text: string): ProcedureWithLaws {
  return parseProcedureWithLaws(file, text);
}
