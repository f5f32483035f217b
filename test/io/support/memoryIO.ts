import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { CliIO } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/main.js';

/** An in-memory CliIO: its files by (normalised) path, its stdout and stderr captured. */
export interface MemoryIO extends CliIO {
  files: Map<string, string>;
  out: string;
  err: string;
}

/**
 * A CliIO over files held in memory, sized as UTF-8 as the real one sizes them on disk.
 * @example const io = memoryIO({ 's.yaml': text }); await runCli(['check', 's.yaml'], io); io.err
 */
export function memoryIO(files: Record<string, string>, cwd = '/'): MemoryIO {
  const held = new Map(Object.entries(files).map(([p, t]) => [normalize(p), t]));
  const missing = (p: string) =>
    Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT', errno: -2, syscall: 'open', path: p });
  const text = (p: string) => {
    const t = held.get(normalize(p));
    if (t === undefined) throw missing(p);
    return t;
  };
  const io: MemoryIO = {
    files: held,
    out: '',
    err: '',
    cwd,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    readFile: async (p) => text(p),
    fileSize: async (p) => Buffer.byteLength(text(p)),
    writeFile: async (p, t) => void held.set(normalize(p), t),
    resolve: (from, p) => (isAbsolute(p) ? p : join(dirname(from), p)),
  };
  return io;
}

/**
 * Runs the CLI over files in memory: the exit code and what it printed.
 * @example const { code, err } = await runInMemory(['check', 's.yaml'], { 's.yaml': text })
 */
export async function runInMemory(argv: string[], files: Record<string, string>) {
  const io = memoryIO(files);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

/** A line of a stack trace ("    at f (file.ts:12:5)"), which a user must never see. */
export const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;
