import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Auditor, type DossierAudit } from '../../src/audit/audit.js';
import { indicatorsOf } from '../../src/audit/indicators.js';
import { readCsv, readCsvColumns } from '../../src/io/log/csv.js';
import { writeSynthLog } from '../../bench/synthLog.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendar, registry } from '../support/scenario.js';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { makeRegistry } from '../../src/engine/registry.js';

const SAMPLE = 'examples/logs/sample-log.csv';

async function audit(path: string) {
  const dossiers: DossierAudit[] = [];
  const a = new Auditor({ registry, calendar, onDossier: (d) => dossiers.push(d) });
  for await (const batch of readCsv(createReadStream(path), path, { zone: 'Asia/Ho_Chi_Minh' })) a.push(batch);
  const result = a.finish();
  const of = (code: string) => dossiers.find((d) => d.code === code)!;
  return { result, dossiers, of };
}

describe('auditing the sample log, which holds every conformance violation once', async () => {
  const { result, dossiers, of } = await audit(SAMPLE);

  it('detects each injected violation on its dossier and nowhere else', () => {
    const findings = Object.fromEntries(dossiers.map((d) => [d.code, [...d.findings].sort()]));
    expect(findings).toEqual({
      'HS-01': [],
      'HS-02': ['out_of_order'],
      'HS-03': ['skipped_step'],
      'HS-04': ['role_not_allowed'],
      'HS-05': ['step_over_time_box'],
      'HS-06': ['late', 'late_without_apology', 'step_over_time_box'],
      'HS-07': ['apology_after_due', 'late', 'step_over_time_box'],
      'HS-08': ['more_than_one_supplement'],
      'HS-09': ['returned_without_signature'],
      'HS-10': ['returned_without_payment'],
      'HS-11': [],
    });
  });

  it('counts the event after closure and the unknown procedure, which belong to no open dossier', () => {
    expect(result.findings.event_after_closed).toBe(1);
    expect(result.samples.event_after_closed![0]).toMatchObject({ dossier: 'HS-11', row: 75 });
    expect(result.findings.unknown_procedure).toBe(1);
    expect(result.samples.unknown_procedure![0]).toMatchObject({ dossier: 'HS-12', row: 76 });
  });

  it('collects bad rows with row and field and goes on reading', () => {
    expect(result.badRows).toBe(2);
    expect(result.badRowSamples.map((e) => [e.row, e.field])).toEqual([
      [77, 'at'],
      [78, 'role'],
    ]);
    expect(result.rows).toBe(77);
  });

  it('gives a fitness: the share of events the procedures accept', () => {
    expect(result.events).toBe(75);
    expect(result.fitting).toBe(67);
    expect(result.fitness).toBeCloseTo(67 / 75, 10);
    expect(of('HS-01').fitness).toBe(1);
    expect(of('HS-02').fitness).toBeCloseTo(6 / 7, 10);
  });

  it('dates HS-06, received at 14:50, for 17:00 and finds it returned ten minutes late', () => {
    expect(calendar.timeOf(of('HS-06').dueAt!)).toBe('17:00');
    expect(of('HS-06')).toMatchObject({ late: true, closedAs: 'returned' });
    expect((of('HS-06').returnedAt! - of('HS-06').dueAt!) / 60_000).toBe(10);
    expect(calendar.timeOf(of('HS-06').riskAt!)).toBe('16:30');
  });

  it('computes the unit indicators: on-time, online and online-payment rates, late with and without apology', () => {
    const unit = indicatorsOf('Xã Hòa Tú 1', result.units.get('Xã Hòa Tú 1')!);
    expect(unit.dossiers).toBe(11);
    expect(unit.onTime).toEqual({ value: 9 / 11, of: 11 });
    expect(unit.online).toEqual({ value: 3 / 4, of: 4 });
    expect(unit.onlinePayment).toEqual({ value: 3 / 4, of: 4 });
    expect([unit.late, unit.lateWithApology, unit.lateWithoutApology]).toEqual([2, 1, 1]);
    const digitisation = unit.index766.find((g) => g.group === 'digitisation')!;
    expect(digitisation.points).toBeUndefined();
    expect(digitisation.missing).toContain('digitisation');
    expect(unit.index766.find((g) => g.group === 'progress')!.points).toBe(20);
    expect(unit.targets.find((t) => t.target.en.startsWith('Apology'))?.met).toBe(false);
  });

  it('reports median and 90th-percentile step durations per official', () => {
    const tpht = result.officials.get('tpht')!;
    expect(tpht.steps).toBeGreaterThan(5);
    const median = tpht.durations.quantile(0.5)! / 60;
    expect(median).toBeGreaterThan(3);
    expect(median).toBeLessThan(8);
    expect(result.officials.has('kct1')).toBe(false);
  });
});

describe('crediting step durations', () => {
  it('credits a step to the official whose staff action left it, never a step the submitter left by submitting', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tthc-credit-')), 'log.csv');
    writeFileSync(
      path,
      [
        'dossier,at,official,role,action,procedure,unit',
        'HS-2,2024-10-08T07:50:00+07:00,kct1,KCT,submit,A,X',
        'HS-2,2024-10-08T07:55:00+07:00,vptk,VP-TK,receive,A,X',
        // the desk officer files a dossier of their own: the submission step is not their work
        'HS-1,2024-10-08T08:00:00+07:00,vptk,VP-TK,submit,A,X',
        'HS-1,2024-10-08T08:20:00+07:00,kct2,KCT,pay,A,X',
      ].join('\n'),
    );
    const { result } = await audit(path);
    expect(result.officials.get('vptk')).toMatchObject({ steps: 1 });
    expect(result.units.get('X')).toMatchObject({ steps: 3 });
  });
});

describe('the submitter, who is not staff', () => {
  it("is not tallied for a submitter's action (by its name) even when no procedure of the registry knows it", () => {
    // a registry whose procedure files dossiers by "file", not "submit": "submit" then has no number in the kernel
    const A = BUNDLED_PROCEDURES.find((p) => p.id === 'A')!;
    const filing = makeRegistry([{ ...A, steps: [{ ...A.steps[0], action: 'file' }, ...A.steps.slice(1)] }]);
    const a = new Auditor({ registry: filing, calendar });
    const row = (n: number, official: string, role: string, action: string) => ({
      ok: true as const,
      event: {
        dossier: 'HS-1',
        at: '',
        ms: Date.parse('2024-10-08T08:00:00+07:00') + n * 60_000,
        official,
        role: role as 'KCT',
        action,
        procedure: 'A',
        unit: 'X',
        row: n,
      },
    });
    a.push([row(2, 'cd', 'KCT', 'file'), row(3, 'cd', 'KCT', 'submit'), row(4, 'vptk', 'VP-TK', 'receive')]);
    const r = a.finish();
    // cd's "file" row counts (owner actions go by name), the "submit" row does not
    expect(r.officials.get('cd')).toMatchObject({ events: 1 });
    expect(r.findings.not_allowed).toBe(1);
  });
});

describe('auditing in constant memory', () => {
  it('forgets a closed dossier after the window, so its code can be reused much later', () => {
    const a = new Auditor({ registry, calendar, closedWindowDays: 1 });
    const row = (n: number, at: string, official: string, role: string, action: string) => ({
      ok: true as const,
      event: { dossier: 'HS-1', at, ms: Date.parse(at), official, role: role as 'KCT', action, procedure: 'B', unit: 'X', row: n },
    });
    a.push([
      row(2, '2024-10-08T08:00:00+07:00', 'k', 'KCT', 'submit'),
      row(3, '2024-10-08T08:01:00+07:00', 'tp', 'TP-HT', 'refuse'),
      row(4, '2024-10-08T09:00:00+07:00', 'tp', 'TP-HT', 'receive'),
      row(5, '2024-10-20T08:00:00+07:00', 'k', 'KCT', 'submit'),
    ]);
    const r = a.finish();
    expect(r.findings.event_after_closed).toBe(1);
    expect(r.dossiers).toBe(2);
  });
});

describe('the columns the CSV reader hands the audit', () => {
  const run = async (path: string, columns: boolean, strict = false) => {
    const dossiers: DossierAudit[] = [];
    const a = new Auditor({ registry, calendar, onDossier: (d) => dossiers.push(d) });
    const source = columns
      ? readCsvColumns(createReadStream(path), path, { zone: 'Asia/Ho_Chi_Minh' })
      : readCsv(createReadStream(path), path, { zone: 'Asia/Ho_Chi_Minh' });
    let stopped;
    for await (const batch of source) if ((stopped = a.push(batch, strict))) break;
    return { result: a.finish(), dossiers, stopped };
  };

  it('give the same audit as the same log read as rows, bad rows and all', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'tthc-cols-')), 'synth.csv');
    await writeSynthLog(log, 3000, 11);
    for (const path of [SAMPLE, log]) {
      const [rows, cols] = [await run(path, false), await run(path, true)];
      expect(cols.result.events).toBeGreaterThan(0);
      expect(cols).toEqual(rows);
    }
  });

  it('audit a log written as provincial exports write it (long codes, names with diacritics, D/M/YYYY times) as its plain twin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-vn-'));
    const [plain, vn] = [join(dir, 'plain.csv'), join(dir, 'vn.csv')];
    await writeSynthLog(plain, 2000, 5);
    await writeSynthLog(vn, 2000, 5, 'vn');
    const [a, b] = [await run(plain, true), await run(vn, true)];
    expect(b.result.badRows).toBe(0);
    expect(b.result.findings).toEqual(a.result.findings);
    expect([b.result.events, b.result.dossiers, b.result.openAtEnd, b.result.fitting]).toEqual([
      a.result.events,
      a.result.dossiers,
      a.result.openAtEnd,
      a.result.fitting,
    ]);
    expect([...b.result.officials.keys()]).toContain('Nguyễn Thị Văn Phòng X000');
  });

  it('stop before the first bad row under --strict, the rows before it audited', async () => {
    const [rows, cols] = [await run(SAMPLE, false, true), await run(SAMPLE, true, true)];
    expect(cols.stopped).toMatchObject({ row: 77, field: 'at' });
    expect(cols.result.events).toBe(75);
    expect(cols).toEqual(rows);
  });
});
