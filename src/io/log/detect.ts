/** The recorded-log formats the readers understand. */
export type LogFormat = 'csv' | 'jsonl' | 'xlsx' | 'xes';

const BY_EXTENSION: Record<string, LogFormat> = {
  csv: 'csv',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  xlsx: 'xlsx',
  xes: 'xes',
  xml: 'xes',
};

const HINTS: Record<string, string> = {
  xls: 'open it in Excel and save it as .xlsx',
  tsv: 'tab-separated files are not read; save it as .csv (comma or semicolon)',
  json: 'a log is one JSON object per line: name it .jsonl',
  gz: 'decompress it first',
  zip: 'decompress it first',
};

/**
 * A log's format from its file name's extension (case ignored): .csv; .jsonl or .ndjson;
 * .xlsx; .xes or .xml. Anything else is an Error naming the file and the extensions accepted.
 * @example logFormatOf('nhat-ky/2024-09.ndjson') // 'jsonl'
 */
export function logFormatOf(path: string): LogFormat {
  const name = path.replace(/^.*[\\/]/, '');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const format = BY_EXTENSION[ext];
  if (format) return format;
  const hint = HINTS[ext] ? ` (${HINTS[ext]})` : '';
  throw new Error(
    `${path}: cannot tell the log format from ${ext ? `the extension ".${ext}"` : 'a name without an extension'}${hint}; ` +
      'name the file .csv, .jsonl (or .ndjson), .xlsx or .xes (or .xml)',
  );
}

/**
 * Why the first bytes of a log file show it is not UTF-8 text, or undefined when they may be:
 * compressed (gzip, ZIP), or UTF-16 or UTF-32 text (a byte order mark, or a NUL in every other
 * byte). A reader says it once, naming the file, instead of a row error per line.
 * @example notTextBecause(Buffer.from([0x1f, 0x8b, 8, 0])) // 'the file is compressed (gzip): decompress it first'
 */
export function notTextBecause(b: Uint8Array): string | undefined {
  if (b[0] === 0x1f && b[1] === 0x8b) return 'the file is compressed (gzip): decompress it first';
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) return 'the file is a ZIP archive (an XLSX workbook?): unzip it, or name a workbook .xlsx';
  const bom16 = (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
  let nul = 0;
  const n = Math.min(b.length, 64);
  for (let i = 0; i < n; i++) if (b[i] === 0) nul++;
  if (bom16 || (n >= 4 && nul * 4 >= n)) return 'the file is UTF-16 or UTF-32 text, not UTF-8: save it as UTF-8';
  return undefined;
}
