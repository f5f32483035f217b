import { procedureSchema, type ProcedureDecl } from '../model/procedure.js';
import { readSource, validate } from './located.js';

/**
 * Reads a procedure declared in a JSON or YAML file, so a new TTHC needs no code.
 * Throws InputError naming file, line and field on a bad declaration.
 * @example const decl = parseProcedure('my-tthc.yaml', text)
 */
export function parseProcedure(file: string, text: string): ProcedureDecl {
  return validate(readSource(file, text), procedureSchema);
}
