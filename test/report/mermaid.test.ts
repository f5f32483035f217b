import { describe, expect, it } from 'vitest';
import { BUNDLED_PROCEDURES } from '../../machines/index.js';
import { makeRegistry } from '../../src/engine/registry.js';
import { parseProcedure } from '../../src/io/procedureFile.js';
import { renderMermaid } from '../../src/report/mermaid.js';

/** A procedure file whose names try to end their line and start statements of their own. */
const procedure = (name: string, step: string) => `id: "C"
name: { vi: ${JSON.stringify(name)}, en: Residence }
due: { kind: sameDayCutoff, cutoff: "15:00" }
steps:
  - { id: submit, name: { vi: Nộp, en: Submit }, action: submit, roles: [owner], status: 1 }
  - { id: receive, name: { vi: ${JSON.stringify(step)}, en: Receive }, action: receive, roles: [VP-TK], status: 1, reception: true }
  - { id: return, name: { vi: Trả kết quả, en: Return }, action: return, roles: [VP-TK], status: 9 }
`;
const draw = (name: string, step: string) => {
  const decl = parseProcedure('c.yaml', procedure(name, step));
  const proc = makeRegistry([...BUNDLED_PROCEDURES, decl]).get('C')!;
  return renderMermaid(proc.machine, proc.decl, 'vi');
};

describe('Mermaid diagram', () => {
  it('keeps each name on its line: line breaks and quotes in names add no statement to the diagram', () => {
    const plain = draw('Xác nhận cư trú', 'Tiếp nhận');
    const hostile = draw(
      'Xác nhận\nclick receive call alert("x")\r\n%%{init: {"theme":"dark"}}%%',
      'Tiếp "nhận"\nreceive --> return : injected; note left of submit : x\u2028y',
    );
    expect(hostile.split('\n')).toHaveLength(plain.split('\n').length);
    expect(hostile).not.toContain('injected;');
    expect(hostile).not.toMatch(/\n\s*(click|receive -->\s*return : injected|%%\{)/);
    expect(hostile).toContain("  receive : Tiếp #quot;nhận#quot; receive --> return  - injected#59; note left of submit  - x y (VP-TK, 15') · status 1");
  });

  it('draws names without such characters as before', () => {
    expect(draw('Xác nhận cư trú', 'Tiếp nhận')).toContain('  %% C: Xác nhận cư trú\n');
  });
});
