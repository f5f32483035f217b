import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundled scenarios, read once from disk and served from memory. */
const BUNDLED = new Map(
  readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => [`scenarios/${f}`, readFileSync(join(ROOT, 'scenarios', f), 'utf8')] as const),
);

interface Fake extends CliIO {
  files: Map<string, string>;
  out: string;
  err: string;
}

/** An in-memory CliIO: files by (normalised) path, stdout and stderr captured. */
function fakeIO(extra: Record<string, string> = {}): Fake {
  const files = new Map<string, string>(BUNDLED);
  for (const [p, t] of Object.entries(extra)) files.set(normalize(p), t);
  const io: Fake = {
    files,
    out: '',
    err: '',
    cwd: ROOT,
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    readFile: async (p) => {
      const text = files.get(normalize(p));
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT', errno: -2, syscall: 'open', path: p });
      return text;
    },
    writeFile: async (p, t) => void files.set(normalize(p), t),
    resolve: (from, p) => (isAbsolute(p) ? p : join(dirname(from), p)),
  };
  return io;
}

async function cli(argv: string[], extra: Record<string, string> = {}) {
  const io = fakeIO(extra);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in the text`);
  return i + 1;
};

/** A small, complete session on procedure A: one dossier returned on time. */
const SMALL = `unit:
  name: Xã Thử Nghiệm
date: "2024-09-17"
start: "08:00"
officials:
  - { id: ct, name: Nguyễn Văn An, role: CT }
  - { id: vptk, name: Lê Văn Cường, role: VP-TK }
  - { id: tpht, name: Võ Thị Phương, role: TP-HT }
dossiers:
  - { code: HS-001, owner: vptk, procedure: A, assign: { sign: ct } }
timeline:
  - { at: "08:01", official: vptk, action: submit, dossier: HS-001 }
  - { at: "08:02", official: vptk, action: pay, dossier: HS-001 }
  - { at: "08:02", official: vptk, action: save_receipt, dossier: HS-001 }
  - { at: "08:03", official: vptk, action: receive, dossier: HS-001 }
  - { at: "08:05", official: tpht, action: appraise, dossier: HS-001 }
  - { at: "08:07", official: ct, action: sign, dossier: HS-001 }
  - { at: "08:09", official: vptk, action: return, dossier: HS-001 }
`;

/** A third procedure declared as data: submit, reception at the one-stop desk, return. */
const PROC_C = `id: C
name:
  vi: Xác nhận tình trạng cư trú
  en: Residence confirmation
due: { kind: sameDayCutoff, cutoff: "15:00" }
steps:
  - id: submit
    name: { vi: Nộp hồ sơ, en: Submit }
    action: submit
    roles: [owner]
    status: 1
  - id: receive
    name: { vi: Tiếp nhận, en: Receive }
    action: receive
    roles: [VP-TK]
    status: 1
    reception: true
  - id: return
    name: { vi: Trả kết quả, en: Return }
    action: return
    roles: [VP-TK]
    status: 9
`;

const ON_C = `unit: { name: Xã Ba Bước }
date: "2024-09-17"
start: "08:00"
officials:
  - { id: vptk, name: Lê Văn Cường, role: VP-TK }
  - { id: kct, name: Lý Thị Hạnh, role: KCT }
dossiers:
  - { code: HS-C1, owner: kct, procedure: C }
timeline:
  - { at: "08:01", official: kct, action: submit, dossier: HS-C1 }
  - { at: "08:03", official: vptk, action: receive, dossier: HS-C1 }
  - { at: "08:06", official: vptk, action: return, dossier: HS-C1 }
`;

describe('tthc run', () => {
  it('replays the full commune session and prints a Vietnamese table with diacritics', async () => {
    const { code, out, err } = await cli(['run', 'scenarios/commune-full.yaml']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('Đạt');
    expect(out).toContain('CÔNG CHỨC');
    expect(out).toContain('Nguyễn Văn An');
    expect(out).toContain('Xã Thạnh Phú');
    expect(out).not.toContain('Pass');
  });

  it('says how the time box is read: per dossier, as the scenario asks', async () => {
    const { out } = await cli(['run', 'scenarios/commune-full.yaml']);
    const line = out.split('\n').find((l) => l.startsWith('Thời gian mỗi bước'));
    expect(line).toContain('per-dossier');
    expect(line).toContain('15');
  });

  it('prints the report in English with --lang en', async () => {
    const { code, out } = await cli(['run', 'scenarios/commune-full.yaml', '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toContain('Pass');
    expect(out).toContain('OFFICIALS');
    expect(out).not.toContain('Đạt');
    // names stay as written
    expect(out).toContain('Nguyễn Văn An');
  });

  it('prints parseable JSON with the 18 dossiers, officials and dossiers, times with the +07:00 offset', async () => {
    const { code, out } = await cli(['run', 'scenarios/commune-full.yaml', '--format', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.unit.dossierCount).toBe(18);
    expect(Array.isArray(doc.officials)).toBe(true);
    expect(Array.isArray(doc.dossiers)).toBe(true);
    expect(doc.officials).toHaveLength(18);
    expect(doc.dossiers).toHaveLength(18);
    expect(doc.session.start).toBe('2024-09-17T13:30:00+07:00');
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+07:00$/;
    for (const d of doc.dossiers) {
      expect(d.receivedAt).toMatch(iso);
      expect(d.dueAt).toMatch(iso);
      expect(d.returnedAt).toMatch(iso);
    }
    const hs001 = doc.dossiers.find((d: { code: string }) => d.code === 'HS-001');
    expect(hs001.dueAt).toBe('2024-09-17T17:00:00+07:00');
  });

  it('prints CSV with a byte-order mark and a header row, for Excel', async () => {
    const { code, out } = await cli(['run', 'scenarios/commune-full.yaml', '--format', 'csv']);
    expect(code).toBe(0);
    expect(out.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = out.slice(1).split('\r\n');
    expect(header.split(',').slice(0, 4)).toEqual(['record', 'id', 'name', 'role']);
    expect(rows.filter((r) => r.startsWith('dossier,'))).toHaveLength(18);
    expect(out).toContain('Nguyễn Văn An');
  });

  it('neutralises a roster name that Excel would run as a formula', async () => {
    const scenario = SMALL.replace('name: Võ Thị Phương', 'name: "=HYPERLINK(\\"http://x\\";\\"y\\")"').replace('name: Nguyễn Văn An', 'name: "+1+2"');
    const { code, out } = await cli(['run', 'formula.yaml', '--format', 'csv'], { 'formula.yaml': scenario });
    expect(code).toBe(0);
    expect(out).toContain(`"'=HYPERLINK(""http://x"";""y"")"`);
    expect(out).toContain(`'+1+2`);
    // no field in the file starts with a formula character
    for (const line of out.slice(1).split('\r\n')) expect(line).not.toMatch(/(^|,)"?[=+@]/);
  });

  it('writes the report to --out and prints nothing on stdout', async () => {
    const { code, out, err, files } = await cli(['run', 'scenarios/commune-full.yaml', '--format', 'json', '--out', 'report.json']);
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(files.has('report.json')).toBe(true);
    expect(JSON.parse(files.get('report.json')!).unit.dossierCount).toBe(18);
    expect(err).toContain('report.json');
  });

  it('reads the time box per official with --time-box per-official', async () => {
    const { code, out } = await cli(['run', 'scenarios/commune-full.yaml', '--time-box', 'per-official']);
    expect(code).toBe(0);
    const line = out.split('\n').find((l) => l.startsWith('Thời gian mỗi bước'));
    expect(line).toContain('per-official');
    expect(line).not.toContain('per-dossier');
  });

  it('refuses an unknown --format with one line on stderr, exit 2 and no stack trace', async () => {
    const { code, out, err } = await cli(['run', 'scenarios/commune-full.yaml', '--format', 'xml']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toContain('--format');
    expect(err).toContain('xml');
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('refuses an unknown flag, a bad --lang or a bad --time-box with exit 2 and one line', async () => {
    for (const argv of [
      ['run', 'scenarios/commune-full.yaml', '--colour'],
      ['run', 'scenarios/commune-full.yaml', '--lang', 'fr'],
      ['run', 'scenarios/commune-full.yaml', '--time-box', 'weekly'],
      ['run'],
      ['run', 'a.yaml', 'b.yaml'],
    ]) {
      const { code, out, err } = await cli(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(out).toBe('');
      expect(err.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(err).not.toMatch(/^\s+at /m);
    }
  });

  it('says it cannot read a missing scenario file, exit 1', async () => {
    const { code, out, err } = await cli(['run', 'scenarios/nope.yaml']);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('cannot read');
    expect(err).toContain('scenarios/nope.yaml');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('runs a scenario written as JSON', async () => {
    const json = JSON.stringify(parseYaml(SMALL), null, 2);
    const { code, out, err } = await cli(['run', 'small.json', '--format', 'json'], { 'small.json': json });
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.unit.dossierCount).toBe(1);
    expect(doc.dossiers[0].code).toBe('HS-001');
    expect(doc.dossiers[0].returnedAt).toBe('2024-09-17T08:09:00+07:00');
    expect(doc.dossiers[0].late).toBe(false);
  });

  it('points at the line of a mistake in a JSON scenario', async () => {
    const json = JSON.stringify(parseYaml(SMALL.replace('official: tpht, action: appraise', 'official: ghost, action: appraise')), null, 2);
    const { code, err } = await cli(['check', 'small.json'], { 'small.json': json });
    expect(code).toBe(1);
    expect(err).toContain(`small.json:${lineOf(json, '"ghost"')}:`);
    expect(err).toContain('timeline[4].official: unknown official "ghost"');
  });
});

describe('mistakes in a scenario file', () => {
  /** Five mistakes; the test finds each one's line in the text itself. */
  const BAD = `unit:
  name: Xã Sai Sót
date: "2024-09-17"
start: "13:30"
officials:
  - { id: ct, name: Nguyễn Văn An, role: CT }
  - { id: vptk, name: Lê Văn Cường, role: VP-TK }
  - { id: kct, name: Lý Thị Hạnh, role: XYZ }
dossiers:
  - { code: HS-001, owner: ct, procedure: A }
  - { code: HS-002, owner: vptk, procedure: Z }
timeline:
  - { at: "13:31", official: ct, action: submit, dossier: HS-001 }
  - { at: "13:32", official: ghost, action: pay, dossier: HS-001 }
  - { at: "25:99", official: ct, action: save_receipt, dossier: HS-001 }
  - { at: "13:34", official: vptk, action: receive, dossier: HS-001, dosier: HS-002 }
`;
  const at = (needle: string) => `bad.yaml:${lineOf(BAD, needle)}:`;
  const problemLines = (err: string) => err.split('\n').filter((l) => l.startsWith('  '));
  const LOCATED = /^ {2}bad\.yaml:\d+:\d+: \S+: .+$/;

  it('lists every mistake at once, each as file:line:col: field: message, exit 1', async () => {
    const { code, out, err } = await cli(['run', 'bad.yaml'], { 'bad.yaml': BAD });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).not.toMatch(/^\s+at /m);
    const lines = problemLines(err);
    for (const l of lines) expect(l).toMatch(LOCATED);
    const expected = [
      `${at('role: XYZ')}41: officials[2].role: unknown role "XYZ"`,
      `${at('procedure: Z')}`,
      `${at('official: ghost')}`,
      `${at('"25:99"')}`,
      `${at('dosier:')}`,
    ];
    for (const e of expected)
      expect(
        lines.some((l) => l.includes(e)),
        `missing: ${e}\n${err}`,
      ).toBe(true);
    expect(err).toMatch(/officials\[2\]\.role: unknown role "XYZ"/);
    expect(err).toMatch(/dossiers\[1\]\.procedure: unknown procedure "Z"/);
    expect(err).toMatch(/timeline\[1\]\.official: unknown official "ghost"/);
    expect(err).toMatch(/timeline\[2\]\.at: "25:99" is not a time/);
    expect(err).toMatch(/timeline\[3\].*dosier/);
    expect(err).toContain('5 problems');
  });

  it('locates an unknown role and a misspelt field on their own lines', async () => {
    const text = BAD.replace('procedure: Z', 'procedure: B').replace('official: ghost', 'official: ct').replace('"25:99"', '"13:33"');
    const { code, err } = await cli(['check', 'bad.yaml'], { 'bad.yaml': text });
    expect(code).toBe(1);
    const lines = problemLines(err);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(LOCATED);
    expect(lines[0]).toContain(
      `bad.yaml:${lineOf(text, 'role: XYZ')}:${text.split('\n')[lineOf(text, 'role: XYZ') - 1].indexOf('XYZ') + 1}: officials[2].role: unknown role "XYZ"`,
    );
    expect(lines[1]).toContain(`bad.yaml:${lineOf(text, 'dosier:')}:`);
    expect(lines[1]).toContain('timeline[3]');
    expect(lines[1]).toContain('"dosier"');
  });

  it('locates an unknown procedure, an unknown official and an impossible time on their own lines', async () => {
    const text = BAD.replace('role: XYZ', 'role: KCT').replace(', dosier: HS-002', '');
    const { code, err } = await cli(['check', 'bad.yaml'], { 'bad.yaml': text });
    expect(code).toBe(1);
    const lines = problemLines(err);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(LOCATED);
    expect(lines[0]).toContain(`bad.yaml:${lineOf(text, 'procedure: Z')}:`);
    expect(lines[0]).toContain('dossiers[1].procedure: unknown procedure "Z" (known: A, B)');
    expect(lines[1]).toContain(`bad.yaml:${lineOf(text, 'official: ghost')}:`);
    expect(lines[1]).toContain('timeline[1].official: unknown official "ghost"');
    expect(lines[2]).toContain(`bad.yaml:${lineOf(text, '"25:99"')}:`);
    expect(lines[2]).toContain('timeline[2].at: "25:99" is not a time');
    expect(err).toContain('3 problems');
  });

  it('says an empty file is empty, exit 1', async () => {
    for (const text of ['', '# only a comment\n']) {
      const { code, out, err } = await cli(['run', 'empty.yaml'], { 'empty.yaml': text });
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toContain('empty.yaml');
      expect(err).toContain('empty');
      expect(err).not.toMatch(/^\s+at /m);
    }
  });

  it('reports a YAML syntax error with its line', async () => {
    const text = 'unit:\n  name: Xã A\ndate: "2024-09-17"\nstart: "08:00"\nofficials:\n  - { id: ct, name: An, role: CT\n';
    const { code, out, err } = await cli(['check', 'broken.yaml'], { 'broken.yaml': text });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/broken\.yaml:\d+:\d+: /);
    const line = Number(/broken\.yaml:(\d+):/.exec(err)![1]);
    expect(line).toBeGreaterThanOrEqual(6);
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('reports a broken JSON scenario with its line', async () => {
    const text = '{\n  "unit": { "name": "Xã A" },\n  "date": "2024-09-17",\n  "start": "08:00"\n  "officials": []\n}\n';
    const { code, err } = await cli(['check', 'broken.json'], { 'broken.json': text });
    expect(code).toBe(1);
    expect(err).toMatch(/broken\.json:[45]:\d+: /);
  });
});

describe('tthc check', () => {
  it('says ok with the counts for a good scenario, exit 0', async () => {
    const { code, out, err } = await cli(['check', 'scenarios/commune-full.yaml']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^ok: scenarios\/commune-full\.yaml: 18 officials, 18 dossiers, \d+ events\n$/);
  });

  it('accepts every bundled scenario', async () => {
    for (const file of BUNDLED.keys()) {
      const { code, out } = await cli(['check', file]);
      expect(code, file).toBe(0);
      expect(out.startsWith('ok:')).toBe(true);
    }
  });
});

describe('tthc procedures', () => {
  it('lists the bundled procedures A and B', async () => {
    const { code, out } = await cli(['procedures']);
    expect(code).toBe(0);
    expect(out).toMatch(/^A\s+Cấp bản sao trích lục hộ tịch\s+5\s+8000$/m);
    expect(out).toMatch(/^B\s+Chứng thực bản sao từ bản chính\s+4\s+2000$/m);
  });

  it('lists them in English and as JSON', async () => {
    const en = await cli(['procedures', '--lang', 'en']);
    expect(en.out).toContain('Copy of a civil-status extract');
    const json = await cli(['procedures', '--format', 'json']);
    expect(JSON.parse(json.out).map((p: { id: string }) => p.id)).toEqual(['A', 'B']);
  });

  it('prints one procedure as a Mermaid state diagram', async () => {
    const { code, out } = await cli(['procedures', 'A', '--format', 'mermaid']);
    expect(code).toBe(0);
    expect(out.startsWith('stateDiagram-v2')).toBe(true);
  });

  it('prints the steps of one procedure', async () => {
    const { code, out } = await cli(['procedures', 'B']);
    expect(code).toBe(0);
    expect(out).toContain('B: Chứng thực bản sao từ bản chính');
    for (const step of ['submit', 'receive', 'approve', 'confirm']) expect(out).toContain(step);
  });

  it('refuses an unknown procedure id with exit 2, naming the known ones', async () => {
    const { code, out, err } = await cli(['procedures', 'Z']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('"Z"');
    expect(err).toContain('A, B');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses --format csv for procedures with exit 2', async () => {
    const { code, err } = await cli(['procedures', '--format', 'csv']);
    expect(code).toBe(2);
    expect(err).toContain('--format');
  });
});

describe('procedures declared in a file', () => {
  it('lists a procedure loaded with --procedure', async () => {
    const { code, out, err } = await cli(['procedures', '--procedure', 'c.yaml'], { 'c.yaml': PROC_C });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^C\s+Xác nhận tình trạng cư trú\s+3\s+0$/m);
    expect(out).toMatch(/^A\s/m);
    expect(out).toMatch(/^B\s/m);
  });

  it('draws the loaded procedure as a Mermaid diagram', async () => {
    const { code, out } = await cli(['procedures', 'C', '--procedure', 'c.yaml', '--format', 'mermaid'], { 'c.yaml': PROC_C });
    expect(code).toBe(0);
    expect(out.startsWith('stateDiagram-v2')).toBe(true);
  });

  it('runs a scenario on the loaded procedure', async () => {
    const { code, out, err } = await cli(['run', 'on-c.yaml', '--procedure', 'c.yaml', '--format', 'json'], { 'c.yaml': PROC_C, 'on-c.yaml': ON_C });
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.dossiers).toHaveLength(1);
    expect(doc.dossiers[0]).toMatchObject({
      code: 'HS-C1',
      procedure: 'C',
      receivedAt: '2024-09-17T08:03:00+07:00',
      returnedAt: '2024-09-17T08:06:00+07:00',
      late: false,
    });
  });

  it('finds a procedure file the scenario names, next to the scenario', async () => {
    const scenario = ON_C.replace('officials:', 'procedures: [procs/c.yaml]\nofficials:');
    const { code, out, err } = await cli(['check', 'training/on-c.yaml'], { 'training/procs/c.yaml': PROC_C, 'training/on-c.yaml': scenario });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('ok:');
  });

  it('says procedure C is unknown when its file is not given', async () => {
    const { code, err } = await cli(['check', 'on-c.yaml'], { 'on-c.yaml': ON_C });
    expect(code).toBe(1);
    expect(err).toContain(`on-c.yaml:${lineOf(ON_C, 'procedure: C')}:`);
    expect(err).toContain('unknown procedure "C"');
  });

  it('reports a bad procedure file with file:line', async () => {
    const bad = PROC_C.replace('roles: [VP-TK]\n    status: 1', 'roles: [XYZ]\n    status: 1');
    const { code, out, err } = await cli(['procedures', '--procedure', 'c.yaml'], { 'c.yaml': bad });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain(`c.yaml:${lineOf(bad, 'roles: [XYZ]')}:`);
    expect(err).toContain('steps[1].roles[0]');
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('reports a bad procedure file given to run with file:line', async () => {
    const bad = PROC_C.replace('roles: [VP-TK]\n    status: 1', 'roles: [XYZ]\n    status: 1');
    const { code, err } = await cli(['run', 'on-c.yaml', '--procedure', 'c.yaml'], { 'c.yaml': bad, 'on-c.yaml': ON_C });
    expect(code).toBe(1);
    expect(err).toContain(`c.yaml:${lineOf(bad, 'roles: [XYZ]')}:`);
  });

  it('says it cannot read a missing procedure file', async () => {
    const { code, err } = await cli(['procedures', '--procedure', 'missing.yaml']);
    expect(code).toBe(1);
    expect(err).toContain('cannot read missing.yaml');
  });
});

describe('help and commands', () => {
  it.each(['run', 'check', 'procedures'])('prints usage and an example for "%s --help", exit 0', async (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await cli([command, flag]);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toContain(`Usage: tthc ${command}`);
      expect(out).toContain('Example');
    }
  });

  it('prints the same usage for "help run"', async () => {
    const a = await cli(['help', 'run']);
    const b = await cli(['run', '--help']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
  });

  it('prints the general usage for --help, exit 0', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: tthc <command>');
    expect(out).toContain('Example');
    for (const c of ['run', 'check', 'procedures']) expect(out).toContain(c);
  });

  it('prints the general usage and exits 2 when no command is given', async () => {
    const { code, out, err } = await cli([]);
    expect(code).toBe(2);
    expect(out + err).toContain('Usage: tthc <command>');
  });

  it('refuses an unknown command with exit 2 and one line', async () => {
    const { code, out, err } = await cli(['sumulate', 'scenarios/commune-full.yaml']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('unknown command "sumulate"');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });
});
