import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { procedureA } from '../../machines/index.js';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';

/** Runs the CLI as a user would, its stdout and stderr captured. */
async function tthc(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { ...nodeIO(), interactive: false, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

/** What `tthc run --format json` and `tthc replay --format json` say is late. */
async function lateInRunAndReplay(scenario: string, ...extra: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-run-'));
  const log = join(dir, 'session.jsonl');
  const run = await tthc('run', scenario, '--format', 'json', ...extra);
  const written = await tthc('run', scenario, '--format', 'jsonl', '--out', log, ...extra);
  const replay = await tthc('replay', log, '--format', 'json', '--quiet', ...extra);
  expect([run.code, written.code, replay.code]).toEqual([0, 0, 0]);
  const dossiers = JSON.parse(run.out).dossiers as { code: string; late: boolean }[];
  const findings = JSON.parse(replay.out).findings as { code: string; count: number }[];
  return {
    run: dossiers.filter((d) => d.late).length,
    replay: findings.find((f) => f.code === 'late')?.count ?? 0,
  };
}

describe('tthc run --format jsonl', () => {
  it('writes the session as a log, one event a line, that tthc replay reads without a bad row', async () => {
    const r = await tthc('run', 'scenarios/slow-step-late.yaml', '--format', 'jsonl');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      dossier: 'HS-101',
      at: '2024-10-08T14:31:00+07:00',
      official: 'tckt',
      role: 'TC-KT',
      action: 'submit',
      procedure: 'A',
      unit: 'Xã Hòa Tú 1',
    });
    expect(lines.every((l) => l.dossier && l.procedure && l.unit)).toBe(true);
  });

  it.each(readdirSync('scenarios').filter((f) => f.endsWith('.yaml')))(
    'gives replay the same late dossiers as run on the bundled scenario %s',
    async (file) => {
      const late = await lateInRunAndReplay(`scenarios/${file}`);
      expect(late.replay).toBe(late.run);
    },
  );

  it('gives replay the same late dossiers as run when both read a procedure file with a 60-minute step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tthc-60-'));
    const file = join(dir, 'procedure-A-60.yaml');
    // procedure A with its appraisal at 60 minutes: a 14:44 reception due at 17:00 is at risk from 15:30
    writeFileSync(file, stringify({ ...procedureA, steps: procedureA.steps.map((s) => (s.id === 'appraise' ? { ...s, timeBoxMinutes: 60 } : s)) }));
    const late = await lateInRunAndReplay('scenarios/slow-step-late.yaml', '--procedure', file);
    expect(late.run).toBeGreaterThan(0);
    expect(late.replay).toBe(late.run);
  });
});
