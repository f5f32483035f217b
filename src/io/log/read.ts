import type { LogItem } from '../../model/log.js';
import { readCsv } from './csv.js';
import { logFormatOf, type LogFormat } from './detect.js';
import { readJsonl } from './jsonl.js';
import type { LogField } from './normalize.js';
import { readXes } from './xes.js';
import { readXlsx } from './xlsx.js';

/** What every log reader is: bytes in, batches of rows out. */
export type LogReader = (
  source: AsyncIterable<Uint8Array | string>,
  file: string,
  opts: { zone: string; columns?: Partial<Record<LogField, string>> },
) => AsyncGenerator<LogItem[]>;

const READERS: Record<LogFormat, LogReader> = { csv: readCsv, jsonl: readJsonl, xlsx: readXlsx, xes: readXes };

/**
 * The reader for a log file, chosen by its extension; throws an Error naming the file for others.
 * @example const { format, read } = logReaderFor('nhat-ky.xlsx') // format 'xlsx'
 */
export function logReaderFor(file: string): { format: LogFormat; read: LogReader } {
  const format = logFormatOf(file);
  return { format, read: READERS[format] };
}

/**
 * Counts the bytes that go through a stream into `seen.bytes`, for a progress bar.
 * @example for await (const b of readCsvColumns(counted(createReadStream(f), seen), f, opts)) bar(seen.bytes)
 */
export async function* counted(source: AsyncIterable<Uint8Array>, seen: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    seen.bytes += chunk.length;
    yield chunk;
  }
}
