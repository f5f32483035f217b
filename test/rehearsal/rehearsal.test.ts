import { describe, expect, it } from 'vitest';
import { openRehearsal, simAt, type Rehearsal } from '../../src/rehearsal/rehearsal.js';
import { hhmm, runScenarioFile } from '../support/scenario.js';
import { at, loadRehearsal, memoryStore, wallFor } from '../server/support.js';

const SLOW = 'scenarios/slow-step-late.yaml';
const DATE = '2024-10-08';
const T = (s: string) => at(DATE, s);

async function fresh(file: string, mode: 'live' | 'dry-run', speed: number) {
  const scenario = loadRehearsal(file);
  const store = memoryStore();
  const r = await openRehearsal({ scenario, store, fresh: { mode, speed, scenario: file, scenarioSha256: 'x' }, wallNow: 0 });
  return { r, store, scenario, start: scenario.session.start };
}

/** Ticks the rehearsal at uneven wall steps up to `until`, as the server's interval would. */
async function runUntil(r: Rehearsal, from: number, until: number) {
  const steps = [137, 611, 59, 1203, 401];
  let wall = from;
  for (let i = 0; wall < until; i++) {
    wall = Math.min(until, wall + steps[i % steps.length]);
    await r.tick(wall);
  }
  return wall;
}

/** Everything the board and the report are made of, at one wall time. */
const snapshot = (r: Rehearsal, wall: number) => ({ ...r.analyse(), view: r.view(wall) });

describe('the rehearsal clock', () => {
  it('maps wall time onto the scenario clock at the chosen speed', () => {
    expect(simAt({ wall: 1000, sim: T('14:30'), speed: 60 }, 61_000)).toBe(T('15:30'));
  });

  it('stops at the end of the session and refuses actions after it', async () => {
    const { r, start } = await fresh(SLOW, 'live', 60);
    const wall = wallFor(start, T('17:20'), 60);
    await r.tick(wall);
    expect(hhmm(r.simNow(wall))).toBe('17:15');
    const res = await r.record({ official: 'tckt', action: 'submit', dossier: 'HS-101' }, wall);
    expect(res).toMatchObject({ ok: false, status: 409, error: expect.stringContaining('the session ended at 17:15') });
  });
});

describe('a dry run', () => {
  it('plays the scenario timeline to its end and scores exactly as tthc run does', async () => {
    const { r, start } = await fresh(SLOW, 'dry-run', 60);
    await runUntil(r, 0, wallFor(start, T('17:15'), 60) + 1000);
    const run = runScenarioFile(SLOW);
    const mine = r.analyse();
    expect(mine.result).toEqual(run.result);
    expect(mine.trace.dossiers).toEqual(run.trace.dossiers);
  });

  it('of a scenario without an end stops at its last event and scores as tthc run does', async () => {
    const file = 'scenarios/commune-full.yaml';
    const { r, start } = await fresh(file, 'dry-run', 60);
    const wall = await runUntil(r, 0, wallFor(start, at('2024-09-17', '14:00'), 60));
    expect(r.ended(wall)).toBe(true);
    expect(hhmm(r.endsAt)).toBe('13:54');
    expect(r.analyse().result).toEqual(runScenarioFile(file).result);
  });

  it('journals every timeline event it applies, in the order replay applies them', async () => {
    const { r, store, start, scenario } = await fresh(SLOW, 'dry-run', 60);
    await runUntil(r, 0, wallFor(start, T('15:00'), 60));
    const journaled = store.entries().map((e) => `${hhmm(e.event.ms)} ${e.event.dossier} ${e.event.action} ${e.source}`);
    const expected = scenario.session.events
      .map((e, i) => ({ e, i }))
      .sort((a, b) => a.e.ms - b.e.ms || a.i - b.i)
      .filter(({ e }) => e.ms <= T('15:00'))
      .map(({ e }) => `${hhmm(e.ms)} ${e.dossier} ${e.action} timeline`);
    expect(journaled).toEqual(expected);
    expect(r.entryCount).toBe(expected.length);
  });
});

describe('the overdue-risk alert', () => {
  it('rises at 16:30 on the dossiers still waiting for the Chair, with sign before 16:45 and return before 17:00 to save them', async () => {
    const { r, start } = await fresh(SLOW, 'dry-run', 60);
    const before = await runUntil(r, 0, wallFor(start, T('16:29:30'), 60));
    const early = r.view(before);
    expect(early.alerts).toEqual([]);
    // the card already says when the flag will rise if nothing happens
    expect(early.dossiers.find((d) => d.code === 'HS-105')!.risk).toMatchObject({ active: false, step: 'sign' });
    expect(hhmm(early.dossiers.find((d) => d.code === 'HS-105')!.risk!.at)).toBe('16:30');

    const after = await runUntil(r, before, wallFor(start, T('16:30:01'), 60));
    const view = r.view(after);
    expect(view.alerts.map((a) => a.dossier)).toEqual(['HS-104', 'HS-105', 'HS-106']);
    const a = view.alerts.find((x) => x.dossier === 'HS-105')!;
    expect(hhmm(a.at)).toBe('16:30');
    expect(hhmm(a.dueAt)).toBe('17:00');
    expect(a.holders).toEqual(['ct']);
    expect(a.save.map((s) => `${s.label.en} by ${hhmm(s.by)} (${s.official})`)).toEqual([
      'Sign digitally and send for issue by 16:45 (ct)',
      'Stamp and return the result by 17:00 (vptk)',
    ]);
    expect(view.counts.atRisk).toBe(3);
  });

  it('is the same flag tthc run reports for the same session', async () => {
    const { r, start } = await fresh(SLOW, 'dry-run', 60);
    await runUntil(r, 0, wallFor(start, T('16:31'), 60));
    const run = runScenarioFile(SLOW);
    for (const card of r.view(wallFor(start, T('16:31'), 60)).dossiers.filter((c) => c.risk?.active))
      expect(card.risk!.at).toBe(run.dossier(card.code).risk!.at);
  });

  it('shows each official their queue and the soonest end of its time boxes', async () => {
    const { r, start } = await fresh(SLOW, 'dry-run', 60);
    const wall = await runUntil(r, 0, wallFor(start, T('15:20'), 60));
    const ct = r.view(wall).officials.find((o) => o.id === 'ct')!;
    expect(ct.queue.map((q) => `${q.dossier} ${q.action}`).sort()).toEqual(['HS-101 sign', 'HS-104 sign', 'HS-105 sign', 'HS-106 approve']);
    // HS-101 reached the Chair at 14:50: its 15 minutes ran out at 15:05
    expect(hhmm(ct.timeBoxEndsAt)).toBe('15:05');
  });
});

describe('recording from the board', () => {
  it('journals an action before applying it and answers once it is written', async () => {
    const { r, store, start } = await fresh(SLOW, 'live', 60);
    const wall = wallFor(start, T('14:31'), 60);
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const append = store.append;
    store.append = async (e) => {
      await gate;
      await append(e);
    };
    const pending = r.record({ official: 'tckt', action: 'submit', dossier: 'HS-101' }, wall);
    await new Promise((ok) => setTimeout(ok, 10));
    // not on disk yet: not applied either
    expect(r.view(wall).dossiers.find((d) => d.code === 'HS-101')!.status).toBe(0);
    release();
    expect(await pending).toMatchObject({ ok: true, accepted: true, dossier: 'HS-101', action: 'submit' });
    expect(store.entries()).toHaveLength(1);
    expect(r.view(wall).dossiers.find((d) => d.code === 'HS-101')!.column).toBe('receive');
  });

  it('journals an action the procedure refuses and answers with the reason, as tthc run reports it', async () => {
    const { r, store, start } = await fresh(SLOW, 'live', 60);
    await r.record({ official: 'tckt', action: 'submit', dossier: 'HS-101' }, wallFor(start, T('14:31'), 60));
    const res = await r.record({ official: 'tckt', action: 'receive', dossier: 'HS-101' }, wallFor(start, T('14:32'), 60));
    expect(res).toMatchObject({ ok: true, accepted: false, reason: 'wrong_role', message: { en: 'Action by a role not allowed for the step' } });
    expect(store.entries().map((e) => e.event.action)).toEqual(['submit', 'receive']);
    const view = r.view(wallFor(start, T('14:32'), 60));
    expect(view.recent[0]).toMatchObject({ accepted: false, action: 'receive', reasonText: { vi: 'Thực hiện thao tác không đúng vai trò được phân quyền' } });
    expect(view.counts.refused).toBe(1);
    expect(
      r
        .analyse()
        .result.officials.find((o) => o.id === 'tckt')!
        .reasons.map((x) => x.code),
    ).toContain('wrong_role');
  });

  it.each([
    ['a list', [1], 'JSON object'],
    ['an unknown field', { official: 'tckt', action: 'submit', dossier: 'HS-101', when: 'now' }, 'unknown field: when'],
    ['no official', { action: 'submit', dossier: 'HS-101' }, 'official is missing'],
    ['an unknown official', { official: 'nobody', action: 'submit', dossier: 'HS-101' }, 'unknown official "nobody"'],
    ['an unknown dossier', { official: 'tckt', action: 'submit', dossier: 'HS-999' }, 'unknown dossier "HS-999"'],
    ['an action of another procedure', { official: 'tpht', action: 'approve', dossier: 'HS-101' }, 'unknown action "approve" for procedure A'],
    ['a dossier action without a dossier', { official: 'tckt', action: 'submit' }, 'needs a dossier'],
    ['an incident with a dossier', { official: 'tckt', action: 'connection_failure', dossier: 'HS-101' }, 'leave the dossier empty'],
    ['a number for text', { official: 'tckt', action: 'submit', dossier: 101 }, 'dossier must be text'],
    ['a time that is not one', { official: 'tckt', action: 'submit', dossier: 'HS-101', at: 'soon' }, '"soon" is not a time'],
    ['a time in the future', { official: 'tckt', action: 'submit', dossier: 'HS-101', at: '15:00' }, 'is in the future'],
    [
      'a time before the last recorded action',
      { official: 'tckt', action: 'pay', dossier: 'HS-101', at: '14:35' },
      'is before the last recorded action at 14:40:00',
    ],
  ])('refuses %s with a message and writes nothing', async (_, input, message) => {
    const { r, store, start } = await fresh(SLOW, 'live', 60);
    await r.record({ official: 'tckt', action: 'submit', dossier: 'HS-101', at: '14:40' }, wallFor(start, T('14:45'), 60));
    const writes = store.writes.length;
    const res = await r.record(input, wallFor(start, T('14:45'), 60));
    expect(res).toMatchObject({ ok: false, status: 400, error: expect.stringContaining(message) });
    expect(store.writes.length).toBe(writes);
    expect(r.entryCount).toBe(1);
  });

  it('places an action given an earlier time (still after the last one) where it happened', async () => {
    const { r, start } = await fresh(SLOW, 'live', 60);
    await r.record({ official: 'tckt', action: 'submit', dossier: 'HS-101', at: '14:31' }, wallFor(start, T('14:31'), 60));
    // HS-101's reception step would have been over its 15 minutes at 14:46; the receive typed in
    // at 14:40 happened before, so no over-time mark survives
    await r.tick(wallFor(start, T('14:50'), 60));
    const res = await r.record({ official: 'vptk', action: 'receive', dossier: 'HS-101', at: '14:40' }, wallFor(start, T('14:50'), 60));
    expect(res).toMatchObject({ ok: true, accepted: true });
    const d = r.analyse().trace.dossiers.find((x) => x.code === 'HS-101')!;
    expect(hhmm(d.receivedAt)).toBe('14:40');
    expect(d.visits[1]).toMatchObject({ step: 'receive', leftVia: 'receive' });
    expect(d.visits[1].overTimeBoxAt).toBeUndefined();
  });

  it('plays the timeline events due since the last tick at their own instants when a dry run takes an earlier time', async () => {
    const { r, start } = await fresh(SLOW, 'dry-run', 60);
    await runUntil(r, 0, wallFor(start, T('15:04'), 60));
    // the next tick would come at 15:12; the Vice-chair's 15:05 sign and the 15:10 return fell due meanwhile
    const res = await r.record({ official: 'ct', action: 'sign', dossier: 'HS-101', at: '15:03' }, wallFor(start, T('15:12'), 60));
    expect(res).toMatchObject({ ok: true, accepted: true, at: T('15:03') });
    const d = r.analyse().result.dossiers.find((x) => x.code === 'HS-103')!;
    expect(hhmm(d.returnedAt)).toBe('15:10');
    expect(
      r
        .journal()
        .map((e) => `${hhmm(e.event.ms)} ${e.event.dossier} ${e.event.action}`)
        .slice(-3),
    ).toEqual(['15:03 HS-101 sign', '15:05 HS-103 sign', '15:10 HS-103 return']);
  });

  it('applies an action at the second a time box runs out before the timer, as replay orders them', async () => {
    const onTime = await fresh(SLOW, 'live', 60);
    // HS-101 waits at submission from 14:30: its 15 minutes end at 14:45:00
    await onTime.r.tick(wallFor(onTime.start, T('14:45') + 900, 60));
    await onTime.r.record({ official: 'tckt', action: 'submit', dossier: 'HS-101' }, wallFor(onTime.start, T('14:45') + 900, 60));
    expect(onTime.r.analyse().trace.dossiers[0].visits[0].overTimeBoxAt).toBeUndefined();

    const late = await fresh(SLOW, 'live', 60);
    await late.r.tick(wallFor(late.start, T('14:45:01') + 100, 60));
    await late.r.record({ official: 'tckt', action: 'submit', dossier: 'HS-101' }, wallFor(late.start, T('14:45:01') + 100, 60));
    expect(hhmm(late.r.analyse().trace.dossiers[0].visits[0].overTimeBoxAt)).toBe('14:45');
  });

  it('keeps an official incident in the state file, since a log row needs a dossier', async () => {
    const { r, store, start } = await fresh(SLOW, 'live', 60);
    const res = await r.record({ official: 'ct', action: 'connection_failure' }, wallFor(start, T('14:40'), 60));
    expect(res).toMatchObject({ ok: true, accepted: true });
    expect(store.entries()).toEqual([]);
    expect(store.state()!.incidents).toMatchObject([{ official: 'ct', action: 'connection_failure', at: '2024-10-08T14:40:00+07:00', afterEntries: 0 }]);
    expect(r.analyse().result.officials.find((o) => o.id === 'ct')!.verdict).toBe('fail');
  });
});

describe('restarting on the same journal', () => {
  it('restores the session exactly, timers, refusals and incidents included', async () => {
    const { r, store, scenario, start } = await fresh(SLOW, 'dry-run', 60);
    let wall = await runUntil(r, 0, wallFor(start, T('15:02'), 60));
    await r.record({ official: 'ct', action: 'sign', dossier: 'HS-101' }, wall);
    await r.record({ official: 'vhxh', action: 'connection_failure' }, wall);
    wall = await runUntil(r, wall, wallFor(start, T('16:37:42'), 60));
    const before = snapshot(r, wall);

    const again = await openRehearsal({ scenario, store: memoryStore(), restored: { state: store.state()!, entries: store.entries() }, wallNow: wall });
    expect(snapshot(again, wall)).toEqual(before);
    // and both go on the same way
    const later = wall + 30_000;
    await r.tick(later);
    await again.tick(later);
    expect(snapshot(again, later)).toEqual(snapshot(r, later));
  });

  it('plays a dry run stopped for a while at the instants its events were due, as if it never stopped', async () => {
    // the same session twice: once without a break, once stopped at 15:02 and started again
    // 10 s (ten simulated minutes) later, while 15:05 sign and 15:10 return fell due
    const steady = await fresh(SLOW, 'dry-run', 60);
    const stopped = await fresh(SLOW, 'dry-run', 60);
    const stopAt = await runUntil(stopped.r, 0, wallFor(stopped.start, T('15:02'), 60));
    const restartAt = stopAt + 10_000;
    const again = await openRehearsal({
      scenario: stopped.scenario,
      store: stopped.store,
      restored: { state: stopped.store.state()!, entries: stopped.store.entries() },
      wallNow: restartAt,
    });
    const end = wallFor(steady.start, T('17:15'), 60) + 1000;
    await runUntil(steady.r, 0, end);
    await runUntil(again, restartAt, end);
    const journal = (r: Rehearsal) => r.journal().map(({ recordedAt: _, ...e }) => e);
    expect(journal(again)).toEqual(journal(steady.r));
    expect(snapshot(again, end)).toEqual(snapshot(steady.r, end));
    const d = again.analyse().result.dossiers.find((x) => x.code === 'HS-103')!;
    expect(hhmm(d.returnedAt)).toBe('15:10');
    expect(again.analyse().result).toEqual(runScenarioFile(SLOW).result);
  });

  it('goes on from where the clock is at a new speed when restarted with another --speed', async () => {
    const { r, store, scenario, start } = await fresh(SLOW, 'dry-run', 60);
    const wall = await runUntil(r, 0, wallFor(start, T('15:00'), 60));
    const again = await openRehearsal({ scenario, store, restored: { state: store.state()!, entries: store.entries() }, speed: 120, wallNow: wall });
    expect(hhmm(again.simNow(wall))).toBe('15:00');
    expect(hhmm(again.simNow(wall + 60_000))).toBe('17:00');
    expect(store.state()!.anchor.speed).toBe(120);
  });

  it('stays finished once the trainer finished it', async () => {
    const { r, store, scenario, start } = await fresh(SLOW, 'dry-run', 60);
    const wall = await runUntil(r, 0, wallFor(start, T('15:30'), 60));
    const { result } = await r.finish(wall);
    expect(hhmm(result.end)).toBe('15:30');
    const again = await openRehearsal({
      scenario,
      store: memoryStore(),
      restored: { state: store.state()!, entries: store.entries() },
      wallNow: wall + 600_000,
    });
    expect(again.ended(wall + 600_000)).toBe(true);
    expect(hhmm(again.simNow(wall + 600_000))).toBe('15:30');
    expect(again.analyse().result).toEqual(result);
  });
});
