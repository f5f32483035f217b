/** Everything the CLI may touch; the bin file passes the real process in, tests pass fakes. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  /** writes a whole file atomically (temp file then rename), so a crash never leaves half a report */
  writeFile(path: string, text: string): Promise<void>;
  /** resolves a path relative to another file's folder */
  resolve(from: string, path: string): string;
  /** the directory of bundled files (scenarios/) for help examples */
  cwd: string;
  /** streams a file's bytes, for logs too large to read whole */
  readStream?(path: string): AsyncIterable<Uint8Array>;
  /** writes a file in pieces to a temp file; close() moves it into place */
  writeStream?(path: string): { write(chunk: string): Promise<void>; close(): Promise<void> };
  /** stderr is a terminal: progress bars are shown */
  interactive?: boolean;
  /** the wall clock, only for progress rates and ETA */
  now?(): number;
  /** size in bytes of a file, for progress */
  fileSize?(path: string): Promise<number>;
  /** how many cores the machine has, to size worker threads */
  cores?: number;
  /** names of the entries of a directory */
  listDir?(path: string): Promise<string[]>;
  /**
   * starts a thread running the `threadMain(port, data)` export of the module at `module`;
   * without it, work meant for threads (replay --workers) stays on this one
   */
  startThread?(module: URL, data: unknown): CliThread;
}

/**
 * One end of the channel between two threads, as a thread module sees it: `threadMain(port, data)`.
 * @example export function threadMain(port: ThreadPort, data: unknown) { port.onMessage((m) => port.post(m)) }
 */
export interface ThreadPort {
  /** sends a message; the buffers in `transfer` are moved to the other thread, not copied */
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: unknown) => void): void;
}

/**
 * A thread started by CliIO.startThread, seen from the thread that started it.
 * @example const t = io.startThread!(new URL('./replayWorker.js', import.meta.url), input); t.onMessage(console.log)
 */
export interface CliThread extends ThreadPort {
  /** the thread threw and did not catch it */
  onError(listener: (err: Error) => void): void;
  onExit(listener: (code: number) => void): void;
  terminate(): Promise<void>;
}

/** A user's mistake on the command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
