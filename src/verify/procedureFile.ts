/**
 * Reads a procedure together with its own laws: a JSON or YAML file whose `laws:` key sits
 * beside the declaration, or the exports of a TypeScript/JavaScript module. The declaration is
 * validated by the procedure schema as it stands; the laws by the law forms of lawSpec.ts.
 */
import { InputError, check, pathText, readSource, validate, type LocatedError, type SourceDoc } from '../io/located.js';
import { procedureSchema, type ProcedureDecl } from '../model/procedure.js';
import { LAW_KINDS, LAW_SCHEMAS, lawKind, lawNameProblems, type Law, type LawInput } from './lawSpec.js';

/** A procedure and the laws its file declares for it. */
export interface ProcedureWithLaws {
  decl: ProcedureDecl;
  laws: Law[];
}

/**
 * Checks a list of laws (as written) and, given the procedure, the actions they name; every
 * problem is located under `laws[i]` in `src`. Returns the laws, or throws InputError with all
 * the problems at once.
 * @example readLaws(src, [{ never: { role: 'TP-HT', action: 'sign' } }], procedureA)
 */
export function readLaws(src: SourceDoc, input: unknown, decl?: ProcedureDecl, base: Array<string | number> = ['laws']): Law[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw new InputError([src.at(base, 'expected a list of laws')]);
  const errors: LocatedError[] = [];
  const laws: Law[] = [];
  input.forEach((item, i) => {
    const kind = lawKind(item);
    if (!kind) {
      errors.push(src.at([...base, i], `expected exactly one of ${LAW_KINDS.join(', ')} (see docs/developer-kit.md)`));
      return;
    }
    const law = check(src, LAW_SCHEMAS[kind], item, [...base, i], errors) as Law | undefined;
    if (law) laws.push(law);
  });
  if (errors.length) throw new InputError(errors);
  if (decl) for (const p of lawNameProblems(decl, laws)) errors.push(src.at([...base, p.index, ...p.path], p.message));
  if (errors.length) throw new InputError(errors);
  return laws;
}

/**
 * Reads a procedure file (JSON or YAML) with its optional `laws:` list. Throws InputError naming
 * file, line and field for a bad declaration or a bad law.
 * @example const { decl, laws } = parseProcedureWithLaws('examples/procedure-C.yaml', text)
 */
export function parseProcedureWithLaws(file: string, text: string): ProcedureWithLaws {
  const src = readSource(file, text);
  if (typeof src.data !== 'object' || src.data === null || Array.isArray(src.data))
    throw new InputError([src.at([], 'expected a procedure: an object with id, name, due and steps')]);
  const { laws, ...rest } = src.data as Record<string, unknown>;
  const decl = validate({ ...src, data: rest }, procedureSchema);
  return { decl, laws: readLaws(src, laws, decl) };
}

/**
 * Checks laws written in code (the file form) and returns them in checked form. The actions
 * they name are not checked here: verifyProcedure reports a law naming an unknown action as
 * failed, so a mutated procedure that lost a step still fails the laws that speak of it.
 * Throws InputError naming `laws[i]` and the field for a law of no known form.
 * @example checkLaws([{ before: { first: 'pay', then: 'return' } }])
 */
export function checkLaws(input: readonly LawInput[] | readonly unknown[], file = 'laws'): Law[] {
  return readLaws(codeSource(file, input), input);
}

/** A source without positions, for data that came from code: errors name the file and the field. */
const codeSource = (file: string, data: unknown): SourceDoc => ({
  file,
  doc: undefined as never,
  data,
  at: (path, message) => ({ file, path: pathText(path), message }),
});

const looksLikeProcedure = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Array.isArray((v as { steps?: unknown }).steps);

/**
 * Takes the procedure out of an imported module: its default export, or the one export that
 * looks like a procedure (has `steps`). Laws come from the procedure's own `laws` key or from a
 * `laws` export. Problems are InputErrors naming the file and the field.
 * @example procedureFromModule('my-tthc.ts', await import('./my-tthc.ts'))
 */
export function procedureFromModule(file: string, mod: Record<string, unknown>): ProcedureWithLaws {
  let found: unknown = looksLikeProcedure(mod.default) ? mod.default : undefined;
  if (!found) {
    const candidates = Object.entries(mod).filter(([, v]) => looksLikeProcedure(v));
    if (candidates.length !== 1)
      throw new InputError([
        {
          file,
          path: '',
          message: candidates.length
            ? `exports ${candidates.length} procedures (${candidates.map(([k]) => k).join(', ')}); export the one to verify as default`
            : 'exports no procedure: export default { id, name, due, steps, laws? }',
        },
      ]);
    found = candidates[0][1];
  }
  const { laws: own, ...rest } = found as Record<string, unknown>;
  const src = codeSource(file, rest);
  const decl = validate(src, procedureSchema);
  const laws = own !== undefined ? own : mod.laws;
  return { decl, laws: readLaws(codeSource(file, laws), laws, decl, own !== undefined ? ['laws'] : ['export laws']) };
}
