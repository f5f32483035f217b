import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSynthLog } from '../../bench/synthLog.js';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import { readCsv } from '../../src/io/log/csv.js';
import { writeJsonl } from '../../src/io/log/jsonl.js';
import { writeXes } from '../../src/io/log/xes.js';
import { writeXlsx } from '../../src/io/log/xlsx.js';
import type { LogEvent } from '../../src/model/log.js';

const SAMPLE = 'examples/logs/sample-log.csv';
const dir = mkdtempSync(join(tmpdir(), 'tthc-badinput-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const params = (numRuns: number) => ({
  numRuns: Number(process.env.FC_RUNS ?? numRuns),
  ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
});

/** Runs the CLI on an I/O (the real one by default), its stdout and stderr captured. */
async function tthcOn(base: CliIO, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { ...base, interactive: false, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}
const tthc = (...argv: string[]) => tthcOn(nodeIO(), ...argv);

/** An in-memory CliIO holding `files` as bytes, streamed in chunks of `chunk`; it starts no thread and writes nowhere. */
function memoryIO(files: Record<string, Uint8Array>, chunk = 997): CliIO {
  const bytes = (p: string) => {
    if (files[p] === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT', path: p });
    return files[p];
  };
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: (p) => nodeIO().readFile(p),
    writeFile: async () => undefined,
    resolve: (_from, p) => p,
    cwd: '.',
    fileSize: async (p) => bytes(p).length,
    async *readStream(p) {
      const all = bytes(p);
      for (let i = 0; i < all.length; i += chunk) yield all.subarray(i, i + chunk);
    },
  };
}

/** The JSON audit without the file's name, to compare the audits of one log saved two ways. */
const audit = (json: string) => {
  const doc = JSON.parse(json);
  delete doc.log.file;
  for (const e of doc.badRows) delete e.file;
  return doc;
};

describe('replay of a log saved in other ways', () => {
  it("audits a log whose lines end in CR alone (Excel's old Mac format) as the same log with LF ends, exit 0", async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const cr = join(dir, 'mac.csv');
    writeFileSync(cr, text.replace(/\r?\n/g, '\r'));
    const lf = await tthc('replay', SAMPLE, '--format', 'json');
    const mac = await tthc('replay', cr, '--format', 'json');
    expect(mac.code).toBe(0);
    expect(audit(mac.out)).toEqual(audit(lf.out));
    expect(audit(mac.out).log.events).toBe(75);
  });

  it('gives byte-identical audits on one thread and on two for a large log with CR line ends', async () => {
    const lf = join(dir, 'synth.csv');
    await writeSynthLog(lf, 3000, 11);
    const cr = join(dir, 'synth-cr.csv');
    writeFileSync(cr, readFileSync(lf, 'utf8').replace(/\n/g, '\r'));
    const one = await tthc('replay', cr, '--workers', '1', '--format', 'json', '--quiet');
    const two = await tthc('replay', cr, '--workers', '2', '--format', 'json', '--quiet');
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    expect(audit(one.out)).toEqual(audit((await tthc('replay', lf, '--workers', '1', '--format', 'json', '--quiet')).out));
  });

  it('reports a quote never closed as a bad row at its row and field, and audits every row after it, on one thread or two', async () => {
    const lines = readFileSync(SAMPLE, 'utf8').split('\n');
    // row 5: its official's cell opens a quote no quote closes
    lines[4] = lines[4].replace(/^((?:[^,]*,){2})/, '$1"');
    const file = join(dir, 'unclosed.csv');
    writeFileSync(file, lines.join('\n'));
    const one = await tthc('replay', file, '--format', 'json', '--lang', 'en', '--workers', '1');
    expect(one.code).toBe(0);
    const doc = JSON.parse(one.out);
    expect(doc.log).toMatchObject({ rows: 77, events: 74, badRows: 3 });
    expect(doc.badRows[0]).toMatchObject({ row: 5, field: 'official', message: expect.stringContaining('no quote closes it') });
    expect((await tthc('replay', file, '--format', 'json', '--lang', 'en', '--workers', '2')).out).toBe(one.out);
  });

  it('names a bad XES file in one line, exit 1, as a bad file: malformed, cut short, empty, compressed, UTF-16', async () => {
    const good = (await tthc('replay', SAMPLE, '--format', 'xes', '--quiet')).out;
    const bad: [string, Buffer, string][] = [
      ['malformed.xes', Buffer.from(good.replace('</trace>', '</event>')), 'not well-formed XML'],
      ['cut.xes', Buffer.from(good.slice(0, good.length >> 1)), 'not well-formed XML'],
      ['empty.xes', Buffer.alloc(0), 'document must contain a root element'],
      ['log.xes.gz.xes', gzipSync(good), 'the file is compressed (gzip): decompress it first'],
      ['utf16.xes', Buffer.from('\uFEFF' + good, 'utf16le'), 'the file is UTF-16 or UTF-32 text, not UTF-8'],
    ];
    for (const [name, bytes, why] of bad) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      for (const format of ['json', 'xes']) {
        const r = await tthc('replay', file, '--format', format, '--quiet');
        expect(r.code, name).toBe(1);
        expect(r.err, name).toMatch(new RegExp(`^tthc replay: ${file.replace(/[.\\/]/g, '\\$&')}[:\\d]*: [^\\n]*\\n$`));
        expect(r.err, name).toContain(why);
      }
    }
  });
});

describe('replay of damaged logs (fuzz)', () => {
  /** the bundled sample log in every format the readers read, as the writers write it */
  const valid: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    const csv = readFileSync(SAMPLE);
    const events: LogEvent[] = [];
    for await (const batch of readCsv(
      (async function* () {
        yield csv;
      })(),
      SAMPLE,
      { zone: 'Asia/Ho_Chi_Minh' },
    ))
      for (const item of batch) if (item.ok) events.push(item.event);
    const text = async (write: (sink: (s: string) => void) => Promise<unknown>) => {
      const parts: string[] = [];
      await write((s) => void parts.push(s));
      return Buffer.from(parts.join(''));
    };
    valid.csv = csv;
    valid.jsonl = await text((sink) => writeJsonl(events, sink));
    valid.xes = await text((sink) => writeXes(events, sink));
    valid.xlsx = await writeXlsx(events);
  });

  /** One change to a file's bytes: a byte deleted, set, or inserted (often one that matters to a reader), a run repeated, the end cut. */
  const mutation = fc.record({
    at: fc.nat(),
    op: fc.constantFrom('delete', 'set', 'insert', 'repeat', 'cut'),
    byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x22, 0x0a, 0x0d, 0x2c, 0x3b, 0x3c, 0x3e, 0x7b, 0x5b, 0x00, 0xff, 0x1b)),
    length: fc.integer({ min: 1, max: 64 }),
  });
  const mutated = (file: Uint8Array, changes: { at: number; op: string; byte: number; length: number }[]) => {
    let b = Buffer.from(file);
    for (const m of changes) {
      const at = m.at % (b.length + 1);
      if (m.op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
      else if (m.op === 'set') b[Math.min(at, b.length - 1)] = m.byte;
      else if (m.op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.alloc(m.length % 4 || 1, m.byte), b.subarray(at)]);
      else if (m.op === 'repeat') b = Buffer.concat([b.subarray(0, at + m.length * 8), b.subarray(at)]);
      else b = b.subarray(0, at);
    }
    return b;
  };

  it.each([
    ['csv', 300],
    ['jsonl', 300],
    ['xes', 300],
    ['xlsx', 100],
  ] as const)(
    'ends a replay of random bytes or of a damaged %s log with exit 0 or 1, never an internal error, a stack trace or a wait (property)',
    async (format, runs) => {
      const file = `log.${format}`;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 600 }),
            fc.array(mutation, { minLength: 1, maxLength: 6 }).map((changes) => mutated(valid[format], changes)),
          ),
          fc.integer({ min: 1, max: 4096 }),
          async (bytes, chunk) => {
            const started = Date.now();
            const r = await tthcOn(memoryIO({ [file]: bytes }, chunk), 'replay', file, '--format', 'json', '--quiet');
            expect([0, 1]).toContain(r.code);
            expect(r.err).not.toMatch(/internal error|\n\s+at /);
            if (r.code === 1) expect(r.err.trimEnd().split('\n')).toHaveLength(1);
            else expect(JSON.parse(r.out).log.file).toBe(file);
            expect(Date.now() - started).toBeLessThan(5_000);
          },
        ),
        params(runs),
      );
    },
    120_000,
  );
});
