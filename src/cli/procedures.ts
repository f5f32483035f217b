import { parseArgs } from 'node:util';
import { makeRegistry } from '../engine/registry.js';
import { renderMermaid } from '../report/mermaid.js';
import { renderTable } from '../report/table.js';
import type { Lang } from '../model/text.js';
import { oneOf } from './args.js';
import { UsageError, type CliIO } from './io.js';
import { loadProcedures } from './load.js';

export const PROCEDURES_HELP = `tthc procedures - list the procedures, or print one

Usage: tthc procedures [ID] [--format table|json|mermaid] [--lang vi|en] [--procedure FILE]

Without ID: the list of procedures (bundled and from --procedure files).
With ID: its steps (table), its declaration (json) or its machine as a Mermaid state diagram.

Examples:
  tthc procedures
  tthc procedures A --format mermaid
  tthc procedures B --format json --lang en
`;

/**
 * \`tthc procedures\`: list, or show one.
 * @example await proceduresCommand(['A', '--format', 'mermaid'], io)
 */
export async function proceduresCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      procedure: { type: 'string', multiple: true },
      format: { type: 'string', default: 'table' },
      lang: { type: 'string', default: 'vi' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (io.stdout(PROCEDURES_HELP), 0);
  const format = oneOf('--format', values.format, ['table', 'json', 'mermaid'] as const);
  const lang = oneOf('--lang', values.lang, ['vi', 'en'] as const) as Lang;
  const registry = makeRegistry(await loadProcedures(io, values.procedure ?? []));
  if (positionals.length === 0) {
    if (format === 'json')
      return (
        io.stdout(
          JSON.stringify(
            [...registry.values()].map((p) => p.decl),
            null,
            2,
          ) + '\n',
        ),
        0
      );
    const rows = [['id', lang === 'vi' ? 'Tên TTHC' : 'Name', lang === 'vi' ? 'Số bước' : 'Steps', lang === 'vi' ? 'Phí (VND)' : 'Fee (VND)']];
    for (const { decl } of registry.values()) rows.push([decl.id, decl.name[lang], String(decl.steps.length), String(decl.fee?.amountVnd ?? 0)]);
    return (io.stdout(renderTable(rows) + '\n'), 0);
  }
  const proc = registry.get(positionals[0]);
  if (!proc) throw new UsageError(`unknown procedure "${positionals[0]}" (known: ${[...registry.keys()].join(', ')})`, 'procedures');
  if (format === 'mermaid') return (io.stdout(renderMermaid(proc.machine, proc.decl, lang)), 0);
  if (format === 'json') return (io.stdout(JSON.stringify(proc.decl, null, 2) + '\n'), 0);
  const rows = [
    [
      '#',
      'id',
      lang === 'vi' ? 'Bước' : 'Step',
      lang === 'vi' ? 'Vai trò' : 'Roles',
      lang === 'vi' ? 'Thời gian' : 'Time box',
      lang === 'vi' ? 'Chấm điểm' : 'Scored',
    ],
  ];
  proc.decl.steps.forEach((s, i) => rows.push([String(i + 1), s.id, s.name[lang], s.roles.join(', '), `${s.timeBoxMinutes}'`, s.scored ? '✓' : '-']));
  io.stdout(`${proc.decl.id}: ${proc.decl.name[lang]}\n${renderTable(rows)}\n`);
  return 0;
}
