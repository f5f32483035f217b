import { UsageError } from './io.js';

/**
 * Checks a flag's value against its allowed values.
 * @example oneOf('--format', 'xml', ['table', 'json']) // throws UsageError: --format must be one of table, json (got "xml")
 */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}
