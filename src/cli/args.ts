import { InputError } from '../io/located.js';
import type { Lang } from '../model/text.js';
import { UsageError, type CliIO } from './io.js';

/**
 * Checks a flag's value against its allowed values.
 * @example oneOf('--format', 'xml', ['table', 'json']) // throws UsageError: --format must be one of table, json (got "xml")
 */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** Why the file system refused a write, in words, by its errno code. */
const WRITE_REFUSED: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EBUSY: 'it is busy',
};

/**
 * The error to show for a report that could not be written to `out`: a file system's refusal
 * (an errno code) becomes an InputError naming the path (tthc main prints it, exit 1); anything
 * else is left as it is.
 * @example throw cannotWrite('missing/report.json', err) // "missing/report.json: cannot write the report there: its folder does not exist"
 */
export function cannotWrite(out: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return err;
  return new InputError([{ file: out, path: '', message: `cannot write the report there: ${WRITE_REFUSED[code] ?? (err as Error).message}` }]);
}

/**
 * Writes a report to --out (atomically, saying so on stderr) or to the screen. A refused write
 * is an InputError naming the path (see cannotWrite), and leaves no temp file.
 * @example await emitReport(io, values.out, text, 'vi')
 */
export async function emitReport(io: CliIO, out: string | undefined, text: string, lang: Lang): Promise<void> {
  if (!out) return io.stdout(text);
  try {
    await io.writeFile(out, text);
  } catch (err) {
    throw cannotWrite(out, err);
  }
  io.stderr(`${lang === 'vi' ? 'Đã ghi báo cáo' : 'Report written to'} ${out}\n`);
}
