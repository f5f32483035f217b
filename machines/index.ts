import type { ProcedureDecl } from '../src/model/procedure.js';
import { procedureA } from './procedureA.js';
import { procedureB } from './procedureB.js';

export { procedureA, procedureAMachine } from './procedureA.js';
export { procedureB, procedureBMachine } from './procedureB.js';

/** The procedures bundled with the tool, by id. */
export const BUNDLED_PROCEDURES: readonly ProcedureDecl[] = [procedureA, procedureB];
