import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hhmm, runScenarioFile } from './support/scenario.js';

describe('every bundled scenario', () => {
  const files = readdirSync('scenarios').filter((f) => /\.(ya?ml|json)$/.test(f));

  it('finds the four scenarios the trainers start from', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('%s runs clean: no unknown dossier, every score within 0..100', (file) => {
    const { result } = runScenarioFile(`scenarios/${file}`);
    expect(result.rejected.filter((r) => r.reason === 'unknown_dossier')).toEqual([]);
    for (const o of result.officials) if (o.score !== undefined) (expect(o.score).toBeGreaterThanOrEqual(0), expect(o.score).toBeLessThanOrEqual(100));
  });
});

describe('commune-full: a full commune session per seed 000', () => {
  const run = runScenarioFile('scenarios/commune-full.yaml');

  it('has the CT, the PCT, the five specialists and KCT staff reaching 18 dossiers with both procedures', () => {
    const roles = run.loaded.session.officials.map((o) => o.role);
    for (const r of ['CT', 'PCT', 'VP-TK', 'TC-KT', 'VH-XH', 'TP-HT', 'ĐC-XD', 'KCT']) expect(roles).toContain(r);
    expect(run.result.unit.dossierCount).toBe(18);
    expect(run.result.unit.meetsMinimum).toBe(true);
    expect(new Set(run.loaded.session.dossiers.map((d) => d.procedure))).toEqual(new Set(['A', 'B']));
  });

  it('passes every official and returns every dossier on time, with no risk flag', () => {
    expect(run.result.officials.filter((o) => o.verdict !== 'pass').map((o) => o.id)).toEqual([]);
    expect(run.result.dossiers.every((d) => d.closedAs === 'returned' && !d.late && !d.risk)).toBe(true);
    expect(run.result.rejected).toEqual([]);
  });

  it('dates every dossier received before 15:00 for 17:00 the same day', () => {
    for (const d of run.result.dossiers) expect(hhmm(d.dueAt)).toBe('17:00');
  });

  it('under the per-official reading, still passes everyone (each official finishes each step within 15 minutes)', () => {
    const perOfficial = runScenarioFile('scenarios/commune-full.yaml', 'per-official');
    expect(perOfficial.result.timeBox.mode).toBe('per-official');
    expect(perOfficial.result.officials.filter((o) => o.verdict !== 'pass')).toEqual([]);
  });
});

describe('slow-step-late: a slow Chair makes dossiers go late', () => {
  const run = runScenarioFile('scenarios/slow-step-late.yaml');

  it('raises the overdue-risk flag at 16:30, before the 17:00 due time, on the dossiers still waiting for a signature', () => {
    for (const code of ['HS-104', 'HS-105', 'HS-106']) {
      const d = run.dossier(code);
      expect(hhmm(d.risk?.at)).toBe('16:30');
      expect(d.risk!.at).toBeLessThan(d.dueAt!);
      expect(d.riskHolder).toBe('ct');
    }
    expect(run.dossier('HS-101').risk).toBeUndefined();
  });

  it('marks HS-105 (returned 17:08) and HS-106 (never approved) late, HS-104 saved at 16:58', () => {
    expect(run.dossier('HS-105')).toMatchObject({ late: true, lateByMinutes: 8 });
    expect(run.dossier('HS-106')).toMatchObject({ late: true, closedAs: undefined });
    expect(run.dossier('HS-104')).toMatchObject({ late: false });
  });

  it('requires an apology letter for the late dossiers and sees the one issued for HS-104', () => {
    expect(run.dossier('HS-105').apology).toMatchObject({ required: true, issuedAt: undefined });
    expect(hhmm(run.dossier('HS-104').apology.issuedAt)).toBe('16:42');
    expect(run.result.unit.apologiesMissing).toBe(2);
  });

  it('fails the Chair for creating late dossiers and for the slow signatures, and passes the others', () => {
    expect(run.official('ct').verdict).toBe('fail');
    expect(run.codes('ct')).toEqual([
      'caused_late_dossier',
      'caused_late_dossier',
      'missing_step',
      'step_over_time_box',
      'step_over_time_box',
      'step_over_time_box',
    ]);
    expect(run.official('pct').verdict).toBe('pass');
    expect(run.official('tpht').verdict).toBe('pass');
  });
});

describe('invalid-dossier-supplement: invalid dossiers, a supplement and a refusal', () => {
  const run = runScenarioFile('scenarios/invalid-dossier-supplement.yaml');

  it('counts the one-stop officer accepting an invalid dossier as a wrong decision, not the right supplement request', () => {
    expect(run.codes('vptk')).toEqual(['accepted_invalid_dossier', 'out_of_order']);
    expect(run.official('vptk').reasons[0].dossier).toBe('HS-202');
  });

  it('refuses the invalid B dossier and returns the supplemented one on time', () => {
    expect(run.dossier('HS-203')).toMatchObject({ closedAs: 'refused', status: 3, late: false });
    expect(run.dossier('HS-201')).toMatchObject({ closedAs: 'returned', late: false });
    expect(hhmm(run.dossier('HS-201').receivedAt)).toBe('08:22');
  });

  it('refuses an appraisal by the wrong role, a return before signature and a confirmation before payment', () => {
    expect(run.result.rejected.map((r) => [r.event.official, r.event.action, r.reason])).toEqual([
      ['vhxh', 'appraise', 'wrong_role'],
      ['vptk', 'return', 'out_of_order'],
      ['tpht', 'confirm', 'missing_payment'],
    ]);
    expect(run.codes('tpht')).toEqual(['returned_without_payment']);
  });
});

describe('exempt-readiness: roster and readiness gaps', () => {
  const run = runScenarioFile('scenarios/exempt-readiness.yaml');

  it('leaves the official on maternity leave unscored, with her reason', () => {
    expect(run.official('tckt')).toMatchObject({ verdict: 'not_assessed', notAssessedReason: expect.stringContaining('thai sản') });
    expect(run.official('tckt').score).toBeUndefined();
  });

  it('flags the probationer listed as assessed and the exempt official who still acted', () => {
    expect(run.codes('vhxh')).toContain('assessed_though_exempt');
    expect(run.codes('dcxd')).toEqual(['acted_though_not_assessed']);
  });

  it('fails the one-stop officer whose connection dropped, whatever the score', () => {
    expect(run.codes('vptk')).toContain('connection_failure');
    expect(run.official('vptk').verdict).toBe('fail');
  });

  it('lists the readiness gaps of the unit: templates, the PCT signature, the KCT payment app', () => {
    expect(run.result.unit.readinessGaps).toEqual([
      { code: 'templates_not_configured' },
      { code: 'not_ready_signature', official: 'pct' },
      { code: 'not_ready_payment_app', official: 'kct01' },
    ]);
  });

  it('blames the unpaid fee on the submitter, not on the officer waiting to return it', () => {
    expect(run.codes('kct01')).toEqual(['missing_payment', 'not_ready_payment_app']);
    expect(run.codes('vptk')).not.toContain('missing_step');
    expect(run.dossier('HS-507').status).toBe(6);
  });

  it('catches the KCT registered for procedure B though born in the district', () => {
    expect(run.codes('kct02')).toEqual(['wrong_procedure']);
  });

  it('reports fewer dossiers than the 18 minimum', () => {
    expect(run.result.unit).toMatchObject({ dossierCount: 8, meetsMinimum: false, minDossiers: 18 });
  });
});
