import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { withRubric } from '../../src/analysis/rubric.js';
import { parseScenario } from '../../src/io/scenarioFile.js';
import { runSession } from '../../src/lifecycle.js';
import { printable } from '../../src/report/format.js';
import { renderReportTable, renderTable } from '../../src/report/table.js';
import { calendar, registry } from '../support/scenario.js';

/** what a terminal acts on: C0 controls but LF, DEL, C1 controls */
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

describe('table report', () => {
  it('shows a terminal escape sequence or a line break in a cell as text, keeping the columns lined up', () => {
    const text = renderTable([
      ['id', 'name', 'role'],
      ['vptk', 'Lê\x1b[31mVăn\x1b[0m', 'VP-TK'],
      ['ct', 'Nguyễn\nAn\r\tB\x9b2J', 'CT'],
    ]);
    expect(text).not.toMatch(CONTROL);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('vptk  Lê\\x1b[31mVăn\\x1b[0m   VP-TK');
    expect(lines[3]).toBe('ct    Nguyễn\\nAn\\r\\tB\\x9b2J  CT');
  });

  it('leaves Vietnamese text and symbols as they are', () => {
    for (const s of ['Xã Hòa Tú 1', "✓ Đạt · 15'", '→ 14:05', '']) expect(printable(s)).toBe(s);
    expect(printable('a\nb\x07', true)).toBe('a\nb\\x07');
  });

  it("prints an official's name holding a terminal escape sequence as text in the run report", () => {
    const text = readFileSync('scenarios/commune-full.yaml', 'utf8')
      .replace('name: Lê Văn Cường', 'name: "Lê\\e[31mVăn\\e]0;owned\\aCường"')
      .replace('name: Xã Thạnh Phú', 'name: "Xã\\e[2JThạnh Phú"');
    const loaded = parseScenario('s.yaml', text, registry);
    const { result } = runSession(loaded.session, { registry, calendar, rubric: withRubric(loaded.rubric) });
    const out = renderReportTable(result, { lang: 'vi', zone: loaded.session.zone, procedures: BUNDLED_PROCEDURES });
    expect(out).not.toMatch(CONTROL);
    expect(out).toContain('Lê\\x1b[31mVăn\\x1b]0;owned\\x07Cường');
    expect(out).toContain('Xã\\x1b[2JThạnh Phú');
  });
});
