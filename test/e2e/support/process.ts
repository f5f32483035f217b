import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `tthc rehearse` in a process of its own, as a trainer starts it: from source through tsx.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Processes started and not yet ended: a test's afterAll kills them. */
export const running = new Set<ChildProcess>();

/**
 * Starts `tthc rehearse` and waits for the address it prints (its token included).
 * @example const { url, proc } = await startRehearse(['scenarios/slow-step-late.yaml', '--speed', '60', '--port', '0'])
 */
export async function startRehearse(args: string[]): Promise<{ proc: ChildProcess; url: string; port: number; out: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/support/tthc.ts', 'rehearse', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  proc.on('exit', () => running.delete(proc));
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (c) => (out += c));
  proc.stderr!.setEncoding('utf8').on('data', (c) => (err += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tthc rehearse printed no URL in 20 s:\n${out}\n${err}`)), 20_000);
    const look = () => {
      const m = /Rehearsal board: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', look);
    proc.on('exit', (code) => reject(new Error(`tthc rehearse exited with ${code}:\n${out}\n${err}`)));
  });
  return { proc, url, port: Number(new URL(url).port), out: () => out + err };
}
