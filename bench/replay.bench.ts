/**
 * npm run bench [-- --dossiers N] [-- --vn] [-- --json]
 * Generates a seeded synthetic log (default 1,000,000 dossiers, about 5 million events), then
 * replays it from CSV through the fast path (compiled transition table, streaming audit) and
 * through the XState-actor path (one actor per dossier on a shared heap clock), and prints
 * events/s for each, the ratio, and the peak memory of the fast path.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createActor, type Actor } from 'xstate';
import { BUNDLED_PROCEDURES } from '../machines/index.js';
import { Auditor } from '../src/audit/audit.js';
import { makeRegistry } from '../src/engine/registry.js';
import type { DossierMachine } from '../src/engine/buildMachine.js';
import { readCsvColumns } from '../src/io/log/csv.js';
import { HeapClock } from '../src/time/clock.js';
import { makeCalendar } from '../src/time/calendar.js';
import { VN_CALENDAR } from '../src/time/calendars/vn.js';
import { writeSynthLog } from './synthLog.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = args.includes('--json');
const dossiers = Number(flag('--dossiers') ?? 1_000_000);
const actorEvents = Number(flag('--actor-events') ?? 500_000);
// --vn: the log as provincial exports write it (long codes, names with diacritics, D/M/YYYY times)
const style = args.includes('--vn') ? 'vn' : 'plain';
const path = flag('--log') ?? `/tmp/tthc-bench-${dossiers}${style === 'vn' ? '-vn' : ''}.csv`;
const zone = 'Asia/Ho_Chi_Minh';
const say = (s: string) => (json ? process.stderr : process.stdout).write(s + '\n');

if (!existsSync(path)) {
  const t0 = performance.now();
  const g = await writeSynthLog(path, dossiers, 42, style);
  say(`generated ${path}: ${g.dossiers} dossiers, ${g.events} events, ${(statSync(path).size / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const registry = makeRegistry(BUNDLED_PROCEDURES);
const calendar = makeCalendar(VN_CALENDAR);

// fast path: CSV -> reader -> compiled-table kernel -> streaming audit
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
let t0 = performance.now();
const auditor = new Auditor({ registry, calendar });
for await (const batch of readCsvColumns(createReadStream(path, { highWaterMark: 1 << 20 }), path, { zone })) auditor.push(batch);
const result = auditor.finish();
const fastSeconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const fastRate = result.events / fastSeconds;
say(`fast path:  ${result.events.toLocaleString('en')} events, ${result.dossiers.toLocaleString('en')} dossiers in ${fastSeconds.toFixed(2)} s = ${Math.round(fastRate).toLocaleString('en')} events/s (fitness ${result.fitness.toFixed(4)}, ${result.openAtEnd} open at end)`);

// actor path: CSV -> reader -> one XState actor per dossier on a heap clock, over the first N events
const machines = new Map<string, DossierMachine>([...registry].map(([id, p]) => [id, p.machine]));
const actors = new Map<string, Actor<DossierMachine>>();
let clock: HeapClock | undefined;
let n = 0;
t0 = performance.now();
// the same reader as the fast path, so the two differ only in the engine
outer: for await (const b of readCsvColumns(createReadStream(path, { highWaterMark: 1 << 20 }), path, { zone })) {
  for (let i = 0; i < b.length; i++) {
    const ms = b.ms[i];
    const dossier = b.dossier[i];
    clock ??= new HeapClock(ms);
    clock.advanceBefore(Math.max(ms, clock.now()));
    let a = actors.get(dossier);
    if (!a) {
      a = createActor(machines.get(b.procedure[i])!, { input: { owner: b.official[i] }, clock });
      a.start();
      actors.set(dossier, a);
    }
    const ev = { type: b.action[i], official: b.official[i], role: b.role[i], at: ms };
    const snap = a.getSnapshot();
    if (snap.status === 'active' && snap.can(ev)) a.send(ev);
    if (a.getSnapshot().status !== 'active') actors.delete(dossier);
    if (++n >= actorEvents) break outer;
  }
}
const actorSeconds = (performance.now() - t0) / 1000;
const actorRate = n / actorSeconds;
say(`actor path: ${n.toLocaleString('en')} events in ${actorSeconds.toFixed(2)} s = ${Math.round(actorRate).toLocaleString('en')} events/s (first ${n.toLocaleString('en')} events of the same log)`);
const ratio = fastRate / actorRate;
say(`ratio fast/actor: ${ratio.toFixed(1)}x; peak RSS of the fast path: ${Math.round(peak / 1e6)} MB`);
if (json)
  console.log(JSON.stringify({ log: style, events: result.events, dossiers: result.dossiers, fast_events_per_s: Math.round(fastRate), actor_events_per_s: Math.round(actorRate), actor_events: n, ratio: Number(ratio.toFixed(2)), peak_rss_mb: Math.round(peak / 1e6), fast_seconds: Number(fastSeconds.toFixed(2)) }));
