/**
 * tthc-sim public API. The lifecycle of a run, in the order the pieces are used:
 *
 *   parseScenario (io)  ->  Session  ->  replay (engine, XState machines on a heap clock)
 *   ->  Trace  ->  scoreSession (analysis: scores, lateness, overdue-risk flags)
 *   ->  renderReportTable / Json / Csv / Html (report)
 *
 * `runSession` does replay + scoring in one call; the CLI (`tthc run`) adds reading and rendering.
 * Large recorded logs take the same path on the fast kernel (`replayFast`, `Auditor`): each
 * procedure's machine compiled to a flat transition table. `simulate` runs a session many times.
 */

// model: the vocabulary
export type { Text, Lang } from './model/text.js';
export { ROLES, ROLE_CODES, LEADER_ROLES, normaliseRole, type RoleCode } from './model/roles.js';
export { STATUSES, NOT_SUBMITTED, type StatusCode, type DossierStatus } from './model/status.js';
export { EXIT_ACTIONS, INCIDENT_ACTIONS, type DossierEvent, type MachineEvent, type ExitAction } from './model/event.js';
export { defineProcedure, procedureSchema, type ProcedureDecl, type ProcedureInput, type StepDecl, type DueRule } from './model/procedure.js';
export type { Session, Official, DossierPlan, TimedEvent, TimeBoxRule, TimeBoxMode, Readiness, BirthRegistration } from './model/session.js';
export type { Trace, DossierTrace, StepVisit, EventOutcome, SupplementWait } from './model/trace.js';

// procedures bundled
export { procedureA, procedureAMachine, procedureB, procedureBMachine, BUNDLED_PROCEDURES } from '../machines/index.js';

// time
export { makeCalendar, extendCalendar, calendarSchema, type Calendar, type CalendarData } from './time/calendar.js';
export { VN_CALENDAR } from './time/calendars/vn.js';
export { dueTime } from './time/due.js';
export { HeapClock } from './time/clock.js';

// engine
export { buildMachine, statusOf, stateMeta, type DossierContext, type DossierMachine } from './engine/buildMachine.js';
export { makeRegistry, type ProcedureRegistry, type CompiledProcedure } from './engine/registry.js';
export { startSession, replay, type LiveSession } from './engine/session.js';
export { DEFAULT_TIME_BOX, timeBoxOf, timedBoxOf, timeBoxRule } from './model/timeBox.js';
export { classifyRejection } from './engine/classify.js';
export type { RejectionCode } from './model/refusal.js';
export { runSession, type RunOptions } from './lifecycle.js';
export { createKernel, type Kernel, type KernelDossier } from './engine/kernel.js';
export { compileTable, type TransitionTable } from './engine/table.js';

// analysis
export { dossierTiming, type DossierTiming, type RiskFlag } from './analysis/lateness.js';
export { scoreSession, type SessionResult, type OfficialResult, type DossierResult, type UnitResult, type Reason, type Verdict } from './analysis/score.js';
export { DEFAULT_RUBRIC, withRubric, type Rubric } from './analysis/rubric.js';
export { REASONS, REASON_CODES, type ReasonCode } from './analysis/reasons.js';

// audit of recorded logs, simulation
export { Auditor, type AuditResult, type AuditOptions, type DossierAudit } from './audit/audit.js';
export { CONFORMANCE, CONFORMANCE_CODES, type ConformanceCode } from './audit/conformance.js';
export { indicatorsOf, type Indicators } from './audit/indicators.js';
export { mergeAudits } from './audit/merge.js';
export { simulate, simulateRun, type SimulationResult, type SimulateOptions, type DurationModel } from './simulate/simulate.js';
export { seeded, drawMinutes, type Spread } from './simulate/random.js';
export type { LogEvent, LogItem, RowError } from './model/log.js';
export { readCsv, readCsvColumns, partitionOf } from './io/log/csv.js';
export { LogColumns } from './io/log/columns.js';
export { readJsonl, writeJsonl } from './io/log/jsonl.js';
export { readXes, writeXes, groupByDossier } from './io/log/xes.js';
export { readXlsx, writeXlsx } from './io/log/xlsx.js';
export { writeCsv } from './io/log/csvWriter.js';
export { logFormatOf } from './io/log/detect.js';

// verify (developer kit; the fast-check side is in tthc-sim/testing)
export { verifyProcedure, type VerifyReport, type LawResult, type VerifyOptions } from './verify/verify.js';
export { parseProcedureWithLaws, checkLaws, type ProcedureWithLaws } from './verify/procedureFile.js';
export { describeLaw, type Law, type LawInput, type Pattern } from './verify/lawSpec.js';
export { BUNDLED_LAWS } from './verify/bundledLaws.js';
export { timePath, type EventPath, type PathEvent } from './verify/timedPath.js';
export { renderVerifyTable, renderVerifyJson } from './verify/render.js';

// io and reports
export { parseScenario, type LoadedScenario } from './io/scenarioFile.js';
export { parseInstant } from './time/instant.js';
export { parseProcedure } from './io/procedureFile.js';
export { InputError, formatLocated, type LocatedError } from './io/located.js';
export { renderReportTable } from './report/table.js';
export { renderReportJson } from './report/json.js';
export { renderReportCsv } from './report/csv.js';
export { csvField } from './io/csvField.js';
export { renderMermaid } from './report/mermaid.js';
export { renderReportHtml, timelineOf, escapeHtml } from './report/html.js';
export { renderAuditTable, renderAuditJson, renderAuditCsv } from './report/audit.js';

// cli
export { runCli } from './cli/main.js';
export type { CliIO } from './cli/io.js';
