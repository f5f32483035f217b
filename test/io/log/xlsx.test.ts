import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LogFileError } from '../../../src/io/located.js';
import { readXlsx, writeXlsx } from '../../../src/io/log/xlsx.js';
import { SAMPLE, ZONE, bytes, kept, readAll } from './fixtures.js';

const read = (book: Uint8Array, opts: Parameters<typeof readXlsx>[2] = { zone: ZONE }) => readAll(readXlsx(bytes(book, 4096), 'nhat-ky.xlsx', opts));

/** A workbook as a user's spreadsheet might be: rows given cell by cell, dates as Excel dates. */
async function book(sheets: Record<string, unknown[][]>, dateFormat = 'dd/mm/yyyy hh:mm'): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    rows.forEach((cells, i) =>
      cells.forEach((v, j) => {
        if (v === undefined) return;
        const cell = ws.getCell(i + 1, j + 1);
        cell.value = v as ExcelJS.CellValue;
        if (v instanceof Date) cell.numFmt = dateFormat;
      }),
    );
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
/** Excel's date for a wall-clock time: exceljs stores the Date's UTC fields. */
const wall = (local: string) => new Date(local.replace(' ', 'T') + 'Z');
const HEAD = ['Mã hồ sơ', 'Thời điểm', 'Cán bộ', 'Vai trò', 'Thao tác', 'Thủ tục', 'Đơn vị'];

describe('XLSX logs', () => {
  it('reads back a workbook made by writeXlsx: date cells shown in Vietnam time, Vietnamese headers', async () => {
    const { events, errors } = await read(await writeXlsx(SAMPLE, { lang: 'vi' }));
    expect(errors).toEqual([]);
    expect(events.map(kept)).toEqual(SAMPLE.map(kept));
    // the header is sheet row 1, so the first event is row 2 as Excel numbers it
    expect(events.map((e) => e.row)).toEqual(SAMPLE.map((_, i) => i + 2));
    expect(events[0].at).toBe('2024-09-17T14:05:00+07:00');
  });

  it('reads back a workbook with times written as ISO text', async () => {
    const { events, errors } = await read(await writeXlsx(SAMPLE, { times: 'text' }));
    expect(errors).toEqual([]);
    expect(events.map(kept)).toEqual(SAMPLE.map(kept));
  });

  it('shows the wall-clock time of Vietnam in the date cells it writes', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeXlsx(SAMPLE.slice(0, 1))) as unknown as ExcelJS.Buffer);
    const cell = wb.worksheets[0].getCell('B2');
    expect((cell.value as Date).toISOString()).toBe('2024-09-17T14:05:00.000Z');
    expect(cell.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('reads a spreadsheet typed by hand: date cells as local time, text times, numbers, rich text and formulas', async () => {
    const wb = await book({
      'Nhật ký': [
        HEAD,
        ['HS-1', wall('2024-09-17 14:05'), 'Lê Thị Mai', 'VP-TK', 'receive', 'A', 'Xã Hòa Tú 1'],
        ['HS-2', '17/09/2024 14:06', { richText: [{ text: 'Phạm ' }, { font: { bold: true }, text: 'Văn Lộc' }] }, 'tp-ht', 'appraise', 'A', ''],
        [1024, '2024-09-17 14:07', 'ct', 'CT', 'sign', { formula: '"A"', result: 'A' }],
      ],
    });
    const { events, errors } = await read(wb);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.row, e.dossier, e.ms, e.official, e.role, e.procedure, e.unit])).toEqual([
      [2, 'HS-1', Date.parse('2024-09-17T07:05:00Z'), 'Lê Thị Mai', 'VP-TK', 'A', 'Xã Hòa Tú 1'],
      [3, 'HS-2', Date.parse('2024-09-17T07:06:00Z'), 'Phạm Văn Lộc', 'TP-HT', 'A', ''],
      [4, '1024', Date.parse('2024-09-17T07:07:00Z'), 'ct', 'CT', 'A', ''],
    ]);
  });

  it('reads a time column holding bare Excel serial numbers as dates', async () => {
    // 45552.5868055... is 2024-09-17 14:05 in Excel's day count
    const serial = 25_569 + Date.parse('2024-09-17T14:05:00Z') / 86_400_000;
    const { events, errors } = await read(await book({ Log: [HEAD, ['HS-1', serial, 'vptk', 'VP-TK', 'receive', 'A']] }));
    expect(errors).toEqual([]);
    expect(events[0].ms).toBe(Date.parse('2024-09-17T07:05:00Z'));
  });

  it('reads only the first worksheet, finds a header below empty rows and skips empty rows, keeping sheet row numbers', async () => {
    const wb = await book({
      'Nhật ký': [
        [],
        [],
        HEAD,
        ['HS-1', '2024-09-17 14:05', 'vptk', 'VP-TK', 'receive', 'A'],
        [],
        ['HS-2', '2024-09-17 14:06', 'vptk', 'VP-TK', 'receive', 'A'],
      ],
      'Ghi chú': [HEAD, ['HS-9', '2024-09-17 14:05', 'vptk', 'VP-TK', 'receive', 'A']],
    });
    const { events, errors } = await read(wb);
    expect(errors).toEqual([]);
    expect(events.map((e) => [e.row, e.dossier])).toEqual([
      [4, 'HS-1'],
      [6, 'HS-2'],
    ]);
  });

  it('reports each bad row with its sheet row number and field, and reads the others', async () => {
    const wb = await book({
      Log: [
        HEAD,
        ['HS-1', '2024-09-17 14:05', 'vptk', 'VP-TK', 'receive', 'A'],
        ['HS-2', '2024-09-17 14:06', undefined, 'VP-TK', 'receive', 'A'],
        ['HS-3', 'sáng nay', 'vptk', 'VP-TK', 'receive', 'A'],
        ['HS-4', '2024-09-17 14:08', 'vptk', 'Thủ quỹ', 'receive', 'A'],
        ['HS-5', '2024-09-17 14:09', 'vptk', 'VP-TK', 'receive', { error: '#N/A' }],
        ['HS-6', '2024-09-17 14:10', 'vptk', 'VP-TK', 'receive', 'A'],
      ],
    });
    const { events, errors } = await read(wb);
    expect(events.map((e) => [e.row, e.dossier])).toEqual([
      [2, 'HS-1'],
      [6, 'HS-5'],
      [7, 'HS-6'],
    ]);
    expect(events[1].procedure).toBe('#N/A');
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'official'],
      [4, 'at'],
      [5, 'role'],
    ]);
  });

  it('reports data that is not JSON in the data column', async () => {
    const wb = await book({
      Log: [
        [...HEAD, 'Dữ liệu'],
        ['HS-1', '2024-09-17 14:05', 'vptk', 'VP-TK', 'receive', 'A', '', '{soTrang: 3}'],
      ],
    });
    expect((await read(wb)).errors.map((e) => [e.row, e.field])).toEqual([[2, 'data']]);
  });

  it('reads headers named with --columns', async () => {
    const wb = await book({
      Log: [
        ['Số HS', 'Ngày xử lý', 'Cán bộ', 'Vai trò', 'Thao tác', 'Thủ tục'],
        ['HS-1', '2024-09-17 14:05', 'vptk', 'VP-TK', 'receive', 'A'],
      ],
    });
    await expect(read(wb)).rejects.toThrow(/nhat-ky\.xlsx: row 1: the header has no column for dossier, at/);
    const { events } = await read(wb, { zone: ZONE, columns: { dossier: 'Số HS', at: 'Ngày xử lý' } });
    expect(events.map((e) => e.dossier)).toEqual(['HS-1']);
  });

  it('refuses a file that is not a workbook, naming the file', async () => {
    await expect(read(new TextEncoder().encode('Mã hồ sơ,Thời điểm\nHS-1,2024-09-17 14:05\n'))).rejects.toThrow(/^nhat-ky\.xlsx: /);
  });

  it('refuses a workbook whose first sheet is empty', async () => {
    await expect(read(await book({ Log: [] }))).rejects.toThrow('nhat-ky.xlsx: the first worksheet is empty (no header row)');
  });

  it('names a workbook whose compressed sheet is damaged as a bad file, instead of waiting for ever', async () => {
    const whole = Buffer.from(await writeXlsx(SAMPLE));
    // a byte of the worksheet's deflated data, past its local header
    const sheet = whole.indexOf('xl/worksheets/sheet1.xml');
    for (const past of [40, 60, 90]) {
      const damaged = Buffer.from(whole);
      damaged[sheet + past] ^= 0x55;
      const failure = read(damaged);
      await expect(failure).rejects.toBeInstanceOf(LogFileError);
      await expect(failure).rejects.toThrow(/^nhat-ky\.xlsx: not a readable XLSX workbook \(/);
    }
  }, 10_000);

  it('says a file that is not a workbook is a bad file (LogFileError)', async () => {
    await expect(read(new TextEncoder().encode('dossier,at\n'))).rejects.toBeInstanceOf(LogFileError);
    await expect(read(await book({ Log: [] }))).rejects.toBeInstanceOf(LogFileError);
  });
});
