import { parseArgs } from 'node:util';
import { Auditor, type AuditResult } from '../audit/audit.js';
import { makeRegistry } from '../engine/registry.js';
import { DEFAULT_TIME_BOX } from '../model/timeBox.js';
import { parseColumns, type LogField } from '../io/log/normalize.js';
import { writeXes } from '../io/log/xes.js';
import { zoneTime } from '../io/log/isoTime.js';
import type { LogColumns } from '../io/log/columns.js';
import { readCsvColumns } from '../io/log/csv.js';
import { counted, logReaderFor, type LogReader } from '../io/log/read.js';
import { LogFileError } from '../io/located.js';
import type { LogEvent, LogItem } from '../model/log.js';
import type { Lang } from '../model/text.js';
import { renderAuditCsv, renderAuditJson, renderAuditTable, type AuditRenderContext } from '../report/audit.js';
import { cannotWrite, emitReport, oneOf } from './args.js';
import { UsageError, type CliIO } from './io.js';
import { compileCalendar, loadCalendarData, loadProcedures } from './load.js';
import { auditInWorkers, offersThreads, readingLog } from './replayWorkers.js';

export const REPLAY_HELP = `tthc replay - audit a recorded log of the provincial system: conformance, lateness, indicators

Usage: tthc replay <log.csv|jsonl|xlsx|xes> [options]

Options:
  --format table|json|csv|xes  report format (default: table); xes writes the log back for process-mining tools
  --out FILE                   write the report to FILE
  --procedures DIR             add every procedure file (.json/.yaml) in DIR
  --procedure FILE             add one procedure file (repeatable)
  --calendar FILE              working calendar (JSON/YAML; "extends: vn" adds to the bundled one)
  --columns SPEC               header names of another export: "dossier=Số hồ sơ,at=Ngày xử lý,..."
                               (fields: dossier, at, official, role, action, procedure, unit, data)
  --zone ZONE                  time zone of times written without offset (default: Asia/Ho_Chi_Minh)
  --time-box MINUTES           step time box (default: 15)
  --workers N                  threads for a large CSV, this one and N-1 workers (default: 2
                               above 20 MB on a machine with 2 cores or more, else 1); results
                               are identical
  --strict                     stop at the first bad row (default: report bad rows and go on);
                               the report then goes to the screen only, never to --out
  --quiet                      no progress bar
  --lang vi|en                 report language (default: vi)
  -h, --help                   this help

Examples:
  tthc replay examples/logs/sample-log.csv
  tthc replay nhat-ky-2024.xlsx --format json --out audit.json
  tthc replay export.csv --columns "dossier=Số hồ sơ,at=Ngày giờ" --strict

Exit status: 0 when the log was read to the end (findings and bad rows are in the report),
1 on a bad file, or at the first bad row with --strict, 2 on bad usage.
`;

/** The audit in the asked format (xes is written as a stream elsewhere). */
const renderAudit = (format: 'table' | 'json' | 'csv', result: AuditResult, ctx: AuditRenderContext) =>
  format === 'json' ? renderAuditJson(result, ctx) : format === 'csv' ? renderAuditCsv(result, ctx) : renderAuditTable(result, ctx);

/**
 * \`tthc replay\`: the auditor's door.
 * @example await replayCommand(['examples/logs/sample-log.csv', '--format', 'json'], io)
 */
export async function replayCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' },
      out: { type: 'string' },
      procedures: { type: 'string' },
      procedure: { type: 'string', multiple: true },
      calendar: { type: 'string' },
      columns: { type: 'string' },
      zone: { type: 'string', default: 'Asia/Ho_Chi_Minh' },
      'time-box': { type: 'string' },
      workers: { type: 'string' },
      strict: { type: 'boolean' },
      quiet: { type: 'boolean' },
      lang: { type: 'string', default: 'vi' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (io.stdout(REPLAY_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('replay needs exactly one log file', 'replay');
  const file = positionals[0];
  const format = oneOf('--format', values.format, ['table', 'json', 'csv', 'xes'] as const);
  const lang = oneOf('--lang', values.lang, ['vi', 'en'] as const) as Lang;
  // minutes given here replace every step's declared time box; without them each step keeps its own
  const override = values['time-box'] === undefined ? undefined : Number(values['time-box']);
  const minutes = override ?? DEFAULT_TIME_BOX.minutes;
  if (!(minutes > 0)) throw new UsageError(`--time-box must be a number of minutes (got "${values['time-box']}")`, 'replay');
  try {
    zoneTime(values.zone!);
  } catch (err) {
    throw new UsageError(`--zone: ${(err as Error).message}`, 'replay');
  }
  let columns: Partial<Record<LogField, string>>;
  try {
    columns = parseColumns(values.columns);
  } catch (err) {
    throw new UsageError((err as Error).message, 'replay');
  }
  let kind: string;
  let read: LogReader;
  try {
    ({ format: kind, read } = logReaderFor(file));
  } catch (err) {
    throw new UsageError((err as Error).message, 'replay');
  }
  if (!io.readStream) throw new Error('this environment cannot stream files');

  const procFiles = [...(values.procedure ?? [])];
  if (values.procedures) {
    const names = (await io.listDir?.(values.procedures)) ?? [];
    for (const n of names.sort()) if (/\.(json|ya?ml)$/i.test(n)) procFiles.push(io.resolve(`${values.procedures}/x`, n));
  }
  const procedures = await loadProcedures(io, procFiles);
  const registry = makeRegistry(procedures);
  const calendarData = await loadCalendarData(io, values.calendar);
  // read once: the threads get the data, this thread compiles it
  const calendar = compileCalendar(calendarData, values.calendar);
  const ctx: AuditRenderContext = { lang, zone: values.zone!, file, procedures, timeBoxMinutes: minutes };

  // a missing or unreadable file is said at once (tthc main names it), before any reader opens it
  const size = (await io.fileSize?.(file)) ?? 0;
  const seen = { bytes: 0 };
  const progress = !values.quiet && io.interactive && io.now ? bar(io, size, seen) : undefined;
  const workers = values.workers === undefined ? (size > 20e6 ? Math.min(2, io.cores ?? 1) : 1) : Number(values.workers);
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64))
    throw new UsageError(`--workers must be a whole number from 1 to 64 (got "${values.workers}")`, 'replay');
  // threads only where the I/O offers them: elsewhere (a test's in-memory I/O) one thread reads all
  if (workers > 1 && offersThreads(io) && kind === 'csv' && format !== 'xes' && !values.strict) {
    let result: AuditResult;
    try {
      result = await auditInWorkers(
        io,
        { file, parts: workers, zone: values.zone!, columns, procedures, calendar: calendarData, timeBoxMinutes: override },
        (rows, fraction) => {
          seen.bytes = fraction * size;
          progress?.tick(rows);
        },
        size,
      );
    } catch (err) {
      if (!(err instanceof LogFileError)) throw err;
      io.stderr(`tthc replay: ${err.message}\n`);
      return 1;
    }
    progress?.done(result.rows);
    await emitReport(io, values.out, renderAudit(format, result, ctx), lang);
    return 0;
  }
  // a CSV log comes as columns, the audit's fast path; other formats as rows. What the reader
  // throws is typed there (a bad file is a LogFileError); what the audit of its rows throws is not
  const source = readingLog<LogItem[] | LogColumns>(
    kind === 'csv'
      ? readCsvColumns(counted(io.readStream(file), seen), file, { zone: values.zone!, columns })
      : read(counted(io.readStream(file), seen), file, { zone: values.zone!, columns }),
  );

  const pending: LogEvent[][] = [];
  const auditor = new Auditor({
    registry,
    calendar,
    timeBoxMinutes: override,
    keepEvents: format === 'xes',
    onDossier: format === 'xes' ? (d) => pending.push(d.log!) : undefined,
    // the XES output is the whole log again: stray events go out as traces of their own
    onStray: format === 'xes' ? (e) => pending.push([e]) : undefined,
  });
  let stopped: string | undefined;
  let result: AuditResult | undefined;
  async function* audited(): AsyncGenerator<LogEvent> {
    try {
      for await (const batch of source) {
        const bad = auditor.push(batch, values.strict);
        progress?.tick(auditor.rows);
        while (pending.length) yield* pending.shift()!;
        if (bad) {
          stopped = `${bad.file}: row ${bad.row}: ${bad.field}: ${bad.message}`;
          break;
        }
      }
    } finally {
      progress?.done(auditor.rows);
    }
    result = auditor.finish();
    while (pending.length) yield* pending.shift()!;
  }

  const stop = (why: string) => {
    io.stderr(`tthc replay: stopped at the first bad row (--strict): ${why}${values.out ? `; nothing is written to ${values.out}` : ''}\n`);
    return 1;
  };
  try {
    if (format !== 'xes') {
      for await (const _ of audited());
      // stopped early, the report covers part of the log: it goes to the screen, never into a file that would look complete
      if (stopped && values.out) return stop(stopped);
      await emitReport(io, values.out, renderAudit(format, result!, ctx), lang);
    } else if (!(await streamXes(io, values.out, audited(), { zone: values.zone!, name: file, lang, stopped: () => stopped !== undefined })))
      return stop(stopped!);
  } catch (err) {
    if (!(err instanceof LogFileError)) throw err;
    io.stderr(`tthc replay: ${err.message}\n`);
    return 1;
  }
  return stopped ? stop(stopped) : 0;
}

/** A sink of CliIO.writeStream, and the abort() the real one has: drop what was written, temp file and all. */
type OutSink = ReturnType<NonNullable<CliIO['writeStream']>> & { abort?(): Promise<void> };

/**
 * Writes the log back as XES as the audit reads it: to the screen, or into --out through a
 * stream. Returns false when the audit stopped early (`stopped()`, --strict): the file is then
 * dropped, not left holding part of the log; so it is when writing or reading fails.
 */
async function streamXes(
  io: CliIO,
  out: string | undefined,
  events: AsyncIterable<LogEvent>,
  opts: { zone: string; name: string; lang: Lang; stopped: () => boolean },
): Promise<boolean> {
  let sink: OutSink | undefined;
  try {
    sink = out && io.writeStream ? io.writeStream(out) : undefined;
  } catch (err) {
    throw cannotWrite(out!, err);
  }
  // what the file system refuses is said of --out; what the reader throws stays the reader's
  const refused = (err: unknown) => {
    throw cannotWrite(out!, err);
  };
  const write = sink ? (s: string) => sink.write(s).catch(refused) : (s: string) => io.stdout(s);
  let done = false;
  try {
    await writeXes(events, write, { zone: opts.zone, name: opts.name });
    if (opts.stopped()) return false;
    await sink?.close().catch(refused);
    done = true;
  } finally {
    if (!done) await sink?.abort?.();
  }
  if (out) io.stderr(`${opts.lang === 'vi' ? 'Đã ghi báo cáo' : 'Report written to'} ${out}\n`);
  return true;
}

/** A one-line progress bar on stderr: rows, rows/s, percent and ETA from the bytes read. */
function bar(io: CliIO, size: number, seen: { bytes: number }) {
  const start = io.now!();
  let last = 0;
  const line = (rows: number, final: boolean) => {
    const secs = Math.max(0.001, (io.now!() - start) / 1000);
    const rate = rows / secs;
    const frac = size ? Math.min(1, seen.bytes / size) : 0;
    const eta = frac > 0 && !final ? ` ETA ${Math.round((secs / frac) * (1 - frac))} s` : '';
    const width = 24;
    const fill = Math.round(frac * width);
    return `\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(frac * 100).toFixed(0)}% ${rows.toLocaleString('en')} rows ${Math.round(rate).toLocaleString('en')} rows/s${eta}   `;
  };
  return {
    tick(rows: number) {
      const now = io.now!();
      if (now - last < 200) return;
      last = now;
      io.stderr(line(rows, false));
    },
    done(rows: number) {
      io.stderr(line(rows, true) + '\n');
    },
  };
}
