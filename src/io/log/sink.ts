import type { LogEvent, LogItem, RowError } from '../../model/log.js';

/**
 * Where a log writer puts its text, a piece at a time: `io.writeStream(path).write`, an array's
 * push in tests, or process.stdout. A returned promise is awaited before the next piece.
 */
export type LogSink = (chunk: string) => Promise<void> | void;

/** What log writers accept: an array, a generator, or a reader's output flattened. */
export type LogEvents = AsyncIterable<LogEvent> | Iterable<LogEvent>;

const CHUNK = 1 << 16;

/**
 * Runs `line` on every event and sends the text to `sink` in pieces of about 64 KiB, so a
 * writer's memory holds one piece whatever the log's length. Sync iterables are walked without
 * an await per event. `tail` is asked for the closing text once the events are done.
 * Returns the number of events.
 * @example await writeLines(events, sink, (e) => JSON.stringify(e) + '\n', '')
 */
export async function writeLines(events: LogEvents, sink: LogSink, line: (e: LogEvent) => string, head: string, tail?: () => string): Promise<number> {
  let out = head;
  let n = 0;
  const add = (e: LogEvent) => {
    out += line(e);
    n++;
    if (out.length < CHUNK) return undefined;
    const piece = out;
    out = '';
    return sink(piece);
  };
  if (Symbol.iterator in events) {
    for (const e of events) {
      const p = add(e);
      if (p) await p;
    }
  } else {
    for await (const e of events) {
      const p = add(e);
      if (p) await p;
    }
  }
  if (tail) out += tail();
  if (out) await sink(out);
  return n;
}

/**
 * Flattens a reader's batches into events, dropping bad rows (pass `onError` to see them), so a
 * file read in one format can be written in another.
 * @example await writeJsonl(eventsOf(readXes(src, 'log.xes', { zone })), sink)
 */
export async function* eventsOf(batches: AsyncIterable<readonly LogItem[]>, onError?: (error: RowError) => void): AsyncGenerator<LogEvent> {
  for await (const batch of batches) {
    for (const item of batch) {
      if (item.ok) yield item.event;
      else onError?.(item.error);
    }
  }
}
