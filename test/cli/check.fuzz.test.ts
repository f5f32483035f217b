import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import { nodeIO } from '../../src/cli/nodeIO.js';
import { VN_CALENDAR } from '../../src/time/calendars/vn.js';
import { DEFAULT_RUBRIC } from '../../src/analysis/rubric.js';
import { STACK_LINE, runInMemory } from '../io/support/memoryIO.js';

/**
 * Random mutations of valid input files - a value replaced by an awkward one, a key dropped, a
 * key misspelt or added, the text cut or spliced - must end in exit 0 or 1 with a clear message:
 * never exit 70 (a bug), never a stack trace, never a long wait.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const params = { numRuns: Number(process.env.FC_RUNS ?? 40), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) };
/** A mutated file is checked and run in well under this (the worst accepted one included). */
const QUICK_MS = 5_000;

const SCENARIOS = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ name: `scenarios/${f}`, text: read(`scenarios/${f}`) }));
const PROCEDURE_C = read('examples/procedure-C.yaml');
/** A session on procedure C, for running a mutated procedure C. */
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
const CALENDARS = [
  { name: 'standalone', text: stringify(VN_CALENDAR) },
  {
    name: 'extends vn',
    text: stringify({ extends: 'vn', name: 'soc-trang-2027', holidays: ['2027-01-01', '2027-02-05..2027-02-11'], workingDays: ['2027-01-09'] }),
  },
];
const RUBRIC = stringify(DEFAULT_RUBRIC);

/** Values that sit on or past a bound, or are of the wrong kind: what a careless edit leaves. */
const awkward = fc.oneof(
  fc.constantFrom<unknown>(
    0,
    -1,
    0.5,
    365,
    366,
    10_080,
    10_081,
    1e8,
    2e6,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    null,
    true,
    '',
    'x',
    '00:00',
    '23:59',
    '24:00',
    '13:00',
    '2024-02-30',
    '1969-12-31',
    '9999-12-31',
    '2024-01-01..9999-12-31',
    '2025-01-05..2025-01-01',
    '1970-01-01..2100-12-31',
    'Mars/Base',
    [],
    {},
    [1, 2, 3, 4, 5, 6, 7],
    [{ start: '07:00', end: '07:00' }],
    'a'.repeat(5000),
  ),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.anything({ maxDepth: 3 }),
);

type Tree = unknown;
type Path = Array<string | number>;

/** Every path into a parsed file, the root's children first. */
function pathsOf(value: Tree, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...at, i]), pathsOf(v, [...at, i], out)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push([...at, k]), pathsOf(v, [...at, k], out));
  return out;
}

/** One edit of a parsed file: the path is picked by index into pathsOf, modulo their number. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: awkward }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('misspell' as const), at: fc.nat(), cut: fc.nat(), letter: fc.constantFrom('', 's', 'x', '_') }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: fc.string({ minLength: 1, maxLength: 12 }), value: awkward }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), times: fc.integer({ min: 2, max: 50 }) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function applyEdit(root: Tree, e: Edit): Tree {
  const paths = pathsOf(root);
  if (paths.length === 0) return e.kind === 'set' ? e.value : root;
  const path = paths[e.at % paths.length];
  const parent = path.slice(0, -1).reduce<any>((node, k) => node[k], root);
  const key = path[path.length - 1];
  if (e.kind === 'set') parent[key] = e.value;
  else if (e.kind === 'drop') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key];
  else if (e.kind === 'misspell' && !Array.isArray(parent)) {
    const k = String(key);
    const cut = e.cut % (k.length + 1);
    parent[k.slice(0, cut) + e.letter + k.slice(cut + 1)] = parent[k];
    if (k.slice(0, cut) + e.letter + k.slice(cut + 1) !== k) delete parent[k];
  } else if (e.kind === 'add' && parent && typeof parent === 'object' && !Array.isArray(parent)) parent[e.key] = e.value;
  else if (e.kind === 'repeat' && Array.isArray(parent)) parent.push(...Array.from({ length: e.times }, () => structuredClone(parent[key as number])));
  return root;
}

/** A valid file's text, edited one to three times through its data, written back as YAML or JSON. */
const mutatedData = (text: string) =>
  fc.tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([edits, json]) => {
    const data = edits.reduce<Tree>((d, e) => applyEdit(d, e), parse(text));
    return json ? (JSON.stringify(data, null, 1) ?? 'null') : stringify(data);
  });

/** A valid file's text, cut, spliced or sprinkled with characters YAML and encodings care about. */
const mutatedText = (text: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat(),
        drop: fc.nat({ max: 40 }),
        put: fc.oneof(
          fc.constantFrom('', ':', '- ', '[', '{', '}', '"', "'", '&a ', '*a', '\n', '\t', '#', '\uFFFD', '\u0000', '\uFEFF', '!!binary ', '<<: *a\n', '\\'),
          fc.string({ maxLength: 8 }),
        ),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((cuts) => cuts.reduce((t, c) => t.slice(0, c.at % (t.length + 1)) + c.put + t.slice((c.at % (t.length + 1)) + c.drop), text));

const mutated = (text: string) => fc.oneof(mutatedData(text), mutatedText(text));

/** Runs one command on files in memory and holds it to the contract: exit 0 or 1, no stack trace, quick. */
async function holdsUp(argv: string[], files: Record<string, string>) {
  const started = performance.now();
  const { code, out, err } = await runInMemory(argv, files);
  const took = performance.now() - started;
  const said = `${argv.join(' ')}: exit ${code} in ${took.toFixed(0)} ms\n${err.slice(0, 2000)}`;
  expect([0, 1], said).toContain(code);
  expect(err, said).not.toMatch(STACK_LINE);
  expect(err, said).not.toContain('internal error');
  expect(took, said).toBeLessThan(QUICK_MS);
  return { code, out, err };
}

describe('a mutated input file is refused with a clear message or run, never a crash or a hang', () => {
  it.each(SCENARIOS)('a mutation of $name: check gives 0 or 1, and run of what check accepts too', async ({ name, text }) => {
    await fc.assert(
      fc.asyncProperty(mutated(text), async (mutant) => {
        const files = { [name]: mutant };
        const checked = await holdsUp(['check', name], files);
        if (checked.code === 0) await holdsUp(['run', name, '--format', 'json'], files);
      }),
      params,
    );
  });

  it('a mutation of examples/procedure-C.yaml: verify, and a run of a session on it, give 0 or 1', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(PROCEDURE_C), async (mutant) => {
        const files = { 'procedure-C.yaml': mutant, 'on-c.yaml': ON_C };
        await holdsUp(['verify', 'procedure-C.yaml'], files);
        await holdsUp(['run', 'on-c.yaml', '--procedure', 'procedure-C.yaml', '--format', 'json'], files);
      }),
      params,
    );
  });

  it.each(CALENDARS)('a mutation of a calendar file ($name): a run on it and a verify on it give 0 or 1', async ({ text }) => {
    await fc.assert(
      fc.asyncProperty(mutated(text), async (mutant) => {
        const files = { 'scenarios/commune-full.yaml': SCENARIOS.find((s) => s.name === 'scenarios/commune-full.yaml')!.text, 'cal.yaml': mutant };
        await holdsUp(['run', 'scenarios/commune-full.yaml', '--calendar', 'cal.yaml', '--format', 'json'], files);
        await holdsUp(['verify', 'A', '--calendar', 'cal.yaml'], files);
      }),
      params,
    );
  });

  it('a mutation of a rubric file: a run with it gives 0 or 1', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(RUBRIC), async (mutant) => {
        const files = { 'scenarios/commune-full.yaml': SCENARIOS.find((s) => s.name === 'scenarios/commune-full.yaml')!.text, 'rubric.yaml': mutant };
        await holdsUp(['run', 'scenarios/commune-full.yaml', '--rubric', 'rubric.yaml', '--format', 'json'], files);
      }),
      params,
    );
  });
});

describe('a file with random bytes changed, read from disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tthc-fuzz-'));
  const kinds = [
    { kind: 'scenario', bytes: Buffer.from(SCENARIOS[0].text), argv: (f: string) => ['check', f] },
    { kind: 'procedure', bytes: Buffer.from(PROCEDURE_C), argv: (f: string) => ['verify', f] },
    { kind: 'calendar', bytes: Buffer.from(CALENDARS[0].text), argv: (f: string) => ['check', join(ROOT, 'scenarios/commune-full.yaml'), '--calendar', f] },
    { kind: 'rubric', bytes: Buffer.from(RUBRIC), argv: (f: string) => ['check', join(ROOT, 'scenarios/commune-full.yaml'), '--rubric', f] },
  ];
  it.each(kinds)('a $kind file with bytes flipped, cut or inserted (Latin-1, UTF-16 halves, zeros) gives 0 or 1', async ({ kind, bytes, argv }) => {
    const file = join(dir, `${kind}.yaml`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), drop: fc.nat({ max: 8 }), put: fc.uint8Array({ maxLength: 6 }) }), { minLength: 1, maxLength: 4 }),
        async (cuts) => {
          const mutant = cuts.reduce((b, c) => {
            const at = c.at % (b.length + 1);
            return Buffer.concat([b.subarray(0, at), c.put, b.subarray(at + c.drop)]);
          }, bytes);
          writeFileSync(file, mutant);
          const out: string[] = [];
          const err: string[] = [];
          const started = performance.now();
          const code = await runCli(argv(file), { ...nodeIO(), interactive: false, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) });
          const said = `exit ${code}\n${err.join('')}`;
          expect([0, 1], said).toContain(code);
          expect(err.join(''), said).not.toMatch(STACK_LINE);
          expect(performance.now() - started, said).toBeLessThan(QUICK_MS);
        },
      ),
      params,
    );
  });
});
