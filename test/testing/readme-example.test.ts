/**
 * The test file docs/developer-kit.md tells a developer to copy: it checks a procedure declared
 * in YAML (here examples/procedure-C.yaml) with the tthc-sim/testing kit. Keep the two in step.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryCalendar, arbitraryEventSequence, assertProcedureLaws, mutantsOf, procedureLaws, readProcedureFile } from 'tthc-sim/testing';

// your procedure file: the declaration and its `laws:` list
const file = 'examples/procedure-C.yaml';
const { decl, laws } = readProcedureFile(file, readFileSync(file, 'utf8'));

describe(`procedure ${decl.id}: ${decl.name.en}`, () => {
  it('keeps every workflow law: structure, legal, time and its own', () => {
    // throws with the shortest event path (with times) that breaks each broken law
    assertProcedureLaws(decl, { laws });
  });

  it('leaves at least 30 office minutes for a dossier received at the worst moment of a working day', () => {
    const [time] = procedureLaws(decl, { groups: ['time'] });
    expect(time.verdict).toBe('pass');
    expect(time.time!.worst.slackMinutes).toBeGreaterThanOrEqual(30);
  });

  it('fits its due time on any plausible provincial calendar', () => {
    fc.assert(
      fc.property(arbitraryCalendar({ procedure: decl, year: 2025 }), (calendar) => {
        assertProcedureLaws(decl, { calendar, groups: ['time'], window: { from: '2025-01-01', days: 365 } });
      }),
      { numRuns: 10 },
    );
  });

  it('never returns a result the owner has not paid for, whatever the officials do', () => {
    fc.assert(
      fc.property(arbitraryEventSequence(decl), ({ path }) => {
        const returned = path.events.findIndex((e) => e.status === 10);
        if (returned >= 0) expect(path.events.slice(0, returned).some((e) => e.action === 'pay' && e.by === 'owner')).toBe(true);
      }),
    );
  });

  it('has laws strict enough to catch every small mistake in the declaration', () => {
    for (const m of mutantsOf(decl)) {
      const broken = procedureLaws(m.decl, { laws, machine: m.machine }).filter((r) => r.verdict === 'fail');
      expect(broken.length, `"${m.name}" went unnoticed`).toBeGreaterThan(0);
    }
  });
});
