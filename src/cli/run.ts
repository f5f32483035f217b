import { parseArgs } from 'node:util';
import { runSession } from '../lifecycle.js';
import { renderReportCsv } from '../report/csv.js';
import { renderReportHtml, timelineOf } from '../report/html.js';
import { renderReportJson } from '../report/json.js';
import { renderReportTable } from '../report/table.js';
import type { TimeBoxMode } from '../model/session.js';
import type { Lang } from '../model/text.js';
import { logOfSession } from '../model/log.js';
import { writeJsonl } from '../io/log/jsonl.js';
import { UsageError, type CliIO } from './io.js';
import { LOAD_OPTIONS, loadScenario } from './load.js';
import { emitReport, oneOf } from './args.js';

export const RUN_HELP = `tthc run - replay an assessment session, score each official, flag overdue dossiers

Usage: tthc run <scenario.yaml|json> [options]

Options:
  --format table|json|csv|html|jsonl
                               report format (default: table); html is one self-contained page
                               (timeline, score cards) that prints on A4; jsonl is no report but the
                               session's events as a log that "tthc replay" reads, to check that
                               both give each dossier the same verdicts (incidents left out)
  --out FILE                   write the report to FILE instead of the screen
  --lang vi|en                 report language (default: vi)
  --time-box per-dossier|per-official
                               how the 15-minute time box is read (default: the scenario's, else per-dossier)
  --procedure FILE             add or replace a procedure declared in JSON/YAML (repeatable)
  --calendar FILE              working calendar (JSON/YAML; "extends: vn" adds to the bundled one)
  --rubric FILE                change scoring weights, pass mark, failing reasons
  -h, --help                   this help

Examples:
  tthc run scenarios/commune-full.yaml
  tthc run scenarios/slow-step-late.yaml --format json --out report.json
  tthc run scenarios/commune-full.yaml --lang en --time-box per-official
  tthc run scenarios/slow-step-late.yaml --format html --out report.html
  tthc run scenarios/slow-step-late.yaml --format jsonl --out slow.jsonl && tthc replay slow.jsonl

Exit status: 0 when the run completed (even if officials failed), 1 on bad input, 2 on bad usage.
`;

const FORMATS = ['table', 'json', 'csv', 'html', 'jsonl'] as const;

/**
 * \`tthc run\`: the main job.
 * @example await runCommand(['scenarios/commune-full.yaml', '--format', 'json'], io)
 */
export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...LOAD_OPTIONS,
      format: { type: 'string', default: 'table' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'vi' },
      'time-box': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (io.stdout(RUN_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('run needs exactly one scenario file', 'run');
  const format = oneOf('--format', values.format, FORMATS);
  const lang = oneOf('--lang', values.lang, ['vi', 'en'] as const) as Lang;
  const mode =
    values['time-box'] === undefined ? undefined : (oneOf('--time-box', values['time-box'], ['per-dossier', 'per-official'] as const) as TimeBoxMode);

  const loaded = await loadScenario(io, positionals[0], values);
  if (format === 'jsonl') {
    const lines: string[] = [];
    await writeJsonl(logOfSession(loaded.session), (chunk) => void lines.push(chunk), { zone: loaded.session.zone });
    await emitReport(io, values.out, lines.join(''), lang);
    return 0;
  }
  const { result, trace } = runSession(loaded.session, {
    registry: loaded.registry,
    calendar: loaded.calendar,
    rubric: loaded.rubric,
    timeBox: mode ? { mode } : undefined,
  });
  const ctx = { lang, zone: loaded.session.zone, procedures: loaded.procedures };
  const text =
    format === 'json'
      ? renderReportJson(result, ctx)
      : format === 'csv'
        ? renderReportCsv(result, ctx)
        : format === 'html'
          ? renderReportHtml(result, ctx, timelineOf(result, trace))
          : renderReportTable(result, ctx);
  await emitReport(io, values.out, text, lang);
  return 0;
}
