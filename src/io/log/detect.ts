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
