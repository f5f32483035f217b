/**
 * npm run bench [-- --dossiers N] [-- --vn] [-- --rounds N] [-- --json]
 * Generates a seeded synthetic log (default 1,000,000 dossiers, about 5 million events), then
 * replays it from CSV through the fast path (compiled transition table, streaming audit) and
 * through the XState-actor path (one actor per dossier on a shared heap clock), each --rounds
 * times (default 3), and prints events/s for each (the fastest round, and the median), the ratio
 * of the fastest rounds, and the peak memory of the fast path.
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
// each path runs this many times; the fastest round of each is reported, the median too
const rounds = Math.max(1, Number(flag('--rounds') ?? 3));
// --vn: the log as provincial exports write it (long codes, names with diacritics, D/M/YYYY times)
const style = args.includes('--vn') ? 'vn' : 'plain';
const path = flag('--log') ?? `/tmp/tthc-bench-${dossiers}${style === 'vn' ? '-vn' : ''}.csv`;
const zone = 'Asia/Ho_Chi_Minh';
const say = (s: string) => (json ? process.stderr : process.stdout).write(s + '\n');

if (!existsSync(path)) {
  const t0 = performance.now();
  const g = await writeSynthLog(path, dossiers, 42, style);
  say(
    `generated ${path}: ${g.dossiers} dossiers, ${g.events} events, ${(statSync(path).size / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const registry = makeRegistry(BUNDLED_PROCEDURES);
const calendar = makeCalendar(VN_CALENDAR);

/** The fast path: CSV -> reader -> compiled-table kernel -> streaming audit. */
async function fastRound() {
  const t0 = performance.now();
  const auditor = new Auditor({ registry, calendar });
  for await (const batch of readCsvColumns(createReadStream(path, { highWaterMark: 1 << 20 }), path, { zone })) auditor.push(batch);
  const result = auditor.finish();
  return { result, seconds: (performance.now() - t0) / 1000 };
}

/** The actor path: CSV -> reader -> one XState actor per dossier on a heap clock, over the first `actorEvents` events. */
async function actorRound() {
  const machines = new Map<string, DossierMachine>([...registry].map(([id, p]) => [id, p.machine]));
  const actors = new Map<string, Actor<DossierMachine>>();
  let clock: HeapClock | undefined;
  let n = 0;
  const t0 = performance.now();
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
  return { events: n, seconds: (performance.now() - t0) / 1000 };
}

// the middle round, or of two the slower: a median that never flatters
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (events: number, seconds: number) => Math.round(events / seconds).toLocaleString('en');

// the fast rounds first, on a fresh heap, so the peak memory is theirs alone
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const fast: number[] = [];
let result: Awaited<ReturnType<typeof fastRound>>['result'] | undefined;
for (let r = 1; r <= rounds; r++) {
  const round = await fastRound();
  result = round.result;
  fast.push(round.seconds);
  say(
    `fast path, round ${r}/${rounds}: ${result.events.toLocaleString('en')} events, ${result.dossiers.toLocaleString('en')} dossiers in ${round.seconds.toFixed(2)} s = ${rate(result.events, round.seconds)} events/s (fitness ${result.fitness.toFixed(4)}, ${result.openAtEnd} open at end)`,
  );
}
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const actor: number[] = [];
let n = 0;
for (let r = 1; r <= rounds; r++) {
  const round = await actorRound();
  n = round.events;
  actor.push(round.seconds);
  say(
    `actor path, round ${r}/${rounds}: ${n.toLocaleString('en')} events in ${round.seconds.toFixed(2)} s = ${rate(n, round.seconds)} events/s (first ${n.toLocaleString('en')} events of the same log)`,
  );
}
const events = result!.events;
const fastSeconds = Math.min(...fast);
const fastRate = events / fastSeconds;
const actorSeconds = Math.min(...actor);
const actorRate = n / actorSeconds;
const ratio = fastRate / actorRate;
say(
  `best of ${rounds} rounds (on a shared machine, the fastest round is the one least slowed by others): fast path ${rate(events, fastSeconds)} events/s (median ${rate(events, median(fast))}), actor path ${rate(n, actorSeconds)} events/s (median ${rate(n, median(actor))})`,
);
say(`ratio fast/actor: ${ratio.toFixed(1)}x; peak RSS of the fast path: ${Math.round(peak / 1e6)} MB`);
if (json)
  console.log(
    JSON.stringify({
      log: style,
      events,
      dossiers: result!.dossiers,
      rounds,
      fast_events_per_s: Math.round(fastRate),
      fast_events_per_s_median: Math.round(events / median(fast)),
      actor_events_per_s: Math.round(actorRate),
      actor_events_per_s_median: Math.round(n / median(actor)),
      actor_events: n,
      ratio: Number(ratio.toFixed(2)),
      peak_rss_mb: Math.round(peak / 1e6),
      fast_seconds: Number(fastSeconds.toFixed(2)),
    }),
  );
