import { DateTime } from 'luxon';
import { REASONS } from '../analysis/reasons.js';
import type { DossierResult, OfficialResult, Reason, SessionResult } from '../analysis/score.js';
import { EXIT_ACTIONS } from '../model/event.js';
import { ROLES } from '../model/roles.js';
import type { Lang, Text } from '../model/text.js';
import type { Trace } from '../model/trace.js';
import type { RenderContext } from './context.js';
import { fill, LABELS, speaker, stepNames, VERDICTS, type Speaker } from './format.js';

// ---------------------------------------------------------------------------------------------
// Escaping: every interpolation is text unless it is already markup.

/** A piece of markup that is safe to insert as is. */
class Markup {
  constructor(readonly html: string) {}
  toString() {
    return this.html;
  }
}

/**
 * Escapes text for HTML content and quoted attribute values.
 * @example escapeHtml(`<script>"&'`) // '&lt;script&gt;&quot;&amp;&#39;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const piece = (v: unknown): string =>
  v instanceof Markup ? v.html : Array.isArray(v) ? v.map(piece).join('') : v === undefined || v === null || v === false ? '' : escapeHtml(String(v));

/** Builds markup; every value put in is escaped unless it is markup built here. */
function h(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0];
  values.forEach((v, i) => (out += piece(v) + strings[i + 1]));
  return new Markup(out);
}

// ---------------------------------------------------------------------------------------------
// The timeline: one bar per stay of a dossier at a step, in the lane of the official who held it.

/** One bar of the timeline: a dossier's stay at a step, or its wait for the submitter's supplement. */
export interface TimelineBar {
  /** lane: the official who moved the dossier on, or who was expected to; undefined when nobody is known */
  official?: string;
  dossier: string;
  step: string;
  from: number;
  to: number;
  /** still at this step (or still waiting) when the session ended */
  open: boolean;
  kind: 'step' | 'supplement';
  /** index of the stay in the dossier's visits, when read from the trace */
  visit?: number;
}

/**
 * The bars of the HTML timeline. From the trace it has every stay, including those still open at
 * the end (in the lane of the official expected to act: the one holding it when the overdue risk
 * arose, or the one charged with the missing step) and supplement waits (in the submitter's lane);
 * without it, only the steps officials completed (`result.officials[].steps`).
 * @example renderReportHtml(result, ctx, timelineOf(result, trace))
 */
export function timelineOf(result: SessionResult, trace?: Trace): TimelineBar[] {
  if (!trace)
    return result.officials.flatMap((o) =>
      o.steps.map((s): TimelineBar => ({ official: o.id, dossier: s.dossier, step: s.step, from: s.arrivedAt, to: s.leftAt, open: false, kind: 'step' })),
    );
  const known = new Set(result.officials.map((o) => o.id));
  const lane = (id: string | undefined) => (id !== undefined && known.has(id) ? id : undefined);
  const byCode = new Map(result.dossiers.map((d) => [d.code, d]));
  // scoring charges an open last step to the official expected to do it; the lane follows that charge
  const charged = new Map<string, string>();
  for (const o of result.officials)
    for (const r of o.reasons) if (r.code === 'missing_step' && r.dossier && r.step) charged.set(`${r.dossier}\u0000${r.step}`, o.id);

  const bars: TimelineBar[] = [];
  for (const d of trace.dossiers) {
    const res = byCode.get(d.code);
    d.visits.forEach((v, i) => {
      const submitting = v.step === d.visits[0].step;
      const holder =
        v.leftBy ?? (res?.risk?.visit === i ? res.riskHolder : undefined) ?? charged.get(`${d.code}\u0000${v.step}`) ?? (submitting ? d.owner : undefined);
      const to = v.leftAt ?? d.closedAt ?? trace.end;
      bars.push({
        official: lane(holder),
        dossier: d.code,
        step: v.step,
        from: v.arrivedAt,
        to: Math.max(to, v.arrivedAt),
        open: v.leftAt === undefined && d.closedAt === undefined,
        kind: 'step',
        visit: i,
      });
    });
    for (const w of d.supplementWaits)
      bars.push({
        official: lane(d.owner),
        dossier: d.code,
        step: w.step,
        from: w.from,
        to: Math.max(w.to ?? trace.end, w.from),
        open: w.to === undefined,
        kind: 'supplement',
      });
  }
  return bars;
}

// ---------------------------------------------------------------------------------------------
// Words of the HTML report (the shared ones are in format.ts).

const H = {
  title: { vi: 'Báo cáo phiên đánh giá', en: 'Assessment session report' },
  summary: { vi: 'Tóm tắt đơn vị', en: 'Unit summary' },
  timeline: { vi: 'Dòng thời gian theo công chức', en: 'Timeline by official' },
  timelineNote: {
    vi: 'Mỗi làn là một công chức; mỗi thanh là thời gian một hồ sơ nằm ở một bước, từ khi đến bước đó đến khi được chuyển đi.',
    en: 'One lane per official; each bar is the time a dossier spent at one step, from arriving there to being moved on.',
  },
  legendStep: { vi: 'Hồ sơ đúng hạn', en: 'Dossier on time' },
  legendPrep: { vi: 'Chuẩn bị nộp (bước 1)', en: 'Preparing to submit (step 1)' },
  legendWait: { vi: 'Chờ người nộp bổ sung', en: 'Awaiting the supplement' },
  legendRisk: { vi: 'Bị cảnh báo trễ hạn', en: 'Flagged at risk' },
  legendLate: { vi: 'Trễ hạn / sẽ trễ', en: 'Late / would be late' },
  legendPastDue: { vi: 'Phần quá hạn', en: 'Past its due time' },
  legendRiskMark: { vi: 'Thời điểm cảnh báo trễ hạn', en: 'Moment the overdue risk arose' },
  legendDue: { vi: 'Hạn trả kết quả', en: 'Due time' },
  legendOpen: { vi: 'Chưa xong khi phiên kết thúc', en: 'Still open when the session ended' },
  riskWord: { vi: 'cảnh báo', en: 'risk' },
  dueWord: { vi: 'Hạn trả', en: 'Due' },
  endWord: { vi: 'Kết thúc', en: 'End' },
  noHolder: { vi: 'Chưa rõ người xử lý', en: 'No known holder' },
  beyond: { vi: 'Ngoài trục thời gian: {x}', en: 'Beyond the time axis: {x}' },
  scoreCards: { vi: 'Phiếu điểm từng công chức', en: 'Score card of each official' },
  passRule: { vi: 'Đạt khi từ {p}/{m} điểm và không có lý do "không đạt ngay".', en: 'Pass at {p}/{m} points or more with no reason that fails outright.' },
  reasonCode: { vi: 'Mã lý do', en: 'Code' },
  points: { vi: 'Điểm trừ', en: 'Points' },
  reasonText: { vi: 'Lý do', en: 'Reason' },
  where: { vi: 'Hồ sơ · bước', en: 'Dossier · step' },
  at: { vi: 'Lúc', en: 'At' },
  detail: { vi: 'Chi tiết', en: 'Detail' },
  failsOutright: { vi: 'không đạt ngay', en: 'fails outright' },
  noReasons: { vi: 'Không có lỗi nào', en: 'No issues' },
  stepsDone: { vi: 'Số bước đã chuyển đi: {n}', en: 'Steps moved on: {n}' },
  timeBoxUsed: { vi: 'Cách tính thời gian mỗi bước đã áp dụng', en: 'Time-box reading used' },
  lateBy: { vi: 'trễ {n} phút', en: '{n} min late' },
  official: { vi: 'Công chức', en: 'Official' },
  action: { vi: 'Thao tác', en: 'Action' },
  projected: { vi: 'dự kiến xong {t}', en: 'projected to finish {t}' },
  minutesLong: { vi: '{n} phút', en: '{n} min' },
  enough: { vi: 'Đủ số hồ sơ tối thiểu', en: 'Meets the minimum' },
  dossiersWord: { vi: '{n} hồ sơ', en: '{n} dossiers' },
} as const satisfies Record<string, Text>;

// ---------------------------------------------------------------------------------------------

const W = 900; // user units of a lane's width; the SVG scales to the page
const PAD_L = 6;
const PAD_R = 16;
const ROW = 18;
const BAR = 13;
const FONT = 10.5;
const textWidth = (s: string) => [...s].length * FONT * 0.6;

type Tone = 'ok' | 'risk' | 'late';
const toneOf = (d: DossierResult | undefined): Tone => (!d ? 'ok' : d.late || d.wouldBeLate ? 'late' : d.risk ? 'risk' : 'ok');

/**
 * The report as one self-contained HTML page for trainers and auditors: the unit summary, a
 * timeline of every dossier through its steps in one lane per official (late and at-risk
 * dossiers marked with their risk moment and due time), the dossiers, and each official's score
 * card with every reason in Vietnamese and English. No external CSS, script, font or image;
 * prints on A4 (the timeline on landscape pages). Every text from the input is escaped.
 * @example await io.writeFile('report.html', renderReportHtml(result, ctx, timelineOf(result, trace)))
 */
export function renderReportHtml(r: SessionResult, ctx: RenderContext, bars: readonly TimelineBar[] = timelineOf(r)): string {
  const lang = ctx.lang;
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  const sp = speaker(lang, ctx.zone);
  const t = (k: keyof typeof H, vars: Record<string, string | number> = {}) => fill(H[k][lang], vars);
  const names = stepNames(ctx.procedures);
  const byCode = new Map(r.dossiers.map((d) => [d.code, d]));
  const nameOf = new Map(r.officials.map((o) => [o.id, o.name]));
  const stepText = (dossier: string | undefined, step: string): Text => {
    const proc = dossier ? byCode.get(dossier)?.procedure : undefined;
    // a per-official reason names a step but no dossier: the first procedure with that step names it
    const any = () => ctx.procedures.map((p) => names(p.id, step)).find(Boolean);
    return (proc ? names(proc, step) : any()) ?? { vi: step, en: step };
  };
  const decls = new Map(ctx.procedures.map((p) => [p.id, p]));
  /** an action by its name: an exit's, or the step it completes */
  const actionText: ActionText = (dossier, action) => {
    const exit = (EXIT_ACTIONS as Record<string, Text>)[action];
    if (exit) return exit;
    const proc = dossier ? byCode.get(dossier)?.procedure : undefined;
    return (proc ? decls.get(proc)?.steps.find((s) => s.action === action)?.name : undefined) ?? { vi: action, en: action };
  };
  const day = r.start;
  const title = `${sp.text(H.title)} · ${r.unit.name}`;
  const tb = sp.t(r.timeBox.mode === 'per-dossier' ? 'timeBoxPerDossier' : 'timeBoxPerOfficial', { m: r.timeBox.minutes });

  const header = h`<header>
<p class="kicker">${t('title')}</p>
<h1>${r.unit.name}${r.unit.district ? h`<span class="district">, ${r.unit.district}</span>` : ''}</h1>
<p class="meta">${sp.time(r.start, -1)} → ${sp.time(r.end, r.start)} · ${sp.t('timeBox')}: <b>${tb}</b> · ${sp.t('calendar')}: ${r.calendar}</p>
</header>`;

  const body = [
    header,
    summarySection(r, sp, t, other, tb),
    timelineSection(r, ctx, sp, t, bars, stepText),
    dossierSection(r, sp, t, stepText, actionText, nameOf, day),
    cardsSection(r, sp, t, other, stepText, actionText),
  ];
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.map(piece).join('\n')}
</body>
</html>
`;
}

type T = (k: keyof typeof H, vars?: Record<string, string | number>) => string;
type ActionText = (dossier: string | undefined, action: string) => Text;

/** A reason's text in the page language, then in the other one. */
const bilingual = (text: Text, lang: Lang, other: Lang) =>
  h`<span lang="${lang}">${text[lang]}</span><span class="other" lang="${other}">${text[other]}</span>`;

function summarySection(r: SessionResult, sp: Speaker, t: T, other: Lang, tb: string): Markup {
  const u = r.unit;
  const fig = (cls: string, label: string, value: unknown, note?: unknown) =>
    h`<div class="fig ${cls}"><div class="k">${label}</div><div class="v">${value}</div>${note ? h`<div class="note">${note}</div>` : ''}</div>`;
  const gaps = u.readinessGaps.length
    ? h`<ul class="gaps">${u.readinessGaps.map(
        (g) =>
          h`<li>${bilingual(REASONS[g.code], sp.lang, other)}${g.official ? h` <span class="who">${r.officials.find((o) => o.id === g.official)?.name ?? g.official} (${g.official})</span>` : ''}</li>`,
      )}</ul>`
    : h`<p>${sp.t('none')}</p>`;
  return h`<section class="summary">
<h2>${t('summary')}</h2>
<div class="figures">
${fig(u.meetsMinimum ? 'good' : 'bad', sp.t('dossierCount'), h`${u.dossierCount} <small>/ ${sp.t('minimum')} ${u.minDossiers}</small>`, u.meetsMinimum ? h`✓ ${t('enough')}` : h`✗ ${bilingual(REASONS.below_min_dossiers, sp.lang, other)}`)}
${fig('', sp.t('results'), h`<span class="badge pass">${sp.text(VERDICTS.pass)} ${u.passed}</span> <span class="badge fail">${sp.text(VERDICTS.fail)} ${u.failed}</span> <span class="badge na">${sp.text(VERDICTS.not_assessed)} ${u.notAssessed}</span>`)}
${fig(u.late + u.wouldBeLate ? 'bad' : 'good', sp.t('lateCount'), h`${u.late} <small>+${u.wouldBeLate} ${sp.t('would')}</small>`)}
${fig(u.atRisk ? 'warn' : 'good', sp.t('riskCount'), u.atRisk)}
${fig(u.apologiesMissing ? 'bad' : 'good', sp.t('apologiesMissing'), u.apologiesMissing)}
${fig(r.rejected.length ? 'warn' : 'good', sp.t('rejected'), r.rejected.length)}
</div>
<dl class="facts">
<dt>${t('timeBoxUsed')}</dt><dd><b>${tb}</b></dd>
<dt>${sp.t('calendar')}</dt><dd>${r.calendar}</dd>
<dt>${sp.t('readiness')}</dt><dd>${gaps}</dd>
</dl>
</section>`;
}

function timelineSection(
  r: SessionResult,
  ctx: RenderContext,
  sp: Speaker,
  t: T,
  bars: readonly TimelineBar[],
  stepText: (d: string | undefined, s: string) => Text,
): Markup {
  const byCode = new Map(r.dossiers.map((d) => [d.code, d]));
  const firstStep = new Map(ctx.procedures.map((p) => [p.id, p.steps[0]?.id]));
  const flagged = r.dossiers.filter((d) => toneOf(d) !== 'ok');

  // the axis runs over the session, stretched a little to show the due times and risk moments of flagged dossiers
  const t0 = r.start;
  let t1 = Math.max(r.end, ...bars.map((b) => b.to));
  const reach = t1 + (t1 - t0) * 0.3;
  for (const d of flagged) for (const x of [d.dueAt, d.risk?.at]) if (x !== undefined && x > t1 && x <= reach) t1 = x;
  if (t1 - t0 < 10 * 60_000) t1 = t0 + 10 * 60_000;
  const inRange = (ms: number | undefined): ms is number => ms !== undefined && ms >= t0 && ms <= t1;
  const x = (ms: number) => PAD_L + ((Math.min(Math.max(ms, t0), t1) - t0) / (t1 - t0)) * (W - PAD_L - PAD_R);
  const ticks = ticksOf(t0, t1, ctx.zone);
  const dueLines = [...new Set(flagged.map((d) => d.dueAt).filter(inRange))].sort((a, b) => a - b);
  const beyond = flagged
    .filter((d) => (d.dueAt !== undefined && !inRange(d.dueAt)) || (d.risk !== undefined && !inRange(d.risk.at)))
    .map(
      (d) =>
        `${d.code}: ${d.risk ? `${t('riskWord')} ${sp.time(d.risk.at, r.start)}${d.risk.afterSessionEnd ? ` (${sp.t('afterEnd')})` : ''} · ` : ''}${t('dueWord')} ${sp.time(d.dueAt, r.start)}`,
    );
  const grid = (height: number) =>
    h`${ticks.map((k) => h`<line class="grid" x1="${x(k.at).toFixed(1)}" x2="${x(k.at).toFixed(1)}" y1="0" y2="${height}"/>`)}${dueLines.map(
      (at) => h`<line class="due" x1="${x(at).toFixed(1)}" x2="${x(at).toFixed(1)}" y1="0" y2="${height}"/>`,
    )}${inRange(r.end) ? h`<line class="end" x1="${x(r.end).toFixed(1)}" x2="${x(r.end).toFixed(1)}" y1="0" y2="${height}"/>` : ''}`;

  // labels under the ticks go on the first row where they do not overlap
  const labels: { x: number; text: string; cls: string }[] = [
    ...dueLines.map((at) => ({ x: x(at), text: `${t('dueWord')} ${sp.time(at, r.start)}`, cls: 'due-label' })),
    ...(inRange(r.end) ? [{ x: x(r.end), text: `${t('endWord')} ${sp.time(r.end, r.start)}`, cls: 'end-label' }] : []),
  ];
  const rowsUsed: [number, number][][] = [];
  const placedLabels = labels.map((l) => {
    // right of its line when there is room, else left of it
    const w = textWidth(l.text);
    const right = l.x + 3 + w <= W;
    const span: [number, number] = right ? [l.x, l.x + 3 + w] : [l.x - 3 - w, l.x];
    let row = rowsUsed.findIndex((used) => used.every(([a, b]) => span[0] > b + 4 || span[1] < a - 4));
    if (row < 0) row = rowsUsed.push([]) - 1;
    rowsUsed[row].push(span);
    return { ...l, at: right ? l.x + 3 : l.x - 3, anchor: right ? 'start' : 'end', y: 26 + row * 12 };
  });
  const axisH = 18 + Math.max(1, rowsUsed.length) * 12;
  const axis = h`<svg class="axis" viewBox="0 0 ${W} ${axisH}" role="img" aria-label="${t('timeline')}">
${grid(axisH)}
${ticks.map((k) => h`<text class="tick" x="${x(k.at).toFixed(1)}" y="12" text-anchor="middle">${k.label}</text>`)}
${placedLabels.map((l) => h`<text class="${l.cls}" x="${l.at.toFixed(1)}" y="${l.y}" text-anchor="${l.anchor}">${l.text}</text>`)}
</svg>`;

  // lanes in roster order, then the bars nobody is known to hold
  type Lane = { official?: OfficialResult; bars: TimelineBar[] };
  const lanes: Lane[] = r.officials.map((o) => ({ official: o, bars: bars.filter((b) => b.official === o.id) }));
  const orphans = bars.filter((b) => b.official === undefined || !r.officials.some((o) => o.id === b.official));
  if (orphans.length) lanes.push({ bars: orphans });

  const riskBarOf = (b: TimelineBar, d: DossierResult | undefined) =>
    !!d?.risk && b.kind === 'step' && b.step === d.risk.step && (b.visit !== undefined ? b.visit === d.risk.visit : b.from <= d.risk.at && d.risk.at <= b.to);
  // where each flagged dossier's colour starts: the visit index (from the trace) or the start time
  const riskStart = new Map<string, number>();
  for (const b of bars) {
    const d = byCode.get(b.dossier);
    if (riskBarOf(b, d)) riskStart.set(b.dossier, b.visit ?? b.from);
  }

  const laneRow = (lane: Lane) => {
    const placed: Markup[][] = [];
    const rowEnds: number[] = [];
    const sorted = [...lane.bars].sort((a, b) => a.from - b.from || a.to - b.to);
    for (const b of sorted) {
      const d = byCode.get(b.dossier);
      const x0 = x(b.from);
      const x1 = Math.max(x(b.to), x0 + 2);
      const prep = b.kind === 'step' && firstStep.get(d?.procedure ?? '') === b.step;
      const tone = toneOf(d);
      const since = riskStart.get(b.dossier);
      const fromRisk = tone !== 'ok' && since !== undefined && (b.visit !== undefined ? b.visit >= since : b.from >= since);
      const cls = b.kind === 'supplement' ? 'wait' : prep ? 'prep' : fromRisk ? tone : 'ok';
      const isRisk = riskBarOf(b, d) && d!.risk!.at >= t0 && d!.risk!.at <= t1;
      const xr = isRisk ? x(d!.risk!.at) : undefined;
      const riskLabel = isRisk ? `${t('riskWord')} ${sp.time(d!.risk!.at, r.start)}` : '';
      const code = b.dossier;
      const codeW = textWidth(code);
      // the code sits inside the bar when it fits before the risk marker, else after the bar (and its
      // risk label), else before the bar; the row is chosen so that no two labels overlap
      const riskEnd = xr !== undefined ? xr + 12 + textWidth(riskLabel) : 0;
      const after = Math.max(x1 + (b.open ? 10 : 3), riskEnd + 3);
      const inside = codeW <= (xr ?? x1) - x0 - 6;
      const place = inside ? 'in' : after + codeW <= W ? 'after' : x0 - 3 - codeW >= 0 ? 'before' : 'in';
      const codeAt = place === 'in' ? x0 + 3 : place === 'after' ? after : x0 - 3;
      const anchor = place === 'before' ? 'end' : 'start';
      const left = place === 'before' ? codeAt - codeW - 2 : x0;
      const right = Math.max(x1 + (b.open ? 8 : 0), riskEnd, place === 'after' ? codeAt + codeW : x1) + 4;
      let row = rowEnds.findIndex((end) => end <= left);
      if (row < 0) row = rowEnds.push(0) - 1;
      rowEnds[row] = right;
      const y = 3 + row * ROW;
      const minutes = Math.round((b.to - b.from) / 60_000);
      const tip = `${b.dossier} · ${sp.text(stepText(b.dossier, b.step))}${b.kind === 'supplement' ? ` · ${sp.text(H.legendWait)}` : ''} · ${sp.time(b.from, r.start)}–${b.open ? '…' : sp.time(b.to, r.start)} (${fill(H.minutesLong[sp.lang], { n: minutes })})`;
      const parts: Markup[] = [];
      // the stay where the risk arose turns to the dossier's colour at the risk moment
      const split = xr !== undefined && cls === tone && tone !== 'ok' ? xr : undefined;
      if (split !== undefined) {
        parts.push(
          h`<rect class="bar ok" x="${x0.toFixed(1)}" y="${y}" width="${(split - x0).toFixed(1)}" height="${BAR}" rx="2"><title>${tip}</title></rect>`,
        );
        parts.push(
          h`<rect class="bar ${cls}" x="${split.toFixed(1)}" y="${y}" width="${(x1 - split).toFixed(1)}" height="${BAR}" rx="2"><title>${tip}</title></rect>`,
        );
      } else
        parts.push(
          h`<rect class="bar ${cls}" x="${x0.toFixed(1)}" y="${y}" width="${(x1 - x0).toFixed(1)}" height="${BAR}" rx="2"><title>${tip}</title></rect>`,
        );
      if (d?.dueAt !== undefined && (d.late || d.wouldBeLate) && b.kind === 'step' && !prep && b.to > d.dueAt && inRange(d.dueAt)) {
        const xd = Math.max(x(d.dueAt), x0);
        parts.push(h`<rect class="pastdue" x="${xd.toFixed(1)}" y="${y}" width="${(x1 - xd).toFixed(1)}" height="${BAR}"/>`);
      }
      if (b.open) parts.push(h`<path class="open-end ${cls}" d="M${x1.toFixed(1)} ${y} l7 ${BAR / 2} l-7 ${BAR / 2} z"/>`);
      parts.push(
        h`<text class="code ${place === 'in' && inside ? 'in' : 'out'}${cls === 'prep' || cls === 'wait' ? ' soft' : ''}" x="${codeAt.toFixed(1)}" y="${y + BAR - 3}" text-anchor="${anchor}">${code}</text>`,
      );
      if (xr !== undefined) {
        parts.push(h`<path class="risk-mark" d="M${xr.toFixed(1)} ${y - 2} l4.5 ${BAR / 2 + 2} l-4.5 ${BAR / 2 + 2} l-4.5 ${-(BAR / 2 + 2)} z"/>`);
        parts.push(h`<rect class="risk-pill" x="${(xr + 6).toFixed(1)}" y="${y}" width="${(textWidth(riskLabel) + 6).toFixed(1)}" height="${BAR}" rx="3"/>`);
        parts.push(h`<text class="risk-label" x="${(xr + 9).toFixed(1)}" y="${y + BAR - 3}">${riskLabel}</text>`);
      }
      placed.push(parts);
    }
    const height = Math.max(1, rowEnds.length) * ROW + 4;
    const o = lane.official;
    const head = o
      ? h`<th class="who" scope="row"><div class="name">${o.name}</div><div class="sub">${o.id} · ${o.role} <span class="badge ${o.verdict === 'pass' ? 'pass' : o.verdict === 'fail' ? 'fail' : 'na'}">${sp.text(VERDICTS[o.verdict])}</span></div></th>`
      : h`<th class="who" scope="row"><div class="name">${t('noHolder')}</div></th>`;
    return h`<tr>${head}<td class="lane"><svg viewBox="0 0 ${W} ${height}" role="img" aria-label="${o ? o.name : t('noHolder')}">${grid(height)}${placed}</svg></td></tr>`;
  };

  const legend = h`<ul class="legend">
<li><span class="sw ok"></span>${t('legendStep')}</li>
<li><span class="sw prep"></span>${t('legendPrep')}</li>
<li><span class="sw wait"></span>${t('legendWait')}</li>
<li><span class="sw risk"></span>${t('legendRisk')}</li>
<li><span class="sw late"></span>${t('legendLate')}</li>
<li><span class="sw late"><span class="sw-past"></span></span>${t('legendPastDue')}</li>
<li><svg class="sw-icon" viewBox="0 0 12 16"><path class="risk-mark" d="M6 1 l5 7 l-5 7 l-5 -7 z"/></svg>${t('legendRiskMark')}</li>
<li><svg class="sw-icon" viewBox="0 0 12 16"><line class="due" x1="6" x2="6" y1="0" y2="16"/></svg>${t('legendDue')}</li>
<li><svg class="sw-icon wide" viewBox="0 0 22 16"><rect class="bar ok" x="1" y="2" width="13" height="12"/><path class="open-end ok" d="M14 2 l7 6 l-7 6 z"/></svg>${t('legendOpen')}</li>
</ul>`;

  return h`<section class="timeline">
<h2>${t('timeline')}</h2>
<p class="note">${t('timelineNote')}</p>
${legend}
${beyond.length ? h`<p class="note">${t('beyond', { x: beyond.join('; ') })}</p>` : ''}
<svg class="defs" aria-hidden="true" width="0" height="0"><defs><pattern id="tthc-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6e9ed"/><rect width="2.5" height="6" fill="#a3aab4"/></pattern></defs></svg>
<table class="lanes">
<thead><tr><th class="who"></th><th class="lane">${axis}</th></tr></thead>
<tbody>
${lanes.map(laneRow)}
</tbody>
</table>
</section>`;
}

function dossierSection(
  r: SessionResult,
  sp: Speaker,
  t: T,
  stepText: (d: string | undefined, s: string) => Text,
  actionText: ActionText,
  nameOf: Map<string, string>,
  day: number,
): Markup {
  const rows = r.dossiers.map((d) => {
    const tone = toneOf(d);
    const late = d.late
      ? h`<b>${sp.t('yes')}</b>${d.lateByMinutes !== undefined ? h` <small>(${t('lateBy', { n: d.lateByMinutes })})</small>` : ''}`
      : d.wouldBeLate
        ? h`<b>${sp.t('would')}</b>${d.projectedFinish !== undefined ? h` <small>(${t('projected', { t: sp.time(d.projectedFinish, day) })})</small>` : ''}`
        : sp.t('no');
    const risk = d.risk
      ? h`<b>${sp.time(d.risk.at, day)}</b> · ${sp.text(stepText(d.code, d.risk.step))}${d.riskHolder ? h` · ${sp.t('heldBy')} ${nameOf.get(d.riskHolder) ?? d.riskHolder}` : ''}${d.risk.afterSessionEnd ? h` · <i>${sp.t('afterEnd')}</i>` : ''}`
      : '-';
    const apology =
      d.apology.issuedAt !== undefined
        ? sp.t('apologyIssued', { t: sp.time(d.apology.issuedAt, day) })
        : d.apology.required
          ? h`<b>${sp.t('apologyRequired')}</b>`
          : '-';
    return h`<tr class="${tone}"><td class="code">${d.code}</td><td>${d.procedure}</td><td>${nameOf.get(d.owner) ?? d.owner} <small>(${d.owner})</small></td><td>${sp.status(d.status)}</td><td class="num">${sp.time(d.receivedAt, day)}</td><td class="num">${sp.time(d.dueAt, day)}</td><td class="num">${sp.time(d.returnedAt, day)}</td><td>${late}</td><td>${risk}</td><td>${apology}</td></tr>`;
  });
  const refused = r.rejected.length
    ? h`<h3>${sp.t('rejected')}</h3>
<table class="refused">${cols([8, 24, 22, 11, 35])}<thead><tr><th>${t('at')}</th><th>${t('official')}</th><th>${t('action')}</th><th>${sp.t('code')}</th><th>${t('reasonText')}</th></tr></thead><tbody>
${r.rejected.map((o) => {
  // the reason scoring gave for this refusal, so both say the same
  const given = r.officials
    .find((x) => x.id === o.event.official)
    ?.reasons.find((x) => x.at === o.event.ms && (x.dossier ?? '') === (o.event.dossier ?? '') && x.detail?.action === o.event.action);
  const code = given?.code ?? o.reason;
  const reason = code && code in REASONS ? REASONS[code as keyof typeof REASONS] : undefined;
  return h`<tr><td class="num">${sp.time(o.event.ms, day)}</td><td>${nameOf.get(o.event.official) ?? o.event.official} <small>(${o.event.official})</small></td><td>${sp.text(actionText(o.event.dossier, o.event.action))}</td><td>${o.event.dossier || '-'}</td><td>${reason ? bilingual(reason, sp.lang, sp.lang === 'vi' ? 'en' : 'vi') : (code ?? '')}</td></tr>`;
})}
</tbody></table>`
    : '';
  return h`<section class="dossiers">
<h2>${capitalise(sp.t('dossiers'), sp.lang)}</h2>
<table class="dossier-table">${cols([8, 6, 14, 11, 9, 6, 9, 7, 19, 11])}
<thead><tr><th>${sp.t('code')}</th><th>${sp.t('procedure')}</th><th>${sp.t('owner')}</th><th>${sp.t('status')}</th><th>${sp.t('received')}</th><th>${sp.t('due')}</th><th>${sp.t('returned')}</th><th>${sp.t('late')}</th><th>${sp.t('risk')}</th><th>${sp.t('apology')}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${refused}
</section>`;
}

/** Column widths in per cent, for tables laid out by them rather than by their content. */
const cols = (widths: number[]) => h`<colgroup>${widths.map((w) => h`<col style="width:${w}%">`)}</colgroup>`;

/** "HỒ SƠ" -> "Hồ sơ": the table report's headings are upper case, the page's are not. */
const capitalise = (s: string, lang: Lang) => {
  const lower = s.toLocaleLowerCase(lang);
  return lower.charAt(0).toLocaleUpperCase(lang) + lower.slice(1);
};

function cardsSection(r: SessionResult, sp: Speaker, t: T, other: Lang, stepText: (d: string | undefined, s: string) => Text, actionText: ActionText): Markup {
  const detailOf = (x: Reason) => {
    const parts: string[] = [];
    const d = x.detail ?? {};
    if (d.minutes !== undefined)
      parts.push(fill(LABELS.minutes[sp.lang], { n: d.minutes, l: d.limit ?? '' }) + (d.dossiers ? ` · ${t('dossiersWord', { n: d.dossiers })}` : ''));
    if (d.action !== undefined) parts.push(sp.text(actionText(x.dossier, String(d.action))));
    for (const [k, v] of Object.entries(d)) if (!['minutes', 'limit', 'dossiers', 'action'].includes(k)) parts.push(`${k}: ${v}`);
    return parts.join(' · ');
  };
  const card = (o: OfficialResult) => {
    const verdictCls = o.verdict === 'pass' ? 'pass' : o.verdict === 'fail' ? 'fail' : 'na';
    const reasons = o.reasons.length
      ? h`<table class="reasons">${cols([17, 9, 34, 22, 7, 11])}<thead><tr><th>${t('reasonCode')}</th><th>${t('points')}</th><th>${t('reasonText')}</th><th>${t('where')}</th><th>${t('at')}</th><th>${t('detail')}</th></tr></thead><tbody>
${o.reasons.map(
  (x) =>
    h`<tr class="${x.failing ? 'failing' : ''}"><td class="rcode">${new Markup(x.code.split('_').map(escapeHtml).join('_<wbr>'))}</td><td>${x.failing ? h`<b>${t('failsOutright')}</b>` : x.points ? `−${x.points}` : '0'}</td><td>${bilingual(REASONS[x.code], sp.lang, other)}</td><td>${[x.dossier, x.step ? sp.text(stepText(x.dossier, x.step)) : undefined].filter(Boolean).join(' · ') || '-'}</td><td class="num">${sp.time(x.at, r.start)}</td><td>${detailOf(x)}</td></tr>`,
)}
</tbody></table>`
      : h`<p class="clean">${bilingual(H.noReasons, sp.lang, other)}</p>`;
    return h`<article class="card ${verdictCls}">
<header><div><div class="name">${o.name}</div><div class="sub">${o.id} · ${o.role} · ${sp.text(ROLES[o.role])}</div></div>
<div class="result"><span class="badge ${verdictCls}">${sp.text(VERDICTS[o.verdict])}</span>${o.score !== undefined ? h`<div class="score">${o.score}<small>/${r.rubric.maxScore}</small></div>` : ''}</div></header>
${o.notAssessedReason ? h`<p class="na-reason">${sp.t('notAssessedBecause', { r: o.notAssessedReason })}</p>` : ''}
<p class="sub">${t('stepsDone', { n: o.steps.length })}</p>
${reasons}
</article>`;
  };
  return h`<section class="cards">
<h2>${t('scoreCards')}</h2>
<p class="note">${t('passRule', { p: r.rubric.passMark, m: r.rubric.maxScore })}</p>
${r.officials.map(card)}
</section>`;
}

/** Axis ticks at round local times, about ten over the span. */
function ticksOf(t0: number, t1: number, zone: string): { at: number; label: string }[] {
  const span = (t1 - t0) / 60_000;
  const step = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].find((m) => span / m <= 12) ?? 43200;
  let k = DateTime.fromMillis(t0, { zone }).startOf('day');
  while (k.toMillis() + step * 60_000 <= t0) k = k.plus({ minutes: step * Math.max(1, Math.floor((t0 - k.toMillis()) / 60_000 / step) - 1) });
  const ticks: { at: number; label: string }[] = [];
  let lastDay = '';
  for (; k.toMillis() <= t1; k = k.plus({ minutes: step })) {
    if (k.toMillis() < t0) continue;
    const dayKey = k.toISODate()!;
    const label = step >= 1440 ? k.toFormat('dd/MM') : lastDay && dayKey !== lastDay ? k.toFormat('dd/MM HH:mm') : k.toFormat('HH:mm');
    lastDay = dayKey;
    ticks.push({ at: k.toMillis(), label });
  }
  return ticks;
}

const CSS = `
:root { --ink:#1c232c; --muted:#58616d; --line:#d6dbe2; --ok:#3d6db0; --prep:#c3d1e6; --wait:#9aa1ab; --risk:#d88a00; --late:#c0392b; --good:#1d7a3c; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); font-size: 14px; line-height: 1.4; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1240px; padding: 20px 24px 40px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h1 .district { font-weight: 400; }
h2 { font-size: 18px; margin: 0 0 8px; padding-bottom: 3px; border-bottom: 2px solid var(--ink); break-after: avoid; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); }
.meta, .note, .sub { color: var(--muted); }
.note { margin: 4px 0 8px; }
section { margin-top: 28px; }
small { font-size: 85%; }
table { border-collapse: collapse; width: 100%; }
table.dossier-table, table.reasons, table.refused { table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
thead th { background: #eef1f5; font-size: 12px; font-weight: 600; }
td.num { white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 9px; font-weight: 600; font-size: 12px; white-space: nowrap; }
.badge.pass { background: #dcf1e2; color: #17602f; }
.badge.fail { background: #fadcd8; color: #972216; }
.badge.na { background: #e9ecf0; color: #474f5a; }
.other { display: block; color: var(--muted); font-style: italic; font-size: 92%; }

.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin: 10px 0 14px; }
.fig { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 4px; padding: 8px 10px; break-inside: avoid; }
.fig.good { border-left-color: var(--good); }
.fig.warn { border-left-color: var(--risk); }
.fig.bad { border-left-color: var(--late); }
.fig .k { font-size: 12px; color: var(--muted); }
.fig .v { font-size: 22px; font-weight: 700; }
.fig .v small { font-size: 13px; font-weight: 400; color: var(--muted); }
.fig .v .badge { font-size: 13px; vertical-align: middle; }
.fig .note { margin: 2px 0 0; font-size: 12px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 14px; margin: 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.gaps { margin: 0; padding-left: 18px; }
.gaps .who { color: var(--muted); }
.facts p { margin: 0; }

.legend { list-style: none; padding: 0; margin: 6px 0 10px; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; }
.legend li { display: flex; align-items: center; gap: 5px; }
.sw { display: inline-block; width: 22px; height: 11px; border-radius: 2px; position: relative; overflow: hidden; }
.sw.ok { background: var(--ok); } .sw.prep { background: var(--prep); } .sw.wait { background: repeating-linear-gradient(135deg, var(--wait) 0 3px, #e4e7eb 3px 6px); }
.sw.risk { background: var(--risk); } .sw.late { background: var(--late); }
.sw-past { position: absolute; inset: 0; background: repeating-linear-gradient(135deg, rgba(0,0,0,.45) 0 2px, transparent 2px 5px); }
.sw-icon { width: 12px; height: 16px; } .sw-icon.wide { width: 22px; }

table.lanes { table-layout: fixed; }
table.lanes th.who { width: 170px; font-weight: 400; background: none; padding: 3px 6px 3px 0; }
table.lanes thead th { background: none; padding-bottom: 0; }
table.lanes td.lane, table.lanes th.lane { padding: 2px 0; }
table.lanes svg { display: block; width: 100%; height: auto; overflow: visible; }
table.lanes tr { break-inside: avoid; }
th.who .name { font-weight: 600; font-size: 13px; line-height: 1.25; }
th.who .sub { font-size: 11px; }
th.who .badge { font-size: 10px; padding: 0 6px; margin-left: 2px; }
svg text { font-size: ${FONT}px; }
.grid { stroke: #e3e7ec; stroke-width: 1; }
.due { stroke: var(--late); stroke-width: 1.4; stroke-dasharray: 4 3; }
.end { stroke: #7d8590; stroke-width: 1.2; }
.tick { fill: var(--muted); }
.due-label { fill: var(--late); font-weight: 700; }
.end-label { fill: #59616c; }
.due-label, .end-label { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.bar { stroke: none; }
.bar.ok, .open-end.ok { fill: var(--ok); }
.bar.prep, .open-end.prep { fill: var(--prep); }
.bar.wait { fill: url(#tthc-hatch); stroke: var(--wait); stroke-width: .8; }
.open-end.wait { fill: var(--wait); }
.bar.risk, .open-end.risk { fill: var(--risk); }
.bar.late, .open-end.late { fill: var(--late); }
.pastdue { fill: #5a0d08; fill-opacity: .45; }
.code.in { fill: #fff; font-weight: 600; }
.code.in.soft { fill: #26374f; }
.code.out { fill: var(--ink); font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.risk-mark { fill: #ffd23f; stroke: #5b3b00; stroke-width: 1; }
.risk-pill { fill: #fffbe6; stroke: #7a5200; stroke-width: .8; }
.risk-label { fill: #111; font-weight: 700; }

.dossier-table tr.late td:first-child { box-shadow: inset 4px 0 var(--late); }
.dossier-table tr.risk td:first-child { box-shadow: inset 4px 0 var(--risk); }
.dossier-table tr.late { background: #fdf1ef; }
.dossier-table tr.risk { background: #fff8e8; }
.dossier-table td.code { font-weight: 600; white-space: nowrap; padding-left: 10px; }

.cards { }
.card { border: 1px solid var(--line); border-top: 5px solid var(--line); border-radius: 4px; padding: 8px 12px 10px; margin: 0 0 12px; break-inside: avoid; }
.card.pass { border-top-color: var(--good); } .card.fail { border-top-color: var(--late); } .card.na { border-top-color: #9aa1ab; }
.card > header { display: flex; justify-content: space-between; align-items: flex-start; gap: 12px; }
.card .name { font-size: 16px; font-weight: 700; }
.card .result { text-align: right; }
.card .score { font-size: 24px; font-weight: 700; line-height: 1.1; }
.card .score small { font-size: 13px; color: var(--muted); font-weight: 400; }
.card p { margin: 4px 0; }
.card .na-reason { font-style: italic; }
.reasons { font-size: 13px; margin-top: 4px; }
.reasons td.rcode { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 11.5px; }
.reasons tr.failing td { background: #fdf1ef; }
.clean { color: var(--good); }
.clean .other { display: inline; margin-left: 8px; }

@page { size: A4; margin: 12mm 11mm; }
@page lanes { size: A4 landscape; margin: 9mm 10mm; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  section { margin-top: 0; }
  section + section, header + section + section { break-before: page; }
  section.timeline { page: lanes; }
  h1 { font-size: 18pt; }
  h2 { font-size: 13pt; }
  .figures { grid-template-columns: repeat(3, 1fr); }
  .fig .v { font-size: 16pt; }
  tr, .card, .fig { break-inside: avoid; }
  thead { display: table-header-group; }
  .dossier-table { font-size: 8.5pt; }
  thead th { font-size: 8pt; }
  th, td { padding: 3px 4px; }
  .reasons { font-size: 8.5pt; }
  table.lanes th.who { width: 150px; padding: 1px 4px 1px 0; }
  th.who .name { font-size: 8.5pt; line-height: 1.15; }
  th.who .sub { font-size: 7pt; line-height: 1.2; }
  th.who .badge { font-size: 6.5pt; }
}
`;
