import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import { writeJsonl } from '../../src/io/log/jsonl.js';
import { InputError } from '../../src/io/located.js';
import { journalLine, openFileStore, readJournalFile, rehearsalPaths } from '../../src/server/journal.js';
import { openRehearsal, type JournalEntry } from '../../src/rehearsal/rehearsal.js';
import { at, loadRehearsal } from './support.js';

const SLOW = 'scenarios/slow-step-late.yaml';
const dir = mkdtempSync(join(tmpdir(), 'tthc-journal-'));
let n = 0;
const fresh = () => join(dir, `j${++n}.journal.jsonl`);

async function tthc(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { ...nodeIO(), stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), interactive: false });
  return { code, out: out.join(''), err: err.join('') };
}

/** Plays the whole slow-step-late timeline into a journal file, as `tthc rehearse --speed` would. */
async function playToFile(file: string) {
  const scenario = loadRehearsal(SLOW);
  const paths = rehearsalPaths(SLOW, file);
  const store = await openFileStore(paths, scenario.session);
  const r = await openRehearsal({ scenario, store, fresh: { mode: 'dry-run', speed: 60, scenario: SLOW, scenarioSha256: 'x' }, wallNow: 0 });
  await r.tick(10 * 60 * 60_000);
  await store.close();
  return { r, scenario, paths };
}

describe('the journal', () => {
  it('is a log tthc replay reads with no bad row, one event per recorded action', async () => {
    const file = fresh();
    const { r } = await playToFile(file);
    const res = await tthc('replay', file, '--format', 'json');
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.out);
    expect(doc.log).toMatchObject({ rows: r.entryCount, events: r.entryCount, badRows: 0, dossiers: 6 });
    expect(doc.units[0].key).toBe('Xã Hòa Tú 1');
  });

  it('writes the fields of writeJsonl, in its order and format, then its own two', async () => {
    const entry: JournalEntry = {
      event: {
        dossier: 'HS-104',
        at: '2024-10-08T16:42:00+07:00',
        ms: at('2024-10-08', '16:42'),
        official: 'vptk',
        role: 'VP-TK',
        action: 'apology',
        data: { newAppointment: '2024-10-08T17:00:00+07:00' },
      },
      procedure: 'A',
      source: 'timeline',
      recordedAt: Date.parse('2026-01-02T03:04:05Z'),
    };
    const chunks: string[] = [];
    await writeJsonl([{ ...entry.event, procedure: 'A', unit: 'Xã Hòa Tú 1', row: 1 }], (c) => void chunks.push(c));
    const line = journalLine(entry, 'Xã Hòa Tú 1', 'Asia/Ho_Chi_Minh');
    expect(line).toBe(chunks.join('').replace(/}\n$/, ',"source":"timeline","recordedAt":"2026-01-02T03:04:05.000Z"}\n'));
  });

  it('reads back what it wrote, with where each line came from', async () => {
    const file = fresh();
    const { r, scenario } = await playToFile(file);
    const { entries, repaired } = await readJournalFile(file, scenario.session, scenario.registry);
    expect(repaired).toBeUndefined();
    expect(entries.map(({ line: _, ...e }) => e)).toEqual(r.journal());
  });

  it('cuts off a last line torn by a crash (never acknowledged) and keeps the rest', async () => {
    const file = fresh();
    const { scenario } = await playToFile(file);
    const whole = readFileSync(file, 'utf8');
    const lines = whole.split('\n').filter(Boolean);
    writeFileSync(file, lines.slice(0, 3).join('\n') + '\n' + lines[3].slice(0, 25));
    const { entries, repaired } = await readJournalFile(file, scenario.session, scenario.registry);
    expect(entries).toHaveLength(3);
    expect(repaired).toContain('line 4 was cut short');
    expect(readFileSync(file, 'utf8')).toBe(lines.slice(0, 3).join('\n') + '\n');
  });

  it('keeps a whole last line that only lacks its newline', async () => {
    const file = fresh();
    const { scenario } = await playToFile(file);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    writeFileSync(file, lines.slice(0, 4).join('\n'));
    const { entries, repaired } = await readJournalFile(file, scenario.session, scenario.registry);
    expect(entries).toHaveLength(4);
    expect(repaired).toContain('newline');
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('names the line and field of a journal that does not fit the scenario', async () => {
    const file = fresh();
    const { scenario } = await playToFile(file);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    lines[1] = lines[1].replace('"HS-101"', '"HS-999"');
    lines[2] = lines[2].replace('"at":"2024-10-08T14:32:00+07:00"', '"at":"2024-10-08T14:00:00+07:00"');
    writeFileSync(file, lines.join('\n') + '\n');
    const err = await readJournalFile(file, scenario.session, scenario.registry).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).errors.map((e) => `${e.line}: ${e.path}`)).toEqual(expect.arrayContaining(['2: dossier', '3: at']));
    expect((err as InputError).errors.filter((e) => e.line === 2).map((e) => e.message)).toContain('dossier "HS-999" is not in the scenario');
  });
});

describe('the files of a rehearsal', () => {
  it('sit beside the scenario by default, named after it', () => {
    expect(rehearsalPaths('scenarios/commune-full.yaml')).toEqual({
      journal: 'scenarios/commune-full.journal.jsonl',
      state: 'scenarios/commune-full.journal.state.json',
      report: 'scenarios/commune-full.report.html',
    });
  });

  it('follow --journal and --report', () => {
    expect(rehearsalPaths('s.yaml', '/tmp/hoa-tu.jsonl')).toEqual({
      journal: '/tmp/hoa-tu.jsonl',
      state: '/tmp/hoa-tu.state.json',
      report: '/tmp/hoa-tu.report.html',
    });
    expect(rehearsalPaths('s.yaml', 'j.jsonl', 'out/r.html').report).toBe('out/r.html');
  });
});
