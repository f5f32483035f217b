import { procedureSchema, type ProcedureDecl } from '../model/procedure.js';
import { readSource, validate } from './located.js';

/**
 * Reads a procedure declared in a JSON or YAML file, so a new TTHC needs no code. Its `laws:`
 * list, if any, is for `tthc verify` (parseProcedureWithLaws) and is left aside here.
 * Throws InputError naming file, line and field on a bad declaration.
 * @example const decl = parseProcedure('my-tthc.yaml', text)
 */
export function parseProcedure(file: string, text: string): ProcedureDecl {
  const src = readSource(file, text);
  if (typeof src.data !== 'object' || src.data === null || Array.isArray(src.data)) return validate(src, procedureSchema);
  const { laws: _laws, ...decl } = src.data as Record<string, unknown>;
  return validate({ ...src, data: decl }, procedureSchema);
}
