import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InputError, type LocatedError } from '../../src/io/located.js';
import { parseProcedure } from '../../src/io/procedureFile.js';
import { parseProcedureWithLaws } from '../../src/verify/procedureFile.js';

const PROCEDURE_C = readFileSync(fileURLToPath(new URL('../../examples/procedure-C.yaml', import.meta.url)), 'utf8');

/** Procedure C as data, changed by `edit`, written back as YAML. */
function procedureC(edit: (p: any) => void): string {
  const data = parse(PROCEDURE_C);
  edit(data);
  return stringify(data);
}

/** The located errors a procedure file is refused with (fails the test when it is read). */
function refusal(text: string, file = 'proc.yaml'): LocatedError[] {
  for (const read of [parseProcedure, parseProcedureWithLaws]) {
    try {
      read(file, text);
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      continue;
    }
    throw new Error(`expected ${read.name} to refuse the procedure`);
  }
  try {
    parseProcedure(file, text);
  } catch (err) {
    return (err as InputError).errors;
  }
  return [];
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('a procedure file with a misspelt or unknown key', () => {
  it('refuses a procedure file with `timeBoxMinute`, suggesting timeBoxMinutes, at its line', () => {
    const text = procedureC((p) => (p.steps[2].timeBoxMinute = 30));
    const [e] = refusal(text);
    expect(e).toMatchObject({ file: 'proc.yaml', path: 'steps[2].timeBoxMinute', line: lineOf(text, 'timeBoxMinute') });
    expect(e.message).toBe('unknown field "timeBoxMinute": did you mean timeBoxMinutes?');
  });

  it('refuses misspelt keys at every level: the procedure, its due rule, a step exit and a name', () => {
    const text = procedureC((p) => {
      p.maxSupplementRequest = 2;
      p.due.extraWorkingDay = 1;
      p.steps[1].exits.sendback = true;
      p.steps[0].name.vn = 'Nộp';
    });
    const found = refusal(text).map((e) => [e.path, e.message]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['maxSupplementRequest', 'unknown field "maxSupplementRequest": did you mean maxSupplementRequests?'],
        ['due.extraWorkingDay', 'unknown field "extraWorkingDay": did you mean extraWorkingDays?'],
        ['steps[1].exits.sendback', 'unknown field "sendback": did you mean sendBack?'],
        ['steps[0].name.vn', 'unknown field "vn": did you mean vi?'],
      ]),
    );
  });

  it('refuses a key like no known one without guessing', () => {
    const [e] = refusal(procedureC((p) => (p.colour = 'blue')));
    expect(e).toMatchObject({ path: 'colour', message: 'unknown field "colour"' });
  });

  it('reads the bundled example procedure C, its laws left for tthc verify', () => {
    expect(parseProcedure('procedure-C.yaml', PROCEDURE_C).steps.map((s) => s.id)).toEqual(['submit', 'receive', 'sign', 'return']);
    expect(parseProcedureWithLaws('procedure-C.yaml', PROCEDURE_C).laws.length).toBeGreaterThan(0);
  });
});

describe('a procedure file with a number past its bound', () => {
  it('refuses a due rule of 100,000,000 working days, naming due.days', () => {
    const [e] = refusal(procedureC((p) => (p.due = { kind: 'workingDays', days: 1e8 })));
    expect(e).toMatchObject({ path: 'due.days', message: 'at most 365 working days' });
  });

  it('refuses an extension of 2,000,000 working days, naming due.extraWorkingDays', () => {
    const [e] = refusal(procedureC((p) => (p.due.extraWorkingDays = 2e6)));
    expect(e).toMatchObject({ path: 'due.extraWorkingDays', message: 'at most 365 working days' });
  });

  it('refuses a time box of 1e308 minutes, naming the step field', () => {
    const [e] = refusal(procedureC((p) => (p.steps[1].timeBoxMinutes = 1e308)));
    expect(e).toMatchObject({ path: 'steps[1].timeBoxMinutes', message: 'at most 10080 minutes (7 days)' });
  });

  it('refuses a million supplement requests, 51 steps and a fee of 1e308 VND, each naming its field', () => {
    const text = procedureC((p) => {
      p.maxSupplementRequests = 1e6;
      p.fee.amountVnd = 1e308;
      p.steps.push(...Array.from({ length: 47 }, (_, i) => ({ ...p.steps[2], id: `more_${i}`, action: `more_${i}` })));
    });
    expect(refusal(text).map((e) => e.path)).toEqual(expect.arrayContaining(['maxSupplementRequests', 'fee.amountVnd', 'steps']));
  });

  it('accepts a due rule of 365 working days and a time box of 7 days, the bounds themselves', () => {
    const decl = parseProcedure(
      'proc.yaml',
      procedureC((p) => {
        p.due = { kind: 'workingDays', days: 365 };
        p.steps[1].timeBoxMinutes = 7 * 24 * 60;
      }),
    );
    expect(decl.due).toEqual({ kind: 'workingDays', days: 365 });
  });
});
