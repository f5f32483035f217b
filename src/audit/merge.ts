import { CONFORMANCE_CODES } from './conformance.js';
import { DurationHistogram } from './histogram.js';
import { keepFirst, type AuditResult, type OfficialTally, type Tally } from './audit.js';

/** An AuditResult as plain data, for postMessage between threads. */
export type AuditWire = ReturnType<typeof toWire>;

const tallyWire = <T extends Tally>(t: T) => ({ ...t, durations: t.durations.toJSON() });
const tallyBack = <T extends Tally>(t: Omit<T, 'durations'> & { durations: number[] }): T =>
  ({ ...t, durations: DurationHistogram.from(t.durations) }) as unknown as T;

/**
 * Plain data of an audit result (histograms as counts, maps as entry lists).
 * @example worker.postMessage(toWire(auditor.finish(end)))
 */
export function toWire(r: AuditResult) {
  return {
    ...r,
    units: [...r.units].map(([k, t]) => [k, tallyWire(t)] as const),
    officials: [...r.officials].map(([k, t]) => [k, tallyWire(t)] as const),
    steps: [...r.steps].map(([k, h]) => [k, h.toJSON()] as const),
  };
}

/** The audit result back from plain data. */
export function fromWire(w: AuditWire): AuditResult {
  return {
    ...w,
    units: new Map(w.units.map(([k, t]) => [k, tallyBack<Tally>(t)])),
    officials: new Map(w.officials.map(([k, t]) => [k, tallyBack<OfficialTally>(t)])),
    steps: new Map(w.steps.map(([k, h]) => [k, DurationHistogram.from(h)])),
  };
}

const COUNTS = [
  'dossiers',
  'returned',
  'onTime',
  'late',
  'lateWithApology',
  'lateWithoutApology',
  'submissions',
  'online',
  'channelKnown',
  'payments',
  'paidOnline',
  'paymentMethodKnown',
  'events',
  'fitting',
  'steps',
  'overTimeBox',
] as const;

function addTally<T extends Tally>(into: T, t: T): void {
  for (const k of COUNTS) into[k] += t[k];
  for (const [code, n] of Object.entries(t.findings))
    into.findings[code as keyof Tally['findings']] = (into.findings[code as keyof Tally['findings']] ?? 0) + (n ?? 0);
  into.durations.merge(t.durations);
}

/**
 * Adds up the audits of the partitions of one log (dossiers split by hash between threads).
 * Counts add, histograms merge, samples keep the first by row, an official keeps the role and
 * unit of their first row: the result equals the single-thread audit of the whole log.
 * @example const whole = mergeAudits(parts.map(fromWire))
 */
export function mergeAudits(parts: readonly AuditResult[], samples = 5): AuditResult {
  const out: AuditResult = {
    rows: 0,
    events: 0,
    badRows: 0,
    badRowSamples: [],
    dossiers: 0,
    openAtEnd: 0,
    fitting: 0,
    fitness: 1,
    findings: Object.fromEntries(CONFORMANCE_CODES.map((c) => [c, 0])) as AuditResult['findings'],
    samples: {},
    units: new Map(),
    officials: new Map(),
    steps: new Map(),
  };
  for (const p of parts) {
    out.rows += p.rows;
    out.events += p.events;
    out.badRows += p.badRows;
    out.dossiers += p.dossiers;
    out.openAtEnd += p.openAtEnd;
    out.fitting += p.fitting;
    for (const e of p.badRowSamples) keepFirst(out.badRowSamples, e, 1000);
    if (p.start !== undefined) out.start = out.start === undefined ? p.start : Math.min(out.start, p.start);
    if (p.end !== undefined) out.end = out.end === undefined ? p.end : Math.max(out.end, p.end);
    for (const c of CONFORMANCE_CODES) {
      out.findings[c] += p.findings[c];
      for (const s of p.samples[c] ?? []) keepFirst((out.samples[c] ??= []), s, samples);
    }
    for (const [k, t] of p.units) {
      const u = out.units.get(k);
      if (u) addTally(u, t);
      else out.units.set(k, { ...t, findings: { ...t.findings }, durations: DurationHistogram.from(t.durations.toJSON()) });
    }
    for (const [k, t] of p.officials) {
      const o = out.officials.get(k);
      if (!o) out.officials.set(k, { ...t, findings: { ...t.findings }, durations: DurationHistogram.from(t.durations.toJSON()) });
      else {
        if (t.firstRow < o.firstRow) Object.assign(o, { role: t.role, unit: t.unit, firstRow: t.firstRow });
        addTally(o, t);
      }
    }
    for (const [k, h] of p.steps) {
      const s = out.steps.get(k);
      if (s) s.merge(h);
      else out.steps.set(k, DurationHistogram.from(h.toJSON()));
    }
  }
  out.fitness = out.events ? out.fitting / out.events : 1;
  return out;
}
