import { describe, expect, it } from 'vitest';
import { procedureA } from '../../machines/index.js';
import { defineProcedure, type ProcedureInput } from '../../src/model/procedure.js';

const A = procedureA as ProcedureInput;

describe('a procedure declared in code', () => {
  it('refuses a misspelt key, as a procedure file does', () => {
    const steps = A.steps.map((s, i) => (i === 1 ? { ...s, timeBoxMinute: 30 } : s));
    expect(() => defineProcedure({ ...A, steps } as ProcedureInput)).toThrow(/unrecognized_keys[^]*timeBoxMinute/);
  });

  it('refuses a due rule longer than a year of working days', () => {
    expect(() => defineProcedure({ ...A, due: { kind: 'workingDays', days: 366 } })).toThrow(/at most 365 working days/);
  });

  it('keeps the bundled procedures as they are', () => {
    expect(defineProcedure(A)).toEqual(procedureA);
  });
});
