import type { SessionResult } from '../analysis/score.js';
import { REASONS } from '../analysis/reasons.js';
import type { RenderContext } from './context.js';
import { printable, speaker, stepNames, VERDICTS } from './format.js';

/** Pads by visible characters so Vietnamese diacritics (combining or not) line up. */
const width = (s: string) => [...s.normalize('NFC')].length;
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

/**
 * Renders rows as a plain-text table with a header rule. A control character in a cell (a line
 * break, a terminal escape) is shown as an escape (printable), so no cell can break the table.
 * @example renderTable([['a', 'b'], ['1', '2']]) // 'a  b\n-  -\n1  2'
 */
export function renderTable(cells: string[][]): string {
  const rows = cells.map((r) => r.map((cell) => printable(cell)));
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

/**
 * The report a trainer reads on a terminal: officials with their result and every reason,
 * dossiers with due time, lateness and risk flag, then the unit summary.
 * @example io.stdout(renderReportTable(result, { lang: 'vi', zone: 'Asia/Ho_Chi_Minh', procedures }))
 */
export function renderReportTable(r: SessionResult, ctx: RenderContext): string {
  const sp = speaker(ctx.lang, ctx.zone);
  const steps = stepNames(ctx.procedures);
  const procOf = new Map(r.dossiers.map((d) => [d.code, d.procedure]));
  const day = r.start;
  const out: string[] = [];
  const tb = r.timeBox.mode === 'per-dossier' ? 'timeBoxPerDossier' : 'timeBoxPerOfficial';
  out.push(`${sp.t('session')}: ${r.unit.name}${r.unit.district ? `, ${r.unit.district}` : ''} · ${sp.time(r.start, -1)} → ${sp.time(r.end, r.start)}`);
  out.push(`${sp.t('timeBox')}: ${sp.t(tb, { m: r.timeBox.minutes })}`);
  out.push(`${sp.t('calendar')}: ${r.calendar}`);
  out.push('');

  out.push(sp.t('officials'));
  const orows = [[sp.t('id'), sp.t('name'), sp.t('role'), sp.t('score'), sp.t('verdict')]];
  for (const o of r.officials) orows.push([o.id, o.name, o.role, o.score === undefined ? '-' : String(o.score), sp.text(VERDICTS[o.verdict])]);
  out.push(renderTable(orows));
  for (const o of r.officials) {
    if (o.reasons.length === 0 && o.assessed) continue;
    out.push(`  ${o.id} · ${sp.text(VERDICTS[o.verdict])}${o.notAssessedReason ? ` (${sp.t('notAssessedBecause', { r: o.notAssessedReason })})` : ''}`);
    for (const reason of o.reasons)
      out.push(`    - [${reason.code}${reason.failing ? '!' : reason.points ? ` -${reason.points}` : ''}] ${sp.reason(reason, steps, (d) => procOf.get(d))}`);
  }
  out.push('');

  out.push(sp.t('dossiers'));
  const drows = [
    [
      sp.t('code'),
      sp.t('procedure'),
      sp.t('owner'),
      sp.t('status'),
      sp.t('received'),
      sp.t('due'),
      sp.t('returned'),
      sp.t('late'),
      sp.t('risk'),
      sp.t('apology'),
    ],
  ];
  for (const d of r.dossiers) {
    const late = d.late ? sp.t('yes') : d.wouldBeLate ? sp.t('would') : sp.t('no');
    const risk = d.risk
      ? `${sp.time(d.risk.at, day)} · ${sp.text(steps(d.procedure, d.risk.step) ?? { vi: d.risk.step, en: d.risk.step })}${d.riskHolder ? ` (${d.riskHolder})` : ''}${d.risk.afterSessionEnd ? ` · ${sp.t('afterEnd')}` : ''}`
      : '-';
    const apology =
      d.apology.issuedAt !== undefined ? sp.t('apologyIssued', { t: sp.time(d.apology.issuedAt, day) }) : d.apology.required ? sp.t('apologyRequired') : '-';
    drows.push([
      d.code,
      d.procedure,
      d.owner,
      sp.status(d.status),
      sp.time(d.receivedAt, day),
      sp.time(d.dueAt, day),
      sp.time(d.returnedAt, day),
      late,
      risk,
      apology,
    ]);
  }
  out.push(renderTable(drows));
  out.push('');

  const u = r.unit;
  out.push(sp.t('unit'));
  out.push(
    `  ${sp.t('dossierCount')}: ${u.dossierCount} (${sp.t('minimum')} ${u.minDossiers}) ${u.meetsMinimum ? '✓' : `✗ ${REASONS.below_min_dossiers[ctx.lang]}`}`,
  );
  out.push(
    `  ${sp.t('results')}: ${sp.text(VERDICTS.pass)} ${u.passed} · ${sp.text(VERDICTS.fail)} ${u.failed} · ${sp.text(VERDICTS.not_assessed)} ${u.notAssessed}`,
  );
  out.push(
    `  ${sp.t('lateCount')}: ${u.late} (+${u.wouldBeLate} ${sp.t('would')}) · ${sp.t('riskCount')}: ${u.atRisk} · ${sp.t('apologiesMissing')}: ${u.apologiesMissing}`,
  );
  const gaps = u.readinessGaps.map((g) => `${REASONS[g.code][ctx.lang]}${g.official ? ` (${g.official})` : ''}`);
  out.push(`  ${sp.t('readiness')}: ${gaps.length ? gaps.join('; ') : sp.t('none')}`);
  out.push(`  ${sp.t('rejected')}: ${r.rejected.length}`);
  // names and reasons outside the tables too come from the scenario's author
  return printable(out.join('\n'), true) + '\n';
}
