import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { InputError } from '../io/located.js';
import { BUNDLED_LAWS } from '../verify/bundledLaws.js';
import { checkLaws, parseProcedureWithLaws, procedureFromModule, type ProcedureWithLaws } from '../verify/procedureFile.js';
import { renderVerifyJson, renderVerifyTable } from '../verify/render.js';
import { verifyProcedure } from '../verify/verify.js';
import { oneOf } from './args.js';
import { UsageError, type CliIO } from './io.js';
import { loadCalendar } from './load.js';

export const VERIFY_HELP = `tthc verify - check a procedure's workflow rules on its machine, before a real round

Usage: tthc verify <procedure.json|yaml|ts|js | ID> [--calendar FILE] [--format table|json]

Builds the procedure's XState machine and checks every event path it accepts:
  structure   every state reachable; every open state can still close and still reach the result;
              every action the declaration names is taken where it says; the owner submits, officials process
  legal       no result (status 10) without reception, every step in order by an allowed role, the
              owner's payment when there is a fee, the signature when a step signs; nothing after a
              refusal, withdrawal or stop; at most 1 supplement request (QĐ 766/QĐ-TTg)
  time        the time boxes after reception fit the due time for a dossier received at the worst
              moment of a working day (e.g. 14:59 before a 15:00 cut-off), slack printed
  own laws    the file's "laws:" list: never / before / only / atMost (docs/developer-kit.md)
Each broken law prints the shortest event path, with times, that breaks it.

ID is a bundled procedure (A, B), checked against the laws written from seed 000.
A .ts or .js file is imported and must export default the procedure (laws in its "laws" key or
a "laws" export). Plain node cannot import .ts: run it with tsx (a devDependency),
  node --import tsx bin/tthc.js verify my-tthc.ts
or compile the file to .js first.

Options:
  --calendar FILE     working calendar for the time law (JSON/YAML; "extends: vn" adds to the bundled one)
  --format table|json report format (default: table)
  -h, --help          this help

Examples:
  tthc verify A
  tthc verify examples/procedure-C.yaml
  tthc verify examples/procedure-broken.yaml --format json

Exit status: 0 when every law holds, 1 when one is broken or the file is invalid, 2 on bad usage.
`;

const MODULE_FILE = /\.(ts|mts|js|mjs)$/i;
const DATA_FILE = /\.(json|ya?ml)$/i;

/** A CliIO that can also import a module (tests pass one in; the default imports from disk). */
type ModuleIO = CliIO & { importModule?(path: string): Promise<Record<string, unknown>> };

/** Imports a procedure module at the CLI edge; .ts needs tsx when node runs without it. */
async function importModule(io: ModuleIO, file: string): Promise<Record<string, unknown>> {
  // read first, so a missing file is reported like any other (and an import of it never tried)
  await io.readFile(file);
  if (io.importModule) return io.importModule(file);
  const url = pathToFileURL(resolve(io.cwd, file)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_UNKNOWN_FILE_EXTENSION')
      throw new InputError([{ file, path: '', message: `cannot import it: ${firstLine(err)}` }]);
  }
  // a .ts file under plain node: ask tsx to load it, if it is installed
  const spec = 'tsx/esm/api';
  let tsx: { tsImport(url: string, parent: string): Promise<Record<string, unknown>> };
  try {
    tsx = (await import(spec)) as typeof tsx;
  } catch {
    throw new InputError([
      {
        file,
        path: '',
        message: 'a .ts procedure needs tsx to be imported: run "node --import tsx bin/tthc.js verify ..." with tsx installed, or compile the file to .js',
      },
    ]);
  }
  try {
    return await tsx.tsImport(url, import.meta.url);
  } catch (err) {
    throw new InputError([{ file, path: '', message: `cannot import it: ${firstLine(err)}` }]);
  }
}
const firstLine = (err: unknown) => String((err as Error)?.message ?? err).split('\n')[0];

/**
 * The procedure a verify or paths command names: a bundled id (with its laws from seed 000), a
 * JSON/YAML file (with its `laws:` key), or a .ts/.js module.
 * @example const { decl, laws } = await loadProcedureArg(io, 'examples/procedure-C.yaml', 'verify')
 */
export async function loadProcedureArg(io: CliIO, arg: string, command: string): Promise<ProcedureWithLaws> {
  if (MODULE_FILE.test(arg)) return procedureFromModule(arg, await importModule(io, arg));
  if (DATA_FILE.test(arg)) return parseProcedureWithLaws(arg, await io.readFile(arg));
  const decl = BUNDLED_PROCEDURES.find((p) => p.id === arg) ?? BUNDLED_PROCEDURES.find((p) => p.id.toLowerCase() === arg.toLowerCase());
  if (!decl)
    throw new UsageError(
      `"${arg}" is neither a procedure file (.json, .yaml, .ts, .js) nor a bundled procedure (${BUNDLED_PROCEDURES.map((p) => p.id).join(', ')})`,
      command,
    );
  return { decl, laws: checkLaws(BUNDLED_LAWS[decl.id] ?? []) };
}

/**
 * `tthc verify`: the laws of a procedure, with a counterexample for each broken one.
 * @example await verifyCommand(['A'], io) // 0, prints "PASS: all 19 laws hold."
 */
export async function verifyCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      calendar: { type: 'string' },
      format: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (io.stdout(VERIFY_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('verify needs exactly one procedure (a file or a bundled id such as A)', 'verify');
  const format = oneOf('--format', values.format, ['table', 'json'] as const);
  const { decl, laws } = await loadProcedureArg(io, positionals[0], 'verify');
  const calendar = await loadCalendar(io, values.calendar);
  const report = verifyProcedure(decl, { laws, calendar });
  io.stdout(format === 'json' ? renderVerifyJson(report) : renderVerifyTable(report));
  return report.verdict === 'pass' ? 0 : 1;
}
