import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSynthLog } from '../../bench/synthLog.js';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';

const SAMPLE = 'examples/logs/sample-log.csv';
const dir = mkdtempSync(join(tmpdir(), 'tthc-replay-'));

async function tthc(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { ...nodeIO(), stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), interactive: false };
  const code = await runCli(argv, io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('tthc replay', () => {
  it('audits the bundled sample log and prints findings, units, steps and bad rows in Vietnamese', async () => {
    const r = await tthc('replay', SAMPLE);
    expect(r.code).toBe(0);
    expect(r.out).toContain('PHÁT HIỆN');
    expect(r.out).toMatch(/out_of_order\s+1\s+Bước thực hiện không đúng thứ tự\s+HS-02 dòng 12/);
    expect(r.out).toContain('dòng 77: at:');
    expect(r.err).toBe('');
  });

  it('writes the audit as JSON with every finding counted and its examples located by row', async () => {
    const r = await tthc('replay', SAMPLE, '--format', 'json', '--lang', 'en');
    const doc = JSON.parse(r.out);
    expect(doc.log).toMatchObject({ rows: 77, events: 75, badRows: 2, dossiers: 11 });
    const found = Object.fromEntries(doc.findings.map((f: { code: string; count: number }) => [f.code, f.count]));
    expect(found).toMatchObject({
      out_of_order: 1,
      skipped_step: 1,
      role_not_allowed: 1,
      late: 2,
      late_without_apology: 1,
      apology_after_due: 1,
      event_after_closed: 1,
      unknown_procedure: 1,
    });
    expect(doc.units[0].key).toBe('Xã Hòa Tú 1');
  });

  it('stops at the first bad row with --strict, naming row and field, exit 1', async () => {
    const r = await tthc('replay', SAMPLE, '--strict', '--format', 'json');
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 77: at:');
    // what was read before the bad row is still reported
    expect(JSON.parse(r.out).log.events).toBe(75);
  });

  it('writes the log back as XES, which reads back into the same audit', async () => {
    const xes = join(dir, 'back.xes');
    expect((await tthc('replay', SAMPLE, '--format', 'xes', '--out', xes)).code).toBe(0);
    expect(readFileSync(xes, 'utf8')).toContain('<string key="concept:name" value="HS-07"/>');
    const again = JSON.parse((await tthc('replay', xes, '--format', 'json')).out);
    const first = JSON.parse((await tthc('replay', SAMPLE, '--format', 'json')).out);
    expect(again.log.events).toBe(first.log.events);
    expect(again.findings).toEqual(first.findings.map((f: { examples: unknown[] }) => ({ ...f, examples: expect.any(Array) })));
  });

  it('reads another export through --columns', async () => {
    const text = readFileSync(SAMPLE, 'utf8').replace('Mã hồ sơ,Thời điểm', 'Số HS,Ngày giờ xử lý');
    const file = join(dir, 'other.csv');
    writeFileSync(file, text);
    expect((await tthc('replay', file)).code).toBe(1);
    const r = await tthc('replay', file, '--columns', 'dossier=Số HS,at=Ngày giờ xử lý', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).log.events).toBe(75);
  });

  it('refuses an unknown extension and bad options with one line, exit 2', async () => {
    expect((await tthc('replay', 'log.tsv')).code).toBe(2);
    expect((await tthc('replay', SAMPLE, '--workers', 'two')).err).toContain('--workers');
    expect((await tthc('replay', SAMPLE, '--columns', 'nope')).code).toBe(2);
    const zone = await tthc('replay', SAMPLE, '--zone', 'Asia/Sai_Gon');
    expect(zone.code).toBe(2);
    expect(zone.err).toContain('--zone: "Asia/Sai_Gon" is not a time zone');
  });

  it('says a log file is missing in one line, exit 1, whatever its format', async () => {
    for (const ext of ['csv', 'jsonl', 'xlsx', 'xes']) {
      const r = await tthc('replay', join(dir, `missing.${ext}`));
      expect(r.code).toBe(1);
      expect(r.err).toBe(`tthc replay: cannot read ${join(dir, `missing.${ext}`)}: no such file\n`);
    }
  });

  it('names a file without a usable header, exit 1, on worker threads as on one', async () => {
    const file = join(dir, 'no-header.csv');
    writeFileSync(file, 'foo,bar\n1,2\n');
    for (const workers of ['1', '2']) {
      const r = await tthc('replay', file, '--workers', workers);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `tthc replay: ${file}: row 1: the header has no column for dossier, at, official, role, action, procedure (found: foo,bar); name them with --columns field=Header\n`,
      );
    }
  });

  it('gives the same result on two worker threads as on one', async () => {
    const log = join(dir, 'synth.csv');
    await writeSynthLog(log, 3000, 7);
    const one = await tthc('replay', log, '--workers', '1', '--format', 'json');
    const two = await tthc('replay', log, '--workers', '2', '--format', 'json');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out).log.events).toBeGreaterThan(15_000);
    expect(two.out).toBe(one.out);
  });
});
