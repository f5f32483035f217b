import { describe, expect, it } from 'vitest';
import { InputError, closest, editDistance, readSource, type LocatedError } from '../../src/io/located.js';

/** The located errors readSource throws for a text (fails the test when it does not throw). */
function refusal(text: string, file = 'f.yaml'): LocatedError[] {
  try {
    readSource(file, text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).errors;
  }
  throw new Error('expected the text to be refused');
}

describe('did you mean: the key a misspelt one most likely meant', () => {
  it('suggests timeBoxMinutes for timeBoxMinute and holidays for holiday', () => {
    expect(closest('timeBoxMinute', ['id', 'name', 'timeBoxMinutes', 'status'])).toBe('timeBoxMinutes');
    expect(closest('holiday', ['name', 'zone', 'officeHours', 'weekend', 'holidays', 'workingDays'])).toBe('holidays');
  });

  it('suggests a key written in the wrong case: timeboxminutes for timeBoxMinutes', () => {
    expect(closest('timeboxminutes', ['timeBoxMinutes', 'scored'])).toBe('timeBoxMinutes');
  });

  it('suggests nothing for a word that is not a slip of any key', () => {
    expect(closest('colour', ['id', 'name', 'steps'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  it('counts the letters to insert, delete or replace', () => {
    expect(editDistance('holiday', 'holidays')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('the text of an input file', () => {
  it('refuses a Latin-1 file (an accent read as U+FFFD) at the line and column of the first bad byte', () => {
    const [e] = refusal('unit:\n  name: Caf\uFFFD\n');
    expect(e).toMatchObject({ file: 'f.yaml', line: 2, column: 12 });
    expect(e.message).toMatch(/not UTF-8.*save it as UTF-8/);
  });

  it('refuses a UTF-16 file (a zero byte beside every letter), naming the encoding', () => {
    const utf16 = Buffer.from('unit: x\n', 'utf16le').toString('utf8');
    const [e] = refusal(utf16, 's.yaml');
    expect(e.file).toBe('s.yaml');
    expect(e.message).toMatch(/UTF-16.*save it as UTF-8/);
  });

  it('reads a UTF-8 file that starts with a byte-order mark', () => {
    expect(readSource('f.yaml', '\uFEFFunit: { name: Xã Thử Nghiệm }\n').data).toEqual({ unit: { name: 'Xã Thử Nghiệm' } });
  });

  it('refuses a YAML alias bomb (aliases of aliases, a billion values) as a bad file, quickly', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    const started = performance.now();
    const [e] = refusal(levels.join('\n'));
    expect(e.message).toMatch(/aliases .* expand too often/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still reads a file that uses a few aliases', () => {
    expect(readSource('f.yaml', 'base: &b { vi: a, en: b }\nname: *b\n').data).toEqual({ base: { vi: 'a', en: 'b' }, name: { vi: 'a', en: 'b' } });
  });

  it('prints no warning of the YAML library on the terminal for a key that is a list', async () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      readSource('f.yaml', '? [a, b]\n: 1\n');
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([]);
  });
});
