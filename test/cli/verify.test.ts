import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const example = (name: string) => [`examples/${name}`, readFileSync(join(ROOT, 'examples', name), 'utf8')] as const;

/** An in-memory CliIO with the examples, stdout and stderr captured; modules are imported from a map. */
async function cli(argv: string[], extra: Record<string, string> = {}, modules: Record<string, Record<string, unknown>> = {}) {
  const files = new Map<string, string>([example('procedure-C.yaml'), example('procedure-broken.yaml'), example('procedure-A-split.ts')]);
  for (const [p, t] of Object.entries(extra)) files.set(normalize(p), t);
  let out = '';
  let err = '';
  const io: CliIO & { importModule?(p: string): Promise<Record<string, unknown>> } = {
    cwd: ROOT,
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readFile: async (p) => {
      const text = files.get(normalize(p));
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT', path: p });
      return text;
    },
    writeFile: async () => {},
    resolve: (from, p) => (isAbsolute(p) ? p : join(dirname(from), p)),
  };
  if (Object.keys(modules).length) io.importModule = async (p) => modules[p];
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('tthc verify', () => {
  it('passes bundled procedure A: every law holds, the slack at 14:59 is printed, exit 0', async () => {
    const r = await cli(['verify', 'A']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('tthc verify: procedure A · Cấp bản sao trích lục hộ tịch (Copy of a civil-status extract)');
    expect(r.out).toContain('one minute before the 15:00 cut-off: received Tue 2024-01-02 14:59 -> done by 15:44, due 17:00: slack 76 office minutes');
    expect(r.out).toContain('  ✓ only CT and PCT complete sign');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('PASS: all 20 laws hold.');
  });

  it('passes bundled procedure B, and accepts its id in lower case', async () => {
    const r = await cli(['verify', 'b']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("approve 15' + confirm 15' = 30 office minutes");
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('PASS: all 18 laws hold.');
  });

  it('fails the broken example with exit 1 and a readable counterexample for each broken law, no stack trace', async () => {
    const r = await cli(['verify', 'examples/procedure-broken.yaml']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toContain('  ✗ no path returns the result before the owner pays the fee (8,000 VND)');
    expect(r.out).toContain('      the result is returned but the owner never paid the fee');
    expect(r.out).toContain('      14:06  return by VP-TK          returned     10 Result returned   <- breaks the law');
    expect(r.out).toContain("check 60' + draft 60' + sign 15' + return 15' = 150 office minutes");
    expect(r.out).toContain('received Tue 2024-01-02 14:59 -> done by Wed 2024-01-03 07:29, due Tue 2024-01-02 17:00: late by 29 office minutes');
    expect(r.out).toContain('      Wed 03/01 07:29  return by VP-TK          returned     10 Result returned   <- breaks the law');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('FAIL: 4 of 15 laws broken (legal.payment, legal.result-guard, time.due, user.1).');
    expect(r.out).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('passes examples/procedure-C.yaml, a third procedure with its own laws', async () => {
    const r = await cli(['verify', 'examples/procedure-C.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('  ✓ never: sign by TP-HT');
    expect(r.out).toContain('  ✓ at most 1 × request_supplement on any path');
  });

  it('imports a procedure declared in TypeScript (default export with its laws)', async () => {
    const r = await cli(['verify', 'examples/procedure-A-split.ts']);
    expect(r.code).toBe(0);
    expect(r.out).toContain("check 15' + draft 15' + sign 15' + return 15' = 60 office minutes");
    expect(r.out).toContain('  ✓ receive, check, draft, sign and return, in that order, come before every status 10 (Result returned)');
  });

  it('reads a module through the io it is given, and names the file when it exports no procedure', async () => {
    const { procedureB } = await import('../../machines/procedureB.js');
    const ok = await cli(
      ['verify', 'mine.js'],
      { 'mine.js': '' },
      { 'mine.js': { default: { ...procedureB, laws: [{ never: { action: 'approve', role: 'KCT' } }] } } },
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('  ✓ never: approve by KCT');
    const bad = await cli(['verify', 'none.js'], { 'none.js': '' }, { 'none.js': { x: 1 } });
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('tthc verify: 1 problem in the input\n  none.js: exports no procedure: export default { id, name, due, steps, laws? }\n');
  });

  it('prints JSON with every law, its verdict and the counterexample events', async () => {
    const r = await cli(['verify', 'examples/procedure-broken.yaml', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.verdict).toBe('fail');
    const pay = report.laws.find((l: { id: string }) => l.id === 'legal.payment');
    expect(pay.counterexample.path.events.at(-1)).toEqual({
      at: '2024-10-08T14:06:00+07:00',
      minute: 6,
      action: 'return',
      by: 'VP-TK',
      role: 'VP-TK',
      state: 'returned',
      status: 10,
    });
  });

  it('checks the time law on the calendar given with --calendar', async () => {
    const r = await cli(['verify', 'A', '--calendar', 'short.yaml'], {
      'short.yaml': 'extends: vn\nofficeHours: [{ start: "07:00", end: "11:30" }, { start: "13:30", end: "15:30" }]\n',
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain('late by 14 office minutes');
  });

  it('names the line and field of a misspelt action in the laws', async () => {
    const text = readFileSync(join(ROOT, 'examples/procedure-C.yaml'), 'utf8').replace(
      '- never: { role: TP-HT, action: sign }',
      '- never: { role: TP-HT, action: sgin }',
    );
    const r = await cli(['verify', 'c.yaml'], { 'c.yaml': text });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^tthc verify: 1 problem in the input\n  c\.yaml:\d+:\d+: laws\[0\]\.never\.action: unknown action "sgin" \(procedure C has submit, receive, sign, return, pay/,
    );
  });

  it('exits 2 on bad usage: no procedure, an unknown id, a bad format', async () => {
    expect((await cli(['verify'])).code).toBe(2);
    const unknown = await cli(['verify', 'Z']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe('tthc verify: "Z" is neither a procedure file (.json, .yaml, .ts, .js) nor a bundled procedure (A, B) (see tthc verify --help)\n');
    expect((await cli(['verify', 'A', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['verify', 'missing.yaml'])).err).toBe('tthc verify: cannot read missing.yaml: no such file\n');
  });

  it('explains itself with --help, and the main help lists verify and paths', async () => {
    expect((await cli(['verify', '--help'])).out).toContain(
      'Exit status: 0 when every law holds, 1 when one is broken or the file is invalid, 2 on bad usage.',
    );
    const main = (await cli(['--help'])).out;
    expect(main).toContain('  verify <procedure>');
    expect(main).toContain('  paths <procedure>');
  });
});
