import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeTimes, codeHash } from '../../src/audit/codeTimes.js';

describe('the table of closed dossier codes', () => {
  it('answers like a Map under any sequence of sets and gets, even when every code has the same hash', () => {
    const codes = fc.constantFrom('HS-1', 'HS-2', 'HS-3', 'hồ sơ 4', '', 'HS-0000000001', 'x'.repeat(40));
    const op = fc.tuple(fc.boolean(), codes, fc.integer());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.boolean(), (ops, collide) => {
        const hash = (c: string) => (collide ? 7 : codeHash(c));
        const t = new CodeTimes(4);
        const m = new Map<string, number>();
        for (const [isSet, code, ms] of ops) {
          if (isSet) {
            t.set(code, hash(code), ms);
            m.set(code, ms);
          } else expect(t.get(code, hash(code))).toBe(m.get(code));
        }
        expect(t.size).toBe(m.size);
        for (const [code, ms] of m) expect(t.get(code, hash(code))).toBe(ms);
      }),
    );
  });

  it('keeps a hundred thousand codes as it grows', () => {
    const t = new CodeTimes();
    for (let i = 0; i < 100_000; i++) t.set(`HS-${i}`, codeHash(`HS-${i}`), i);
    expect(t.get('HS-99999', codeHash('HS-99999'))).toBe(99_999);
    expect(t.get('HS-100000', codeHash('HS-100000'))).toBeUndefined();
    expect(t.size).toBe(100_000);
  });
});
