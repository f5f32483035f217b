import { DateTime } from 'luxon';
import { REASONS } from '../analysis/reasons.js';
import type { Reason, SessionResult, Verdict } from '../analysis/score.js';
import { EXIT_ACTIONS } from '../model/event.js';
import type { ProcedureDecl } from '../model/procedure.js';
import { STATUSES } from '../model/status.js';
import type { Lang, Text } from '../model/text.js';

/** Labels of the reports, in both languages. */
export const LABELS = {
  session: { vi: 'Phiên đánh giá', en: 'Assessment session' },
  timeBoxPerDossier: { vi: '{m} phút cho mỗi hồ sơ ở mỗi bước xử lý (per-dossier)', en: '{m} minutes per dossier per step (per-dossier)' },
  timeBoxPerOfficial: {
    vi: '{m} phút cho mỗi công chức ở mỗi bước, tính cho tất cả hồ sơ của bước (per-official)',
    en: '{m} minutes per official per step, for all their dossiers of that step (per-official)',
  },
  timeBox: { vi: 'Thời gian mỗi bước', en: 'Time box' },
  calendar: { vi: 'Lịch làm việc', en: 'Working calendar' },
  officials: { vi: 'CÔNG CHỨC', en: 'OFFICIALS' },
  dossiers: { vi: 'HỒ SƠ', en: 'DOSSIERS' },
  unit: { vi: 'ĐƠN VỊ', en: 'UNIT' },
  id: { vi: 'Mã', en: 'Id' },
  name: { vi: 'Họ và tên', en: 'Name' },
  role: { vi: 'Vai trò', en: 'Role' },
  score: { vi: 'Điểm', en: 'Score' },
  verdict: { vi: 'Kết quả', en: 'Result' },
  code: { vi: 'Mã hồ sơ', en: 'Dossier' },
  procedure: { vi: 'TTHC', en: 'Proc.' },
  owner: { vi: 'Người nộp', en: 'Submitter' },
  status: { vi: 'Trạng thái', en: 'Status' },
  received: { vi: 'Tiếp nhận', en: 'Received' },
  due: { vi: 'Hạn trả', en: 'Due' },
  returned: { vi: 'Trả KQ', en: 'Returned' },
  late: { vi: 'Trễ hạn', en: 'Late' },
  risk: { vi: 'Cảnh báo trễ hạn từ', en: 'Overdue risk from' },
  apology: { vi: 'Thư xin lỗi', en: 'Apology' },
  yes: { vi: 'có', en: 'yes' },
  no: { vi: 'không', en: 'no' },
  would: { vi: 'sẽ trễ', en: 'would be late' },
  afterEnd: { vi: 'sau khi phiên kết thúc', en: 'after the session ends' },
  heldBy: { vi: 'đang ở', en: 'held by' },
  dossierCount: { vi: 'Số hồ sơ', en: 'Dossiers' },
  minimum: { vi: 'tối thiểu', en: 'minimum' },
  readiness: { vi: 'Điều kiện chuẩn bị còn thiếu', en: 'Readiness gaps' },
  none: { vi: 'không có', en: 'none' },
  results: { vi: 'Kết quả', en: 'Results' },
  lateCount: { vi: 'Hồ sơ trễ hạn', en: 'Late dossiers' },
  riskCount: { vi: 'Hồ sơ bị cảnh báo', en: 'Dossiers flagged at risk' },
  apologiesMissing: { vi: 'Trễ hạn chưa có thư xin lỗi', en: 'Late without an apology letter' },
  rejected: { vi: 'Thao tác bị hệ thống từ chối', en: 'Actions the system refused' },
  notAssessedBecause: { vi: 'không đánh giá: {r}', en: 'not assessed: {r}' },
  minutes: { vi: '{n}/{l} phút', en: '{n}/{l} min' },
  apologyRequired: { vi: 'cần, chưa phát hành', en: 'required, not issued' },
  apologyIssued: { vi: 'đã phát hành {t}', en: 'issued {t}' },
} as const satisfies Record<string, Text>;

export const VERDICTS: Record<Verdict, Text> = {
  pass: { vi: 'Đạt', en: 'Pass' },
  fail: { vi: 'Không đạt', en: 'Fail' },
  not_assessed: { vi: 'Không đánh giá', en: 'Not assessed' },
};

/** Fills "{name}" slots of a label. */
export const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));

/** A small translator bound to a language and a time zone. */
export interface Speaker {
  lang: Lang;
  t(key: keyof typeof LABELS, vars?: Record<string, string | number>): string;
  text(t: Text): string;
  /** "HH:mm", with the date when it is not `sameDay` */
  time(ms: number | undefined, sameDay?: number): string;
  iso(ms: number | undefined): string | undefined;
  status(code: number): string;
  reason(r: Reason, steps: (procedure: string, step: string) => Text | undefined, procedureOf: (dossier: string) => string | undefined): string;
}

/**
 * Builds the speaker reports use for words and times.
 * @example speaker('en', 'Asia/Ho_Chi_Minh').time(Date.parse('2024-09-17T07:05:00Z')) // '14:05'
 */
export function speaker(lang: Lang, zone: string): Speaker {
  const dt = (ms: number) => DateTime.fromMillis(ms, { zone });
  const sp: Speaker = {
    lang,
    t: (key, vars = {}) => fill(LABELS[key][lang], vars),
    text: (t) => t[lang],
    time: (ms, sameDay) => {
      if (ms === undefined || !Number.isFinite(ms)) return '-';
      const d = dt(ms);
      const day = sameDay !== undefined && d.toISODate() === dt(sameDay).toISODate();
      return day ? d.toFormat('HH:mm') : d.toFormat('dd/MM HH:mm');
    },
    iso: (ms) => (ms === undefined || !Number.isFinite(ms) ? undefined : dt(ms).toISO({ suppressMilliseconds: true })!),
    status: (code) => (code === 0 ? (lang === 'vi' ? 'Chưa nộp' : 'Not submitted') : STATUSES[code as keyof typeof STATUSES][lang]),
    reason: (r, steps, procedureOf) => {
      const parts: string[] = [REASONS[r.code][lang]];
      const proc = r.dossier ? procedureOf(r.dossier) : undefined;
      const stepName = r.step && proc ? steps(proc, r.step) : undefined;
      const where = [r.dossier, stepName ? stepName[lang] : r.step].filter(Boolean).join(' · ');
      if (where) parts.push(`(${where})`);
      if (r.detail?.minutes !== undefined)
        parts.push(fill(LABELS.minutes[lang], { n: r.detail.minutes, l: r.detail.limit ?? '' }) + (r.detail.dossiers ? ` · ${r.detail.dossiers}` : ''));
      if (r.detail?.action !== undefined) {
        const a = String(r.detail.action);
        const exit = (EXIT_ACTIONS as Record<string, Text>)[a];
        parts.push(`[${exit ? exit[lang] : a}]`);
      }
      if (r.at !== undefined) parts.push(`@${sp.time(r.at)}`);
      return parts.join(' ');
    },
  };
  return sp;
}

/** Step names by procedure and step id, for reports. */
export function stepNames(procs: readonly ProcedureDecl[]) {
  const m = new Map(procs.map((p) => [p.id, new Map(p.steps.map((s) => [s.id, s.name]))]));
  return (procedure: string, step: string) => m.get(procedure)?.get(step);
}

export type { SessionResult };

/** C0 controls but LF, DEL and the C1 controls: what a terminal may act on (ESC starts its escape sequences) */
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
/** the same and LF: in one cell of a table */
const CONTROLS_AND_LF = /[\u0000-\u001F\u007F-\u009F]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const shown = (c: string) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/**
 * Text safe to print on a terminal: each control character (a name from a log holding a terminal
 * escape sequence, a line break in a cell) written out as an escape, so it shows instead of
 * acting. Line breaks are kept with `lines`, for a report's whole text.
 * @example printable('Lê\x1b[31mVăn') // 'Lê\\x1b[31mVăn'
 */
export function printable(text: string, lines = false): string {
  const re = lines ? CONTROLS : CONTROLS_AND_LF;
  re.lastIndex = 0;
  return re.test(text) ? text.replace(re, shown) : text;
}
