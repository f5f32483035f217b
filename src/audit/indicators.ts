import type { Text } from '../model/text.js';
import type { AuditResult, Tally } from './audit.js';
import { DurationHistogram } from './histogram.js';

/** A rate with what it counts, or why the log cannot give it. */
export interface Rate {
  value?: number;
  of: number;
  /** why the rate is missing */
  missing?: string;
}

/** Indicators of one unit or one official over the log. */
export interface Indicators {
  key: string;
  dossiers: number;
  onTime: Rate;
  online: Rate;
  onlinePayment: Rate;
  late: number;
  lateWithApology: number;
  lateWithoutApology: number;
  fitness: Rate;
  overTimeBox: number;
  stepMedianMinutes?: number;
  stepP90Minutes?: number;
  /** Quyết định 766/QĐ-TTg groups the log can say something about */
  index766: { group: string; max: number; points?: number; rule: string; missing?: string }[];
  /** seed 004 targets met or missed */
  targets: { target: Text; threshold: number; value?: number; met?: boolean }[];
}

const rate = (num: number, den: number, missing: string): Rate => (den > 0 ? { value: num / den, of: den } : { of: 0, missing });
const minutes = (s: number | undefined) => (s === undefined ? undefined : Math.round((s / 60) * 10) / 10);
// "full points at or above the threshold, pro rata below" (the common rule of the 766 index)
const points = (r: Rate, max: number, full: number) => (r.value === undefined ? undefined : Math.round(Math.min(1, r.value / full) * max * 100) / 100);

/**
 * Indicators from a tally: on-time, online and online-payment rates, late dossiers with and
 * without apology, step durations (median, p90), the 766 index groups a processing log can
 * compute (progress, online services, online payment) and the seed 004 targets.
 * @example indicatorsOf('X001', result.units.get('X001')!)
 */
export function indicatorsOf(key: string, t: Tally): Indicators {
  const onTime = rate(t.onTime, t.returned, 'no dossier was returned');
  const online = rate(t.online, t.channelKnown, 'the log gives no channel (data.channel) on submissions');
  const onlinePayment = rate(t.paidOnline, t.paymentMethodKnown, 'the log gives no payment method (data.method) on payments');
  return {
    key,
    dossiers: t.dossiers,
    onTime,
    online,
    onlinePayment,
    late: t.late,
    lateWithApology: t.lateWithApology,
    lateWithoutApology: t.lateWithoutApology,
    fitness: rate(t.fitting, t.events, 'no event'),
    overTimeBox: t.overTimeBox,
    stepMedianMinutes: minutes(t.durations.quantile(0.5)),
    stepP90Minutes: minutes(t.durations.quantile(0.9)),
    index766: [
      { group: 'progress', max: 20, points: points(onTime, 20, 0.8), rule: 'on-time rate, full at >= 80%, pro rata below', missing: onTime.missing },
      { group: 'online_services', max: 12, points: points(online, 12, 0.5), rule: 'online dossier rate, full at >= 50%', missing: online.missing },
      { group: 'online_payment', max: 10, points: points(onlinePayment, 10, 0.8), rule: 'online payment rate, full at >= 80%', missing: onlinePayment.missing },
      { group: 'digitisation', max: 22, rule: 'digitised dossiers and results', missing: 'a processing log does not record digitisation' },
      { group: 'publicity', max: 18, rule: 'publicity and transparency', missing: 'publication of procedures is not in a processing log' },
      { group: 'satisfaction', max: 18, rule: 'citizen satisfaction', missing: 'satisfaction surveys are not in a processing log' },
    ],
    targets: [
      {
        target: { vi: 'Hồ sơ trực tuyến >= 50%', en: 'Online dossiers >= 50%' },
        threshold: 0.5,
        value: online.value,
        met: online.value === undefined ? undefined : online.value >= 0.5,
      },
      {
        target: { vi: 'Thanh toán trực tuyến >= 45%', en: 'Online payments >= 45%' },
        threshold: 0.45,
        value: onlinePayment.value,
        met: onlinePayment.value === undefined ? undefined : onlinePayment.value >= 0.45,
      },
      {
        target: { vi: '100% hồ sơ đúng hạn', en: '100% of dossiers on time' },
        threshold: 1,
        value: onTime.value,
        met: onTime.value === undefined ? undefined : onTime.value >= 1,
      },
      {
        target: { vi: 'Xin lỗi 100% hồ sơ trễ hạn', en: 'Apology for every late dossier' },
        threshold: 1,
        value: t.late ? t.lateWithApology / t.late : undefined,
        met: t.late ? t.lateWithoutApology === 0 : true,
      },
    ],
  };
}

/** Indicators of the whole log: the units' tallies added up. */
export function totalTally(result: AuditResult): Tally {
  const units = [...result.units.values()];
  const sum = (k: keyof Tally) => units.reduce((s, u) => s + (u[k] as number), 0);
  const durations = mergeHistograms(units.map((u) => u.durations));
  return {
    dossiers: sum('dossiers'),
    returned: sum('returned'),
    onTime: sum('onTime'),
    late: sum('late'),
    lateWithApology: sum('lateWithApology'),
    lateWithoutApology: sum('lateWithoutApology'),
    submissions: sum('submissions'),
    online: sum('online'),
    channelKnown: sum('channelKnown'),
    payments: sum('payments'),
    paidOnline: sum('paidOnline'),
    paymentMethodKnown: sum('paymentMethodKnown'),
    events: result.events,
    fitting: result.fitting,
    steps: sum('steps'),
    overTimeBox: sum('overTimeBox'),
    findings: result.findings,
    durations,
  };
}

function mergeHistograms(hs: DurationHistogram[]): DurationHistogram {
  const out = new DurationHistogram();
  for (const h of hs) out.merge(h);
  return out;
}
