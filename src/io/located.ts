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
 * Parses YAML or JSON (JSON is YAML) keeping positions; syntax errors are thrown located.
 * @example const src = readSource('rounds/xa-a.yaml', text); src.at(['officials', 2, 'role'], 'unknown role')
 */
export function readSource(file: string, text: string): SourceDoc {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false });
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
  return { file, doc, data: doc.toJS(), at };
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
  const res = schema.safeParse(data);
  if (res.success) return res.data;
  for (const issue of res.error.issues) {
    const at = [...path, ...(issue.path as (string | number)[])];
    // point at the misspelt key itself, not at the object holding it
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
    if (keys.length) for (const k of keys) errors.push(src.at([...at, k], `unknown field "${k}"`));
    else errors.push(src.at(at, issue.message));
  }
  return undefined;
}
