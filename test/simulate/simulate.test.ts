import { describe, expect, it } from 'vitest';
import { DEFAULT_RUBRIC } from '../../src/analysis/rubric.js';
import { simulate, simulateRun } from '../../src/simulate/simulate.js';
import { drawMinutes, seeded } from '../../src/simulate/random.js';
import { replay } from '../../src/engine/session.js';
import { calendar, registry, runScenarioFile } from '../support/scenario.js';

const { loaded } = runScenarioFile('scenarios/slow-step-late.yaml');
const session = loaded.session;
const base = { registry, calendar, rubric: DEFAULT_RUBRIC, durations: { default: { median: 4, p90: 12 } } };

describe('tthc simulate', () => {
  it('gives the same figures for the same seed, and others for another seed', () => {
    const a = simulate(session, { ...base, runs: 200, seed: 5 });
    expect(simulate(session, { ...base, runs: 200, seed: 5 })).toEqual(a);
    expect(simulate(session, { ...base, runs: 200, seed: 6 }).officials).not.toEqual(a.officials);
  });

  it('draws durations whose median and 90th percentile match the model', () => {
    const rand = seeded(9);
    const xs = Array.from({ length: 20_000 }, () => drawMinutes({ median: 5, p90: 12 }, rand)).sort((a, b) => a - b);
    expect(xs[10_000]).toBeCloseTo(5, 0);
    expect(xs[18_000]).toBeGreaterThan(11);
    expect(xs[18_000]).toBeLessThan(13);
  });

  it('generates runs the engine accepts in full: every dossier returned, no refused action', () => {
    const events = simulateRun(session, registry, base.durations, seeded(1));
    const trace = replay({ ...session, events }, registry);
    expect(trace.outcomes.filter((o) => !o.accepted)).toEqual([]);
    expect(trace.dossiers.every((d) => d.closedAs === 'returned')).toBe(true);
  });

  it('finds that starting at the latest 90% start keeps every dossier on time in at least 90% of runs, and 5 minutes later does not', () => {
    const r = simulate(session, { ...base, runs: 300, seed: 2 });
    expect(r.latestStart.p90).toBeDefined();
    const at = simulate({ ...session, start: r.latestStart.p90! }, { ...base, runs: 300, seed: 2 });
    expect(at.pAllOnTime).toBeGreaterThanOrEqual(0.9);
    expect(r.latestStart.p99!).toBeLessThanOrEqual(r.latestStart.p90!);
  });

  it('makes a slow one-stop officer the likeliest to go over the time box when they handle most steps', () => {
    const r = simulate(session, { ...base, runs: 300, seed: 4, durations: { default: { median: 2, p90: 4 }, 'VP-TK': { median: 12, p90: 20 } } });
    const vptk = r.officials.find((o) => o.id === 'vptk')!;
    expect(vptk.pOverTimeBox).toBeGreaterThan(0.9);
    expect(Math.max(...r.officials.filter((o) => o.id !== 'vptk').map((o) => o.pOverTimeBox))).toBeLessThan(vptk.pOverTimeBox);
  });
});
