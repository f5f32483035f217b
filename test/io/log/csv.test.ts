import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionOf, readCsv, readCsvColumns, readCsvShares, shareCsv } from '../../../src/io/log/csv.js';
import { LogFileError } from '../../../src/io/located.js';
import { ROLE_CODES } from '../../../src/model/roles.js';
import { isoTimeAt, localTimeAt, normaliseRow, parseLogTime } from '../../../src/io/log/normalize.js';
import type { LogItem } from '../../../src/model/log.js';
import { DateTime } from 'luxon';
import { ZONE, bytes, readAll } from './fixtures.js';

const params = { numRuns: Number(process.env.FC_RUNS ?? 300), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
const HEADER = 'Mã hồ sơ;Thời điểm;Cán bộ;Vai trò;Thao tác;Thủ tục;Đơn vị';
const read = (text: string | Uint8Array, size = 4096) => readAll(readCsv(bytes(text, size), 'nk.csv', { zone: ZONE }));

describe('CSV log reader', () => {
  it('reads the same rows whatever the chunk size, with a BOM, CRLF, a last line without newline and a name with diacritics', async () => {
    const text =
      '\uFEFF' + [HEADER, 'HS-1;2024-09-17T14:05:00+07:00;Nguyễn Thị Út;VP-TK;receive;A;Xã Hòa Tú 1', '', 'HS-1;17/09/2024 14:20;ct;CT;sign;A;X'].join('\r\n');
    const whole = await read(text);
    expect(whole.errors).toEqual([]);
    expect(whole.events.map((e) => [e.dossier, e.ms, e.official, e.role, e.unit, e.row])).toEqual([
      ['HS-1', Date.parse('2024-09-17T07:05:00Z'), 'Nguyễn Thị Út', 'VP-TK', 'Xã Hòa Tú 1', 2],
      ['HS-1', Date.parse('2024-09-17T07:20:00Z'), 'ct', 'CT', 'X', 4],
    ]);
    for (const size of [1, 2, 3, 5, 64]) expect(await read(text, size)).toEqual({ ...whole, sizes: expect.any(Array) });
  });

  it('names the row and field of a row that is cut short, and goes on', async () => {
    const { events, errors } = await read(
      ['dossier,at,official,role,action,procedure', 'HS-1,2024-09-17T14:05:00+07:00,vptk', 'HS-1,2024-09-17T14:06:00+07:00,vptk,VP-TK,receive,A'].join('\n'),
    );
    expect(errors).toEqual([{ file: 'nk.csv', row: 2, field: 'role', message: 'role is empty' }]);
    expect(events.map((e) => e.row)).toEqual([3]);
  });

  it('keeps a quoted field with a newline whole when it runs over the end of a chunk', async () => {
    const text =
      'dossier,at,official,role,action,procedure,unit\nHS-1,2024-09-17T14:05:00+07:00,"Trần, Thị\nKim",VP-TK,receive,A,"Ấp ""Hòa"" Lộc"\nHS-2,2024-09-17T14:06:00+07:00,a,CT,sign,A,X\n';
    for (const size of [1, 4, 30, 4096]) {
      const { events, errors } = await read(text, size);
      expect(errors).toEqual([]);
      expect(events.map((e) => [e.dossier, e.official, e.unit, e.row])).toEqual([
        ['HS-1', 'Trần, Thị\nKim', 'Ấp "Hòa" Lộc', 2],
        ['HS-2', 'a', 'X', 3],
      ]);
    }
  });

  it('refuses dates that do not exist and accepts 29 February of a leap year', async () => {
    const rows = [
      '2024-02-29T10:00:00+07:00',
      '2023-02-29T10:00:00+07:00',
      '2024-04-31T10:00:00+07:00',
      '2024-13-01T10:00:00+07:00',
      '2024-09-17T24:00:00+07:00',
    ];
    const { events, errors } = await read(['dossier,at,official,role,action,procedure', ...rows.map((t) => `HS-1,${t},a,CT,sign,A`)].join('\n'));
    expect(events.map((e) => e.ms)).toEqual([Date.parse('2024-02-29T03:00:00Z')]);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'at'],
      [4, 'at'],
      [5, 'at'],
      [6, 'at'],
    ]);
  });

  it('reads each row as the rules every reader shares read it, however its cells repeat and its columns are ordered (property)', async () => {
    // few values, so cells repeat and come from the reader's caches, trimmed, empty, misspelt or not
    const cell = (...values: string[]) => fc.constantFrom(...values);
    const line = fc.tuple(
      cell('HS-1', ' HS-1', 'HS-1 ', 'Hồ sơ 2', '', 'HS-0000000000000000000000000000000000000000000000000001'),
      // an ISO time, alone or with more after it in its cell (the reader jumps over an ISO time's bytes)
      cell(
        '2024-09-17T14:05:00+07:00',
        '2024-09-17T14:05:00+07:00 ',
        '2024-09-17T14:05:00+07:00x',
        '2024-09-17T14:05:00+07:00\r',
        '17/09/2024 14:05',
        '2024-09-17 14:05',
        ' 2024-09-17 14:05 ',
        '2023-02-29T10:00:00+07:00',
        'hôm qua',
        '',
      ),
      cell('vptk', 'Nguyễn Thị Út', ' vptk', ''),
      cell('VP-TK', 'vp-tk', 'DC-XD', 'ĐC-XD', 'XX', ''),
      cell('receive', 'connection_failure', ' sign', ''),
      cell('A', 'B', ''),
      cell('X', 'Xã Hòa Tú 1', ''),
      cell('', '{"channel":"online"}', 'not json'),
    );
    const HEAD = ['dossier', 'at', 'official', 'role', 'action', 'procedure', 'unit', 'data'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 60 }),
        fc.integer({ min: 1, max: 200 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 8 }),
        async (rows, size, order) => {
          const text = [order.map((k) => HEAD[k]).join(';'), ...rows.map((r) => order.map((k) => r[k]).join(';'))].join('\n');
          const got = await read(text, size);
          const items: LogItem[] = rows.map((r, i) => normaliseRow(Object.fromEntries(HEAD.map((h, k) => [h, r[k]])), 'nk.csv', i + 2, ZONE));
          const strip = ({ at: _, ...e }: { at: string }) => e;
          expect(got.events.map(strip)).toEqual(items.flatMap((it) => (it.ok ? [strip(it.event)] : [])));
          expect(got.errors).toEqual(items.flatMap((it) => (it.ok ? [] : [it.error])));
          // the role's number, which the audit's kernel reads, names the same role
          const roles: [string, number][] = [];
          for await (const b of readCsvColumns(bytes(text, size), 'nk.csv', { zone: ZONE }))
            for (let i = 0; i < b.length; i++) roles.push([b.role[i], b.roleIdx[i]]);
          expect(roles.map(([, k]) => ROLE_CODES[k])).toEqual(roles.map(([r]) => r));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads an ISO time with offset where it lies as Date.parse does (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.string({ maxLength: 3 }),
        (d, offMin, pad) => {
          const sign = offMin < 0 ? '-' : '+';
          const hh = String(Math.floor(Math.abs(offMin) / 60)).padStart(2, '0');
          const mm = String(Math.abs(offMin) % 60).padStart(2, '0');
          const text = new Date(d.getTime() + offMin * 60_000).toISOString().slice(0, 19) + `${sign}${hh}:${mm}`;
          const ms = Math.floor(d.getTime() / 1000) * 1000;
          expect(isoTimeAt(Buffer.from(pad + text + pad), Buffer.byteLength(pad), Buffer.byteLength(pad) + 25)).toBe(ms);
          expect(parseLogTime(text, ZONE)).toBe(Date.parse(text));
        },
      ),
      params,
    );
  });

  it('reads a time with any other character where a digit goes as no time at all (property)', () => {
    const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24];
    const notDigit = fc.integer({ min: 0, max: 255 }).filter((c) => c < 48 || c > 57);
    fc.assert(
      fc.property(fc.constantFrom(...DIGIT_AT), notDigit, (at, c) => {
        const b = Buffer.from('2024-09-17T14:05:09+07:00');
        b[at] = c;
        expect(isoTimeAt(b, 0, 25)).toBeNaN();
      }),
      params,
    );
  });

  it.each([
    [
      'first',
      'dossier,at,official,role,action,procedure,unit',
      (i: number, official: string, role: string) => `HS-${i % 37},2024-09-17T14:${String(i % 60).padStart(2, '0')}:00+07:00,${official},${role},sign,A,X`,
      0,
    ],
    [
      'third',
      'at,role,dossier,official,action,procedure,unit',
      (i: number, official: string, role: string) => `2024-09-17T14:${String(i % 60).padStart(2, '0')}:00+07:00,${role},HS-${i % 37},${official},sign,A,X`,
      2,
    ],
  ] as const)(
    'splits a log between threads so that each reads exactly the rows of its dossiers (dossier column %s), bad and quoted rows included',
    async (_, header, line, col) => {
      const lines: string[] = [header];
      for (let i = 0; i < 300; i++) lines.push(line(i, i % 5 ? 'a' : '"Trần, Thị\nKim"', i % 41 ? 'CT' : 'XX'));
      const text = lines.join('\n');
      const all = await readAll(readCsv(bytes(text, 97), 'nk.csv', { zone: ZONE }));
      expect(all.errors.length).toBeGreaterThan(0);
      for (const parts of [1, 2, 3]) {
        const readers = Array.from({ length: parts }, () => readCsvShares('nk.csv', { zone: ZONE }));
        const got = Array.from({ length: parts }, () => ({ rows: [] as number[], errors: [] as number[] }));
        for await (const s of shareCsv(bytes(text, 97), 'nk.csv', { zone: ZONE }, parts)) {
          if ('header' in s) readers.forEach((r) => r.header(s.header));
          else
            readers.forEach((r, i) => {
              const b = r.records(s.bytes, s.parts[i]);
              got[i].rows.push(...b.rowNumbers());
              got[i].errors.push(...b.errors.map((e) => e.row));
            });
        }
        for (let i = 0; i < parts; i++) {
          const mine = (d: string) => partitionOf(d, parts) === i;
          expect(got[i].rows).toEqual(all.events.filter((e) => mine(e.dossier)).map((e) => e.row));
          expect(got[i].errors).toEqual(all.errors.filter((e) => mine(lines[e.row - 1].split(',')[col])).map((e) => e.row));
        }
        expect(got.reduce((n, g) => n + g.rows.length + g.errors.length, 0)).toBe(300);
      }
    },
  );

  it('reads local times as exports write them, in the log zone, as luxon reads that wall time (property)', () => {
    const zones = ['Asia/Ho_Chi_Minh', 'Europe/Paris', 'America/New_York'];
    const p2 = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.constantFrom('iso-space', 'iso-T', 'vn', 'vn-short'),
        fc.boolean(),
        fc.integer({ min: 0, max: 999 }),
        (date, zone, layout, seconds, frac) => {
          const [y, mo, d, h, mi, s] = [
            date.getUTCFullYear(),
            date.getUTCMonth() + 1,
            date.getUTCDate(),
            date.getUTCHours(),
            date.getUTCMinutes(),
            seconds ? date.getUTCSeconds() : 0,
          ];
          const time = `${layout === 'vn-short' ? h : p2(h)}:${p2(mi)}${seconds ? `:${p2(s)}` : ''}`;
          const ms = seconds && layout.startsWith('iso') ? frac : 0;
          const text = layout.startsWith('iso')
            ? `${y}-${p2(mo)}-${p2(d)}${layout === 'iso-T' ? 'T' : ' '}${time}${ms ? `.${String(frac).padStart(3, '0')}` : ''}`
            : layout === 'vn'
              ? `${p2(d)}/${p2(mo)}/${y} ${time}`
              : `${d}/${mo}/${y} ${time}`;
          const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
          const expected = wall - DateTime.fromObject({ year: y, month: mo, day: d, hour: h }, { zone }).offset * 60_000;
          expect(parseLogTime(text, zone)).toBe(expected);
          expect(localTimeAt(Buffer.from(`;${text};`), 1, text.length + 1, zone)).toBe(expected);
        },
      ),
      params,
    );
    for (const bad of ['31/02/2024 10:00', '2024-02-30 10:00', '17/09/2024 24:00', '2024-09-17 14:60', '17-09-2024 10:00', '2024-09-17 1:05'])
      expect(parseLogTime(bad, ZONE)).toBeUndefined();
  });

  describe('line ends and quotes', () => {
    const H = 'dossier,at,official,role,action,procedure,unit';
    const row = (i: number, official = 'vptk') => `HS-${i},2024-09-17T14:${String(i % 60).padStart(2, '0')}:00+07:00,${official},VP-TK,receive,A,X`;
    const UNCLOSED = 'a quote opens the cell and no quote closes it: the row is skipped, reading goes on at the next line';

    it("reads a log whose lines end in CR alone (Excel's old Mac format) as the same log with LF or CRLF, whatever the chunk size", async () => {
      // a line break inside a quoted cell is LF in Excel's files, whatever ends the rows
      const rows = [H, row(1), row(2, '"Trần, Thị\nKim"'), '', row(3, '"Ấp ""Hòa"" Lộc"'), row(4, '"Lê, Văn"')];
      const lf = await read(rows.join('\n'));
      expect(lf.events.map((e) => [e.row, e.official])).toEqual([
        [2, 'vptk'],
        [3, 'Trần, Thị\nKim'],
        [5, 'Ấp "Hòa" Lộc'],
        [6, 'Lê, Văn'],
      ]);
      for (const text of [rows.join('\r'), rows.join('\r') + '\r', '\uFEFF' + rows.join('\r'), rows.join('\r\n')])
        for (const size of [1, 2, 3, 7, 64, 4096]) expect((await read(text, size)).events).toEqual(lf.events);
    });

    it('reads the same rows from CR, LF and CRLF line ends, on one thread or split between several (property)', async () => {
      const cell = fc.constantFrom('vptk', 'Nguyễn Thị Út', '"Trần, Thị"', '"Lê\nVăn"', '', 'a"b');
      await fc.assert(
        fc.asyncProperty(fc.array(cell, { maxLength: 40 }), fc.integer({ min: 1, max: 300 }), async (officials, size) => {
          const lines = [H, ...officials.map((o, i) => row(i, o))];
          const lf = await read(lines.join('\n'), size);
          for (const end of ['\r', '\r\n']) {
            const text = lines.join(end);
            expect(await read(text, size)).toEqual({ ...lf, sizes: expect.any(Array) });
            const rows: number[] = [];
            const reader = readCsvShares('nk.csv', { zone: ZONE });
            for await (const s of shareCsv(bytes(text, size), 'nk.csv', { zone: ZONE }, 2)) {
              if ('header' in s) reader.header(s.header);
              else for (const part of s.parts) rows.push(...reader.records(s.bytes, part).rowNumbers());
            }
            expect(rows.sort((a, b) => a - b)).toEqual(lf.events.map((e) => e.row));
          }
        }),
        params,
      );
    });

    it('reports a quote never closed at its row and field, and reads every row after it', async () => {
      const text = [H, row(1), row(2, '"Trần, Thị'), row(3), row(4, '"Lê Văn" B'), row(5)].join('\n');
      for (const size of [1, 5, 64, 4096]) {
        const { events, errors } = await read(text, size);
        expect(errors).toEqual([{ file: 'nk.csv', row: 3, field: 'official', message: UNCLOSED }]);
        // the quote of row 5 does not close the one of row 3: row 4 is read, and row 5 too
        expect(events.map((e) => [e.row, e.official])).toEqual([
          [2, 'vptk'],
          [4, 'vptk'],
          [5, 'Lê Văn'],
          [6, 'vptk'],
        ]);
      }
    });

    it('reports a quote left open on the last line, with or without its newline', async () => {
      for (const end of ['', '\n', '\r\n', '\r']) {
        const { events, errors } = await read([H, row(1), `HS-2,2024-09-17T14:05:00+07:00,vptk,VP-TK,receive,A,"Xã Hòa`].join(end === '' ? '\n' : end) + end);
        expect(events.map((e) => e.row)).toEqual([2]);
        expect(errors).toEqual([{ file: 'nk.csv', row: 3, field: 'unit', message: UNCLOSED }]);
      }
    });

    it('reads a quote inside a cell that does not start with one as text, as Excel does', async () => {
      const { events, errors } = await read([H, row(1, 'Màn hình 5" Lê'), row(2)].join('\n'));
      expect(errors).toEqual([]);
      expect(events.map((e) => e.official)).toEqual(['Màn hình 5" Lê', 'vptk']);
    });

    it('reports an unclosed quote once when the log is split between threads, in the first share', async () => {
      const text = [H, ...Array.from({ length: 40 }, (_, i) => row(i, i === 7 ? '"Trần' : 'vptk'))].join('\n');
      const errors: number[][] = [[], [], []];
      const rows: number[] = [];
      const readers = [0, 1, 2].map(() => readCsvShares('nk.csv', { zone: ZONE }));
      for await (const s of shareCsv(bytes(text, 50), 'nk.csv', { zone: ZONE }, 3)) {
        if ('header' in s) readers.forEach((r) => r.header(s.header));
        else
          readers.forEach((r, i) => {
            const b = r.records(s.bytes, s.parts[i]);
            errors[i].push(...b.errors.map((e) => e.row));
            rows.push(...b.rowNumbers());
          });
      }
      expect(errors).toEqual([[9], [], []]);
      expect(rows.sort((a, b) => a - b)).toEqual((await read(text)).events.map((e) => e.row));
    });

    it('says a gzip-compressed or UTF-16 file is not a CSV log, naming the file', async () => {
      const utf16 = Buffer.from('\uFEFF' + [H, row(1)].join('\r\n'), 'utf16le');
      const gzip = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]);
      for (const [file, why] of [
        [utf16, 'nk.csv: the file is UTF-16 or UTF-32 text, not UTF-8: save it as UTF-8'],
        [gzip, 'nk.csv: the file is compressed (gzip): decompress it first'],
      ] as const) {
        const failed = read(file).then(
          () => undefined,
          (err: unknown) => err,
        );
        await expect(failed).resolves.toBeInstanceOf(LogFileError);
        expect(((await failed) as Error).message).toBe(why);
      }
    });

    it('reports a line longer than 16 MiB and reads the next, and refuses a file whose first 16 MiB hold no line end', async () => {
      // a line is known to be too long once 16 MiB of it are read without its end
      const long = 'x'.repeat(18 << 20);
      const { events, errors } = await read([H, row(1), long, row(3)].join('\n'), 1 << 20);
      expect(events.map((e) => e.row)).toEqual([2, 4]);
      expect(errors.map((e) => [e.row, e.field])).toEqual([[3, 'csv']]);
      await expect(read(long, 1 << 20)).rejects.toThrow('nk.csv: row 1: no line end in the first 16 MiB: is this a CSV file?');
    });
  });
});
