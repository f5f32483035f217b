/**
 * Model-based testing kit for the dossier machines: the legal laws a path to "returned" must
 * obey, checked on the paths xstate/graph generates. The event universe, the traversals and the
 * replays live in src/verify/traversal.ts (shared with `tthc paths` and `tthc verify`).
 */
import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import type { DossierContext, DossierMachine, DossierSnapshot } from '../../src/engine/buildMachine.js';
import { FINAL_STATES } from '../../src/engine/buildMachine.js';
import type { MachineEvent } from '../../src/model/event.js';
import type { StepDecl } from '../../src/model/procedure.js';
import { ROLE_CODES, type RoleCode } from '../../src/model/roles.js';
import { HeapClock } from '../../src/time/clock.js';
import { replayActor as replayEvents } from '../../src/testing/actorOracle.js';
import {
  endOf,
  endsIn,
  ev,
  eventsOf,
  INPUT,
  isFinal,
  MINUTE,
  OWNER,
  pathTo,
  replayPure,
  shortestPaths,
  simplePaths,
  stepIndex,
  timerStep,
  timerType,
  valuesOf,
  type Model,
  type Path,
} from '../../src/verify/traversal.js';

export * from '../../src/verify/traversal.js';

/** Replays a path through a real actor on a HeapClock (see replayActor in src/verify/traversal.ts). */
export const replayActor = (model: Model, path: Path) => replayEvents(model, eventsOf(path));

const allowed = (step: StepDecl, e: MachineEvent) => (step.roles as string[]).includes(e.role) || (step.roles.includes('owner') && e.official === OWNER);

/**
 * The legal laws of a path that reaches "returned", checked on its own events and on the
 * context its pure replay ends with. Returns the broken laws (empty when the path is lawful).
 */
export function lawsOfReturned(model: Model, events: MachineEvent[], ctx: DossierContext): string[] {
  const { decl } = model;
  const broken: string[] = [];
  const n = decl.steps.length;
  const reception = decl.steps.findIndex((s) => s.reception);
  const hasFee = decl.fee !== undefined && decl.fee.amountVnd > 0;
  // walk the procedure's ladder by the path's events alone
  let pos = 0;
  let paidAt = -1;
  let receivedAt = -1;
  let signedAt = -1;
  events.forEach((e, i) => {
    if (pos >= n) {
      broken.push(`event ${e.type} after the result was returned`);
      return;
    }
    const step = decl.steps[pos];
    if (e.type === 'pay') {
      if (e.official !== OWNER) broken.push(`paid by ${e.official}, not the owner`);
      if (paidAt < 0) paidAt = i;
    } else if (e.type === 'send_back') {
      if (!allowed(step, e)) broken.push(`step ${step.id} sent back by ${e.role}`);
      pos -= 1;
    } else if (decl.steps.some((s) => s.action === e.type)) {
      if (e.type !== step.action) broken.push(`${e.type} done while the dossier waited at ${step.id}`);
      if (!allowed(step, e)) broken.push(`step ${step.id} done by ${e.official} (${e.role}), allowed: ${step.roles.join(', ')}`);
      if (pos === reception) receivedAt = i;
      if (step.signs) signedAt = i;
      if (step.requires.includes('payment') && hasFee && !(paidAt >= 0)) broken.push(`step ${step.id} done before payment`);
      if (step.requires.includes('signature') && !(signedAt >= 0)) broken.push(`step ${step.id} done before signature`);
      pos += 1;
    }
  });
  const last = events.length - 1;
  if (pos !== n) broken.push(`the events complete ${pos} of ${n} steps`);
  if (!(receivedAt >= 0 && receivedAt < last)) broken.push('no reception before the result');
  if (hasFee && !(paidAt >= 0 && paidAt < last)) broken.push('no payment before the result');
  if (decl.steps.some((s) => s.signs) && !(signedAt >= 0 && signedAt < last)) broken.push('no signature before the result');
  // and the context the machine ends with
  if (hasFee && !ctx.paid) broken.push('context.paid is false');
  if (decl.steps.some((s) => s.signs) && !ctx.signed) broken.push('context.signed is false');
  if (ctx.supplements > decl.maxSupplementRequests) broken.push(`${ctx.supplements} supplement requests`);
  const lastIdx = decl.steps.map((s) => ctx.done.lastIndexOf(s.id));
  if (lastIdx.some((i) => i < 0)) broken.push(`context.done ${JSON.stringify(ctx.done)} misses a step`);
  if (lastIdx.some((x, i) => i > 0 && x < lastIdx[i - 1])) broken.push(`context.done ${JSON.stringify(ctx.done)} is out of order`);
  if (ctx.done[ctx.done.length - 1] !== decl.steps[n - 1].id) broken.push('context.done does not end with the last step');
  return broken;
}

/** What a path's key promises about its end: value, what guards read, the timed-out steps. */
export const promise = (s: DossierSnapshot) => ({
  value: s.value,
  paid: s.context.paid,
  signed: s.context.signed,
  supplements: s.context.supplements,
  timedOut: [...new Set(s.context.overTimeBox)].sort(),
});

/**
 * The laws every procedure's machine obeys, checked on the paths xstate/graph generates:
 * shortest paths (timers included, one send-back at most) and simple paths (no timers).
 */
export function describeLaws(model: Model, counts: { shortest?: (n: number, toResult: number) => void } = {}) {
  const { decl, machine } = model;
  const shortest = shortestPaths(model);
  const simple = simplePaths(model);
  const all = [...shortest, ...simple];
  const toResult = all.filter((p) => endsIn(p, 'returned'));
  const timed = decl.steps.filter((s) => s.scored && s.timeBoxMinutes > 0);
  counts.shortest?.(shortest.length, toResult.length);

  describe(`procedure ${decl.id}: laws on every generated path`, () => {
    it(`generates paths to every state of the machine (${shortest.length} shortest, ${simple.length} simple)`, () => {
      const ends = new Set(shortest.map((p) => p.state.value as string));
      expect([...ends].sort()).toEqual(Object.keys(machine.states).sort());
      expect(shortest.filter((p) => endsIn(p, 'returned')).length).toBeGreaterThan(0);
      expect(simple.filter((p) => endsIn(p, 'returned')).length).toBeGreaterThan(0);
    });

    it('explores the time box of every scored step, on paths that still end with the result', () => {
      for (const s of timed) {
        const type = timerType(machine, s.id);
        expect(
          shortest.some((p) => endsIn(p, 'returned') && eventsOf(p).some((e) => e.type === type)),
          s.id,
        ).toBe(true);
      }
      // an unscored step has no time box: the traversal never finds its timer
      for (const s of decl.steps.filter((x) => !x.scored)) {
        const type = timerType(machine, s.id);
        expect(
          all.some((p) => eventsOf(p).some((e) => e.type === type)),
          s.id,
        ).toBe(false);
      }
    });

    it('leads, on every path, where the graph says the path leads', () => {
      for (const p of all) expect(promise(endOf(model, p))).toEqual(promise(p.state));
    });

    it('returns the result only after reception, every step in order by an allowed role, payment and signature', () => {
      expect(toResult.length).toBeGreaterThan(0);
      for (const p of toResult) {
        const events = eventsOf(p);
        const end = endOf(model, p);
        expect(end.value).toBe('returned');
        expect(lawsOfReturned(model, events, end.context), JSON.stringify(events.map((e) => `${e.type}:${e.role ?? ''}`))).toEqual([]);
        expect(end.context.paid).toBe(true);
        expect(end.context.signed).toBe(true);
        expect(end.context.done).toContain(decl.steps.find((s) => s.reception)!.id);
      }
    });

    it('never returns the result of a dossier refused, withdrawn or stopped: those states end every path through them', () => {
      for (const p of all) {
        const values = valuesOf(p);
        const firstFinal = values.findIndex(isFinal);
        if (firstFinal >= 0) expect(firstFinal, values.join(' > ')).toBe(values.length - 1);
      }
      // and a real actor in a final state takes no event at all, even days later
      for (const end of Object.keys(FINAL_STATES)) {
        const p = pathTo(shortest, (s) => s.value === end);
        const { actor, clock, snapshot } = replayActor(model, p);
        expect(snapshot.value).toBe(end);
        expect(snapshot.status).toBe('done');
        // note: snapshot.can() still answers true for the root-level events (pay, withdraw...)
        // in a final state; only the actor's status tells that nothing will be taken
        const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
        try {
          for (const e of model.events) actor.send({ ...e, at: clock.now() });
          // XState (development build) says so for each event: the actor has reached its final state
          expect(warn.mock.calls.every(([m]) => String(m).includes('has already reached its final state'))).toBe(true);
        } finally {
          warn.mockRestore();
        }
        clock.advanceTo(clock.now() + 24 * 60 * MINUTE);
        expect(actor.getSnapshot().value).toBe(end);
        expect(actor.getSnapshot().context).toEqual(snapshot.context);
      }
    });

    it(`asks for a supplement at most ${decl.maxSupplementRequests} time(s) on any path`, () => {
      for (const p of all) {
        const snaps = replayPure(machine, eventsOf(p));
        expect(snaps.at(-1)!.context.supplements).toBeLessThanOrEqual(decl.maxSupplementRequests);
        const accepted = eventsOf(p).filter((e, i) => e.type === 'request_supplement' && snaps[i + 1].value !== snaps[i].value);
        expect(accepted.length).toBeLessThanOrEqual(decl.maxSupplementRequests);
      }
      expect(all.some((p) => p.state.context.supplements === decl.maxSupplementRequests)).toBe(true);
    });

    it('lets only the allowed roles complete each step (and only the owner submit)', () => {
      for (const [i, step] of decl.steps.entries()) {
        const at = pathTo(shortest, (s) => s.value === step.id && (!step.requires.length || (s.context.paid && s.context.signed)));
        const snap = endOf(model, at);
        for (const by of ['owner', ...ROLE_CODES] as const) {
          const e = ev(step.action, by);
          const ok = by === 'owner' ? step.roles.includes('owner') : (step.roles as string[]).includes(by);
          expect(snap.can(e), `${step.id} by ${by}`).toBe(ok);
        }
        // no other step's action moves the dossier on
        for (const other of decl.steps.filter((_, j) => j !== i))
          for (const by of ['owner', ...ROLE_CODES] as const) expect(snap.can(ev(other.action, by)), `${other.action} at ${step.id}`).toBe(false);
      }
    });

    it('replays every shortest path to the result through a real actor, time boxes run out on the heap clock', () => {
      const results = shortest.filter((p) => endsIn(p, 'returned'));
      let withTimers = 0;
      for (const p of results) {
        const r = replayActor(model, p);
        r.actor.stop();
        const expected = endOf(model, p);
        expect(r.values).toEqual(replayPure(machine, eventsOf(p)).map((s) => s.value));
        expect(r.snapshot.value).toBe('returned');
        expect(r.snapshot.status).toBe('done');
        expect(r.snapshot.context).toEqual(expected.context);
        const timerSteps = eventsOf(p)
          .map(timerStep)
          .filter((s): s is string => s !== undefined);
        expect(r.timers.map((t) => t.step)).toEqual(timerSteps);
        for (const t of r.timers) {
          expect(t.earlyFired, `${t.step} fired before its ${decl.steps[stepIndex(decl, t.step)].timeBoxMinutes} minutes`).toBe(false);
          expect(t.recorded, `${t.step} not recorded in overTimeBox`).toBe(true);
          expect(t.firedAt - t.armedAt).toBe(decl.steps[stepIndex(decl, t.step)].timeBoxMinutes * MINUTE);
        }
        expect(r.snapshot.context.overTimeBox).toEqual(timerSteps);
        if (timerSteps.length) withTimers += 1;
      }
      expect(withTimers).toBeGreaterThan(0);
    });
  });
}

/** A live dossier on its own heap clock, started at t = 0, for hand-written scenarios. */
export function startDossier(machine: DossierMachine) {
  const clock = new HeapClock(0);
  const actor = createActor(machine, { input: INPUT, clock });
  actor.start();
  const snap = () => actor.getSnapshot();
  return {
    actor,
    clock,
    snap,
    /** whether the machine would take the event now */
    can: (type: string, by: RoleCode | 'owner') => snap().can(ev(type, by, clock.now())),
    /** sends the event; returns whether it was taken (can() before sending) */
    send: (type: string, by: RoleCode | 'owner') => {
      const e = ev(type, by, clock.now());
      if (snap().status === 'active') {
        const ok = snap().can(e);
        actor.send(e);
        return ok;
      }
      // a closed dossier: XState drops the event with a warning, which is expected here
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      try {
        actor.send(e);
      } finally {
        warn.mockRestore();
      }
      return false;
    },
    /** sends events that must all be taken */
    run: (...events: Array<[string, RoleCode | 'owner']>) => {
      for (const [type, by] of events) {
        const e = ev(type, by, clock.now());
        if (!snap().can(e)) throw new Error(`${type} by ${by} not taken in ${String(snap().value)}`);
        actor.send(e);
      }
    },
    after: (minutes: number) => clock.advanceTo(clock.now() + minutes * MINUTE),
  };
}
