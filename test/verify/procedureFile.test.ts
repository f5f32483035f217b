import { describe, expect, it } from 'vitest';
import { procedureA } from '../../machines/index.js';
import { formatLocated, InputError } from '../../src/io/located.js';
import { checkLaws, parseProcedureWithLaws, procedureFromModule } from '../../src/verify/procedureFile.js';

const DECL = `id: Z
name: { vi: Thủ tục Z, en: Procedure Z }
fee: { amountVnd: 1000 }
due: { kind: sameDayCutoff, cutoff: "15:00" }
steps:
  - { id: submit, name: { vi: Nộp, en: Submit }, action: submit, roles: [owner], status: 1 }
  - { id: receive, name: { vi: Nhận, en: Receive }, action: receive, roles: [VP-TK], status: 1, reception: true }
  - { id: sign, name: { vi: Ký, en: Sign }, action: sign, roles: [CT], status: 9, signs: true, requires: [payment] }
`;

/** the located problems of a file, one "file:line:col: field: message" each */
function problems(text: string): string[] {
  try {
    parseProcedureWithLaws('z.yaml', text);
  } catch (err) {
    if (err instanceof InputError) return err.errors.map(formatLocated);
    throw err;
  }
  return [];
}

describe('reading a procedure file with its laws', () => {
  it('reads the declaration and the laws beside it, in checked form', () => {
    const { decl, laws } = parseProcedureWithLaws(
      'z.yaml',
      `${DECL}laws:
  - never: { role: TP-HT, action: sign }
    why: the receiving officer does not sign
  - before: { first: pay, then: sign }
  - before: { first: [receive, sign], then: { status: 10 } }
  - only: { action: sign, roles: [CT, dc-xd] }
  - atMost: { of: request_supplement, times: 1 }
`,
    );
    expect(decl.id).toBe('Z');
    expect(laws).toEqual([
      { kind: 'never', what: { role: 'TP-HT', action: 'sign' }, why: 'the receiving officer does not sign' },
      { kind: 'before', first: [{ action: 'pay' }], then: { action: 'sign' }, why: undefined },
      { kind: 'before', first: [{ action: 'receive' }, { action: 'sign' }], then: { status: 10 }, why: undefined },
      { kind: 'only', action: 'sign', roles: ['CT', 'ĐC-XD'], why: undefined },
      { kind: 'atMost', of: { action: 'request_supplement' }, times: 1, why: undefined },
    ]);
  });

  it('reads a file without laws, and JSON as well as YAML', () => {
    expect(parseProcedureWithLaws('z.yaml', DECL).laws).toEqual([]);
    expect(parseProcedureWithLaws('a.json', JSON.stringify(procedureA)).decl).toEqual(procedureA);
  });

  it('names the line and field of every bad law at once: unknown form, misspelt action, unknown role, bad count', () => {
    expect(
      problems(`${DECL}laws:
  - sometimes: { action: sign }
  - never: { action: sgin }
  - only: { action: sign, roles: [CT, Mayor] }
  - atMost: { of: pay, times: -1 }
`),
    ).toEqual([
      'z.yaml:10:5: laws[0]: expected exactly one of never, before, only, atMost (see docs/developer-kit.md)',
      'z.yaml:12:39: laws[2].only.roles[1]: unknown role "Mayor" (expected owner, CT, PCT, VP-TK, TC-KT, VH-XH, TP-HT, ĐC-XD, KCT)',
      'z.yaml:13:31: laws[3].atMost.times: Too small: expected number to be >=0',
    ]);
    // the names are checked against the procedure once the forms are right
    expect(problems(`${DECL}laws:\n  - never: { action: sgin }\n`)).toEqual([
      'z.yaml:10:22: laws[0].never.action: unknown action "sgin" (procedure Z has submit, receive, sign, pay, save_receipt, request_supplement, supplement, refuse, send_back, withdraw, stop, apology)',
    ]);
  });

  it('still names the line of a mistake in the declaration when the file has laws', () => {
    expect(problems(`${DECL.replace('roles: [CT]', 'roles: [Mayor]')}laws:\n  - never: { action: sign }\n`)[0]).toMatch(
      /^z\.yaml:8:\d+: steps\[2\]\.roles\[0\]: unknown role "Mayor"/,
    );
  });

  it('refuses laws that are not a list, and a file that is not a procedure', () => {
    expect(problems(`${DECL}laws: { never: sign }\n`)).toEqual(['z.yaml:9:7: laws: expected a list of laws']);
    expect(problems('- a\n- b\n')).toEqual(['z.yaml:1:1: expected a procedure: an object with id, name, due and steps']);
  });

  it('takes the procedure from a module: its default export, or the one export with steps, and laws beside it', () => {
    const laws = [{ never: { action: 'sign', role: 'TP-HT' } }];
    expect(procedureFromModule('a.ts', { default: { ...procedureA, laws } }).laws).toHaveLength(1);
    const named = procedureFromModule('a.ts', { procedureA, laws, other: 3 });
    expect(named.decl.id).toBe('A');
    expect(named.laws[0]).toMatchObject({ kind: 'never' });
    expect(() => procedureFromModule('a.ts', { a: procedureA, b: procedureA })).toThrow('exports 2 procedures (a, b); export the one to verify as default');
    expect(() => procedureFromModule('a.ts', { x: 1 })).toThrow('exports no procedure');
  });

  it('checks laws written in code by form only, so a law about a dropped step fails in verify rather than here', () => {
    expect(checkLaws([{ never: { action: 'gone' } }])).toEqual([{ kind: 'never', what: { action: 'gone' }, why: undefined }]);
    expect(() => checkLaws([{ nevr: 'x' }])).toThrow('laws: laws[0]: expected exactly one of never, before, only, atMost');
  });
});
