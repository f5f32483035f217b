import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { LogFileError } from '../../../src/io/located.js';
import { readJsonl, writeJsonl } from '../../../src/io/log/jsonl.js';
import { ROLE_CODES } from '../../../src/model/roles.js';
import type { LogEvent } from '../../../src/model/log.js';
import { SAMPLE, ZONE, bytes, kept, readAll, textSink } from './fixtures.js';

const read = (text: string, opts: Parameters<typeof readJsonl>[2] = { zone: ZONE }) => readAll(readJsonl(bytes(text), 'nhat-ky.jsonl', opts));
const params = { numRuns: Number(process.env.FC_RUNS ?? 100), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const good = { dossier: 'HS-1', at: '2024-09-17T14:05:00+07:00', official: 'vptk', role: 'VP-TK', action: 'receive', procedure: 'A' };

describe('JSONL logs', () => {
  it('reads back every event it wrote: dossier, time, official, role, action, procedure, unit and data', async () => {
    const out = textSink();
    expect(await writeJsonl(SAMPLE, out.sink)).toBe(SAMPLE.length);
    const { events, errors } = await read(out.text());
    expect(errors).toEqual([]);
    expect(events.map(kept)).toEqual(SAMPLE.map(kept));
    expect(events.map((e) => e.row)).toEqual(SAMPLE.map((_, i) => i + 1));
  });

  it('writes one object per line with times in Vietnam time (+07:00), milliseconds only when there are some', async () => {
    const out = textSink();
    await writeJsonl(SAMPLE, out.sink);
    const lines = out
      .text()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({
      dossier: 'HS-101',
      at: '2024-09-17T14:05:00+07:00',
      official: 'tckt',
      role: 'TC-KT',
      action: 'submit',
      procedure: 'A',
      unit: 'Xã Hòa Tú 1',
      data: { ghiChu: 'Nộp trực tuyến', soBan: 2 },
    });
    expect(lines[8].at).toBe('2024-09-17T15:00:00.250+07:00');
  });

  it('keeps Vietnamese diacritics when the bytes of a letter arrive in two pieces', async () => {
    const out = textSink();
    await writeJsonl(SAMPLE, out.sink);
    for (const size of [1, 2, 3, 5, 64]) {
      const { events } = await readAll(readJsonl(bytes(out.text(), size), 'f.jsonl', { zone: ZONE }));
      expect(events.map((e) => [e.official, e.unit])).toEqual(SAMPLE.map((e) => [e.official, e.unit]));
    }
  });

  it('accepts any names, actions and data a log may hold (property)', async () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.length > 0);
    const event = fc.record({
      dossier: text,
      ms: fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') }),
      official: text,
      role: fc.constantFrom(...ROLE_CODES),
      action: text,
      procedure: text,
      unit: fc.oneof(fc.constant(''), text),
      data: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 20 }), async (list) => {
        const events = list.map((e, i) => ({ ...e, at: '', row: i + 1, ...(e.data === undefined ? { data: undefined } : {}) }) as LogEvent);
        const out = textSink();
        await writeJsonl(events, out.sink);
        const got = await read(out.text());
        expect(got.errors).toEqual([]);
        // JSON has no -0: a data value written as -0 reads back as 0
        expect(JSON.parse(JSON.stringify(got.events.map(kept)))).toEqual(JSON.parse(JSON.stringify(events.map(kept))));
      }),
      params,
    );
  });

  it('reads lines keyed by Vietnamese or English headers, the way other systems export them', async () => {
    const text = [
      line({
        'Mã hồ sơ': 'HS-7',
        'Thời điểm': '17/09/2024 14:05',
        'Cán bộ': 'Lê Thị Mai',
        'Vai trò': 'VP-TK',
        'Thao tác': 'receive',
        'Thủ tục': 'A',
        'Đơn vị': 'Xã Hòa Tú 1',
      }),
      line({ 'Dossier code': 'HS-8', Timestamp: '2024-09-17 14:06', Resource: 'tpht', Role: 'TP-HT', Activity: 'appraise', TTHC: 'A' }),
    ].join('\n');
    const { events, errors } = await read(text);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.dossier, e.ms, e.official, e.role, e.action, e.unit])).toEqual([
      ['HS-7', Date.parse('2024-09-17T07:05:00Z'), 'Lê Thị Mai', 'VP-TK', 'receive', 'Xã Hòa Tú 1'],
      ['HS-8', Date.parse('2024-09-17T07:06:00Z'), 'tpht', 'TP-HT', 'appraise', ''],
    ]);
  });

  it('reads keys named with --columns', async () => {
    const text = line({ 'Số HS': 'HS-9', 'Ngày xử lý': '2024-09-17 14:05', official: 'ct', role: 'CT', action: 'sign', procedure: 'A' });
    const { events, errors } = await read(text, { zone: ZONE, columns: { dossier: 'Số HS', at: 'Ngày xử lý' } });
    expect(errors).toEqual([]);
    expect(events[0]).toMatchObject({ dossier: 'HS-9', ms: Date.parse('2024-09-17T07:05:00Z'), official: 'ct' });
  });

  it('reads data given as a JSON object or as text holding JSON, and numbers as text', async () => {
    const text = [line({ ...good, data: { soBan: 2 } }), line({ ...good, data: '{"soBan":3}' }), line({ ...good, dossier: 1024 })].join('\n');
    const { events, errors } = await read(text);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.dossier, e.data])).toEqual([
      ['HS-1', { soBan: 2 }],
      ['HS-1', { soBan: 3 }],
      ['1024', undefined],
    ]);
  });

  it('reports every bad line with its line number and field, and still reads the good ones', async () => {
    const text = [
      line(good), // 1
      '{"dossier": "HS-2", "at": ', // 2 cut short
      line({ ...good, official: undefined }), // 3 no official
      line({ ...good, at: '17/09/2024 25:61' }), // 4 not a time
      line({ ...good, role: 'Trưởng thôn' }), // 5 not a role
      line({ ...good, data: '{soBan: 2}' }), // 6 data not JSON
      line({ ...good, data: [1, 2] }), // 7 data not an object
      '[1, 2, 3]', // 8 not an object
      line({ ...good, official: { id: 'vptk' } }), // 9 an object where text belongs
      line({ 'Mã hồ sơ': 'HS-3', 'Cán bộ': 'vptk', 'Vai trò': 'VP-TK', 'Thao tác': 'receive', 'Thủ tục': 'A' }), // 10 no time column
      line({ ...good, dossier: 'HS-LAST' }), // 11
    ].join('\n');
    const { events, errors } = await read(text);
    expect(events.map((e) => [e.row, e.dossier])).toEqual([
      [1, 'HS-1'],
      [11, 'HS-LAST'],
    ]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'json'],
      [3, 'official'],
      [4, 'at'],
      [5, 'role'],
      [6, 'data'],
      [7, 'data'],
      [8, 'json'],
      [9, 'official'],
      [10, 'at'],
    ]);
    expect(errors.every((e) => e.file === 'nhat-ky.jsonl' && e.message.length > 0)).toBe(true);
    expect(errors[3].message).toContain('Trưởng thôn');
  });

  it('skips blank lines but counts them, so row numbers stay the line numbers an editor shows', async () => {
    const text = '\uFEFF' + line(good) + '\r\n\r\n   \n' + line({ ...good, dossier: 'HS-2' }) + '\r\n\n' + line({ ...good, dossier: 'HS-3' });
    const { events, errors } = await read(text);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.row, e.dossier])).toEqual([
      [1, 'HS-1'],
      [4, 'HS-2'],
      [6, 'HS-3'],
    ]);
  });

  it('reads an empty file as no events', async () => {
    expect(await read('')).toEqual({ events: [], errors: [], sizes: [] });
  });

  it('hands over batches while a 200,000-line log is still arriving, and reads every line', async () => {
    const total = 200_000;
    let produced = 0;
    async function* source() {
      const base = Date.parse('2024-01-02T01:00:00Z');
      for (let i = 0; i < total; i += 1000) {
        let chunk = '';
        for (let j = i; j < i + 1000; j++) {
          chunk += `{"dossier":"HS-${j >> 3}","at":"${new Date(base + j * 1000).toISOString()}","official":"Phạm Văn Lộc","role":"TP-HT","action":"appraise","procedure":"A","unit":"Xã Hòa Tú 1"}\n`;
        }
        produced += 1000;
        yield new TextEncoder().encode(chunk);
      }
    }
    let producedAtFirstBatch = -1;
    let read = 0;
    let largest = 0;
    for await (const batch of readJsonl(source(), 'big.jsonl', { zone: ZONE })) {
      if (producedAtFirstBatch < 0) producedAtFirstBatch = produced;
      largest = Math.max(largest, batch.length);
      for (const item of batch) if (item.ok) read++;
    }
    expect(producedAtFirstBatch).toBeLessThan(total / 10);
    expect(largest).toBeLessThanOrEqual(8192);
    expect(read).toBe(total);
  });

  it('reports a line too long to be a log line and goes on with the next', async () => {
    const long = 'x'.repeat((1 << 24) + 10);
    const text = line(good) + '\n' + long + '\n' + line({ ...good, dossier: 'HS-3' });
    const { events, errors } = await readAll(readJsonl(bytes(text, 1 << 16), 'f.jsonl', { zone: ZONE }));
    expect(errors.map((e) => [e.row, e.field])).toEqual([[2, 'json']]);
    expect(events.map((e) => [e.row, e.dossier])).toEqual([
      [1, 'HS-1'],
      [3, 'HS-3'],
    ]);
  });

  it('writes to a slow destination one piece at a time, waiting for each', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...SAMPLE[i % SAMPLE.length], dossier: `HS-${i}` }));
    let pending = 0;
    let most = 0;
    const pieces: string[] = [];
    await writeJsonl(many, async (s) => {
      pending++;
      most = Math.max(most, pending);
      await new Promise((r) => setTimeout(r, 1));
      pieces.push(s);
      pending--;
    });
    expect(most).toBe(1);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('').split('\n').length - 1).toBe(3000);
  });

  it('writes from an async source, such as another reader', async () => {
    async function* events() {
      yield* SAMPLE;
    }
    const out = textSink();
    await writeJsonl(events(), out.sink);
    expect((await read(out.text())).events.map(kept)).toEqual(SAMPLE.map(kept));
  });

  it('says a compressed or UTF-16 file is not a JSONL log, naming the file, instead of a bad row per line', async () => {
    const text = [line(good), line({ ...good, action: 'sign', role: 'CT' })].join('\n');
    for (const [file, message] of [
      [gzipSync(text), 'nhat-ky.jsonl: the file is compressed (gzip): decompress it first'],
      [Buffer.from('\uFEFF' + text, 'utf16le'), 'nhat-ky.jsonl: the file is UTF-16 or UTF-32 text, not UTF-8: save it as UTF-8'],
    ] as const) {
      const failure = readAll(readJsonl(bytes(file), 'nhat-ky.jsonl', { zone: ZONE }));
      await expect(failure).rejects.toBeInstanceOf(LogFileError);
      await expect(failure).rejects.toThrow(message);
    }
  });
});
