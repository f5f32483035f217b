import { describe, expect, it } from 'vitest';
import { makeRegistry } from '../../src/engine/registry.js';
import { InputError, type LocatedError } from '../../src/io/located.js';
import { parseScenario } from '../../src/io/scenarioFile.js';
import { parseInstant } from '../../src/time/instant.js';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';

const registry = makeRegistry(BUNDLED_PROCEDURES);

/** A scenario with a roster of four and one dossier on procedure A; `timeline` lines are appended. */
const scenario = (timeline: string[] = [], head: Record<string, string> = {}) => {
  const h: Record<string, string> = { date: '"2024-09-17"', start: '"13:30"', ...head };
  return `unit:
  name: Xã Thử Nghiệm
date: ${h.date}
start: ${h.start}
${h.zone ? `zone: ${h.zone}\n` : ''}officials:
  - { id: ct, name: Nguyễn Văn An, role: CT }
  - { id: vptk, name: Lê Văn Cường, role: VP-TK }
  - { id: tpht, name: Võ Thị Phương, role: TP-HT }
  - { id: dcxd, name: Đặng Văn Giang, role: DC-XD }
dossiers:
  - { code: HS-001, owner: dcxd, procedure: A, assign: { sign: ct } }
timeline:${timeline.length ? '\n' : ' []\n'}${timeline.map((l) => `  - ${l}\n`).join('')}`;
};

const parse = (text: string, file = 's.yaml') => parseScenario(file, text, registry);

/** The located errors parseScenario throws for a text (fails the test when it does not throw). */
function errorsOf(text: string, file = 's.yaml'): LocatedError[] {
  try {
    parse(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).errors;
  }
  throw new Error('expected the scenario to be refused');
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const utc = (iso: string) => Date.parse(iso);

describe('times in a scenario', () => {
  it('reads "HH:mm" as that time on the session date in Vietnam (UTC+7)', () => {
    const { session } = parse(scenario(['{ at: "14:05", official: dcxd, action: submit, dossier: HS-001 }']));
    expect(session.zone).toBe('Asia/Ho_Chi_Minh');
    expect(session.start).toBe(utc('2024-09-17T06:30:00Z'));
    expect(session.events[0].ms).toBe(utc('2024-09-17T07:05:00Z'));
    expect(session.events[0].at).toBe('2024-09-17T14:05:00.000+07:00');
  });

  it('reads "HH:mm:ss" and a single-digit hour such as "9:05"', () => {
    const { session } = parse(
      scenario(['{ at: "13:31:30", official: dcxd, action: submit, dossier: HS-001 }', '{ at: "9:05", official: dcxd, action: connection_failure }'], {
        start: '"8:00"',
      }),
    );
    expect(session.start).toBe(utc('2024-09-17T01:00:00Z'));
    expect(session.events[0].ms).toBe(utc('2024-09-17T06:31:30Z'));
    expect(session.events[1].ms).toBe(utc('2024-09-17T02:05:00Z'));
  });

  it('reads times and the date written without quotes', () => {
    const { session } = parse(scenario(['{ at: 14:05, official: dcxd, action: submit, dossier: HS-001 }'], { date: '2024-09-17', start: '13:30' }));
    expect(session.start).toBe(utc('2024-09-17T06:30:00Z'));
    expect(session.events[0].ms).toBe(utc('2024-09-17T07:05:00Z'));
  });

  it('reads ISO 8601 with an offset as that exact instant', () => {
    const { session } = parse(
      scenario([
        '{ at: "2024-09-17T14:05:00+07:00", official: dcxd, action: submit, dossier: HS-001 }',
        '{ at: "2024-09-17T07:06:00Z", official: dcxd, action: pay, dossier: HS-001 }',
        '{ at: "2024-09-17T09:07:00+02:00", official: dcxd, action: save_receipt, dossier: HS-001 }',
      ]),
    );
    expect(session.events.map((e) => e.ms)).toEqual([utc('2024-09-17T07:05:00Z'), utc('2024-09-17T07:06:00Z'), utc('2024-09-17T07:07:00Z')]);
    // shown back in the session's zone
    expect(session.events[1].at).toBe('2024-09-17T14:06:00.000+07:00');
  });

  it('reads ISO 8601 without an offset as local time in Vietnam', () => {
    const { session } = parse(
      scenario([
        '{ at: "2024-09-17T14:05:00", official: dcxd, action: submit, dossier: HS-001 }',
        '{ at: "2024-09-17 14:06", official: dcxd, action: pay, dossier: HS-001 }',
      ]),
    );
    expect(session.events[0].ms).toBe(utc('2024-09-17T07:05:00Z'));
    expect(session.events[1].ms).toBe(utc('2024-09-17T07:06:00Z'));
  });

  it('reads times in the zone the scenario names', () => {
    const { session } = parse(scenario(['{ at: "14:05", official: dcxd, action: submit, dossier: HS-001 }'], { zone: 'UTC' }));
    expect(session.start).toBe(utc('2024-09-17T13:30:00Z'));
    expect(session.events[0].ms).toBe(utc('2024-09-17T14:05:00Z'));
  });

  it('refuses an impossible time such as "25:99", on its line', () => {
    const text = scenario([
      '{ at: "13:31", official: dcxd, action: submit, dossier: HS-001 }',
      '{ at: "25:99", official: dcxd, action: pay, dossier: HS-001 }',
    ]);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 's.yaml', path: 'timeline[1].at', line: lineOf(text, '25:99') });
    expect(errors[0].message).toContain('"25:99" is not a time');
  });

  it('refuses a session start that is not a time', () => {
    const text = scenario([], { start: '"half past one"' });
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'start', line: lineOf(text, 'half past one') });
  });

  it('refuses a date not written as YYYY-MM-DD', () => {
    const text = scenario([], { date: '"17/09/2024"' });
    const errors = errorsOf(text);
    expect(errors[0]).toMatchObject({ path: 'date', line: lineOf(text, '17/09/2024') });
    expect(errors[0].message).toContain('YYYY-MM-DD');
  });

  it('refuses an unknown time zone', () => {
    const text = scenario([], { zone: 'Mars/Olympus' });
    const errors = errorsOf(text);
    expect(errors.some((e) => e.path === 'zone' && e.message.includes('Mars/Olympus') && e.line === lineOf(text, 'Mars/Olympus'))).toBe(true);
  });

  it('refuses an event before the session starts, on its line', () => {
    const text = scenario(['{ at: "13:29", official: dcxd, action: submit, dossier: HS-001 }']);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'timeline[0].at', line: lineOf(text, '13:29') });
    expect(errors[0].message).toContain('before the session start');
  });

  it('refuses an event the day before, even at a later clock time', () => {
    const text = scenario(['{ at: "2024-09-16T14:00:00+07:00", official: dcxd, action: submit, dossier: HS-001 }']);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('timeline[0].at');
  });

  it('accepts an event exactly at the session start', () => {
    const { session } = parse(scenario(['{ at: "13:30", official: dcxd, action: submit, dossier: HS-001 }']));
    expect(session.events[0].ms).toBe(session.start);
  });

  it('parseInstant gives nothing for text that is not a time', () => {
    expect(parseInstant('14:05', '2024-09-17', 'Asia/Ho_Chi_Minh')).toBe(utc('2024-09-17T07:05:00Z'));
    expect(parseInstant('25:99', '2024-09-17', 'Asia/Ho_Chi_Minh')).toBeUndefined();
    expect(parseInstant('soon', '2024-09-17', 'Asia/Ho_Chi_Minh')).toBeUndefined();
  });
});

describe('roles in a scenario', () => {
  it('accepts "DC-XD" typed without the Đ as "ĐC-XD"', () => {
    const { session } = parse(scenario(['{ at: "13:31", official: dcxd, action: submit, dossier: HS-001 }']));
    const dcxd = session.officials.find((o) => o.id === 'dcxd')!;
    expect(dcxd.role).toBe('ĐC-XD');
    expect(session.events[0].role).toBe('ĐC-XD');
  });

  it('accepts lower-case role codes', () => {
    const { session } = parse(scenario().replace('role: VP-TK', 'role: vp-tk').replace('role: DC-XD', 'role: dc-xd'));
    expect(session.officials.map((o) => o.role)).toEqual(['CT', 'VP-TK', 'TP-HT', 'ĐC-XD']);
  });

  it('refuses an unknown role, naming the ones it knows', () => {
    const text = scenario().replace('role: TP-HT', 'role: TPHT');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'officials[2].role', line: lineOf(text, 'TPHT') });
    expect(errors[0].message).toContain('unknown role "TPHT"');
    expect(errors[0].message).toContain('ĐC-XD');
  });

  it('refuses an event whose role does not match the roster', () => {
    const text = scenario([
      '{ at: "13:31", official: dcxd, action: submit, dossier: HS-001 }',
      '{ at: "13:35", official: vptk, role: TP-HT, action: receive, dossier: HS-001 }',
    ]);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'timeline[1].role', line: lineOf(text, 'role: TP-HT, action') });
    expect(errors[0].message).toContain('role TP-HT does not match vptk');
    expect(errors[0].message).toContain('VP-TK');
  });

  it('accepts an event role that matches the roster, spelt either way', () => {
    const { session } = parse(
      scenario([
        '{ at: "13:31", official: dcxd, role: DC-XD, action: submit, dossier: HS-001 }',
        '{ at: "13:35", official: vptk, role: VP-TK, action: receive, dossier: HS-001 }',
      ]),
    );
    expect(session.events.map((e) => e.role)).toEqual(['ĐC-XD', 'VP-TK']);
  });
});

describe('the roster and the dossiers', () => {
  it('refuses two officials with the same id, pointing at the second', () => {
    const text = scenario().replace('{ id: tpht,', '{ id: vptk,');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'officials[2].id', line: lineOf(text, 'Võ Thị Phương') });
    expect(errors[0].message).toContain('duplicate official id "vptk"');
  });

  it('refuses two dossiers with the same code, pointing at the second', () => {
    const text = scenario().replace('timeline: []', '  - { code: HS-001, owner: vptk, procedure: B }\ntimeline: []');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'dossiers[1].code', line: lineOf(text, 'procedure: B') });
    expect(errors[0].message).toContain('duplicate dossier code "HS-001"');
  });

  it('refuses an official who is not assessed without a reason', () => {
    const text = scenario().replace('role: TP-HT }', 'role: TP-HT, assessed: false }');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'officials[2].notAssessedReason', line: lineOf(text, 'assessed: false') });
    expect(errors[0].message).toContain('reason');
  });

  it('refuses a blank reason for not assessing an official', () => {
    const errors = errorsOf(scenario().replace('role: TP-HT }', 'role: TP-HT, assessed: false, notAssessedReason: "  " }'));
    expect(errors.map((e) => e.path)).toEqual(['officials[2].notAssessedReason']);
  });

  it('accepts an official who is not assessed with a reason', () => {
    const { session } = parse(scenario().replace('role: TP-HT }', 'role: TP-HT, assessed: false, notAssessedReason: Nghỉ thai sản, status: maternity_leave }'));
    expect(session.officials[2]).toMatchObject({ assessed: false, notAssessedReason: 'Nghỉ thai sản', status: 'maternity_leave' });
  });

  it('fills the defaults: assessed, active, ready, dossier valid', () => {
    const { session } = parse(scenario());
    expect(session.officials[0]).toMatchObject({ assessed: true, status: 'active', readiness: { account: true, signature: true, paymentApp: true } });
    expect(session.dossiers[0]).toMatchObject({ code: 'HS-001', valid: true, assign: { sign: 'ct' } });
    expect(session.unit).toMatchObject({ name: 'Xã Thử Nghiệm', templatesConfigured: true });
  });

  it('refuses an assignment to a step the procedure lacks or to an unknown official', () => {
    const text = scenario().replace('assign: { sign: ct }', 'assign: { sing: ct, appraise: nobody }');
    const errors = errorsOf(text);
    expect(errors.map((e) => [e.path, e.message])).toEqual([
      ['dossiers[0].assign.sing', 'procedure A has no step "sing"'],
      ['dossiers[0].assign.appraise', 'unknown official "nobody"'],
    ]);
  });

  it('refuses an action the procedure does not know, naming the ones it does', () => {
    const text = scenario(['{ at: "13:31", official: dcxd, action: sumbit, dossier: HS-001 }']);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'timeline[0].action', line: lineOf(text, 'sumbit') });
    expect(errors[0].message).toContain('submit');
  });

  it('refuses a dossier action without a dossier, and an unknown dossier', () => {
    const text = scenario(['{ at: "13:31", official: dcxd, action: submit }', '{ at: "13:32", official: dcxd, action: submit, dossier: HS-999 }']);
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(['timeline[0]', 'timeline[1].dossier']);
    expect(errors[1].message).toContain('unknown dossier "HS-999"');
  });

  it('remembers the line of each timeline event', () => {
    const text = scenario([
      '{ at: "13:31", official: dcxd, action: submit, dossier: HS-001 }',
      '{ at: "13:32", official: dcxd, action: pay, dossier: HS-001 }',
    ]);
    const { session } = parse(text, 'x/s.yaml');
    expect(session.events.map((e) => e.source)).toEqual([
      { file: 'x/s.yaml', line: lineOf(text, '13:31'), index: 0 },
      { file: 'x/s.yaml', line: lineOf(text, '13:32'), index: 1 },
    ]);
  });

  it('refuses a misspelt field, naming it', () => {
    const text = scenario().replace('  name: Xã Thử Nghiệm', '  name: Xã Thử Nghiệm\n  distrct: Huyện A');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe('unit.distrct');
    expect(errors[0].message).toContain('distrct');
  });

  it('reports every cross-reference problem of a file at once', () => {
    const text = scenario([
      '{ at: "13:31", official: ghost, action: submit, dossier: HS-001 }',
      '{ at: "25:99", official: dcxd, action: pay, dossier: HS-001 }',
    ])
      .replace('procedure: A', 'procedure: Z')
      .replace('{ id: tpht,', '{ id: vptk,');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path).sort()).toEqual(['dossiers[0].procedure', 'officials[2].id', 'timeline[0].official', 'timeline[1].at'].sort());
    for (const e of errors) expect(e.line).toBeGreaterThan(0);
  });
});

describe('a scenario with a bad date, a number past its bound or a misspelt key', () => {
  it('blames 2024-02-30 on the date field itself, not on the start time that rests on it', () => {
    const text = scenario([], { date: '"2024-02-30"' });
    expect(errorsOf(text).map((e) => [e.path, e.line, e.message])).toEqual([['date', lineOf(text, 'date:'), '2024-02-30 is not a real date']]);
  });

  it('refuses a session date outside the years a calendar can hold (1970 to 2100)', () => {
    expect(errorsOf(scenario([], { date: '"9999-01-01"' })).map((e) => [e.path, e.message])).toEqual([['date', 'expected a year from 1970 to 2100']]);
  });

  it('refuses a time box of 1e308 minutes and step durations past a week, naming each field', () => {
    const text = scenario().replace('officials:', 'timeBox: { minutes: 1e308 }\ndurations: { default: { median: 5, p90: 1e9 } }\nofficials:');
    expect(errorsOf(text).map((e) => [e.path, e.message])).toEqual([
      ['timeBox.minutes', 'at most 10080 minutes (7 days)'],
      ['durations.default.p90', 'at most 10080 minutes (7 days)'],
    ]);
  });

  it('suggests the key a misspelt one meant: timline for timeline, extraWorkingDay for extraWorkingDays', () => {
    const text = scenario().replace('timeline:', 'timline:').replace('assign: { sign: ct } }', 'assign: { sign: ct }, extraWorkingDay: 2 }');
    expect(errorsOf(text).map((e) => e.message)).toEqual([
      'unknown field "timline": did you mean timeline?',
      'unknown field "extraWorkingDay": did you mean extraWorkingDays?',
    ]);
  });
});
