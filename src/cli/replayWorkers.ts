import { Auditor } from '../audit/audit.js';
import { makeRegistry } from '../engine/registry.js';
import { readCsvShares, shareCsv } from '../io/log/csv.js';
import { LogFileError } from '../io/located.js';
import { makeCalendar } from '../time/calendar.js';
import { counted } from '../io/log/read.js';
import type { AuditResult } from '../audit/audit.js';
import { fromWire, mergeAudits, type AuditWire } from '../audit/merge.js';
import type { LogField } from '../io/log/normalize.js';
import type { ProcedureDecl } from '../model/procedure.js';
import type { CalendarData } from '../time/calendar.js';
import type { CliIO, CliThread } from './io.js';

export interface WorkerInput {
  file: string;
  part: number;
  parts: number;
  zone: string;
  columns?: Partial<Record<LogField, string>>;
  procedures: ProcedureDecl[];
  calendar: CalendarData;
  /** minutes that replace every step's declared time box (--time-box); undefined: each step's own */
  timeBoxMinutes?: number;
}

/** What a worker says: rows audited so far (after each share), the end of its part of the log, its result. */
export type WorkerMessage =
  | { type: 'progress'; rows: number }
  | { type: 'read'; end?: number }
  | { type: 'result'; result: AuditWire }
  /** `file`: the error was the log file's (a LogFileError), not a bug */
  | { type: 'error'; message: string; file?: boolean };

/** What a worker is sent: the header, its records of each chunk, then "all read", then the log's end. */
export type ToWorker =
  { type: 'header'; line: string } | { type: 'share'; bytes: Uint8Array; records: Int32Array } | { type: 'read' } | { type: 'finish'; end?: number };

/** Chunks sent to a worker and not yet audited, at most: memory stays a few chunks whatever the file. */
const IN_FLIGHT = 8;

/**
 * The error a log reader threw, typed for the CLI: the readers' own errors (plain Errors naming
 * the file: no header row, not a workbook, malformed XML) become a LogFileError. A failed read
 * (it has an errno code: ENOENT, EISDIR, EACCES, which tthc main names) and a bug (TypeError,
 * RangeError, ...) are left as they are. Call it only on what a reader threw, never on what the
 * audit of its rows threw: that the error came from reading is what makes it the file's fault.
 * @example try { reader.header(line) } catch (err) { throw typedReadError(err) }
 */
export function typedReadError(err: unknown): unknown {
  return err instanceof Error && err.constructor === Error && !('code' in err) ? new LogFileError(err.message, { cause: err }) : err;
}

/**
 * A reader's batches as they come, its errors typed by typedReadError: an error thrown by the
 * code that consumes the batches does not go through here, so it stays what it is.
 * @example for await (const batch of readingLog(readCsv(stream, file, opts))) auditor.push(batch)
 */
export async function* readingLog<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* batches;
  } catch (err) {
    throw typedReadError(err);
  }
}

/**
 * One step of a reader, run now, its error typed by typedReadError.
 * @example auditor.push(reading(() => reader.records(bytes, records)))
 */
export function reading<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw typedReadError(err);
  }
}

/** The auditor of one partition of a log and the reader of its records: a worker's, or this thread's own. */
export function partAuditor(input: Omit<WorkerInput, 'part'>) {
  return {
    auditor: new Auditor({ registry: makeRegistry(input.procedures), calendar: makeCalendar(input.calendar), timeBoxMinutes: input.timeBoxMinutes }),
    reader: readCsvShares(input.file, { zone: input.zone, columns: input.columns }),
  };
}

/** What auditInWorkers needs of the CLI's I/O: the file's bytes, and threads. */
export type ThreadedIO = Required<Pick<CliIO, 'readStream' | 'startThread'>>;

/**
 * The I/O can read a file in pieces and start threads (the real one can; a test's in-memory one may not).
 * @example if (offersThreads(io)) result = await auditInWorkers(io, input)
 */
export const offersThreads = <IO extends CliIO>(io: IO): io is IO & ThreadedIO => Boolean(io.readStream && io.startThread);

/**
 * Audits a CSV log on `parts` threads and merges the results: the same result as one thread,
 * in less time on a machine with more than one core. This thread reads the file once, finds
 * each record's dossier partition (shareCsv) and audits partition 0 itself; each of `parts` - 1
 * workers parses and audits only the records of its partition, so no row is parsed twice.
 * A bad file (no header row...) is thrown as a LogFileError, from whichever thread saw it.
 * @example const result = await auditInWorkers(io, { file, parts: 2, ... }, (rows, frac) => bar.tick(rows))
 */
export async function auditInWorkers(
  io: ThreadedIO,
  base: Omit<WorkerInput, 'part'>,
  onProgress?: (rows: number, fraction: number, size: number) => void,
  size = 0,
): Promise<AuditResult> {
  // compiled: the .js beside this file; under the test runner: the .ts source
  const url = new URL(`./replayWorker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  const rows = new Array<number>(base.parts).fill(0);
  const inFlight = new Array<number>(base.parts).fill(0);
  // worker k audits partition k + 1; this thread audits partition 0 between chunks
  const own = partAuditor(base);
  const workers = Array.from({ length: base.parts - 1 }, (_, k) => io.startThread(url, { ...base, part: k + 1 } satisfies WorkerInput));
  let failed: ((err: Error) => void) | undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => undefined);
  // one listener per worker for its whole life; each phase waits on its own promise
  let wake: (() => void) | undefined;
  const ends: Promise<number | undefined>[] = [];
  const results: Promise<AuditResult>[] = [];
  const seen = { bytes: 0 };
  /** rows audited by every thread, and how far the file is read */
  const tell = () =>
    onProgress?.(
      rows.reduce((a, b) => a + b, 0),
      size ? seen.bytes / size : 0,
      size,
    );
  workers.forEach((w, k) => {
    const i = k + 1;
    let readDone!: (end: number | undefined) => void;
    let resultDone!: (r: AuditResult) => void;
    ends.push(new Promise((resolve) => (readDone = resolve)));
    results.push(new Promise((resolve) => (resultDone = resolve)));
    w.onError((err) => failed!(err));
    w.onExit((code) => code !== 0 && failed!(new Error(`replay worker ${i} stopped (exit ${code})`)));
    w.onMessage((message) => {
      const m = message as WorkerMessage;
      if (m.type === 'progress') {
        rows[i] = m.rows;
        inFlight[i]--;
        wake?.();
        tell();
      } else if (m.type === 'read') readDone(m.end);
      else if (m.type === 'result') resultDone(fromWire(m.result));
      else failed!(m.file ? new LogFileError(m.message) : new Error(m.message));
    });
  });
  const post = (w: CliThread, m: ToWorker, transfer?: ArrayBuffer[]) => w.post(m, transfer);
  try {
    for await (const s of readingLog(shareCsv(counted(io.readStream(base.file), seen), base.file, { zone: base.zone, columns: base.columns }, base.parts))) {
      if ('header' in s) {
        reading(() => own.reader.header(s.header));
        for (const w of workers) post(w, { type: 'header', line: s.header });
        continue;
      }
      // the reader waits for the slowest worker: memory holds a few chunks, not the file
      while (inFlight.some((n) => n >= IN_FLIGHT)) await Promise.race([new Promise<void>((resolve) => (wake = resolve)), failure]);
      workers.forEach((w, k) => {
        inFlight[k + 1]++;
        // each worker gets the chunk's bytes as its own copy, moved, not copied again
        const bytes = new Uint8Array(s.bytes);
        post(w, { type: 'share', bytes, records: s.parts[k + 1] }, [bytes.buffer, s.parts[k + 1].buffer as ArrayBuffer]);
      });
      // this thread's own share, read where it lies while the workers read theirs
      own.auditor.push(reading(() => own.reader.records(s.bytes, s.parts[0])));
      rows[0] = own.auditor.rows;
      tell();
    }
    for (const w of workers) post(w, { type: 'read' });
    const known = [own.auditor.end, ...(await Promise.race([Promise.all(ends), failure]))].filter((e): e is number => e !== undefined);
    const end = known.length ? Math.max(...known) : undefined;
    for (const w of workers) post(w, { type: 'finish', end });
    const mine = own.auditor.finish(end);
    return mergeAudits([mine, ...(await Promise.race([Promise.all(results), failure]))]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
