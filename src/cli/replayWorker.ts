/**
 * A worker thread's share of `tthc replay`: the main thread reads the CSV and finds each
 * record's partition (shareCsv); this thread parses the records of its partition and audits
 * them, then waits for the log's end (known only when every partition is done) to finish the
 * dossiers still open.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toWire } from '../audit/merge.js';
import { partAuditor, type ToWorker, type WorkerInput, type WorkerMessage } from './replayWorkers.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const send = (m: WorkerMessage) => port.postMessage(m);

try {
  const { auditor, reader } = partAuditor(input);
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'header') reader.header(m.line);
      else if (m.type === 'share') {
        auditor.push(reader.records(m.bytes, m.records));
        send({ type: 'progress', rows: auditor.rows });
      } else if (m.type === 'read') send({ type: 'read', end: auditor.end });
      else send({ type: 'result', result: toWire(auditor.finish(m.end)) });
    } catch (err) {
      send({ type: 'error', message: (err as Error).message });
    }
  });
} catch (err) {
  send({ type: 'error', message: (err as Error).message });
}
