import { withRubric, rubricOverrideSchema, rubricProblem, type Rubric } from '../analysis/rubric.js';
import { makeRegistry, type ProcedureRegistry } from '../engine/registry.js';
import { InputError, readSource, validate, type SourceDoc } from '../io/located.js';
import { parseProcedure } from '../io/procedureFile.js';
import { parseScenario, procedureRefs, type LoadedScenario } from '../io/scenarioFile.js';
import type { ProcedureDecl } from '../model/procedure.js';
import { calendarProblems, calendarSchema, extendCalendar, makeCalendar, type Calendar, type CalendarData } from '../time/calendar.js';
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

/** The largest scenario, procedure, calendar or rubric file a command reads. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/**
 * Reads an input file (scenario, procedure, calendar, rubric) whole, refusing what cannot be
 * one before reading it: a device or a pipe (read for ever; they show a size of 0, as an empty
 * file does), a file over MAX_INPUT_BYTES. Errors of the file system name the path (a directory's
 * EISDIR comes without one). Whether the text is UTF-8 is readSource's to check.
 * @example const text = await readInputFile(io, 'scenarios/commune-full.yaml')
 */
export async function readInputFile(io: CliIO, file: string): Promise<string> {
  const refuse = (message: string) => new InputError([{ file, path: '', message }]);
  const tooLarge = (bytes: number) => refuse(`the file is ${(bytes / 1024 / 1024).toFixed(1)} MB: at most ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
  const named = (err: unknown): never => {
    const e = err as NodeJS.ErrnoException | undefined;
    if (e && typeof e === 'object' && e.code && !e.path) e.path = file;
    throw err;
  };
  if (io.fileSize) {
    const size = await io.fileSize(file).catch(named);
    if (size === 0) throw refuse('the file is empty, or is not a regular file (a device, a pipe)');
    if (size > MAX_INPUT_BYTES) throw tooLarge(size);
  }
  const text = await io.readFile(file).catch(named);
  // an IO that cannot tell a size: a character is at least a byte
  if (text.length > MAX_INPUT_BYTES) throw tooLarge(text.length);
  return text;
}

/**
 * Reads the procedures: bundled, then the scenario's, then --procedure files (later wins).
 * @example await loadProcedures(io, ['my-tthc.yaml'])
 */
export async function loadProcedures(io: CliIO, files: readonly string[]): Promise<ProcedureDecl[]> {
  const decls = [...BUNDLED_PROCEDURES];
  for (const f of files) decls.push(parseProcedure(f, await readInputFile(io, f)));
  return decls;
}

const calendarFileSchema = calendarSchema.extend({ extends: z.enum(['vn']).optional() });
const calendarExtensionSchema = calendarSchema.partial().extend({ extends: z.enum(['vn']).optional() });

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

/**
 * The calendar's data, as loadCalendar reads it (for worker threads, which compile their own):
 * checked field by field, then as a whole (a working day in every year, a known zone).
 */
export async function loadCalendarData(io: CliIO, file?: string): Promise<CalendarData> {
  if (!file) return VN_CALENDAR;
  const src = readSource(file, await readInputFile(io, file));
  // a file that extends another calendar may leave out any field; one that stands alone may not
  const extending = typeof src.data === 'object' && src.data !== null && 'extends' in src.data;
  const { extends: base, ...rest } = validate(src, extending ? calendarExtensionSchema : calendarFileSchema);
  const data: CalendarData = base ? extendCalendar(VN_CALENDAR, rest as Partial<CalendarData>) : (rest as CalendarData);
  const problems = calendarProblems(data);
  if (problems.length) throw new InputError(problems.map((p) => src.at(p.path, p.message)));
  return data;
}

/**
 * Reads a scenario and everything it needs: procedures, calendar, rubric.
 * @example const loaded = await loadScenario(io, 'scenarios/commune-full.yaml', {})
 */
export async function loadScenario(io: CliIO, file: string, flags: LoadFlags): Promise<Loaded> {
  // parsed once: the procedure files it names are read from the same source the check reads
  const src = readSource(file, await readInputFile(io, file));
  const refs = procedureRefs(src).map((p) => io.resolve(file, p));
  const procedures = await loadProcedures(io, [...refs, ...(flags.procedure ?? [])]);
  const registry = makeRegistry(procedures);
  const loaded = parseScenario(file, src, registry);
  const calendar = await loadCalendar(io, flags.calendar);
  const rubric = await loadRubric(io, src, loaded.rubric, flags.rubric);
  return { ...loaded, registry, procedures, calendar, rubric };
}

/**
 * The rubric: the default, with the scenario's changes, then a --rubric file's; a pass mark
 * above the maximum score is blamed on whichever file set one of them last.
 * @example await loadRubric(io, scenarioSource, { passMark: 80 }, 'tinh-x.yaml')
 */
async function loadRubric(io: CliIO, scenario: SourceDoc, own: Partial<Rubric> | undefined, file?: string): Promise<Rubric> {
  const fromScenario = withRubric(own);
  const src = file ? readSource(file, await readInputFile(io, file)) : undefined;
  const over = src ? (validate(src, rubricOverrideSchema) as Partial<Rubric>) : undefined;
  const rubric = over ? withRubric(over, fromScenario) : fromScenario;
  const problem = rubricProblem(rubric);
  if (problem) {
    const key = (r?: Partial<Rubric>) => (r?.passMark !== undefined ? 'passMark' : r?.maxScore !== undefined ? 'maxScore' : undefined);
    const blame = src && key(over) ? src.at([key(over)!], problem) : scenario.at(['rubric', key(own) ?? 'passMark'], problem);
    throw new InputError([blame]);
  }
  return rubric;
}
