/**
 * npm run bench:simulate [-- --runs N] [-- --json]
 * 10,000 simulated sessions of a 40-dossier commune (the bundled full commune with 22 more KCT
 * submitters), replayed through the fast kernel and scored as `tthc run` scores; prints sessions/s.
 */
import { readFileSync } from 'node:fs';
import { BUNDLED_PROCEDURES } from '../machines/index.js';
import { DEFAULT_RUBRIC } from '../src/analysis/rubric.js';
import { makeRegistry } from '../src/engine/registry.js';
import { parseScenario } from '../src/io/scenarioFile.js';
import { simulate } from '../src/simulate/simulate.js';
import { makeCalendar } from '../src/time/calendar.js';
import { VN_CALENDAR } from '../src/time/calendars/vn.js';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 10_000) || 10_000;
const registry = makeRegistry(BUNDLED_PROCEDURES);
const calendar = makeCalendar(VN_CALENDAR);
const { session } = parseScenario('scenarios/commune-full.yaml', readFileSync('scenarios/commune-full.yaml', 'utf8'), registry);
for (let i = 0; session.dossiers.length < 40; i++) {
  const id = `kx${i}`;
  session.officials.push({ ...session.officials.find((o) => o.role === 'KCT')!, id, name: `KCT ${i}` });
  session.dossiers.push({ code: `HS-X${i}`, owner: id, procedure: i % 3 ? 'A' : 'B', valid: true, assign: {} });
}
const t0 = performance.now();
const r = simulate(session, { runs, seed: 1, registry, calendar, rubric: DEFAULT_RUBRIC, durations: { default: { median: 2, p90: 5 } } });
const secs = (performance.now() - t0) / 1000;
const line = `simulate: ${runs} sessions x ${session.dossiers.length} dossiers in ${secs.toFixed(1)} s = ${Math.round(runs / secs)} sessions/s (P(all on time) ${r.pAllOnTime.toFixed(3)})`;
if (args.includes('--json')) {
  console.error(line);
  console.log(JSON.stringify({ runs, dossiers: session.dossiers.length, seconds: Number(secs.toFixed(2)), sessions_per_s: Math.round(runs / secs) }));
} else console.log(line);
