/**
 * Throughput of the log readers and writers: writes N generated events to a temp file in each
 * format, reads it back through a file stream, prints rows per second of CPU time used by this
 * process (what one core gives, even on a busy machine), rows per wall-clock second, and the
 * peak heap while reading (after a GC, so the writer's garbage does not count).
 * Run: node --expose-gc --import tsx bench/logFormats.bench.ts [rows=500000] [xlsxRows=100000]
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogEvent, LogItem } from '../src/model/log.js';
import type { RoleCode } from '../src/model/roles.js';
import { readCsv } from '../src/io/log/csv.js';
import { writeCsv } from '../src/io/log/csvWriter.js';
import { readJsonl, writeJsonl } from '../src/io/log/jsonl.js';
import { readXes, writeXes } from '../src/io/log/xes.js';
import { readXlsx, writeXlsx } from '../src/io/log/xlsx.js';

const ZONE = 'Asia/Ho_Chi_Minh';
const rows = Number(process.argv[2] ?? 500_000);
const xlsxRows = Number(process.argv[3] ?? 100_000);
const STEPS: [string, RoleCode, string][] = [
  ['submit', 'TC-KT', 'tckt'],
  ['pay', 'TC-KT', 'tckt'],
  ['receive', 'VP-TK', 'vptk'],
  ['appraise', 'TP-HT', 'Phạm Văn Lộc'],
  ['sign', 'CT', 'ct'],
  ['return', 'VP-TK', 'vptk'],
];

/** A province's log: dossiers of six steps each, grouped by dossier, some with data. */
function* events(n: number): Generator<LogEvent> {
  const t0 = Date.parse('2024-01-02T01:00:00Z');
  for (let i = 0; i < n; i++) {
    const d = Math.floor(i / STEPS.length);
    const [action, role, official] = STEPS[i % STEPS.length];
    const ms = t0 + d * 60_000 + (i % STEPS.length) * 600_000;
    yield {
      dossier: `HS-${d}`,
      at: '',
      ms,
      official,
      role,
      action,
      procedure: 'A',
      unit: `Xã Hòa Tú ${d % 100}`,
      row: i + 1,
      ...(i % 10 === 0 ? { data: { ghiChu: 'Nộp trực tuyến' } } : {}),
    };
  }
}

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().heapUsed));

/** wall and CPU milliseconds since `from` */
const clock = () => ({ wall: performance.now(), cpu: cpuMs() });
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const since = (from: { wall: number; cpu: number }) => ({ wall: performance.now() - from.wall, cpu: cpuMs() - from.cpu });
type Took = ReturnType<typeof since>;

async function toFile(path: string, write: (sink: (s: string) => Promise<void>) => Promise<number>) {
  const out = createWriteStream(path);
  const t = clock();
  await write(async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  });
  out.end();
  await once(out, 'finish');
  return since(t);
}

async function readFile(path: string, read: (src: AsyncIterable<Uint8Array>) => AsyncIterable<LogItem[]>) {
  (globalThis as { gc?: () => void }).gc?.();
  peak = 0;
  const t = clock();
  let ok = 0;
  let bad = 0;
  for await (const batch of read(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    for (const item of batch) item.ok ? ok++ : bad++;
    sample();
  }
  return { took: since(t), ok, bad };
}

const dir = mkdtempSync(join(tmpdir(), 'tthc-bench-'));
const rate = (n: number, ms: number) =>
  Math.round(n / (ms / 1000))
    .toLocaleString('en')
    .padStart(9);
const report = (fmt: string, n: number, path: string, w: Took, r: { took: Took; ok: number; bad: number }) =>
  console.log(
    `${fmt.padEnd(5)} ${String(n).padStart(7)} rows ${(statSync(path).size / 2 ** 20).toFixed(1).padStart(6)} MiB | ` +
      `write ${rate(n, w.cpu)}/cpu-s ${rate(n, w.wall)}/s | read ${rate(r.ok, r.took.cpu)}/cpu-s ${rate(r.ok, r.took.wall)}/s (${r.ok} ok, ${r.bad} bad) | ` +
      `heap while reading ${(peak / 2 ** 20).toFixed(0)} MiB`,
  );
console.log(`rows per second of this process's CPU time (/cpu-s) and of wall time (/s); node ${process.version}`);
try {
  const opts = { zone: ZONE };
  for (const [fmt, write, read] of [
    ['jsonl', writeJsonl, readJsonl],
    ['csv', writeCsv, readCsv],
    ['xes', writeXes, readXes],
  ] as const) {
    const path = join(dir, `log.${fmt}`);
    const w = await toFile(path, (sink) => write(events(rows), sink));
    const r = await readFile(path, (src) => read(src, path, opts));
    report(fmt, rows, path, w, r);
  }
  const path = join(dir, 'log.xlsx');
  const t = clock();
  writeFileSync(path, await writeXlsx(events(xlsxRows)));
  const w = since(t);
  const r = await readFile(path, (src) => readXlsx(src, path, opts));
  report('xlsx', xlsxRows, path, w, r);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
