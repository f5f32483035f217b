import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOG_COLUMNS, LOG_HEADERS, writeCsv } from '../../../src/io/log/csvWriter.js';
import { mapHeader } from '../../../src/io/log/normalize.js';
import type { LogItem } from '../../../src/model/log.js';
import { SAMPLE, ZONE, bytes, ev, kept, readAll, textSink } from './fixtures.js';

type Reader = (source: AsyncIterable<Uint8Array | string>, file: string, opts: { zone: string }) => AsyncGenerator<LogItem[]>;
// the CSV reader is the lead's file: the round trips run once it exists
const hasReader = existsSync(new URL('../../../src/io/log/csv.ts', import.meta.url));
const readCsv = async (): Promise<Reader> => ((await import('../../../src/io/log/csv.js')) as { readCsv: Reader }).readCsv;

const written = async (events = SAMPLE, opts: Parameters<typeof writeCsv>[2] = {}) => {
  const out = textSink();
  await writeCsv(events, out.sink, opts);
  return out.text();
};

/** The CSV's records split into cells (RFC 4180), for looking at what Excel would see. */
function cells(text: string, sep = ','): string[][] {
  const rows: string[][] = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) (rows[rows.length - 1].push(cell), (cell = ''));
    else if (c === '\r' && text[i + 1] === '\n') (rows[rows.length - 1].push(cell), (cell = ''), rows.push([]), i++);
    else cell += c;
  }
  return rows.slice(0, -1);
}

describe('CSV log writer', () => {
  it('writes a header and one row per event, with times in Vietnam time and data as JSON', async () => {
    const text = await written(SAMPLE.slice(0, 2));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(cells(text.slice(1))).toEqual([
      ['dossier', 'at', 'official', 'role', 'action', 'procedure', 'unit', 'data'],
      ['HS-101', '2024-09-17T14:05:00+07:00', 'tckt', 'TC-KT', 'submit', 'A', 'Xã Hòa Tú 1', '{"ghiChu":"Nộp trực tuyến","soBan":2}'],
      ['HS-101', '2024-09-17T14:06:00+07:00', 'tckt', 'TC-KT', 'pay', 'A', 'Xã Hòa Tú 1', ''],
    ]);
  });

  it('writes Vietnamese headers with semicolons and no byte-order mark when asked', async () => {
    const text = await written(SAMPLE.slice(0, 1), { lang: 'vi', sep: ';', bom: false });
    expect(text.split('\r\n')[0]).toBe('Mã hồ sơ;Thời điểm;Cán bộ;Vai trò;Thao tác;Thủ tục;Đơn vị;Dữ liệu');
  });

  it('uses headers the log readers recognise, in both languages', () => {
    for (const lang of ['en', 'vi'] as const) {
      const headers = LOG_COLUMNS.map((f) => LOG_HEADERS[lang][f]);
      expect(mapHeader(headers)).toEqual({ ok: true, index: Object.fromEntries(LOG_COLUMNS.map((f, i) => [f, i])) });
    }
  });

  it('stops names from the log running as formulas when the file is opened in Excel', async () => {
    const hostile = [
      ev('=HYPERLINK("http://x","HS")', '2024-09-17 14:05', "=cmd|' /C calc'!A0", 'VP-TK', '+SUM(A1:A9)', { unit: '@xã', procedure: '-1+1' }),
      ev('HS-1', '2024-09-17 14:06', '\t=1+1', 'VP-TK', '\r=1', { data: { x: '=1' } }),
    ];
    for (const sep of [',', ';'] as const) {
      const rows = cells(await written(hostile, { sep, bom: false }), sep).slice(1);
      for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(rows[0][0]).toBe('\'=HYPERLINK("http://x","HS")');
      expect(rows[0][4]).toBe("'+SUM(A1:A9)");
    }
  });

  it('keeps numbers that merely start with a minus sign as they are', async () => {
    const rows = cells(await written([ev('-42', '2024-09-17 14:05', 'vptk', 'VP-TK', 'receive')], { bom: false }));
    expect(rows[1][0]).toBe('-42');
  });

  it.skipIf(!hasReader)('reads back every event it wrote, in either language and separator', async () => {
    const read = await readCsv();
    for (const opts of [{}, { lang: 'vi', sep: ';' }, { lang: 'vi', bom: false }, { sep: ';', bom: false }] as const) {
      for (const size of [3, 4096]) {
        const { events, errors } = await readAll(read(bytes(await written(SAMPLE, opts), size), 'nhat-ky.csv', { zone: ZONE }));
        expect(errors).toEqual([]);
        expect(events.map(kept)).toEqual(SAMPLE.map(kept));
      }
    }
  });

  it.skipIf(!hasReader)('keeps Vietnamese diacritics, quotes, separators and line breaks in names through a round trip', async () => {
    const read = await readCsv();
    const odd = [
      ev('HS-"A";1', '2024-09-17 14:05', 'Nguyễn Thị "Út", tổ 3', 'ĐC-XD', 'submit', {
        unit: 'Ấp Hòa Lộc;\r\nxã Đại Ân 2',
        data: { ghiChu: 'dòng 1\ndòng 2, "trích"' },
      }),
      ev('HS-2', '2024-09-17 14:06', 'Trần Thị Kim Ngọc', 'PCT', 'sign'),
    ];
    const { events, errors } = await readAll(read(bytes(await written(odd), 5), 'f.csv', { zone: ZONE }));
    expect(errors).toEqual([]);
    expect(events.map(kept)).toEqual(odd.map(kept));
  });
});
