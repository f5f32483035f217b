import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { ProcedureDecl } from '../model/procedure.js';
import type { RoleCode } from '../model/roles.js';
import type { DossierPlan, Official, Session, TimedEvent } from '../model/session.js';
import type { Calendar } from '../time/calendar.js';

/** The fixed staff of a generated commune: a leader pair, the one-stop and civil-status officers. */
const STAFF: ReadonlyArray<[string, RoleCode]> = [
  ['ct', 'CT'],
  ['pct', 'PCT'],
  ['vptk', 'VP-TK'],
  ['tpht', 'TP-HT'],
];

function official(id: string, role: RoleCode, proc: ProcedureDecl): Official {
  return {
    id,
    name: `Cán bộ ${id}`,
    role,
    birthRegistration: proc.birthRegistration,
    readiness: { account: true, signature: true, paymentApp: true },
    assessed: true,
    status: 'active',
  };
}

const event = (zone: string, dossier: string, ms: number, who: Official, action: string): TimedEvent => ({
  dossier,
  at: DateTime.fromMillis(ms, { zone }).toISO()!,
  ms,
  official: who.id,
  role: who.role,
  action,
});

/** A working-day morning or afternoon start inside office hours, leaving time to finish. */
export function arbitraryStart(cal: Calendar, from = '2024-01-01', days = 1000): fc.Arbitrary<number> {
  return fc.tuple(fc.integer({ min: 0, max: days }), fc.integer({ min: 7 * 60, max: 14 * 60 + 30 })).map(([d, minute]) => {
    let date = DateTime.fromISO(from, { zone: cal.zone }).plus({ days: d }).toISODate()!;
    if (!cal.isWorkingDay(date)) date = cal.nextWorkingDay(date);
    return cal.at(date, `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);
  });
}

/**
 * A session in which everyone does everything right: each official submits their own dossier
 * for the procedure their birth registration calls for, pays and keeps the receipt, and every
 * step is done by an allowed role within its time box. Such a session must score no violation.
 * @example fc.assert(fc.property(arbitraryConformingSession(cal, [procedureA, procedureB]), (s) => ...))
 */
export function arbitraryConformingSession(cal: Calendar, procs: readonly ProcedureDecl[], opts: { maxSubmitters?: number } = {}): fc.Arbitrary<Session> {
  const zone = cal.zone;
  return fc
    .record({
      start: arbitraryStart(cal),
      submitters: fc.array(fc.integer({ min: 0, max: procs.length - 1 }), { minLength: 0, maxLength: opts.maxSubmitters ?? 6 }),
      staffProcs: fc.array(fc.integer({ min: 0, max: procs.length - 1 }), { minLength: STAFF.length, maxLength: STAFF.length }),
      // seconds each step takes, strictly inside a 15-minute box; enough for 8 steps a dossier
      delays: fc.array(fc.array(fc.integer({ min: 0, max: 14 * 60 }), { minLength: 8, maxLength: 8 }), { minLength: 10, maxLength: 10 }),
      picks: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
    })
    .map(({ start, submitters, staffProcs, delays, picks }) => {
      const officials: Official[] = STAFF.map(([id, role], i) => official(id, role, procs[staffProcs[i]]));
      submitters.forEach((p, i) => officials.push(official(`kct${i + 1}`, 'KCT', procs[p])));
      const dossiers: DossierPlan[] = [];
      const events: TimedEvent[] = [];
      officials.forEach((owner, n) => {
        const proc = procs.find((p) => p.birthRegistration === owner.birthRegistration) ?? procs[0];
        const code = `HS-${String(n + 1).padStart(3, '0')}`;
        const assign: Record<string, string> = {};
        let t = start;
        const ds = delays[n % delays.length];
        let k = 0;
        let paid = false;
        const fee = proc.fee !== undefined && proc.fee.amountVnd > 0;
        for (const step of proc.steps) {
          let who: Official;
          if (step.roles.includes('owner')) who = owner;
          else {
            const holders = officials.filter((o) => step.roles.includes(o.role) && !(step.signs && o.id === owner.id));
            who = holders[picks[n % picks.length] ? holders.length - 1 : 0] ?? officials.find((o) => step.roles.includes(o.role))!;
            assign[step.id] = who.id;
          }
          t += (ds[k++ % ds.length] ?? 0) * 1000;
          if (fee && !paid && step.requires.includes('payment')) {
            // pay and keep the receipt just before the step that needs it
            events.push(event(zone, code, t, owner, 'pay'), event(zone, code, t, owner, 'save_receipt'));
            paid = true;
          }
          events.push(event(zone, code, t, who, step.action));
          if (fee && !paid && step.roles.includes('owner')) {
            events.push(event(zone, code, t, owner, 'pay'), event(zone, code, t, owner, 'save_receipt'));
            paid = true;
          }
        }
        dossiers.push({ code, owner: owner.id, procedure: proc.id, valid: true, assign });
      });
      return {
        unit: { name: 'Xã Thử Nghiệm', templatesConfigured: true },
        zone,
        start,
        officials,
        dossiers,
        events: events.sort((a, b) => a.ms - b.ms),
      } satisfies Session;
    });
}

/**
 * A session of arbitrary behaviour: random officials doing random actions of the procedure
 * (its steps and every exit) on random dossiers at random times, some hours apart. For laws
 * that must hold whatever people do.
 * @example fc.assert(fc.property(arbitraryChaoticSession(cal, procs), (s) => deepEqual(replay(s, r), replay(s, r))))
 */
export function arbitraryChaoticSession(cal: Calendar, procs: readonly ProcedureDecl[]): fc.Arbitrary<Session> {
  const zone = cal.zone;
  const exits = ['pay', 'save_receipt', 'request_supplement', 'supplement', 'refuse', 'send_back', 'withdraw', 'stop', 'apology'];
  return fc
    .record({
      base: arbitraryConformingSession(cal, procs, { maxSubmitters: 3 }),
      noise: fc.array(
        fc.record({
          official: fc.nat(),
          dossier: fc.nat(),
          action: fc.nat(),
          gapSeconds: fc.oneof(fc.integer({ min: 0, max: 20 * 60 }), fc.integer({ min: 0, max: 8 * 3600 })),
          insertAt: fc.nat(),
        }),
        { maxLength: 30 },
      ),
      drop: fc.array(fc.nat(), { maxLength: 6 }),
      stretch: fc.array(fc.record({ index: fc.nat(), seconds: fc.integer({ min: 0, max: 6 * 3600 }) }), { maxLength: 4 }),
    })
    .map(({ base, noise, drop, stretch }) => {
      let events = [...base.events];
      // delay some events (and everything after them) to make steps slow and dossiers late
      for (const s of stretch) {
        if (events.length === 0) break;
        const i = s.index % events.length;
        events = events.map((e, j) => (j >= i ? { ...e, ms: e.ms + s.seconds * 1000 } : e));
      }
      for (const d of drop) if (events.length) events.splice(d % events.length, 1);
      for (const n of noise) {
        const who = base.officials[n.official % base.officials.length];
        const plan = base.dossiers[n.dossier % base.dossiers.length];
        const proc = procs.find((p) => p.id === plan.procedure)!;
        const actions = [...proc.steps.map((s) => s.action), ...exits];
        const anchor = events.length ? events[n.insertAt % events.length].ms : base.start;
        events.push(event(zone, plan.code, anchor + n.gapSeconds * 1000, who, actions[n.action % actions.length]));
      }
      events = events.map((e) => ({ ...e, at: DateTime.fromMillis(e.ms, { zone }).toISO()! }));
      events.sort((a, b) => a.ms - b.ms);
      return { ...base, events };
    });
}

/** Helper for laws over time: the session as it stood at `t` (events up to t, ended at t). */
export function sessionUntil(s: Session, t: number): Session {
  return { ...s, events: s.events.filter((e) => e.ms <= t), end: t };
}
