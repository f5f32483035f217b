import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';

/** A user's mistake in an input file, located well enough to fix it. */
export interface LocatedError {
  file: string;
  line?: number;
  column?: number;
  /** path of the field, e.g. "timeline[3].official" */
  path: string;
  message: string;
}

/** An input error carrying every located problem found; the CLI prints them, never a stack. */
export class InputError extends Error {
  constructor(readonly errors: LocatedError[]) {
    super(errors.map(formatLocated).join('\n'));
    this.name = 'InputError';
  }
}

/**
 * A log file that cannot be read as a log (no header row, not a workbook, malformed XML): the
 * file's fault, not the program's. Its message names the file; the CLI prints it as it is, exit 1.
 * @example throw new LogFileError('nhat-ky.csv: the file is empty (no header row)')
 */
export class LogFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LogFileError';
  }
}

/**
 * One line per error: "file:line:col: path: message".
 * @example formatLocated({ file: 's.yaml', line: 12, column: 5, path: 'timeline[3].official', message: 'unknown official "vp2"' })
 * // 's.yaml:12:5: timeline[3].official: unknown official "vp2"'
 */
export function formatLocated(e: LocatedError): string {
  const where = e.line ? `${e.file}:${e.line}${e.column ? `:${e.column}` : ''}` : e.file;
  return `${where}: ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

/** A parsed YAML or JSON text that can say where any path of it sits. */
export interface SourceDoc {
  file: string;
  doc: Document;
  data: unknown;
  /** builds a located error for a path into the data */
  at(path: ReadonlyArray<string | number>, message: string): LocatedError;
}

export const pathText = (path: ReadonlyArray<PropertyKey>) =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');

/**
 * Parses YAML or JSON (JSON is YAML) keeping positions; syntax errors are thrown located, and so
 * are text that is not UTF-8 and a YAML alias bomb.
 * @example const src = readSource('rounds/xa-a.yaml', text); src.at(['officials', 2, 'role'], 'unknown role')
 */
export function readSource(file: string, text: string): SourceDoc {
  const lines = new LineCounter();
  const body = text.replace(/^\uFEFF/, '');
  const encoding = encodingProblem(file, body);
  if (encoding) throw new InputError([encoding]);
  // logLevel 'error': the yaml package would print its warnings (a key that is a list) on the process's own stderr
  const doc = parseDocument(body, { lineCounter: lines, prettyErrors: false, logLevel: 'error' });
  if (doc.errors.length) {
    throw new InputError(
      doc.errors.map((err) => {
        const pos = lines.linePos(err.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: err.message.split('\n')[0] };
      }),
    );
  }
  if (doc.contents === null) throw new InputError([{ file, path: '', message: 'the file is empty' }]);
  const at = (path: ReadonlyArray<string | number>, message: string): LocatedError => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { file, line: pos.line, column: pos.col, path: pathText(path), message };
      }
    }
    return { file, path: pathText(path), message };
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // the yaml package refuses an alias expanded too often (a "billion laughs" file) with a ReferenceError
    if (!(err instanceof ReferenceError)) throw err;
    throw new InputError([{ file, path: '', message: `its aliases (*name) expand too often (more than ${MAX_ALIAS_COUNT} times): write the values out` }]);
  }
  return { file, doc, data, at };
}

/** How often the YAML aliases of one file may be expanded, all told; the bundled files use none. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Where a text read as UTF-8 shows that it was not: a replacement character (U+FFFD, what a
 * lenient reader puts for bytes that are not UTF-8, such as Latin-1 or Windows-1258 accents) or a
 * zero character (UTF-16 writes one beside every ASCII letter). Undefined for good text.
 * @example encodingProblem('s.yaml', 'name: Nguy\uFFFDn') // { file: 's.yaml', line: 1, column: 11, ... }
 */
export function encodingProblem(file: string, text: string): LocatedError | undefined {
  const bad = text.search(/[\uFFFD\u0000]/);
  if (bad < 0) return undefined;
  const before = text.slice(0, bad);
  const line = before.split('\n').length;
  const column = bad - before.lastIndexOf('\n');
  const utf16 = text.includes('\u0000');
  const message = utf16
    ? 'the file is UTF-16 (or binary), not UTF-8 text: save it as UTF-8'
    : 'the file is not UTF-8 text (Latin-1 or Windows-1258?), or holds a replacement character (U+FFFD): save it as UTF-8';
  return utf16 ? { file, path: '', message } : { file, line, column, path: '', message };
}
/**
 * Validates parsed data with a zod schema; every issue becomes a located error.
 * @example const decl = validate(src, procedureSchema)
 */
export function validate<S extends z.ZodType>(src: SourceDoc, schema: S): z.output<S> {
  const errors: LocatedError[] = [];
  const value = check(src, schema, src.data, [], errors);
  if (errors.length) throw new InputError(errors);
  return value as z.output<S>;
}

/**
 * Validates one part of a document, adding its problems (located under `path`) to `errors`;
 * returns the value, or undefined when it has problems. Lets a reader report every bad item
 * of a list at once instead of stopping at the first.
 * @example const o = check(src, officialSchema, data.officials[2], ['officials', 2], errors)
 */
export function check<S extends z.ZodType>(
  src: SourceDoc,
  schema: S,
  data: unknown,
  path: (string | number)[],
  errors: LocatedError[],
): z.output<S> | undefined {
  // the object schema that refused a key knows the keys it accepts: kept for "did you mean"
  const accepted = new WeakMap<readonly string[], string[]>();
  const res = schema.safeParse(data, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') accepted.set(issue.keys, Object.keys((issue.inst as { shape?: object } | undefined)?.shape ?? {}));
      return undefined;
    },
  });
  if (res.success) return res.data;
  for (const issue of res.error.issues) {
    const at = [...path, ...(issue.path as (string | number)[])];
    // point at the misspelt key itself, not at the object holding it
    if (issue.code === 'unrecognized_keys')
      for (const k of issue.keys) {
        const near = closest(k, accepted.get(issue.keys) ?? []);
        errors.push(src.at([...at, k], `unknown field "${k}"${near ? `: did you mean ${near}?` : ''}`));
      }
    else errors.push(src.at(at, issue.message));
  }
  return undefined;
}

/**
 * The known word a misspelt one most likely meant: the nearest by edit distance (letter case
 * aside), when it is near enough to be a slip rather than another word.
 * @example closest('timeBoxMinute', ['id', 'timeBoxMinutes', 'status']) // 'timeBoxMinutes'
 * @example closest('colour', ['id', 'name']) // undefined
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Levenshtein distance: the fewest letters to insert, delete or replace to turn one word into another.
 * @example editDistance('holiday', 'holidays') // 1
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
