import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeSynthLog } from '../../bench/synthLog.js';
import { Auditor } from '../../src/audit/audit.js';
import type { CliIO, ThreadPort } from '../../src/cli/io.js';
import { loadCalendarData } from '../../src/cli/load.js';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import { threadMain } from '../../src/cli/replayWorker.js';
import type { WorkerMessage } from '../../src/cli/replayWorkers.js';

const SAMPLE = 'examples/logs/sample-log.csv';
const dir = mkdtempSync(join(tmpdir(), 'tthc-replay-'));

async function tthc(...argv: string[]) {
  return tthcOn({ ...nodeIO(), interactive: false }, ...argv);
}

/** Runs the CLI on an I/O, its stdout and stderr captured. */
async function tthcOn(base: CliIO, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { ...base, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) };
  const code = await runCli(argv, io);
  return { code, out: out.join(''), err: err.join('') };
}

/** An in-memory CliIO with the given files: it streams them in small chunks and starts no thread. */
function memoryIO(files: Record<string, string>, chunk = 4096): CliIO {
  const bytes = (p: string) => {
    const text = files[p];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT', path: p });
    return Buffer.from(text, 'utf8');
  };
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: async (p) => bytes(p).toString('utf8'),
    writeFile: async (p, t) => void (files[p] = t),
    resolve: (_from, p) => p,
    cwd: '.',
    fileSize: async (p) => bytes(p).length,
    async *readStream(p) {
      const all = bytes(p);
      for (let i = 0; i < all.length; i += chunk) yield all.subarray(i, i + chunk);
    },
  };
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

  it('says a directory given as a log cannot be read, exit 1, not a crash', async () => {
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder, { recursive: true });
    for (const workers of ['1', '2']) {
      const r = await tthc('replay', folder, '--workers', workers);
      expect(r.code).toBe(1);
      expect(r.err).toBe('tthc replay: cannot read file: is a directory\n');
    }
  });

  it('names an empty log as a bad file, exit 1, on worker threads as on one', async () => {
    const file = join(dir, 'empty.csv');
    writeFileSync(file, '');
    for (const workers of ['1', '2']) {
      const r = await tthc('replay', file, '--workers', workers);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`tthc replay: ${file}: the file is empty (no header row)\n`);
    }
  });

  it('names an XES log that is not well-formed XML as a bad file, exit 1, not an internal error', async () => {
    const file = join(dir, 'broken.xes');
    writeFileSync(file, '<log><trace>');
    const r = await tthc('replay', file);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`tthc replay: ${file}:1:12: unclosed tag: trace (the XES file is not well-formed XML)\n`);
  });

  it('stops at a bad row with --strict on worker threads too, naming the row, exit 1', async () => {
    const r = await tthc('replay', SAMPLE, '--strict', '--workers', '2', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toContain('stopped at the first bad row (--strict):');
    expect(r.err).toContain('row 77: at:');
  });

  describe('a bug is not a bad file', () => {
    afterEach(() => void vi.restoreAllMocks());

    it('reports an error of the audit as an internal error, exit 70, even when its message reads like a bad row', async () => {
      // the old test of the message ("file: row N") took this for the file's fault
      vi.spyOn(Auditor.prototype, 'push').mockImplementation(() => {
        throw new Error(`${SAMPLE}: row 3: cannot happen`);
      });
      for (const workers of ['1', '2']) {
        const r = await tthc('replay', SAMPLE, '--workers', workers);
        expect(r.code).toBe(70);
        expect(r.err).toBe(`tthc replay: internal error: ${SAMPLE}: row 3: cannot happen (please report it with the input file)\n`);
      }
    });

    it('reports a TypeError while reading as an internal error, exit 70, not as a bad file', async () => {
      const header = readFileSync(SAMPLE, 'utf8').split('\n')[0];
      const io = memoryIO({ 'log.csv': header });
      io.readStream = async function* () {
        yield Buffer.from(`${header}\n`);
        throw new TypeError('log.csv: the file is read past its end');
      };
      const r = await tthcOn(io, 'replay', 'log.csv');
      expect(r.code).toBe(70);
      expect(r.err).toContain('internal error: log.csv: the file is read past its end');
    });
  });

  it('audits on one thread when the I/O cannot start threads, with the same result as --workers 1', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const one = await tthcOn(memoryIO({ 'log.csv': text }), 'replay', 'log.csv', '--format', 'json', '--workers', '1');
    const two = await tthcOn(memoryIO({ 'log.csv': text }), 'replay', 'log.csv', '--format', 'json', '--workers', '2');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.out).log.events).toBe(75);
    expect(two).toEqual(one);
    const bad = await tthcOn(memoryIO({ 'log.csv': '' }), 'replay', 'log.csv', '--workers', '2');
    expect(bad).toEqual({ code: 1, out: '', err: 'tthc replay: log.csv: the file is empty (no header row)\n' });
  });

  it("has a worker say that a header without the log's columns is the file's fault, and that its own crash is not", async () => {
    const said: WorkerMessage[] = [];
    let deliver: (m: unknown) => void = () => undefined;
    const port: ThreadPort = { post: (m) => void said.push(m as WorkerMessage), onMessage: (listener) => void (deliver = listener) };
    const input = {
      file: 'log.csv',
      part: 1,
      parts: 2,
      zone: 'Asia/Ho_Chi_Minh',
      procedures: [],
      calendar: await loadCalendarData(nodeIO()),
      timeBoxMinutes: 15,
    };
    threadMain(port, input);
    deliver({ type: 'header', line: 'foo,bar' });
    expect(said).toEqual([{ type: 'error', message: expect.stringContaining('log.csv: row 1: the header has no column for dossier'), file: true }]);
    said.length = 0;
    deliver({ type: 'share', bytes: undefined, records: new Int32Array(4) });
    expect(said).toEqual([{ type: 'error', message: expect.any(String), file: false }]);
  });
});
