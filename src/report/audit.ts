import type { AuditResult } from '../audit/audit.js';
import { CONFORMANCE, CONFORMANCE_CODES } from '../audit/conformance.js';
import { indicatorsOf, totalTally, type Indicators, type Rate } from '../audit/indicators.js';
import type { ProcedureDecl } from '../model/procedure.js';
import type { Lang } from '../model/text.js';
import { csvField } from '../io/csvField.js';
import { printable, speaker, stepNames } from './format.js';
import { renderTable } from './table.js';

export interface AuditRenderContext {
  lang: Lang;
  zone: string;
  file: string;
  procedures: readonly ProcedureDecl[];
  timeBoxMinutes: number;
}

const pct = (r: Rate) => (r.value === undefined ? '-' : `${(r.value * 100).toFixed(1)}%`);
const num = (n: number | undefined) => (n === undefined ? '-' : String(n));

/** Everything the audit reports, as plain data (the JSON report is this). */
export function auditSummary(r: AuditResult, ctx: AuditRenderContext) {
  const sp = speaker(ctx.lang, ctx.zone);
  const names = stepNames(ctx.procedures);
  return {
    log: {
      file: ctx.file,
      rows: r.rows,
      events: r.events,
      badRows: r.badRows,
      dossiers: r.dossiers,
      openAtEnd: r.openAtEnd,
      from: sp.iso(r.start),
      to: sp.iso(r.end),
      timeBox: { minutes: ctx.timeBoxMinutes, mode: 'per-dossier' },
    },
    fitness: r.fitness,
    findings: CONFORMANCE_CODES.map((code) => ({
      code,
      count: r.findings[code],
      text: CONFORMANCE[code][ctx.lang],
      examples: (r.samples[code] ?? []).map((s) => ({ ...s, at: sp.iso(s.at) })),
    })),
    total: indicatorsOf('*', totalTally(r)),
    units: [...r.units].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => indicatorsOf(k, t)),
    officials: [...r.officials]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, t]) => ({
        official: k,
        role: t.role,
        unit: t.unit,
        events: t.events,
        steps: t.steps,
        overTimeBox: t.overTimeBox,
        fitness: t.events ? t.fitting / t.events : 1,
        medianMinutes: q(t.durations.quantile(0.5)),
        p90Minutes: q(t.durations.quantile(0.9)),
        findings: t.findings,
      })),
    steps: [...r.steps]
      .map(([k, h]) => {
        const [procedure, step] = k.split('\u0000');
        const index = ctx.procedures.find((p) => p.id === procedure)?.steps.findIndex((s) => s.id === step) ?? -1;
        return {
          procedure,
          step,
          index,
          name: names(procedure, step)?.[ctx.lang] ?? step,
          count: h.count,
          medianMinutes: q(h.quantile(0.5)),
          p90Minutes: q(h.quantile(0.9)),
        };
      })
      // in procedure order, whatever order the dossiers closed in
      .sort((a, b) => a.procedure.localeCompare(b.procedure) || a.index - b.index)
      .map(({ index: _, ...rest }) => rest),
    badRows: r.badRowSamples,
  };
}
const q = (s: number | undefined) => (s === undefined ? undefined : Math.round((s / 60) * 10) / 10);

/**
 * The audit as JSON: counts, fitness, every finding with examples, indicators per unit and official.
 * @example renderAuditJson(result, ctx)
 */
export function renderAuditJson(r: AuditResult, ctx: AuditRenderContext): string {
  return JSON.stringify(auditSummary(r, ctx), null, 2) + '\n';
}

/**
 * The audit as CSV (Excel-safe): one row per unit, then one per official.
 * @example renderAuditCsv(result, ctx)
 */
export function renderAuditCsv(r: AuditResult, ctx: AuditRenderContext): string {
  const s = auditSummary(r, ctx);
  const rows: unknown[][] = [
    [
      'record',
      'key',
      'role',
      'unit',
      'dossiers',
      'on_time_rate',
      'online_rate',
      'online_payment_rate',
      'late',
      'late_with_apology',
      'late_without_apology',
      'steps',
      'over_time_box',
      'median_step_min',
      'p90_step_min',
      'fitness',
    ],
  ];
  for (const u of s.units)
    rows.push([
      'unit',
      u.key,
      '',
      u.key,
      u.dossiers,
      u.onTime.value,
      u.online.value,
      u.onlinePayment.value,
      u.late,
      u.lateWithApology,
      u.lateWithoutApology,
      '',
      u.overTimeBox,
      u.stepMedianMinutes,
      u.stepP90Minutes,
      u.fitness.value,
    ]);
  for (const o of s.officials)
    rows.push(['official', o.official, o.role, o.unit, '', '', '', '', '', '', '', o.steps, o.overTimeBox, o.medianMinutes, o.p90Minutes, o.fitness]);
  return '\uFEFF' + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * The audit for a terminal: the log, fitness, findings with an example each, units, steps,
 * the 766 groups and seed 004 targets for the whole log, and the first bad rows.
 * @example io.stdout(renderAuditTable(result, ctx))
 */
export function renderAuditTable(r: AuditResult, ctx: AuditRenderContext, maxRows = 30): string {
  const s = auditSummary(r, ctx);
  const sp = speaker(ctx.lang, ctx.zone);
  const vi = ctx.lang === 'vi';
  const out: string[] = [];
  out.push(
    `${vi ? 'Nhật ký' : 'Log'}: ${ctx.file} · ${r.rows} ${vi ? 'dòng' : 'rows'} · ${r.events} ${vi ? 'sự kiện' : 'events'} · ${r.dossiers} ${vi ? 'hồ sơ' : 'dossiers'} (${r.openAtEnd} ${vi ? 'chưa kết thúc' : 'still open'}) · ${r.badRows} ${vi ? 'dòng lỗi' : 'bad rows'}`,
  );
  out.push(
    `${vi ? 'Từ' : 'From'} ${sp.time(r.start)} ${vi ? 'đến' : 'to'} ${sp.time(r.end)} · ${vi ? 'thời gian mỗi bước' : 'time box'}: ${ctx.timeBoxMinutes}' ${vi ? 'mỗi hồ sơ' : 'per dossier'} · fitness ${(r.fitness * 100).toFixed(2)}%`,
  );
  out.push('');
  out.push(vi ? 'PHÁT HIỆN' : 'FINDINGS');
  const frows = [[vi ? 'Mã' : 'Code', vi ? 'Số lần' : 'Count', vi ? 'Nội dung' : 'What', vi ? 'Ví dụ' : 'Example']];
  for (const f of s.findings) {
    if (!f.count) continue;
    const e = f.examples[0];
    frows.push([
      f.code,
      String(f.count),
      f.text,
      e ? `${e.dossier}${e.row ? ` ${vi ? 'dòng' : 'row'} ${e.row}` : ''}${e.official ? ` ${e.official}` : ''}${e.action ? ` ${e.action}` : ''}` : '',
    ]);
  }
  out.push(frows.length > 1 ? renderTable(frows) : vi ? '  không có' : '  none');
  out.push('');
  out.push(vi ? 'ĐƠN VỊ' : 'UNITS');
  const urows = [
    [
      vi ? 'Đơn vị' : 'Unit',
      vi ? 'Hồ sơ' : 'Dossiers',
      vi ? 'Đúng hạn' : 'On time',
      vi ? 'Trực tuyến' : 'Online',
      vi ? 'TT trực tuyến' : 'Paid online',
      vi ? 'Trễ (có/không xin lỗi)' : 'Late (with/without apology)',
      vi ? "Vượt 15'" : 'Over box',
      vi ? 'Trung vị' : 'Median',
      'P90',
      'Fitness',
    ],
  ];
  const unitRow = (u: Indicators) => [
    u.key,
    String(u.dossiers),
    pct(u.onTime),
    pct(u.online),
    pct(u.onlinePayment),
    `${u.late} (${u.lateWithApology}/${u.lateWithoutApology})`,
    String(u.overTimeBox),
    `${num(u.stepMedianMinutes)}'`,
    `${num(u.stepP90Minutes)}'`,
    pct(u.fitness),
  ];
  for (const u of s.units.slice(0, maxRows)) urows.push(unitRow(u));
  if (s.units.length > maxRows) urows.push([`… +${s.units.length - maxRows}`, '', '', '', '', '', '', '', '', '']);
  urows.push(unitRow({ ...s.total, key: vi ? 'Tổng' : 'Total' }));
  out.push(renderTable(urows));
  out.push('');
  out.push(vi ? 'BƯỚC XỬ LÝ (phút)' : 'STEPS (minutes)');
  const srows = [['TTHC', vi ? 'Bước' : 'Step', vi ? 'Số lần' : 'Count', vi ? 'Trung vị' : 'Median', 'P90']];
  for (const st of s.steps) srows.push([st.procedure, st.name, String(st.count), num(st.medianMinutes), num(st.p90Minutes)]);
  out.push(renderTable(srows));
  out.push('');
  out.push(vi ? 'CHỈ SỐ 766 (toàn nhật ký)' : '766 INDEX GROUPS (whole log)');
  for (const g of s.total.index766)
    out.push(`  ${g.group}: ${g.points === undefined ? `${vi ? 'không tính được' : 'cannot compute'} - ${g.missing}` : `${g.points}/${g.max}`} (${g.rule})`);
  out.push(vi ? 'MỤC TIÊU (seed 004)' : 'TARGETS (seed 004)');
  for (const t of s.total.targets)
    out.push(`  ${t.met === undefined ? '?' : t.met ? '✓' : '✗'} ${t.target[ctx.lang]}${t.value === undefined ? '' : `: ${(t.value * 100).toFixed(1)}%`}`);
  if (r.badRows) {
    out.push('');
    out.push(`${vi ? 'DÒNG LỖI' : 'BAD ROWS'} (${r.badRows})`);
    for (const e of r.badRowSamples.slice(0, 20)) out.push(`  ${e.file}: ${vi ? 'dòng' : 'row'} ${e.row}: ${e.field}: ${e.message}`);
    if (r.badRows > 20) out.push(`  … +${r.badRows - 20}`);
  }
  // a log's cells (units, bad rows' messages quoting them) may hold a terminal's escape sequences
  return printable(out.join('\n'), true) + '\n';
}
