/**
 * A worker thread's share of `tthc replay`: the main thread reads the CSV and finds each
 * record's partition (shareCsv); this thread parses the records of its partition and audits
 * them, then waits for the log's end (known only when every partition is done) to finish the
 * dossiers still open. Started through CliIO.startThread, which calls threadMain.
 */
import { toWire } from '../audit/merge.js';
import { LogFileError } from '../io/located.js';
import type { ThreadPort } from './io.js';
import { partAuditor, reading, type ToWorker, type WorkerInput, type WorkerMessage } from './replayWorkers.js';

/**
 * Audits the partition `data.part` of the records the port brings, answering on the same port.
 * @example threadMain(port, { file: 'log.csv', part: 1, parts: 2, zone, procedures, calendar, timeBoxMinutes: 15 })
 */
export function threadMain(port: ThreadPort, data: unknown): void {
  const input = data as WorkerInput;
  const send = (m: WorkerMessage) => port.post(m);
  // a bad file is said as such: the main thread types the error again from `file`
  const fail = (err: unknown) => send({ type: 'error', message: (err as Error).message, file: err instanceof LogFileError });
  try {
    const { auditor, reader } = partAuditor(input);
    port.onMessage((message) => {
      const m = message as ToWorker;
      try {
        if (m.type === 'header') reading(() => reader.header(m.line));
        else if (m.type === 'share') {
          auditor.push(reading(() => reader.records(m.bytes, m.records)));
          send({ type: 'progress', rows: auditor.rows });
        } else if (m.type === 'read') send({ type: 'read', end: auditor.end });
        else send({ type: 'result', result: toWire(auditor.finish(m.end)) });
      } catch (err) {
        fail(err);
      }
    });
  } catch (err) {
    fail(err);
  }
}
