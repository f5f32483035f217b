import { parseArgs } from 'node:util';
import { Auditor } from '../audit/audit.js';
import { DurationHistogram } from '../audit/histogram.js';
import { normaliseRole, type RoleCode } from '../model/roles.js';
import type { Lang } from '../model/text.js';
import { renderTable } from '../report/table.js';
import type { Spread } from '../simulate/random.js';
import { simulate, type DurationModel, type SimulationResult } from '../simulate/simulate.js';
import { emitReport, oneOf } from './args.js';
import { logReaderFor, type LogReader } from '../io/log/read.js';
import { UsageError, type CliIO } from './io.js';
import { LOAD_OPTIONS, loadScenario } from './load.js';

export const SIMULATE_HELP = `tthc simulate - what-if: run a session many times with drawn step durations

Usage: tthc simulate <scenario> [--runs N] [--seed S] [--fit LOG] [options]

Each run sends every dossier of the scenario through its procedure; each official works one
dossier at a time, for a duration drawn per role (log-normal from a median and 90th percentile:
the scenario's "durations:", or fitted from a recorded log with --fit, else 3 min median, 10 min
p90). Every run is replayed and scored as "tthc run" does.

Options:
  --runs N             number of runs (default 1000)
  --seed S             random seed: the same seed gives the same figures (default 1)
  --fit LOG            fit the durations per role from a log (.csv .jsonl .xlsx .xes)
  --format table|json  (default table)
  --out FILE           write the report to FILE
  --lang vi|en         (default vi)
  --procedure FILE, --calendar FILE, --rubric FILE as for "tthc run"

Reports: per dossier the probability it goes late; per official the probability of going over a
time box; the latest start time at which every dossier is returned on time, before the office
closes, in 90% and 99% of runs.

Examples:
  tthc simulate scenarios/commune-full.yaml --runs 10000 --seed 7
  tthc simulate scenarios/slow-step-late.yaml --fit examples/logs/sample-log.csv --format json
`;

const DEFAULT_SPREAD: Spread = { median: 3, p90: 10 };

/**
 * \`tthc simulate\`: the trainer's planning door.
 * @example await simulateCommand(['scenarios/commune-full.yaml', '--runs', '100'], io)
 */
export async function simulateCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...LOAD_OPTIONS,
      runs: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      fit: { type: 'string' },
      format: { type: 'string', default: 'table' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'vi' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return (io.stdout(SIMULATE_HELP), 0);
  if (positionals.length !== 1) throw new UsageError('simulate needs exactly one scenario file', 'simulate');
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  if (!Number.isInteger(runs) || runs < 1 || runs > 10_000_000) throw new UsageError(`--runs must be a whole number from 1 (got "${values.runs}")`, 'simulate');
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number (got "${values.seed}")`, 'simulate');
  const format = oneOf('--format', values.format, ['table', 'json'] as const);
  const lang = oneOf('--lang', values.lang, ['vi', 'en'] as const) as Lang;
  const loaded = await loadScenario(io, positionals[0], values);

  const durations: DurationModel = { default: loaded.durations?.default ?? DEFAULT_SPREAD };
  for (const [k, v] of Object.entries(loaded.durations ?? {})) if (k !== 'default') durations[normaliseRole(k)!] = v;
  if (values.fit) Object.assign(durations, await fitDurations(io, values.fit, loaded.calendar, loaded.registry));

  const progress = !values.quiet && io.interactive && io.now;
  const t0 = io.now?.() ?? 0;
  const result = simulate(loaded.session, {
    runs,
    seed,
    registry: loaded.registry,
    calendar: loaded.calendar,
    rubric: loaded.rubric,
    durations,
    onProgress: progress
      ? (done, total) => {
          const secs = (io.now!() - t0) / 1000;
          io.stderr(
            `\r${done}/${total} runs · ${Math.round(done / Math.max(secs, 0.001))} runs/s · ETA ${Math.round((secs / done) * (total - done))} s   ${done === total ? '\n' : ''}`,
          );
        }
      : undefined,
  });
  const text = format === 'json' ? JSON.stringify(jsonOf(result, loaded.calendar.timeOf), null, 2) + '\n' : tableOf(result, lang, loaded.calendar.timeOf);
  await emitReport(io, values.out, text, lang);
  return 0;
}

/** Median and p90 step durations per role, from a recorded log read by the audit. */
async function fitDurations(
  io: CliIO,
  file: string,
  calendar: Parameters<typeof simulate>[1]['calendar'],
  registry: Parameters<typeof simulate>[1]['registry'],
) {
  if (!io.readStream) throw new Error('this environment cannot stream files');
  let read: LogReader;
  try {
    read = logReaderFor(file).read;
  } catch (err) {
    throw new UsageError((err as Error).message, 'simulate');
  }
  const auditor = new Auditor({ registry, calendar });
  for await (const batch of read(io.readStream(file), file, { zone: 'Asia/Ho_Chi_Minh' })) auditor.push(batch);
  const byRole = new Map<string, DurationHistogram>();
  for (const t of auditor.finish().officials.values()) {
    const h = byRole.get(t.role) ?? new DurationHistogram();
    h.merge(t.durations);
    byRole.set(t.role, h);
  }
  const out: Partial<Record<RoleCode, Spread>> = {};
  for (const [role, h] of byRole) {
    const median = h.quantile(0.5);
    const p90 = h.quantile(0.9);
    if (median !== undefined && p90 !== undefined && h.count >= 3)
      out[role as RoleCode] = { median: Math.max(median / 60, 0.1), p90: Math.max(p90 / 60, median / 60, 0.1) };
  }
  return out;
}

const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

function jsonOf(r: SimulationResult, timeOf: (ms: number) => string) {
  return {
    ...r,
    latestStart: {
      p90: r.latestStart.p90 === undefined ? null : timeOf(r.latestStart.p90),
      p99: r.latestStart.p99 === undefined ? null : timeOf(r.latestStart.p99),
    },
  };
}

function tableOf(r: SimulationResult, lang: Lang, timeOf: (ms: number) => string): string {
  const vi = lang === 'vi';
  const out: string[] = [];
  out.push(`${vi ? 'Mô phỏng' : 'Simulation'}: ${r.runs} ${vi ? 'lần chạy' : 'runs'}, seed ${r.seed}`);
  out.push(
    `${vi ? 'Thời gian mỗi bước (phút, trung vị/p90)' : 'Step durations (minutes, median/p90)'}: ${Object.entries(r.durations)
      .map(([k, v]) => `${k} ${v!.median.toFixed(1)}/${v!.p90.toFixed(1)}`)
      .join(' · ')}`,
  );
  out.push(`${vi ? 'Xác suất mọi hồ sơ đúng hạn' : 'Probability every dossier is on time'}: ${pct(r.pAllOnTime)}`);
  const at = (ms?: number) => (ms === undefined ? (vi ? 'không có giờ nào đạt' : 'no start time works') : timeOf(ms));
  out.push(`${vi ? 'Giờ bắt đầu muộn nhất' : 'Latest start'}: 90% → ${at(r.latestStart.p90)} · 99% → ${at(r.latestStart.p99)}`);
  out.push('');
  const d = [
    [
      vi ? 'Mã hồ sơ' : 'Dossier',
      'TTHC',
      vi ? 'Người nộp' : 'Submitter',
      vi ? 'P(trễ hạn)' : 'P(late)',
      vi ? 'P(cảnh báo)' : 'P(at risk)',
      vi ? 'Phút đến khi trả KQ' : 'Minutes to result',
    ],
  ];
  for (const x of r.dossiers) d.push([x.code, x.procedure, x.owner, pct(x.pLate), pct(x.pAtRisk), x.meanMinutesToResult.toFixed(0)]);
  out.push(renderTable(d));
  out.push('');
  const o = [
    [vi ? 'Mã' : 'Id', vi ? 'Họ và tên' : 'Name', vi ? 'Vai trò' : 'Role', vi ? 'P(vượt 15 phút)' : 'P(over time box)', vi ? 'Phút làm việc' : 'Busy minutes'],
  ];
  for (const x of r.officials) o.push([x.id, x.name, x.role, pct(x.pOverTimeBox), x.meanBusyMinutes.toFixed(0)]);
  out.push(renderTable(o));
  return out.join('\n') + '\n';
}
