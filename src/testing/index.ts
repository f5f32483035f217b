/**
 * tthc-sim/testing: the developer kit. fast-check arbitraries for sessions, dossier event
 * sequences and working calendars that respect a procedure; the laws of `tthc verify` as
 * functions to call inside your own test suite; and mutants of a procedure to test your laws.
 * @example import { assertProcedureLaws, arbitraryEventSequence } from 'tthc-sim/testing';
 */
export { arbitraryConformingSession, arbitraryChaoticSession, arbitraryStart, sessionUntil } from './arbitraries.js';
export { arbitraryEventSequence, type DossierRun, type EventSequenceOptions } from './eventSequence.js';
export { arbitraryCalendar, type CalendarOptions } from './calendar.js';
export { procedureLaws, assertProcedureLaws, ProcedureLawError, bundledLaws, readProcedureFile, type ProcedureLawOptions } from './laws.js';
export { mutantsOf, type Mutant } from './mutants.js';
export type { LawResult, LawGroup, VerifyReport, Counterexample } from '../verify/verify.js';
export type { LawInput, Law, Pattern } from '../verify/lawSpec.js';
export type { EventPath, PathEvent } from '../verify/timedPath.js';
export { startActorSession, replayWithActors } from './actorOracle.js';
export { HeapClock } from '../time/clock.js';
