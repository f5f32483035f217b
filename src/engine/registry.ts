import type { ProcedureDecl } from '../model/procedure.js';
import { buildMachine, type DossierMachine } from './buildMachine.js';

/** A procedure with its compiled machine. */
export interface CompiledProcedure {
  decl: ProcedureDecl;
  machine: DossierMachine;
}

/** Procedures by id. */
export type ProcedureRegistry = ReadonlyMap<string, CompiledProcedure>;

/**
 * Compiles declarations into a registry; a later declaration with the same id wins,
 * so a user's file can replace a bundled procedure.
 * @example const registry = makeRegistry([procedureA, procedureB]);
 */
export function makeRegistry(decls: readonly ProcedureDecl[]): ProcedureRegistry {
  const out = new Map<string, CompiledProcedure>();
  for (const decl of decls) out.set(decl.id, { decl, machine: buildMachine(decl) });
  return out;
}
