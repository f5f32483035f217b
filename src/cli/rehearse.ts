import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import type { TimeBoxMode } from '../model/session.js';
import type { Lang } from '../model/text.js';
import { isLoopback } from '../server/http.js';
import { rehearsalPaths } from '../server/journal.js';
import { startRehearsalServer } from '../server/serve.js';
import { oneOf } from './args.js';
import { UsageError, type CliIO } from './io.js';
import { LOAD_OPTIONS, loadScenario } from './load.js';

export const REHEARSE_HELP = `tthc rehearse - a live board for a rehearsal: dossiers by step, countdowns, overdue alerts

Usage: tthc rehearse <scenario.yaml|json> [options]

Serves a web page (on this computer only, unless --host says otherwise) showing every dossier
at its step with the time left on its time box and to its due time, each official's queue, and
an alert the moment a dossier is at risk of going late, with the latest time each remaining
step must be done to save it. Open it at the address printed at start: every request needs its
?token=, so give it only to whoever records actions (it stays the same on a restart, kept in
the journal's state file). The trainer records what officials do on the page; with --speed
the scenario's own timeline plays by itself that many times faster than real time (a dry run).

Every action is written to the journal (and to disk) before the page is told it was recorded.
Stop with Ctrl+C and run the same command again: the session resumes exactly where the clock
says it is, timers included. "Finish" on the page ends the session and writes the HTML report.

Options:
  --speed X                    dry run: play the scenario's timeline at X times real speed
                               (without it: a live session at real speed, actions from the page)
  --port P                     port to serve on (default: 8765; 0 = any free port)
  --host H                     address to listen on (default: 127.0.0.1, this computer only)
  --journal FILE               the journal (default: <scenario name>.journal.jsonl beside it);
                               a log \`tthc replay\` reads; its clock and incidents are kept in
                               FILE's .state.json companion
  --report FILE                where "Finish" writes the HTML report (default: beside the journal)
  --lang vi|en                 report language (default: vi); the page shows both
  --time-box per-dossier|per-official
                               how the 15-minute time box is read (default: the scenario's)
  --procedure FILE             add or replace a procedure declared in JSON/YAML (repeatable)
  --calendar FILE              working calendar (JSON/YAML; "extends: vn" adds to the bundled one)
  --rubric FILE                change scoring weights, pass mark, failing reasons
  -h, --help                   this help

Examples:
  tthc rehearse scenarios/commune-full.yaml --speed 60
  tthc rehearse scenarios/slow-step-late.yaml --speed 120 --port 0
  tthc rehearse my-commune.yaml --journal 2024-10-08-hoa-tu.jsonl
  tthc replay scenarios/commune-full.journal.jsonl       # audit what was recorded

Exit status: 0 when stopped with Ctrl+C, 1 on bad input (scenario, journal) or a port it cannot
listen on (in use, not allowed), 2 on bad usage.
`;

/**
 * \`tthc rehearse\`: serves the board until the process is asked to stop.
 * @example await rehearseCommand(['scenarios/commune-full.yaml', '--speed', '60'], io)
 */
export async function rehearseCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...LOAD_OPTIONS,
      speed: { type: 'string' },
      port: { type: 'string', default: '8765' },
      host: { type: 'string', default: '127.0.0.1' },
      journal: { type: 'string' },
      report: { type: 'string' },
      lang: { type: 'string', default: 'vi' },
      'time-box': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (io.stdout(REHEARSE_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('rehearse needs exactly one scenario file', 'rehearse');
  const speed = values.speed === undefined ? undefined : Number(values.speed);
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0 && speed <= 100_000))
    throw new UsageError(`--speed must be a number above 0, such as 60 for a minute per second (got "${values.speed}")`, 'rehearse');
  const port = Number(values.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
    throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${values.port}")`, 'rehearse');
  const host = values.host!.trim();
  if (!host) throw new UsageError('--host needs an address, such as 127.0.0.1', 'rehearse');
  const lang = oneOf('--lang', values.lang, ['vi', 'en'] as const) as Lang;
  const mode =
    values['time-box'] === undefined ? undefined : (oneOf('--time-box', values['time-box'], ['per-dossier', 'per-official'] as const) as TimeBoxMode);

  const file = positionals[0];
  const loaded = await loadScenario(io, file, values);
  const text = await io.readFile(file);
  const session = mode ? { ...loaded.session, timeBox: { ...loaded.session.timeBox, mode } } : loaded.session;
  const paths = rehearsalPaths(file, values.journal, values.report);

  let server;
  try {
    server = await startRehearsalServer({
      scenario: { ...loaded, session },
      scenarioFile: file,
      scenarioText: text,
      paths,
      speed,
      host,
      port,
      lang,
      // the real clock enters here, at the edge
      wallNow: () => Date.now(),
      log: (line) => io.stderr(`tthc rehearse: ${line}\n`),
    });
  } catch (err) {
    const problem = listenProblem(err as NodeJS.ErrnoException, host, port);
    if (problem === undefined) throw err;
    // not a mistake on the command line but a fact of this computer: exit 1, as a bad input
    io.stderr(`tthc rehearse: ${problem}\n`);
    return 1;
  }

  const r = server.rehearsal;
  const t = (ms: number | undefined) => (ms === undefined ? '-' : DateTime.fromMillis(ms, { zone: session.zone }).toFormat('HH:mm'));
  const modeText = r.mode === 'dry-run' ? `chạy thử ×${r.speed} / dry run at ${r.speed}x` : `trực tiếp${r.speed !== 1 ? ` ×${r.speed}` : ''} / live`;
  io.stdout(
    [
      `Bảng diễn tập / Rehearsal board: ${server.url}`,
      `  ${session.unit.name} · ${modeText} · ${t(session.start)}${session.end !== undefined ? `-${t(session.end)}` : ''} · now ${t(r.simNow(Date.now()))}`,
      `  Nhật ký / journal: ${paths.journal} (${r.entryCount} ${server.restored ? 'actions restored / thao tác đã khôi phục' : 'actions'})`,
      `  Báo cáo / report ("Kết thúc / Finish"): ${paths.report}`,
      ...(r.mode === 'live' && session.events.length
        ? [
            `  Trực tiếp: ${session.events.length} thao tác trong timeline của kịch bản không tự chạy / live: the scenario's ${session.events.length} timeline events are not played (use --speed for a dry run)`,
          ]
        : []),
      ...server.notices.map((n) => `  ! ${n}`),
      ...(isLoopback(host)
        ? []
        : [`  ! listening on ${host}: anyone who can reach it and has the address above (its token included) can record actions; plain HTTP, unencrypted`]),
      '  Ctrl+C: dừng / stop (run the same command to resume)',
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  io.stderr(`tthc rehearse: stopped; ${r.entryCount} actions in ${paths.journal}\n`);
  return 0;
}

/** Why the board could not listen, in the user's words; undefined for anything else. */
function listenProblem(e: NodeJS.ErrnoException, host: string, port: number): string | undefined {
  if (e.code === 'EADDRINUSE') return `port ${port} is in use: pick another with --port, or --port 0 for any free port`;
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') return `cannot listen on "${host}": not an address of this computer`;
  if (e.code === 'EACCES' && !e.path) return `not allowed to listen on port ${port}: use a port above 1023`;
  return undefined;
}
