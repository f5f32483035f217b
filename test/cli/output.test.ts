import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';

const SAMPLE = 'examples/logs/sample-log.csv';
const SCENARIO = 'scenarios/commune-full.yaml';
const dir = mkdtempSync(join(tmpdir(), 'tthc-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI on an I/O (the real one by default), its stdout and stderr captured. */
async function tthcOn(base: CliIO, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { ...base, interactive: false, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}
const tthc = (...argv: string[]) => tthcOn(nodeIO(), ...argv);

/** An in-memory CliIO holding `files`, which streams them and starts no thread. */
function memoryIO(files: Record<string, string>): CliIO {
  const bytes = (p: string) => {
    if (files[p] === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT', path: p });
    return Buffer.from(files[p], 'utf8');
  };
  return {
    ...nodeIO(),
    readFile: async (p) => (files[p] === undefined ? nodeIO().readFile(p) : bytes(p).toString('utf8')),
    writeFile: async (p, t) => void (files[p] = t),
    resolve: (_from, p) => p,
    fileSize: async (p) => bytes(p).length,
    async *readStream(p) {
      yield bytes(p);
    },
    writeStream: undefined,
    startThread: undefined,
  };
}

/** The temp files a write may have left in a folder. */
const temps = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.tmp'));

/** A procedure file named `name` (YAML). */
const PROC_C = (name: string) => `id: C
name:
  vi: ${name}
  en: Residence confirmation
due: { kind: sameDayCutoff, cutoff: "15:00" }
steps:
  - { id: submit, name: { vi: Nộp hồ sơ, en: Submit }, action: submit, roles: [owner], status: 1 }
  - { id: receive, name: { vi: Tiếp nhận, en: Receive }, action: receive, roles: [VP-TK], status: 1, reception: true }
  - { id: return, name: { vi: Trả kết quả, en: Return }, action: return, roles: [VP-TK], status: 9 }
`;

/** what a terminal acts on: C0 controls but LF, DEL, C1 controls */
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

describe('writing reports', () => {
  it.each([
    ['replay, JSON', ['replay', SAMPLE, '--format', 'json', '--quiet']],
    ['replay, XES written as a stream', ['replay', SAMPLE, '--format', 'xes', '--quiet']],
    ['replay on two threads', ['replay', SAMPLE, '--workers', '2', '--quiet']],
    ['run', ['run', SCENARIO]],
  ])('says a report cannot be written into a folder or a missing folder, naming the path, exit 1, and leaves no temp file (%s)', async (_, argv) => {
    const folder = join(dir, `out-${argv.length}-${argv[2]}`);
    mkdirSync(folder, { recursive: true });
    for (const [out, why] of [
      [folder, 'it is a folder'],
      [join(folder, 'missing', 'report.txt'), 'its folder does not exist'],
    ]) {
      const r = await tthc(...argv, '--out', out);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${out}: cannot write the report there: ${why}`);
      expect(r.err).not.toContain('cannot read');
      expect(temps(dir)).toEqual([]);
      expect(temps(folder)).toEqual([]);
    }
  });

  // never run against an older build: it renamed its temp file over /dev/full
  it.runIf(statSync('/dev/full', { throwIfNoEntry: false })?.isCharacterDevice())(
    'says a device that refuses the report (a full disk) cannot be written, exit 1, and leaves it a device',
    async () => {
      const r = await tthc('replay', SAMPLE, '--format', 'json', '--quiet', '--out', '/dev/full');
      expect(r.code).toBe(1);
      expect(r.err).toContain('/dev/full: cannot write the report there: no space left on the device');
      expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    },
  );

  it('writes a report into a pipe in place, leaving the pipe a pipe', async () => {
    const fifo = join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const read = new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      createReadStream(fifo)
        .on('data', (c) => chunks.push(c as Buffer))
        .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        .on('error', reject);
    });
    const r = await tthc('replay', SAMPLE, '--format', 'json', '--quiet', '--out', fifo);
    expect(r.code).toBe(0);
    expect(JSON.parse(await read).log.events).toBe(75);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(temps(dir)).toEqual([]);
  }, 10_000);

  it.each(['json', 'table', 'csv', 'xes'])('writes nothing to --out when --strict stops at a bad row, and says so (%s)', async (format) => {
    const out = join(dir, `strict.${format}`);
    const r = await tthc('replay', SAMPLE, '--strict', '--format', format, '--quiet', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`row 77: at:`);
    expect(r.err).toContain(`nothing is written to ${out}`);
    expect(r.err).not.toContain('Đã ghi báo cáo');
    expect(existsSync(out)).toBe(false);
    expect(temps(dir)).toEqual([]);
  });

  it('leaves no temp file when the log turns out to be a bad file while the XES is written', async () => {
    const log = join(dir, 'no-header.csv');
    writeFileSync(log, 'foo,bar\n1,2\n');
    const out = join(dir, 'bad.xes');
    const r = await tthc('replay', log, '--format', 'xes', '--quiet', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the header has no column for dossier');
    expect(existsSync(out)).toBe(false);
    expect(temps(dir)).toEqual([]);
  });

  it('still writes the whole report to --out when --strict finds no bad row', async () => {
    const log = readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 70).join('\n');
    const files: Record<string, string> = { 'log.csv': log };
    const r = await tthcOn(memoryIO(files), 'replay', 'log.csv', '--strict', '--format', 'json', '--out', 'audit.json');
    expect(r.code).toBe(0);
    expect(JSON.parse(files['audit.json']).log.rows).toBe(69);
  });
});

describe('names printed on a terminal', () => {
  it('shows terminal escape sequences from a log as text in the replay table: units, officials, bad rows', async () => {
    const [head, ...rows] = readFileSync(SAMPLE, 'utf8').split('\n');
    const hostile = [head, ...rows.map((r) => r.replace('Xã Hòa Tú 1', 'Xã\x1b[31mHòa\x9b2J')), 'HS-99,\x1b]0;owned\x07,vptk,VP-TK,receive,A,X'].join('\n');
    for (const lang of ['vi', 'en']) {
      const r = await tthcOn(memoryIO({ 'log.csv': hostile }), 'replay', 'log.csv', '--lang', lang);
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(CONTROL);
      expect(r.out).toContain('Xã\\x1b[31mHòa\\x9b2J');
      expect(r.out).toContain('\\x1b]0;owned\\x07');
    }
  });

  it('shows terminal escape sequences in names as text in the run table', async () => {
    const text = readFileSync(SCENARIO, 'utf8').replace('name: Lê Văn Cường', 'name: "Lê\\e[5mVăn"');
    const r = await tthcOn(memoryIO({ 's.yaml': text }), 'run', 's.yaml');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(CONTROL);
    expect(r.out).toContain('Lê\\x1b[5mVăn');
  });

  it('keeps a procedure name with a line break and quotes on its own line of the Mermaid diagram', async () => {
    const proc = PROC_C('Xác nhận tình trạng cư trú');
    const hostile = PROC_C('"Xác nhận\\nclick submit call alert(\\"x\\")"');
    const plain = await tthcOn(memoryIO({ 'c.yaml': proc }), 'procedures', 'C', '--procedure', 'c.yaml', '--format', 'mermaid');
    const r = await tthcOn(memoryIO({ 'c.yaml': hostile }), 'procedures', 'C', '--procedure', 'c.yaml', '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toHaveLength(plain.out.split('\n').length);
    expect(r.out).not.toMatch(/^\s*click/m);
    expect(r.out).toContain('Xác nhận click submit call alert(#quot;x#quot;)');
  });
});
