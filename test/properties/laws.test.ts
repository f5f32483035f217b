import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { DEFAULT_RUBRIC, withRubric } from '../../src/analysis/rubric.js';
import { REASON_CODES } from '../../src/analysis/reasons.js';
import { scoreSession } from '../../src/analysis/score.js';
import { replay } from '../../src/engine/session.js';
import { runSession } from '../../src/lifecycle.js';
import { arbitraryChaoticSession, arbitraryConformingSession, sessionUntil } from 'tthc-sim/testing';
import { calendar, registry } from '../support/scenario.js';

const procs = BUNDLED_PROCEDURES;
const run = (s: Parameters<typeof replay>[0]) => runSession(s, { registry, calendar, rubric: DEFAULT_RUBRIC });
// fast-check prints the seed and the shrunk counterexample on failure; pin a run with FC_SEED=...
const params = { numRuns: Number(process.env.FC_RUNS ?? 150), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

describe('laws of the workflow', () => {
  it('replays deterministically: the same session gives the same trace and scores', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, procs), (s) => {
        expect(run(s)).toEqual(run(s));
      }),
      params,
    );
  });

  it('finds no violation in a session where everyone does everything right', () => {
    fc.assert(
      fc.property(arbitraryConformingSession(calendar, procs), (s) => {
        const { result } = run(s);
        expect(result.rejected).toEqual([]);
        for (const o of result.officials) expect({ id: o.id, reasons: o.reasons }).toEqual({ id: o.id, reasons: [] });
        for (const d of result.dossiers) expect(d).toMatchObject({ closedAs: 'returned', late: false, risk: undefined });
      }),
      params,
    );
  });

  it('never returns a result (status 10) without every required step done, in order, by an allowed role, with payment and signature', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, procs), (s) => {
        const { trace } = run(s);
        const roleOf = new Map(s.officials.map((o) => [o.id, o.role]));
        for (const d of trace.dossiers) {
          if (d.status !== 10) continue;
          const decl = registry.get(d.procedure)!.decl;
          // the completed visits, in order, with send-backs undone, must be exactly the steps
          const done: string[] = [];
          for (const v of d.visits) {
            const step = decl.steps.find((x) => x.id === v.step)!;
            if (v.leftVia === step.action) {
              const role = roleOf.get(v.leftBy!)!;
              expect(step.roles.includes(role) || (step.roles.includes('owner') && v.leftBy === d.owner)).toBe(true);
              done.push(step.id);
            } else if (v.leftVia === 'send_back') done.pop();
          }
          expect(done).toEqual(decl.steps.map((x) => x.id));
          if (decl.fee) expect(d.paidAt).toBeLessThanOrEqual(d.closedAt!);
          expect(d.receivedAt).toBeDefined();
        }
      }),
      params,
    );
  });

  it('never withdraws an overdue-risk flag once raised, and raises it only from what was known at that moment', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, procs), fc.double({ min: 0, max: 1, noNaN: true }), (s, f) => {
        const full = run(s).result;
        const last = s.events.length ? s.events[s.events.length - 1].ms : s.start;
        const t = Math.round(s.start + f * (last + 4 * 3600_000 - s.start));
        const then = run(sessionUntil(s, Math.max(t, s.start))).result;
        for (const d of then.dossiers) {
          const later = full.dossiers.find((x) => x.code === d.code)!;
          if (d.risk && d.risk.at <= t)
            expect({ code: d.code, at: later.risk?.at, step: later.risk?.step }).toEqual({ code: d.code, at: d.risk.at, step: d.risk.step });
          if (later.risk && later.risk.at <= t) expect({ code: d.code, at: d.risk?.at }).toEqual({ code: d.code, at: later.risk.at });
        }
      }),
      params,
    );
  });

  it('raises the overdue-risk flag no later than the moment the dossier actually goes late', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, procs), (s) => {
        for (const d of run(s).result.dossiers) {
          if (!d.late && !d.wouldBeLate) continue;
          expect(d.risk, `dossier ${d.code} is late but was never flagged`).toBeDefined();
          expect(d.risk!.at).toBeLessThanOrEqual(d.dueAt!);
        }
      }),
      params,
    );
  });

  it('raises the flag at the first moment the remaining steps at their time boxes can no longer finish by the due time', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, procs), (s) => {
        const { trace, result } = run(s);
        for (const d of result.dossiers) {
          const t = trace.dossiers.find((x) => x.code === d.code)!;
          if (!d.risk || t.supplementWaits.length > 0) continue;
          const decl = registry.get(d.procedure)!.decl;
          const v = t.visits[d.risk.visit];
          const from = decl.steps.findIndex((x) => x.id === v.step);
          const remaining = decl.steps.slice(from).reduce((m, x) => m + x.timeBoxMinutes, 0);
          // the dossier is at that step at that moment
          expect(v.arrivedAt).toBeLessThanOrEqual(d.risk.at);
          expect(v.leftAt ?? Infinity).toBeGreaterThan(d.risk.at);
          // a second later it can no longer finish in time...
          expect(calendar.addWorkingMinutes(d.risk.at + 1000, remaining)).toBeGreaterThan(d.dueAt!);
          // ...and a second earlier, unless it only just arrived, it still could
          if (d.risk.at > v.arrivedAt) expect(calendar.addWorkingMinutes(d.risk.at - 1000, remaining)).toBeLessThanOrEqual(d.dueAt!);
        }
      }),
      params,
    );
  });

  it('keeps every score within 0 and the rubric maximum, whatever the weights', () => {
    const rubric = fc.record({
      maxScore: fc.integer({ min: 1, max: 1000 }),
      passMark: fc.integer({ min: 0, max: 1000 }),
      penalties: fc.dictionary(fc.constantFrom(...REASON_CODES), fc.integer({ min: 0, max: 500 })),
    });
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, procs), rubric, (s, over) => {
        const r = withRubric(over);
        const result = scoreSession(s, replay(s, registry), registry, calendar, r);
        for (const o of result.officials) {
          if (o.verdict === 'not_assessed') continue;
          expect(o.score).toBeGreaterThanOrEqual(0);
          expect(o.score).toBeLessThanOrEqual(r.maxScore);
          if (o.verdict === 'pass') expect(o.score).toBeGreaterThanOrEqual(r.passMark);
        }
      }),
      params,
    );
  });
});
