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

/**
 * Writes a report to --out (atomically, saying so on stderr) or to the screen.
 * @example await emitReport(io, values.out, text, 'vi')
 */
export async function emitReport(io: CliIO, out: string | undefined, text: string, lang: Lang): Promise<void> {
  if (!out) return io.stdout(text);
  await io.writeFile(out, text);
  io.stderr(`${lang === 'vi' ? 'Đã ghi báo cáo' : 'Report written to'} ${out}\n`);
}
