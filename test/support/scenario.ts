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
  const codes = (id: string) => official(id).reasons.map((r) => r.code).sort();
  return { loaded, trace, result, official, dossier, codes };
}

/** Local "HH:mm" of an instant in Vietnam. */
export const hhmm = (ms: number | undefined) => (ms === undefined ? undefined : calendar.timeOf(ms));
