import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { buildMachine } from '../engine/buildMachine.js';
import { STATUSES } from '../model/status.js';
import { timePath, type EventPath } from '../verify/timedPath.js';
import { eventsOf, modelOf, shortestPaths, simplePaths } from '../verify/traversal.js';
import { oneOf } from './args.js';
import { UsageError, type CliIO } from './io.js';
import { loadProcedureArg } from './verify.js';

export const PATHS_HELP = `tthc paths - the event paths of a procedure's machine, to turn into end-to-end tests

Usage: tthc paths <procedure.json|yaml|ts|js | ID> [--shortest|--simple] [--format json|mermaid] [--to STATE] [--start TIME]

Prints the paths xstate/graph finds in the procedure's machine, one JSON object per line:
the events in order (who does what, or which step's time box runs out), each with its time,
the machine state it leads to and the dossier's status code (0-10), and where the path ends.

  --shortest          the shortest path to every distinct state (time boxes included; at most
                      one send-back per path) - the default
  --simple            every simple path (no state twice) over a smaller set of events, without timers
  --format json|mermaid
                      one JSON object per line (default), or one Mermaid flowchart per path
  --to STATE          only the paths that end in STATE (a state such as returned, or a status code such as 10)
  --start TIME        when the path starts, ISO 8601 (default 2024-10-08T14:00, Asia/Ho_Chi_Minh);
                      officials act one minute apart, a time box runs out at its full length
  -h, --help          this help

Examples:
  tthc paths A --to returned
  tthc paths B --simple --format mermaid
  tthc paths examples/procedure-C.yaml --start 2025-07-01T09:00
`;

const ZONE = 'Asia/Ho_Chi_Minh';

/**
 * A path as a Mermaid flowchart, one node per step of the path.
 * @example renderPathMermaid(path, 'p1') // 'flowchart LR\n  p1_0(["submit · 0"]) -->|"14:01 submit by owner"| ...'
 */
export function renderPathMermaid(path: EventPath, id: string, title: string): string {
  const node = (i: number, state: string, status: number) =>
    `${id}_${i}(["${state} · ${status}${status ? ` ${STATUSES[status as keyof typeof STATUSES].en}` : ''}"])`;
  const lines = [`%% ${title}`, 'flowchart LR', `  ${node(0, path.start.state, path.start.status)}`];
  path.events.forEach((e, i) => {
    const label = `${e.at.slice(11, 16)} ${e.timeBoxOf !== undefined ? `time box of ${e.timeBoxOf} runs out` : `${e.action} by ${e.by}`}`;
    lines.push(`  ${id}_${i} -->|"${label}"| ${node(i + 1, e.state, e.status)}`);
  });
  return lines.join('\n') + '\n';
}

/**
 * `tthc paths`: the machine's paths as JSON lines or Mermaid.
 * @example await pathsCommand(['A', '--to', 'returned'], io)
 */
export async function pathsCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      shortest: { type: 'boolean' },
      simple: { type: 'boolean' },
      format: { type: 'string', default: 'json' },
      to: { type: 'string' },
      start: { type: 'string', default: '2024-10-08T14:00' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (io.stdout(PATHS_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('paths needs exactly one procedure (a file or a bundled id such as A)', 'paths');
  if (values.shortest && values.simple) throw new UsageError('choose one of --shortest and --simple', 'paths');
  const format = oneOf('--format', values.format, ['json', 'mermaid'] as const);
  const start = DateTime.fromISO(values.start!, { zone: ZONE });
  if (!start.isValid) throw new UsageError(`--start must be a time such as 2024-10-08T14:00 (got "${values.start}")`, 'paths');
  const { decl } = await loadProcedureArg(io, positionals[0], 'paths');
  const model = modelOf(decl, buildMachine(decl));
  const kind = values.simple ? 'simple' : 'shortest';
  const to = values.to;
  const states = Object.keys(model.machine.states);
  if (to !== undefined && !/^\d+$/.test(to) && !states.includes(to))
    throw new UsageError(`--to must be a state (${states.join(', ')}) or a status code 0-10 (got "${to}")`, 'paths');
  const found = kind === 'simple' ? simplePaths(model) : shortestPaths(model);
  const timed = found
    .map((p) => timePath(model, eventsOf(p), { start: start.toMillis(), zone: ZONE }).path)
    .filter((p) => to === undefined || (/^\d+$/.test(to) ? p.end.status === Number(to) : p.end.state === to));
  timed.forEach((path, i) => {
    const n = `${i + 1}`;
    if (format === 'json') io.stdout(JSON.stringify({ path: i + 1, of: timed.length, kind, ...path }) + '\n');
    else
      io.stdout(
        `${i ? '\n' : ''}${renderPathMermaid(path, `p${n}`, `procedure ${decl.id} · ${kind} path ${n} of ${timed.length} · ends in ${path.end.state} (status ${path.end.status})`)}`,
      );
  });
  if (timed.length === 0) io.stderr(`tthc paths: no ${kind} path of procedure ${decl.id}${values.to ? ` ends in ${values.to}` : ''}\n`);
  return 0;
}
