import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import * as yaml from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import { VN_CALENDAR } from '../../src/time/calendars/vn.js';
import { STACK_LINE, memoryIO, runInMemory } from '../io/support/memoryIO.js';

// counts the YAML parses, to hold a command to reading each file once
vi.mock('yaml', async (original) => {
  const real = await original<typeof import('yaml')>();
  return { ...real, parseDocument: vi.fn(real.parseDocument) };
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const COMMUNE = read('scenarios/commune-full.yaml');
const PROCEDURE_C = read('examples/procedure-C.yaml');
const { parse, stringify } = yaml;

/** A session on procedure C, whose dossier is returned on time. */
const ON_C = `unit: { name: Xã Ba Bước }
date: "2024-09-17"
start: "08:00"
officials:
  - { id: tpht, name: Võ Thị Phương, role: TP-HT }
  - { id: ct, name: Nguyễn Văn An, role: CT }
  - { id: kct, name: Lý Thị Hạnh, role: KCT }
dossiers:
  - { code: HS-C1, owner: kct, procedure: C }
timeline:
  - { at: "08:01", official: kct, action: submit, dossier: HS-C1 }
  - { at: "08:02", official: kct, action: pay, dossier: HS-C1 }
  - { at: "08:03", official: tpht, action: receive, dossier: HS-C1 }
  - { at: "08:05", official: ct, action: sign, dossier: HS-C1 }
  - { at: "08:06", official: tpht, action: return, dossier: HS-C1 }
`;

/** Procedure C as data, changed by `edit`, written back as YAML. */
function procedureC(edit: (p: any) => void): string {
  const data = parse(PROCEDURE_C);
  edit(data);
  return stringify(data);
}

/** Runs the CLI as a user would, on real files, its stdout and stderr captured. */
async function tthc(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  const code = await runCli(argv, { ...nodeIO(), interactive: false, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
  return { code, out: out.join(''), err: err.join(''), ms: performance.now() - started };
}

const dir = mkdtempSync(join(tmpdir(), 'tthc-check-'));
/** Writes a file into the test's folder and returns its path. */
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('tthc check: what is not a readable text file is refused, naming it', () => {
  it('refuses /dev/zero at once instead of reading it for ever', async () => {
    const r = await tthc('check', '/dev/zero');
    expect([r.code, r.err]).toEqual([1, 'tthc check: 1 problem in the input\n  /dev/zero: the file is empty, or is not a regular file (a device, a pipe)\n']);
    expect(r.ms).toBeLessThan(2000);
  });

  it('refuses a named pipe (FIFO) at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await tthc('check', fifo);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${fifo}: the file is empty, or is not a regular file`);
  });

  it('refuses a directory given as the calendar, naming its path', async () => {
    const r = await tthc('check', 'scenarios/commune-full.yaml', '--calendar', dir);
    expect([r.code, r.err]).toEqual([1, `tthc check: cannot read ${dir}: is a directory\n`]);
  });

  it('refuses a scenario over 20 MB before reading it', async () => {
    const big = file('big.yaml', '');
    truncateSync(big, 21 * 1024 * 1024);
    const r = await tthc('check', big);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${big}: the file is 21.0 MB: at most 20 MB`);
    expect(r.ms).toBeLessThan(2000);
  });

  it('refuses a file over 20 MB from its size alone, without reading it', async () => {
    const io = memoryIO({ 'huge.yaml': 'unit: x\n' });
    io.fileSize = async () => 25 * 1024 * 1024;
    io.readFile = async () => expect.unreachable('a file over 20 MB is read');
    expect(await runCli(['check', 'huge.yaml'], io)).toBe(1);
    expect(io.err).toContain('huge.yaml: the file is 25.0 MB: at most 20 MB');
  });

  it('refuses a Latin-1 scenario naming the file, line and column, instead of turning its accents into U+FFFD', async () => {
    const latin1 = file('latin1.yaml', Buffer.from(COMMUNE.replace('Xã Thạnh Phú', 'Xa Th\u00e9nh Phu'), 'latin1'));
    const line = COMMUNE.split('\n').findIndex((l) => l.includes('Xã Thạnh Phú')) + 1;
    const r = await tthc('check', latin1);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`${latin1}:${line}:\\d+: the file is not UTF-8 text .*save it as UTF-8`));
  });

  it('refuses a UTF-16 procedure file, naming it', async () => {
    const utf16 = file('proc16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PROCEDURE_C, 'utf16le')]));
    const r = await tthc('check', 'scenarios/commune-full.yaml', '--procedure', utf16);
    expect([r.code, r.err]).toEqual([1, `tthc check: 1 problem in the input\n  ${utf16}: the file is UTF-16 (or binary), not UTF-8 text: save it as UTF-8\n`]);
  });

  it('reads a scenario saved with a UTF-8 byte-order mark', async () => {
    const r = await tthc('check', file('bom.yaml', `\uFEFF${COMMUNE}`));
    expect(r.code).toBe(0);
  });

  it('refuses a YAML alias bomb in a rubric file with exit 1, not an internal error', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    const r = await tthc('check', 'scenarios/commune-full.yaml', '--rubric', file('bomb.yaml', levels.join('\n')));
    expect(r.code).toBe(1);
    expect(r.err).toContain('expand too often');
  });

  it('parses the scenario once, though it reads the procedure files it names from it first', async () => {
    const parses = vi.mocked(yaml.parseDocument);
    parses.mockClear();
    const r = await runInMemory(['check', 'on-c.yaml'], { 'on-c.yaml': `procedures: [procedure-C.yaml]\n${ON_C}`, 'procedure-C.yaml': PROCEDURE_C });
    expect(r.code).toBe(0);
    expect(parses.mock.calls.map(([text]) => String(text).slice(0, 12))).toEqual(['procedures: ', PROCEDURE_C.slice(0, 12)]);
  });
});

describe('tthc check: a calendar file', () => {
  const check = (calendar: string) => runInMemory(['check', 'commune.yaml', '--calendar', 'cal.yaml'], { 'commune.yaml': COMMUNE, 'cal.yaml': calendar });

  it('refuses a calendar file with `holiday`, suggesting holidays, at its line', async () => {
    const r = await check('extends: vn\nholiday: ["2027-01-01"]\n');
    expect([r.code, r.err]).toEqual([1, 'tthc check: 1 problem in the input\n  cal.yaml:2:10: holiday: unknown field "holiday": did you mean holidays?\n']);
  });

  it('refuses a misspelt key inside office hours, and extend for extends', async () => {
    const r = await check('extend: vn\nofficeHours: [{ start: "07:00", ends: "17:00" }]\n');
    expect(r.err).toContain('extend: unknown field "extend": did you mean extends?');
    expect(r.err).toContain('officeHours[0].ends: unknown field "ends": did you mean end?');
  });

  it('refuses a holiday range to 9999-12-31, which would hang a run, naming the holiday', async () => {
    const r = await check('extends: vn\nholidays: ["2027-01-01..9999-12-31"]\n');
    expect([r.code, r.err]).toEqual([1, 'tthc check: 1 problem in the input\n  cal.yaml:2:12: holidays[0]: 9999-12-31: expected a year from 1970 to 2100\n']);
  });

  it('refuses a calendar with no working day at all, naming the weekend', async () => {
    const r = await check(stringify({ ...VN_CALENDAR, weekend: [1, 2, 3, 4, 5, 6, 7] }));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cal\.yaml:\d+:\d+: weekend: every day of the week is a day off: the calendar has no working day/);
  });

  it('refuses reversed and overlapping office hours, naming the period', async () => {
    const r = await check('officeHours: [{ start: "13:30", end: "17:00" }, { start: "07:00", end: "11:30" }]\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('officeHours[1].start: starts at 07:00, before the period above ends (17:00)');
  });

  it('refuses an unknown time zone at its line', async () => {
    const r = await check('extends: vn\nzone: Mars/Base\n');
    expect([r.code, r.err]).toEqual([1, 'tthc check: 1 problem in the input\n  cal.yaml:2:7: zone: unknown time zone "Mars/Base"\n']);
  });

  it('reads a calendar file that extends the Vietnamese one with the next year', async () => {
    const r = await check('extends: vn\nname: vn-2027\nholidays: ["2027-01-01", "2027-02-05..2027-02-11"]\nworkingDays: ["2027-01-09"]\n');
    expect([r.code, r.err]).toEqual([0, '']);
  });
});

describe('tthc check and run: procedure files', () => {
  it('refuses a procedure due in 100,000,000 working days, which would hang a run, naming due.days', async () => {
    const r = await runInMemory(['check', 'on-c.yaml', '--procedure', 'c.yaml'], {
      'on-c.yaml': ON_C,
      'c.yaml': procedureC((p) => (p.due = { kind: 'workingDays', days: 1e8 })),
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/c\.yaml:\d+:\d+: due\.days: at most 365 working days/);
  });

  it('refuses an extension of 2,000,000 working days and a time box of 1e308 minutes, naming each field', async () => {
    const r = await runInMemory(['check', 'on-c.yaml', '--procedure', 'c.yaml'], {
      'on-c.yaml': ON_C,
      'c.yaml': procedureC((p) => {
        p.due.extraWorkingDays = 2e6;
        p.steps[2].timeBoxMinutes = 1e308;
      }),
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/due\.extraWorkingDays: at most 365 working days/);
    expect(r.err).toMatch(/steps\[2\]\.timeBoxMinutes: at most 10080 minutes/);
  });

  it('runs and verifies a procedure at every bound (365 working days, a 7-day time box, 10 supplements) in seconds', async () => {
    const worst = procedureC((p) => {
      p.due = { kind: 'workingDays', days: 365 };
      p.maxSupplementRequests = 10;
      for (const s of p.steps) s.timeBoxMinutes = 7 * 24 * 60;
      delete p.laws;
    });
    const started = performance.now();
    const run = await runInMemory(['run', 'on-c.yaml', '--procedure', 'c.yaml', '--format', 'json'], { 'on-c.yaml': ON_C, 'c.yaml': worst });
    const verify = await runInMemory(['verify', 'c.yaml'], { 'c.yaml': worst });
    expect([run.code, verify.err]).toEqual([0, '']);
    expect(verify.code).toBeLessThanOrEqual(1);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('reads the bundled example procedures with --procedure, their laws left for tthc verify', async () => {
    for (const f of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml'))) {
      const r = await tthc('check', 'scenarios/commune-full.yaml', '--procedure', join('examples', f));
      expect([f, r.code, r.err]).toEqual([f, 0, '']);
    }
  });
});

describe('tthc check: rubrics', () => {
  it('refuses a rubric file whose pass mark is above the maximum score, naming passMark', async () => {
    const r = await runInMemory(['check', 'commune.yaml', '--rubric', 'rubric.yaml'], { 'commune.yaml': COMMUNE, 'rubric.yaml': 'passMark: 120\n' });
    expect([r.code, r.err]).toEqual([
      1,
      'tthc check: 1 problem in the input\n  rubric.yaml:1:11: passMark: passMark (120) is above maxScore (100): no official could pass\n',
    ]);
  });

  it("blames a scenario's own maxScore below the default pass mark on rubric.maxScore", async () => {
    const r = await runInMemory(['check', 's.yaml', '--procedure', 'c.yaml'], { 's.yaml': `rubric: { maxScore: 50 }\n${ON_C}`, 'c.yaml': PROCEDURE_C });
    expect(r.code).toBe(1);
    expect(r.err).toContain('s.yaml:1:21: rubric.maxScore: passMark (70) is above maxScore (50)');
  });

  it('refuses a penalty of 1e308 points, naming it', async () => {
    const r = await runInMemory(['check', 'commune.yaml', '--rubric', 'rubric.yaml'], {
      'commune.yaml': COMMUNE,
      'rubric.yaml': 'penalties: { wrong_role: 1e308 }\n',
    });
    expect(r.code).toBe(1);
    expect(r.err).toContain('penalties.wrong_role');
  });
});

describe('tthc check: every bundled file is still read', () => {
  it.each(readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')))('accepts scenarios/%s', async (f) => {
    const r = await tthc('check', join('scenarios', f));
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.err).not.toMatch(STACK_LINE);
  });
});
