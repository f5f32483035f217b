import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { DEFAULT_RUBRIC } from '../../src/analysis/rubric.js';
import { scoreSession } from '../../src/analysis/score.js';
import { Auditor, type DossierAudit } from '../../src/audit/audit.js';
import { startSession } from '../../src/engine/session.js';
import { runSession } from '../../src/lifecycle.js';
import { inTimeOrder } from '../../src/model/event.js';
import { logOfSession } from '../../src/model/log.js';
import type { Session } from '../../src/model/session.js';
import { boardView } from '../../src/rehearsal/board.js';
import { arbitraryChaoticSession } from 'tthc-sim/testing';
import { calendar, registry } from '../support/scenario.js';

const params = { numRuns: Number(process.env.FC_RUNS ?? 150), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

/**
 * A log knows a dossier from its first row and its submitter from that row: keep each
 * dossier's events from its owner's submission on (what happens before it, a log cannot show).
 */
function asALogSees(s: Session): Session {
  const first = new Map(s.dossiers.map((d) => [d.code, { owner: d.owner, action: registry.get(d.procedure)!.decl.steps[0].action }]));
  const submitted = new Set<string>();
  const events = inTimeOrder(s.events).filter((e) => {
    if (submitted.has(e.dossier)) return true;
    const f = first.get(e.dossier);
    if (f && e.action === f.action && e.official === f.owner) return (submitted.add(e.dossier), true);
    return false;
  });
  return { ...s, events };
}

/** What a trainer and an auditor read of a dossier. */
const verdict = (v: { late: boolean; dueAt?: number; riskAt?: number; apologyAt?: number }) => ({
  late: v.late,
  dueAt: v.dueAt,
  riskAt: v.riskAt,
  apologyAt: v.apologyAt,
});

describe('run, replay and the live board give every dossier the same verdict', () => {
  it('agrees on late, due time, overdue-risk instant and apology, for the same events as a session, as a log, and one by one on the board', () => {
    fc.assert(
      fc.property(arbitraryChaoticSession(calendar, BUNDLED_PROCEDURES).map(asALogSees), (s) => {
        const { trace, result } = runSession(s, { registry, calendar, rubric: DEFAULT_RUBRIC });

        const audits = new Map<string, DossierAudit>();
        const auditor = new Auditor({ registry, calendar, onDossier: (d) => audits.set(d.code, d) });
        auditor.push(logOfSession(s).map((event) => ({ ok: true as const, event })));
        auditor.finish(trace.end);

        const live = startSession(s, registry);
        for (const e of inTimeOrder(s.events)) live.apply(e);
        live.advanceTo(trace.end);
        const liveTrace = live.trace();
        const view = boardView({
          session: s,
          trace: liveTrace,
          result: scoreSession(s, liveTrace, registry, calendar, DEFAULT_RUBRIC),
          registry,
          calendar,
          now: trace.end,
        });

        for (const d of result.dossiers) {
          const audit = audits.get(d.code);
          // a dossier no one submitted has no row in a log
          if (!audit) {
            expect(s.events.some((e) => e.dossier === d.code)).toBe(false);
            continue;
          }
          const card = view.dossiers.find((c) => c.code === d.code)!;
          const fromRun = verdict({ late: d.late, dueAt: d.dueAt, riskAt: d.risk?.at, apologyAt: d.apology.issuedAt });
          expect(verdict(audit), `replay of ${d.code}`).toEqual(fromRun);
          expect(verdict({ late: card.late, dueAt: card.dueAt, riskAt: card.risk?.at, apologyAt: card.apologyAt }), `board of ${d.code}`).toEqual(fromRun);
        }
      }),
      params,
    );
  });
});
