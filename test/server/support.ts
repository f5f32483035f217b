import { readFileSync } from 'node:fs';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { withRubric } from '../../src/analysis/rubric.js';
import { parseScenario } from '../../src/io/scenarioFile.js';
import { parseInstant } from '../../src/time/instant.js';
import type { JournalEntry, RehearsalScenario, RehearsalState, RehearsalStore } from '../../src/rehearsal/rehearsal.js';
import { calendar, registry } from '../support/scenario.js';

/** A scenario loaded the way `tthc rehearse` loads it. */
export function loadRehearsal(file: string): RehearsalScenario & { text: string } {
  const text = readFileSync(file, 'utf8');
  const loaded = parseScenario(file, text, registry);
  return { session: loaded.session, registry, calendar, rubric: withRubric(loaded.rubric), procedures: BUNDLED_PROCEDURES, text };
}

/** A store in memory that remembers every write, in order. */
export function memoryStore() {
  const writes: ({ kind: 'append'; entry: JournalEntry } | { kind: 'state'; state: RehearsalState })[] = [];
  const store: RehearsalStore & { entries(): JournalEntry[]; state(): RehearsalState | undefined; writes: typeof writes } = {
    writes,
    append: async (entry) => void writes.push({ kind: 'append', entry: structuredClone(entry) }),
    saveState: async (state) => void writes.push({ kind: 'state', state: structuredClone(state) }),
    entries: () => writes.flatMap((w) => (w.kind === 'append' ? [w.entry] : [])),
    state: () => writes.flatMap((w) => (w.kind === 'state' ? [w.state] : [])).pop(),
  };
  return store;
}

/** Epoch ms of "HH:mm[:ss]" on a scenario's date in Vietnam. */
export const at = (date: string, hhmm: string) => parseInstant(hhmm, date, 'Asia/Ho_Chi_Minh')!;

/** The wall time (ms after the rehearsal began at wall 0) at which a clock at `speed` reads `sim`. */
export const wallFor = (start: number, sim: number, speed: number) => (sim - start) / speed;
