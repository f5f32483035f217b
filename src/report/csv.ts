import { csvField } from '../io/csvField.js';
import type { SessionResult } from '../analysis/score.js';
import { REASONS } from '../analysis/reasons.js';
import type { RenderContext } from './context.js';
import { speaker, VERDICTS } from './format.js';

/**
 * The report as CSV (UTF-8 with BOM, so Excel shows diacritics): one row per official
 * reason (or one row for an official with none), then one row per dossier.
 * @example writeFile('report.csv', renderReportCsv(result, ctx))
 */
export function renderReportCsv(r: SessionResult, ctx: RenderContext): string {
  const sp = speaker(ctx.lang, ctx.zone);
  const header = [
    'record',
    'id',
    'name',
    'role',
    'verdict',
    'score',
    'reason_code',
    'reason',
    'dossier',
    'step',
    'at',
    'procedure',
    'status',
    'received_at',
    'due_at',
    'returned_at',
    'late',
    'would_be_late',
    'risk_at',
    'risk_step',
    'risk_holder',
    'apology_required',
    'apology_at',
  ];
  const rows: unknown[][] = [header];
  for (const o of r.officials) {
    const base = ['official', o.id, o.name, o.role, sp.text(VERDICTS[o.verdict]), o.score ?? ''];
    if (o.reasons.length === 0) rows.push(base);
    for (const x of o.reasons) rows.push([...base, x.code, REASONS[x.code][ctx.lang], x.dossier, x.step, sp.iso(x.at)]);
  }
  for (const d of r.dossiers) {
    rows.push([
      'dossier',
      d.code,
      '',
      '',
      '',
      '',
      '',
      '',
      d.code,
      d.risk?.step ?? '',
      '',
      d.procedure,
      d.status,
      sp.iso(d.receivedAt),
      sp.iso(d.dueAt),
      sp.iso(d.returnedAt),
      d.late,
      d.wouldBeLate,
      sp.iso(d.risk?.at),
      d.risk?.step,
      d.riskHolder,
      d.apology.required,
      sp.iso(d.apology.issuedAt),
    ]);
  }
  return '\uFEFF' + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
