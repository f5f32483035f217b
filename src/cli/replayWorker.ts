/**
 * A worker thread's share of `tthc replay`: it reads the whole CSV but parses and audits only
 * the rows of the dossiers its hash partition owns (partitionOf), then waits for the log's end (known only
 * when every partition is done) to finish the dossiers still open.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Auditor } from '../audit/audit.js';
import { toWire } from '../audit/merge.js';
import { makeRegistry } from '../engine/registry.js';
import { readCsvColumns } from '../io/log/csv.js';
import { makeCalendar } from '../time/calendar.js';
import type { WorkerInput, WorkerMessage } from './replayWorkers.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const send = (m: WorkerMessage) => port.postMessage(m);

try {
  const auditor = new Auditor({ registry: makeRegistry(input.procedures), calendar: makeCalendar(input.calendar), timeBoxMinutes: input.timeBoxMinutes });
  const seen = { bytes: 0 };
  async function* counted() {
    for await (const chunk of createReadStream(input.file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      seen.bytes += chunk.length;
      yield chunk;
    }
  }
  let batches = 0;
  for await (const batch of readCsvColumns(counted(), input.file, { zone: input.zone, columns: input.columns, part: { index: input.part, count: input.parts } })) {
    auditor.push(batch);
    if (++batches % 16 === 0) send({ type: 'progress', rows: auditor.rows, bytes: seen.bytes });
  }
  send({ type: 'progress', rows: auditor.rows, bytes: seen.bytes });
  send({ type: 'read', end: auditor.end });
  port.once('message', (m: { end?: number }) => send({ type: 'result', result: toWire(auditor.finish(m.end)) }));
} catch (err) {
  send({ type: 'error', message: (err as Error).message });
}
