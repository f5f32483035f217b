/**
 * The verify report for a terminal (each law with a mark, the counterexample as a table of timed
 * events) and as JSON, and a timed path as text. Renderers only: they read a VerifyReport.
 */
import { DateTime } from 'luxon';
import { STATUSES, type DossierStatus } from '../model/status.js';
import { renderTable } from '../report/table.js';
import type { EventPath, PathEvent } from './timedPath.js';
import { LAW_GROUPS, type Counterexample, type LawGroup, type VerifyReport } from './verify.js';

const HEADINGS: Record<LawGroup, string> = {
  structure: 'STRUCTURE',
  legal: 'LEGAL',
  time: 'TIME',
  user: "THE PROCEDURE'S OWN LAWS",
};
const MARK = { pass: '✓', fail: '✗', skip: '-' } as const;

const statusText = (s: DossierStatus) => `${s} ${s === 0 ? 'not submitted' : STATUSES[s].en}`;
const who = (e: PathEvent) =>
  e.timeBoxOf !== undefined ? `time box of ${e.timeBoxOf} runs out` : `${e.action} by ${e.by === 'owner' ? `owner (${e.role})` : e.by}`;

/**
 * A timed path as table rows (one per event), times shown as HH:mm on the start's day and with
 * the date on any other. `mark` flags one event (the one that breaks a law).
 * @example renderPath(path).join('\n') // '14:01  submit by owner (TC-KT)  -> receive  1 New' ...
 */
export function renderPath(path: EventPath, mark?: { index: number; text: string }): string[] {
  const start = DateTime.fromISO(path.start.at, { setZone: true });
  const when = (at: string) => {
    const t = DateTime.fromISO(at, { setZone: true });
    return t.hasSame(start, 'day') ? t.toFormat('HH:mm') : t.toFormat('ccc dd/MM HH:mm');
  };
  const rows = [['at', 'event', 'state after', 'status']];
  path.events.forEach((e, i) => rows.push([when(e.at), who(e), e.state, statusText(e.status) + (mark?.index === i ? `   <- ${mark.text}` : '')]));
  return renderTable(rows).split('\n');
}

function renderCounterexample(c: Counterexample): string[] {
  const start = DateTime.fromISO(c.path.start.at, { setZone: true });
  const n = c.path.events.length;
  return [
    `counterexample, a shortest path (${n} event${n === 1 ? '' : 's'}, from ${start.toFormat('ccc yyyy-MM-dd HH:mm')}, dossier in ${c.path.start.state}):`,
    ...(n ? renderPath(c.path, { index: c.breaksAt, text: 'breaks the law' }) : ['(no event: the start itself)']),
  ];
}

/**
 * The report a developer reads: a line per law under its group, what was found, and for each
 * broken law the shortest event path that breaks it; the verdict last.
 * @example io.stdout(renderVerifyTable(verifyProcedure(procedureA, { laws })))
 */
export function renderVerifyTable(r: VerifyReport): string {
  const out: string[] = [];
  out.push(`tthc verify: procedure ${r.procedure.id} · ${r.procedure.name.vi} (${r.procedure.name.en})`);
  out.push(
    `Searched ${r.explored.states} states (machine state x what its guards read) and ${r.explored.events} accepted events of its machine; working calendar ${r.calendar}.`,
  );
  for (const g of LAW_GROUPS) {
    const laws = r.laws.filter((l) => l.group === g);
    if (!laws.length) continue;
    out.push('', HEADINGS[g]);
    for (const l of laws) {
      out.push(`  ${MARK[l.verdict]} ${l.title}${l.verdict === 'skip' ? ' (not applicable)' : ''}`);
      const body: string[] = [];
      if (l.why && (l.verdict === 'fail' || g === 'user')) body.push(`why: ${l.why}`);
      body.push(...l.details);
      if (l.counterexample) body.push(...renderCounterexample(l.counterexample));
      out.push(...body.map((line) => `      ${line}`));
    }
  }
  const failed = r.laws.filter((l) => l.verdict === 'fail');
  const skipped = r.laws.filter((l) => l.verdict === 'skip').length;
  out.push('');
  out.push(
    failed.length
      ? `FAIL: ${failed.length} of ${r.laws.length} laws broken (${failed.map((l) => l.id).join(', ')}).`
      : `PASS: all ${r.laws.length - skipped} laws hold${skipped ? ` (${skipped} not applicable)` : ''}.`,
  );
  return out.join('\n') + '\n';
}

/**
 * Only the broken laws, each with what was found and its counterexample: the message of
 * assertProcedureLaws.
 * @example renderFailures(report) // '✗ [legal.payment] no path returns the result before ...'
 */
export function renderFailures(r: VerifyReport): string {
  const out: string[] = [];
  for (const l of r.laws.filter((x) => x.verdict === 'fail')) {
    out.push(`✗ [${l.id}] ${l.title}`);
    const body = [...(l.why ? [`why: ${l.why}`] : []), ...l.details, ...(l.counterexample ? renderCounterexample(l.counterexample) : [])];
    out.push(...body.map((line) => `    ${line}`));
  }
  return out.join('\n');
}

/**
 * The report as JSON: every law with its verdict, details and counterexample path.
 * @example JSON.parse(renderVerifyJson(report)).verdict // 'pass'
 */
export function renderVerifyJson(r: VerifyReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
