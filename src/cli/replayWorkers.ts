import { Worker } from 'node:worker_threads';
import type { AuditResult } from '../audit/audit.js';
import { fromWire, mergeAudits, type AuditWire } from '../audit/merge.js';
import type { LogField } from '../io/log/normalize.js';
import type { ProcedureDecl } from '../model/procedure.js';
import type { CalendarData } from '../time/calendar.js';

export interface WorkerInput {
  file: string;
  part: number;
  parts: number;
  zone: string;
  columns?: Partial<Record<LogField, string>>;
  procedures: ProcedureDecl[];
  calendar: CalendarData;
  timeBoxMinutes: number;
}

export type WorkerMessage =
  | { type: 'progress'; rows: number; bytes: number }
  | { type: 'read'; end?: number }
  | { type: 'result'; result: AuditWire }
  | { type: 'error'; message: string };

/**
 * Audits a CSV log on `parts` worker threads, dossiers split by hash, and merges the results:
 * the same result as one thread, in less time on a machine with more than one core.
 * @example const result = await auditInWorkers({ file, parts: 2, ... }, (rows, frac) => bar.tick(rows))
 */
export async function auditInWorkers(base: Omit<WorkerInput, 'part'>, onProgress?: (rows: number, fraction: number, size: number) => void, size = 0): Promise<AuditResult> {
  // compiled: the .js beside this file; under the test runner: the .ts source through tsx
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(`./replayWorker.${ts ? 'ts' : 'js'}`, import.meta.url);
  const rows = new Array<number>(base.parts).fill(0);
  const bytes = new Array<number>(base.parts).fill(0);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  const workers = Array.from({ length: base.parts }, (_, part) => {
    const workerData = { ...base, part } satisfies WorkerInput;
    return ts ? new Worker(boot, { eval: true, workerData }) : new Worker(url, { workerData });
  });
  try {
    const ends = await Promise.all(
      workers.map(
        (w, i) =>
          new Promise<number | undefined>((resolve, reject) => {
            w.on('error', reject);
            w.on('exit', (code) => code !== 0 && reject(new Error(`replay worker ${i} stopped (exit ${code})`)));
            w.on('message', (m: WorkerMessage) => {
              if (m.type === 'progress') {
                rows[i] = m.rows;
                bytes[i] = m.bytes;
                const read = bytes.reduce((a, b) => a + b, 0) / base.parts;
                onProgress?.(rows.reduce((a, b) => a + b, 0), size ? read / size : 0, size);
              } else if (m.type === 'read') resolve(m.end);
              else if (m.type === 'error') reject(new Error(m.message));
            });
          }),
      ),
    );
    const known = ends.filter((e): e is number => e !== undefined);
    const end = known.length ? Math.max(...known) : undefined;
    const parts = await Promise.all(
      workers.map(
        (w) =>
          new Promise<AuditResult>((resolve, reject) => {
            w.on('message', (m: WorkerMessage) => {
              if (m.type === 'result') resolve(fromWire(m.result));
              else if (m.type === 'error') reject(new Error(m.message));
            });
            w.postMessage({ end });
          }),
      ),
    );
    return mergeAudits(parts);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
