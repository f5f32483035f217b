import { readFileSync } from 'node:fs';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { DEFAULT_RUBRIC, withRubric } from '../../src/analysis/rubric.js';
import { makeRegistry } from '../../src/engine/registry.js';
import { parseScenario } from '../../src/io/scenarioFile.js';
import { runSession } from '../../src/lifecycle.js';
import type { TimeBoxMode } from '../../src/model/session.js';
import { makeCalendar } from '../../src/time/calendar.js';
import { VN_CALENDAR } from '../../src/time/calendars/vn.js';

export const registry = makeRegistry(BUNDLED_PROCEDURES);
export const calendar = makeCalendar(VN_CALENDAR);

/** Reads and runs a scenario file the way `tthc run` does. */
export function runScenarioFile(path: string, mode?: TimeBoxMode) {
  const loaded = parseScenario(path, readFileSync(path, 'utf8'), registry);
  const { trace, result } = runSession(loaded.session, {
    registry,
    calendar,
    rubric: withRubric(loaded.rubric, DEFAULT_RUBRIC),
    timeBox: mode ? { mode } : undefined,
  });
  const official = (id: string) => result.officials.find((o) => o.id === id)!;
  const dossier = (code: string) => result.dossiers.find((d) => d.code === code)!;
  const codes = (id: string) =>
    official(id)
      .reasons.map((r) => r.code)
      .sort();
  return { loaded, trace, result, official, dossier, codes };
}

/** Local "HH:mm" of an instant in Vietnam. */
export const hhmm = (ms: number | undefined) => (ms === undefined ? undefined : calendar.timeOf(ms));

const STAFF_YAML = `officials:
  - { id: ct, name: Chủ tịch, role: CT, birthRegistration: in_district }
  - { id: pct, name: Phó Chủ tịch, role: PCT, birthRegistration: outside_district }
  - { id: vptk, name: Một cửa, role: VP-TK, birthRegistration: in_district }
  - { id: tpht, name: Tư pháp, role: TP-HT, birthRegistration: in_district }
  - { id: kct, name: Không chuyên trách, role: KCT, birthRegistration: in_district }
`;

/**
 * Runs a small scenario written inline: a header (date, start...) and the timeline; the staff
 * (ct, pct, vptk, tpht, kct) are filled in, and dossiers default to one A dossier HS-1 of kct.
 */
export function runInline(opts: { date?: string; start?: string; end?: string; dossiers?: string; timeline: string; extra?: string }, mode?: TimeBoxMode) {
  const text = `unit: { name: Xã Thử }
date: "${opts.date ?? '2024-09-17'}"
start: "${opts.start ?? '14:00'}"
${opts.end ? `end: "${opts.end}"\n` : ''}${opts.extra ?? ''}${STAFF_YAML}dossiers:
${opts.dossiers ?? '  - { code: HS-1, owner: kct, procedure: A, assign: { sign: ct } }'}
timeline:
${opts.timeline}
`;
  const path = '/tmp/inline.yaml';
  const loaded = parseScenario(path, text, registry);
  const { trace, result } = runSession(loaded.session, { registry, calendar, rubric: withRubric(loaded.rubric), timeBox: mode ? { mode } : undefined });
  const official = (id: string) => result.officials.find((o) => o.id === id)!;
  return {
    trace,
    result,
    official,
    dossier: (code = 'HS-1') => result.dossiers.find((d) => d.code === code)!,
    dossierTrace: (code = 'HS-1') => trace.dossiers.find((d) => d.code === code)!,
    /** reason codes of an official, leaving out missing_submission: the inline staff own no dossier */
    codes: (id: string) =>
      official(id)
        .reasons.map((r) => r.code)
        .filter((c) => c !== 'missing_submission')
        .sort(),
  };
}

/** The happy path of procedure A for HS-1, one line per event, starting at a given minute after 14:00. */
export const HAPPY_A = `  - { at: "14:01", official: kct, action: submit, dossier: HS-1 }
  - { at: "14:02", official: kct, action: pay, dossier: HS-1 }
  - { at: "14:02", official: kct, action: save_receipt, dossier: HS-1 }
  - { at: "14:05", official: vptk, action: receive, dossier: HS-1 }
  - { at: "14:10", official: tpht, action: appraise, dossier: HS-1 }
  - { at: "14:15", official: ct, action: sign, dossier: HS-1 }
  - { at: "14:20", official: vptk, action: return, dossier: HS-1 }`;
