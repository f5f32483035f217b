import { InputError, formatLocated as formatLine } from '../io/located.js';
import { CHECK_HELP, checkCommand } from './check.js';
import { UsageError, type CliIO } from './io.js';
import { PROCEDURES_HELP, proceduresCommand } from './procedures.js';
import { RUN_HELP, runCommand } from './run.js';
import { VERIFY_HELP, verifyCommand } from './verify.js';
import { PATHS_HELP, pathsCommand } from './paths.js';
import { REPLAY_HELP, replayCommand } from './replay.js';
import { REHEARSE_HELP, rehearseCommand } from './rehearse.js';
import { SIMULATE_HELP, simulateCommand } from './simulate.js';

export const MAIN_HELP = `tthc - simulate and score assessment sessions of the one-stop TTHC process

Usage: tthc <command> [options]

Commands:
  run <scenario>        replay a session: score each official, flag every dossier that would go overdue
  check <scenario>      validate a scenario file only
  procedures [ID]       list procedures, or print one (steps, JSON, Mermaid diagram)
  verify <procedure>    check a procedure's workflow laws; a counterexample path for each broken one
  paths <procedure>     print the event paths of a procedure's machine, for end-to-end tests
  replay <log>          audit a recorded log: conformance, lateness, indicators, at scale
  rehearse <scenario>   serve a live board for a rehearsal: countdowns, overdue alerts, journal
  simulate <scenario>   what-if: run a session many times; late probabilities, latest start time

Run "tthc <command> --help" for a command's options and examples.

Examples:
  tthc run scenarios/commune-full.yaml
  tthc check scenarios/invalid-dossier-supplement.yaml
  tthc procedures A --format mermaid
`;

const COMMANDS: Record<string, { run: (argv: string[], io: CliIO) => Promise<number>; help: string }> = {
  run: { run: runCommand, help: RUN_HELP },
  check: { run: checkCommand, help: CHECK_HELP },
  procedures: { run: proceduresCommand, help: PROCEDURES_HELP },
  verify: { run: verifyCommand, help: VERIFY_HELP },
  paths: { run: pathsCommand, help: PATHS_HELP },
  replay: { run: replayCommand, help: REPLAY_HELP },
  rehearse: { run: rehearseCommand, help: REHEARSE_HELP },
  simulate: { run: simulateCommand, help: SIMULATE_HELP },
};

/**
 * The CLI as a function of its inputs: returns the exit code, prints only through `io`.
 * Users' mistakes print one line (plus one per located problem), never a stack trace.
 * @example const code = await runCli(['run', 'scenarios/commune-full.yaml'], io)
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]]?.help : undefined;
    io.stdout(topic ?? MAIN_HELP);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`tthc: unknown command "${name}" (expected one of ${Object.keys(COMMANDS).join(', ')}; see tthc --help)\n`);
    return 2;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    return report(err, name, io);
  }
}

function report(err: unknown, command: string, io: CliIO): number {
  if (err instanceof InputError) {
    const n = err.errors.length;
    io.stderr(`tthc ${command}: ${n} problem${n === 1 ? '' : 's'} in the input\n${err.errors.map((e) => `  ${formatLine(e)}`).join('\n')}\n`);
    return 1;
  }
  if (err instanceof UsageError || (err as { code?: string })?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    io.stderr(`tthc ${command}: ${(err as Error).message} (see tthc ${command} --help)\n`);
    return 2;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT' || e?.code === 'EISDIR' || e?.code === 'EACCES') {
    io.stderr(
      `tthc ${command}: cannot read ${e.path ?? 'file'}: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : 'permission denied'}\n`,
    );
    return 1;
  }
  io.stderr(`tthc ${command}: internal error: ${(err as Error)?.message ?? String(err)} (please report it with the input file)\n`);
  return 70;
}
