import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodeMap, CodeTimes } from '../../src/engine/codeTables.js';
import { codeHash } from '../../src/model/log.js';

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

  it('keeps open dossiers like a Map through sets, gets and deletes, even when codes share a hash or wrap around the table', () => {
    const codes = fc.constantFrom('HS-1', 'HS-2', 'HS-3', 'HS-4', 'HS-5', 'HS-6', 'hồ sơ 7', '');
    const op = fc.tuple(fc.constantFrom('set', 'get', 'delete'), codes, fc.integer());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.constantFrom(0, 1, 2, 3), (ops, mode) => {
        // real hashes; all the same; all at the table's last slots, so probes wrap; or 0, which marks a free slot
        const hash = (c: string) => (mode === 0 ? codeHash(c) : mode === 1 ? 7 : mode === 2 ? -1 - (c.length % 2) : c.length % 2);
        const t = new CodeMap<number>(4);
        const m = new Map<string, number>();
        for (const [kind, code, v] of ops) {
          if (kind === 'set') {
            t.set(code, hash(code), v);
            m.set(code, v);
          } else if (kind === 'delete') expect(t.delete(code, hash(code))).toBe(m.delete(code));
          else expect(t.get(code, hash(code))).toBe(m.get(code));
          expect(t.size).toBe(m.size);
        }
        expect(new Map(t.entries())).toEqual(m);
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
