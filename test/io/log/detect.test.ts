import { describe, expect, it } from 'vitest';
import { logFormatOf } from '../../../src/io/log/detect.js';

describe('log format from the file name', () => {
  it('knows each format by its extension, whatever the case', () => {
    expect(['a.csv', 'nhat-ky/2024-09.JSONL', 'x.ndjson', 'Sổ theo dõi.xlsx', 'log.xes', 'C:\\logs\\prom.XML'].map(logFormatOf)).toEqual([
      'csv',
      'jsonl',
      'jsonl',
      'xlsx',
      'xes',
      'xes',
    ]);
  });

  it('names the file and the accepted extensions when it cannot tell', () => {
    expect(() => logFormatOf('logs/2024.tsv')).toThrow(
      'logs/2024.tsv: cannot tell the log format from the extension ".tsv" (tab-separated files are not read; save it as .csv (comma or semicolon)); name the file .csv, .jsonl (or .ndjson), .xlsx or .xes (or .xml)',
    );
    expect(() => logFormatOf('so-theo-doi.xls')).toThrow(/so-theo-doi\.xls: .*save it as \.xlsx/);
    expect(() => logFormatOf('logs.d/export')).toThrow(/logs\.d\/export: cannot tell the log format from a name without an extension/);
    expect(() => logFormatOf('.jsonl')).toThrow(/a name without an extension/);
  });
});
