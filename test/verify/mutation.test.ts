import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { bundledLaws, mutantsOf, procedureLaws } from 'tthc-sim/testing';

/**
 * The laws are only as good as the mistakes they catch: every small mistake a developer could
 * make in a bundled procedure (mutantsOf) must break at least one law. The figure printed here
 * is the one docs/developer-kit.md quotes.
 */
describe('mutation check of the laws', () => {
  const rows: Array<{ procedure: string; mutant: string; caughtBy: string[] }> = [];
  for (const decl of BUNDLED_PROCEDURES) {
    const laws = bundledLaws(decl.id);
    for (const m of mutantsOf(decl))
      it(`catches procedure ${decl.id} with "${m.name}"`, () => {
        const caughtBy = procedureLaws(m.decl, { laws, machine: m.machine })
          .filter((r) => r.verdict === 'fail')
          .map((r) => r.id);
        rows.push({ procedure: decl.id, mutant: m.name, caughtBy });
        expect(caughtBy, m.name).not.toEqual([]);
      });
  }

  it('prints the caught/total figure', () => {
    const caught = rows.filter((r) => r.caughtBy.length).length;
    const lines = rows.map((r) => `  ${r.procedure}  ${r.mutant.padEnd(58)} ${r.caughtBy.length ? r.caughtBy.join(', ') : 'NOT CAUGHT'}`);
    console.log(`mutation check: ${caught}/${rows.length} mutants caught\n${lines.join('\n')}`);
    expect(rows.length).toBeGreaterThan(30);
    expect(caught).toBe(rows.length);
  });
});
