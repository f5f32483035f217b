import { parseArgs } from 'node:util';
import { UsageError, type CliIO } from './io.js';
import { LOAD_OPTIONS, loadScenario } from './load.js';

export const CHECK_HELP = `tthc check - validate a scenario without running it

Usage: tthc check <scenario.yaml|json> [--procedure FILE] [--calendar FILE] [--rubric FILE]

Checks the file's shape, every official, dossier, procedure, action and time it names, and
prints each problem as file:line:column: field: reason.

Example:
  tthc check scenarios/commune-full.yaml
`;

/**
 * \`tthc check\`: validation only.
 * @example await checkCommand(['scenarios/commune-full.yaml'], io) // 0, prints "ok: ..."
 */
export async function checkCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ...LOAD_OPTIONS, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (io.stdout(CHECK_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('check needs exactly one scenario file', 'check');
  const { session } = await loadScenario(io, positionals[0], values);
  io.stdout(`ok: ${positionals[0]}: ${session.officials.length} officials, ${session.dossiers.length} dossiers, ${session.events.length} events\n`);
  return 0;
}
