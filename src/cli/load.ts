import { withRubric, rubricOverrideSchema, type Rubric } from '../analysis/rubric.js';
import { makeRegistry, type ProcedureRegistry } from '../engine/registry.js';
import { InputError, readSource, validate } from '../io/located.js';
import { parseProcedure } from '../io/procedureFile.js';
import { parseScenario, procedureRefs, type LoadedScenario } from '../io/scenarioFile.js';
import type { ProcedureDecl } from '../model/procedure.js';
import { calendarSchema, extendCalendar, makeCalendar, type Calendar, type CalendarData } from '../time/calendar.js';
import { VN_CALENDAR } from '../time/calendars/vn.js';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import type { CliIO } from './io.js';
import { z } from 'zod';

/** Options every command that reads a scenario or procedures accepts. */
export const LOAD_OPTIONS = {
  procedure: { type: 'string', multiple: true },
  calendar: { type: 'string' },
  rubric: { type: 'string' },
} as const;

export interface LoadFlags {
  procedure?: string[];
  calendar?: string;
  rubric?: string;
}

export interface Loaded extends LoadedScenario {
  registry: ProcedureRegistry;
  procedures: ProcedureDecl[];
  calendar: Calendar;
  rubric: Rubric;
}

/**
 * Reads the procedures: bundled, then the scenario's, then --procedure files (later wins).
 * @example await loadProcedures(io, ['my-tthc.yaml'])
 */
export async function loadProcedures(io: CliIO, files: readonly string[]): Promise<ProcedureDecl[]> {
  const decls = [...BUNDLED_PROCEDURES];
  for (const f of files) decls.push(parseProcedure(f, await io.readFile(f)));
  return decls;
}

const calendarFileSchema = z.object({ extends: z.enum(['vn']).optional() }).passthrough();

/**
 * A calendar file (JSON/YAML). With `extends: vn` its holidays and make-up days are added to
 * the bundled Vietnamese calendar; without it, it stands alone.
 * @example await loadCalendar(io, 'soc-trang-2027.yaml')
 */
export async function loadCalendar(io: CliIO, file?: string): Promise<Calendar> {
  return compileCalendar(await loadCalendarData(io, file), file);
}

/** Compiles calendar data read from `file`; a bad zone is the file's error. */
export function compileCalendar(data: CalendarData, file?: string): Calendar {
  try {
    return makeCalendar(data);
  } catch (err) {
    throw new InputError([{ file: file ?? 'calendar', path: 'zone', message: (err as Error).message }]);
  }
}

/** The calendar's data, as loadCalendar reads it (for worker threads, which compile their own). */
export async function loadCalendarData(io: CliIO, file?: string): Promise<CalendarData> {
  if (!file) return VN_CALENDAR;
  const src = readSource(file, await io.readFile(file));
  const { extends: base, ...rest } = validate(src, calendarFileSchema);
  return base
    ? extendCalendar(VN_CALENDAR, validate({ ...src, data: rest }, calendarSchema.partial()) as Partial<CalendarData>)
    : validate({ ...src, data: rest }, calendarSchema);
}

/**
 * Reads a scenario and everything it needs: procedures, calendar, rubric.
 * @example const loaded = await loadScenario(io, 'scenarios/commune-full.yaml', {})
 */
export async function loadScenario(io: CliIO, file: string, flags: LoadFlags): Promise<Loaded> {
  const text = await io.readFile(file);
  const refs = procedureRefs(file, text).map((p) => io.resolve(file, p));
  const procedures = await loadProcedures(io, [...refs, ...(flags.procedure ?? [])]);
  const registry = makeRegistry(procedures);
  const loaded = parseScenario(file, text, registry);
  const calendar = await loadCalendar(io, flags.calendar);
  let rubric = withRubric(loaded.rubric);
  if (flags.rubric) rubric = withRubric(validate(readSource(flags.rubric, await io.readFile(flags.rubric)), rubricOverrideSchema) as Partial<Rubric>, rubric);
  return { ...loaded, registry, procedures, calendar, rubric };
}
