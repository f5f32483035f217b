import { DateTime } from 'luxon';
import { parseInstant } from '../time/instant.js';
import { z } from 'zod';
import { EXIT_ACTIONS, INCIDENT_ACTIONS } from '../model/event.js';
import { normaliseRole, type RoleCode } from '../model/roles.js';
import type { Session, TimedEvent } from '../model/session.js';
import type { ProcedureRegistry } from '../engine/registry.js';
import { InputError, check, readSource, type LocatedError, type SourceDoc } from './located.js';
import type { Rubric } from '../analysis/rubric.js';
import { rubricOverrideSchema } from '../analysis/rubric.js';
import { LIMITS } from '../model/procedure.js';
import { CALENDAR_YEARS } from '../time/calendar.js';

const role = z.string().transform((raw, ctx) => {
  const r = normaliseRole(raw);
  if (!r) ctx.addIssue({ code: 'custom', message: `unknown role "${raw}" (expected CT, PCT, VP-TK, TC-KT, VH-XH, TP-HT, ĐC-XD or KCT)` });
  return r as RoleCode;
});
const id = z.string().min(1).or(z.number().transform(String));
const when = z.string().min(1).or(z.number().transform(String));

const officialSchema = z
  .object({
    id,
    name: z.string().min(1),
    role,
    birthRegistration: z.enum(['in_district', 'outside_district']).optional(),
    readiness: z
      .object({ account: z.boolean().default(true), signature: z.boolean().default(true), paymentApp: z.boolean().default(true) })
      .strict()
      .default({ account: true, signature: true, paymentApp: true }),
    assessed: z.boolean().default(true),
    notAssessedReason: z.string().optional(),
    status: z.enum(['active', 'probation', 'maternity_leave', 'other']).default('active'),
  })
  .strict();

const dossierSchema = z
  .object({
    code: id,
    owner: id,
    procedure: id,
    valid: z.boolean().default(true),
    assign: z.record(z.string(), id).default({}),
    extraWorkingDays: z.number().int().min(0).max(30).optional(),
  })
  .strict();

const eventSchema = z
  .object({
    at: when,
    official: id,
    action: z.string().min(1),
    dossier: id.optional(),
    role: role.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const minutes = z.number().positive().max(LIMITS.timeBoxMinutes, `at most ${LIMITS.timeBoxMinutes} minutes (7 days)`);
const sessionDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((d) => DateTime.fromISO(d, { zone: 'UTC' }).isValid, { error: (iss) => `${iss.input} is not a real date` })
  .refine((d) => +d.slice(0, 4) >= CALENDAR_YEARS.first && +d.slice(0, 4) <= CALENDAR_YEARS.last, {
    error: `expected a year from ${CALENDAR_YEARS.first} to ${CALENDAR_YEARS.last}`,
  });

const list = z.preprocess((v) => (v === null ? [] : v), z.array(z.unknown()).default([]));

/** The scenario file as written by a trainer (YAML or JSON). */
export const scenarioSchema = z
  .object({
    unit: z.object({ name: z.string().min(1), district: z.string().optional(), templatesConfigured: z.boolean().default(true) }).strict(),
    /** session date: "HH:mm" times in the timeline are on this date */
    date: sessionDate,
    zone: z.string().default('Asia/Ho_Chi_Minh'),
    start: when,
    end: when.optional(),
    timeBox: z
      .object({ minutes: minutes.optional(), mode: z.enum(['per-dossier', 'per-official']).optional() })
      .strict()
      .optional(),
    /** procedure files (JSON/YAML) next to the scenario, added to the bundled ones */
    procedures: z.array(z.string()).optional(),
    rubric: rubricOverrideSchema.optional(),
    /** step durations by role for \`tthc simulate\` (minutes): median and 90th percentile */
    durations: z
      .record(
        z.string(),
        z
          .object({ median: minutes, p90: minutes })
          .strict()
          .refine((d) => d.p90 >= d.median, 'p90 must be at least the median'),
      )
      .optional(),
    // items are checked one by one below, so every bad item is reported at once
    officials: list.refine((l) => l.length > 0, 'a session needs at least one official'),
    dossiers: list,
    timeline: list,
  })
  .strict();

export type ScenarioOfficial = z.infer<typeof officialSchema>;
export type ScenarioDossier = z.infer<typeof dossierSchema>;
export type ScenarioEvent = z.infer<typeof eventSchema>;

/** A scenario read, checked and normalised. */
export interface LoadedScenario {
  session: Session;
  /** rubric changes the scenario asks for (weights, pass mark...) */
  rubric?: Partial<Rubric>;
  /** procedure files the scenario names, relative to it */
  procedureFiles: string[];
  /** step durations by role (or "default") for simulation */
  durations?: Record<string, { median: number; p90: number }>;
}

/**
 * Lists the procedure files a scenario names, before the full check (which needs them loaded).
 * @example procedureRefs(readSource('s.yaml', text)) // ['my-tthc.yaml']
 */
export function procedureRefs(src: SourceDoc): string[] {
  const data = src.data as { procedures?: unknown };
  return Array.isArray(data?.procedures) ? data.procedures.filter((p): p is string => typeof p === 'string') : [];
}

/**
 * Reads a scenario (YAML or JSON; its text, or the source already parsed from it), validates its
 * shape and its cross-references against the procedures, and normalises it into a Session.
 * Throws InputError listing every problem with file, line and field.
 * @example const { session } = parseScenario('scenarios/commune-full.yaml', text, registry)
 */
export function parseScenario(file: string, text: string | SourceDoc, registry: ProcedureRegistry): LoadedScenario {
  const src = typeof text === 'string' ? readSource(file, text) : text;
  const errors: LocatedError[] = [];
  const head = check(src, scenarioSchema, src.data, [], errors);
  const items = <T>(key: 'officials' | 'dossiers' | 'timeline', schema: z.ZodType<T>) => {
    const data = (src.data as Record<string, unknown> | null)?.[key];
    const all = Array.isArray(data) ? data : [];
    const ok: { value: T; index: number }[] = [];
    all.forEach((item, index) => {
      const value = check(src, schema, item, [key, index], errors);
      if (value !== undefined) ok.push({ value, index });
    });
    // ids of items with other problems still count as known, so one typo does not cascade
    const ids = new Set(
      all
        .map((x) => (x as Record<string, unknown> | null)?.[key === 'dossiers' ? 'code' : 'id'])
        .filter((x) => x !== undefined)
        .map(String),
    );
    return { ok, ids };
  };
  const officialItems = items('officials', officialSchema);
  const dossierItems = items('dossiers', dossierSchema);
  const eventItems = items('timeline', eventSchema);
  if (!head) throw new InputError(errors);
  const raw = {
    ...head,
    officials: officialItems.ok.map((x) => x.value),
    dossiers: dossierItems.ok.map((x) => x.value),
    timeline: eventItems.ok.map((x) => x.value),
  };
  const zone = raw.zone;
  if (!DateTime.fromMillis(0, { zone }).isValid) errors.push(src.at(['zone'], `unknown time zone "${zone}"`));
  const instant = (value: string, path: (string | number)[]) => {
    const ms = parseInstant(value, raw.date, zone);
    if (ms === undefined) errors.push(src.at(path, `"${value}" is not a time: use HH:mm (on ${raw.date}) or ISO 8601 such as 2024-09-17T14:05:00+07:00`));
    return ms ?? NaN;
  };
  const start = instant(raw.start, ['start']);
  const end = raw.end === undefined ? undefined : instant(raw.end, ['end']);
  for (const key of Object.keys(raw.durations ?? {}))
    if (key !== 'default' && !normaliseRole(key)) errors.push(src.at(['durations', key], `unknown role "${key}" (a role code, or "default")`));
  if (end !== undefined && end < start) errors.push(src.at(['end'], `the session ends (${raw.end}) before it starts (${raw.start})`));

  const officials = new Map<string, ScenarioOfficial>();
  officialItems.ok.forEach(({ value: o, index: i }) => {
    if (officials.has(o.id)) errors.push(src.at(['officials', i, 'id'], `duplicate official id "${o.id}"`));
    officials.set(o.id, o);
    if (!o.assessed && !o.notAssessedReason?.trim())
      errors.push(src.at(['officials', i, 'notAssessedReason'], 'an official who is not assessed needs a concrete reason (Mẫu 03, "Lý do")'));
  });

  const isOfficial = (id: string) => officialItems.ids.has(id);
  const dossiers = new Map<string, ScenarioDossier>();
  dossierItems.ok.forEach(({ value: d, index: i }) => {
    if (dossiers.has(d.code)) errors.push(src.at(['dossiers', i, 'code'], `duplicate dossier code "${d.code}"`));
    dossiers.set(d.code, d);
    if (!isOfficial(d.owner)) errors.push(src.at(['dossiers', i, 'owner'], `unknown official "${d.owner}"`));
    const proc = registry.get(d.procedure);
    if (!proc) errors.push(src.at(['dossiers', i, 'procedure'], `unknown procedure "${d.procedure}" (known: ${[...registry.keys()].join(', ')})`));
    for (const [step, who] of Object.entries(d.assign)) {
      if (proc && !proc.decl.steps.some((s) => s.id === step))
        errors.push(src.at(['dossiers', i, 'assign', step], `procedure ${d.procedure} has no step "${step}"`));
      if (!isOfficial(who)) errors.push(src.at(['dossiers', i, 'assign', step], `unknown official "${who}"`));
    }
  });

  const events: TimedEvent[] = [];
  eventItems.ok.forEach(({ value: e, index: i }) => {
    const path = ['timeline', i];
    const who = officials.get(e.official);
    if (!isOfficial(e.official)) errors.push(src.at([...path, 'official'], `unknown official "${e.official}"`));
    if (who && e.role && e.role !== who.role)
      errors.push(src.at([...path, 'role'], `role ${e.role} does not match ${e.official}'s role ${who.role} in the roster`));
    const incident = e.action in INCIDENT_ACTIONS;
    const dossier = e.dossier === undefined ? undefined : dossiers.get(e.dossier);
    if (!incident && e.dossier === undefined) errors.push(src.at(path, `action "${e.action}" needs a dossier`));
    if (e.dossier !== undefined && !dossierItems.ids.has(e.dossier)) errors.push(src.at([...path, 'dossier'], `unknown dossier "${e.dossier}"`));
    if (!incident && dossier) {
      const proc = registry.get(dossier.procedure);
      const known = proc ? [...proc.decl.steps.map((s) => s.action), ...Object.keys(EXIT_ACTIONS)] : [];
      if (proc && !known.includes(e.action))
        errors.push(
          src.at(
            [...path, 'action'],
            `unknown action "${e.action}" for procedure ${dossier.procedure} (expected one of: ${known.join(', ')}, connection_failure)`,
          ),
        );
    }
    const ms = instant(e.at, [...path, 'at']);
    if (ms < start) errors.push(src.at([...path, 'at'], `${e.at} is before the session start ${raw.start}`));
    events.push({
      dossier: e.dossier ?? '',
      at: Number.isNaN(ms) ? e.at : DateTime.fromMillis(ms, { zone }).toISO()!,
      ms,
      official: e.official,
      role: who?.role ?? e.role ?? 'KCT',
      action: e.action,
      ...(e.data ? { data: e.data } : {}),
      source: { file, line: src.at(path, '').line, index: i },
    });
  });

  if (errors.length) throw new InputError(errors);
  return {
    session: {
      unit: raw.unit,
      zone,
      start,
      end,
      timeBox: raw.timeBox,
      officials: raw.officials.map((o: ScenarioOfficial) => ({ ...o, notAssessedReason: o.notAssessedReason })),
      dossiers: raw.dossiers,
      events,
    },
    rubric: raw.rubric as Partial<Rubric> | undefined,
    procedureFiles: raw.procedures ?? [],
    durations: raw.durations,
  };
}

export type { SourceDoc };
export { InputError };
