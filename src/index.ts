/**
 * tthc-sim public API. The lifecycle of every run, in the order the pieces are used:
 *
 *   read (parseScenario, or a log reader)  ->  events (TimedEvent; a batch of columns for a CSV)
 *   ->  the one driver on the compiled kernel (engine/drive.ts; each procedure's XState machine
 *       asked for each cell of its transition table)
 *   ->  Trace  ->  analyses (scoreSession: scores, lateness, overdue-risk flags; Auditor: conformance, indicators)
 *   ->  renderers (renderReportTable / Json / Csv / Html, renderAuditTable / Json / Csv)
 *
 * `runSession` is replay + scoring in one call; `tthc run`, `simulate`, `rehearse` and `replay`
 * are the same driver with a different consumer. What is not exported here is internal (hot-path
 * tables, byte scanners, caches) and may change; the developer kit is `tthc-sim/testing`.
 */

// model: the vocabulary
export type { Text, Lang } from './model/text.js';
export { ROLES, ROLE_CODES, LEADER_ROLES, normaliseRole, type RoleCode } from './model/roles.js';
export { STATUSES, NOT_SUBMITTED, type StatusCode, type DossierStatus } from './model/status.js';
export { EXIT_ACTIONS, INCIDENT_ACTIONS, inTimeOrder, type DossierEvent, type MachineEvent, type ExitAction } from './model/event.js';
export { defineProcedure, procedureSchema, type ProcedureDecl, type ProcedureInput, type StepDecl, type DueRule } from './model/procedure.js';
export type { Session, Official, DossierPlan, TimedEvent, Readiness, BirthRegistration } from './model/session.js';
export { DEFAULT_TIME_BOX, timeBoxRule, timeBoxOf, timedBoxOf, type TimeBoxRule, type TimeBoxMode } from './model/timeBox.js';
export type { RejectionCode } from './model/refusal.js';
export type { Trace, DossierTrace, StepVisit, EventOutcome, SupplementWait } from './model/trace.js';
export { logOfSession, type LogEvent, type LogItem, type RowError } from './model/log.js';

// procedures bundled
export { procedureA, procedureAMachine, procedureB, procedureBMachine, BUNDLED_PROCEDURES } from '../machines/index.js';

// time
export { makeCalendar, extendCalendar, calendarSchema, type Calendar, type CalendarData } from './time/calendar.js';
export { VN_CALENDAR } from './time/calendars/vn.js';
export { dueTime } from './time/due.js';
export { parseInstant } from './time/instant.js';

// engine: the machines (source of truth) and the one driver every command runs on
export { buildMachine, type DossierMachine } from './engine/buildMachine.js';
export { makeRegistry, type ProcedureRegistry, type CompiledProcedure } from './engine/registry.js';
export { startSession, replay, type LiveSession } from './engine/session.js';
export { runSession, type RunOptions } from './lifecycle.js';

// analysis
export { dossierTiming, type DossierTiming, type RiskFlag } from './analysis/lateness.js';
export { scoreSession, type SessionResult, type OfficialResult, type DossierResult, type UnitResult, type Reason, type Verdict } from './analysis/score.js';
export { DEFAULT_RUBRIC, withRubric, type Rubric } from './analysis/rubric.js';
export { REASONS, REASON_CODES, type ReasonCode } from './analysis/reasons.js';

// audit of recorded logs, simulation
export { Auditor, type AuditResult, type AuditOptions, type DossierAudit } from './audit/audit.js';
export { CONFORMANCE, CONFORMANCE_CODES, type ConformanceCode } from './audit/conformance.js';
export { indicatorsOf, type Indicators } from './audit/indicators.js';
export { simulate, type SimulationResult, type SimulateOptions, type DurationModel } from './simulate/simulate.js';
export { readCsv } from './io/log/csv.js';
export { readJsonl, writeJsonl } from './io/log/jsonl.js';
export { readXes, writeXes } from './io/log/xes.js';
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
export { parseProcedure } from './io/procedureFile.js';
export { InputError, formatLocated, type LocatedError } from './io/located.js';
export { renderReportTable } from './report/table.js';
export { renderReportJson } from './report/json.js';
export { renderReportCsv } from './report/csv.js';
export { renderMermaid } from './report/mermaid.js';
export { renderReportHtml, timelineOf } from './report/html.js';
export { renderAuditTable, renderAuditJson, renderAuditCsv } from './report/audit.js';

// cli
export { runCli } from './cli/main.js';
export type { CliIO } from './cli/io.js';
