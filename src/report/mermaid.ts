import type { DossierMachine } from '../engine/buildMachine.js';
import { FINAL_STATES } from '../engine/buildMachine.js';
import type { ProcedureDecl } from '../model/procedure.js';
import type { Lang } from '../model/text.js';

interface NodeLike {
  key: string;
  type: string;
  transitions: Map<string, { eventType: string; target?: NodeLike[] }[]>;
  states: Record<string, NodeLike>;
  meta?: { status?: number };
}

const AFTER = /^xstate\.after\.(\w+?)\./;

/** Mermaid's entity codes for what would end or change a line of the diagram: line breaks go as spaces */
const MERMAID_ESCAPES: Record<string, string> = { '"': '#quot;', ';': '#59;', '#': '#35;', '%': '#37;' };

/**
 * A name from a procedure file as text of one Mermaid line: line breaks and other control
 * characters become spaces, and quotes, semicolons, # and % Mermaid's entity codes, so no name
 * can end its line and start a statement or a directive of its own.
 * @example mermaidText('Tiếp nhận\nclick x "y"') // 'Tiếp nhận click x #quot;y#quot;'
 */
function mermaidText(text: string): string {
  return text.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ').replace(/[";#%]/g, (c) => MERMAID_ESCAPES[c] ?? c);
}

/**
 * The procedure's machine as a Mermaid state diagram, walked from the machine itself (the
 * source of truth); step names and allowed roles come from the declaration.
 * @example renderMermaid(procedureAMachine, procedureA, 'vi') // 'stateDiagram-v2\n  [*] --> submit ...'
 */
export function renderMermaid(machine: DossierMachine, decl: ProcedureDecl, lang: Lang): string {
  const root = machine.root as unknown as NodeLike;
  const steps = new Map(decl.steps.map((s) => [s.id, s]));
  const lines = ['stateDiagram-v2', `  %% ${mermaidText(decl.id)}: ${mermaidText(decl.name[lang])}`, `  [*] --> ${decl.steps[0].id}`];
  for (const [key, node] of Object.entries(root.states)) {
    const step = steps.get(key);
    const waitOf = key.startsWith('supplement_') ? steps.get(key.slice('supplement_'.length)) : undefined;
    const label = step
      ? `${mermaidText(step.name[lang])} (${step.roles.join('/')}, ${step.timeBoxMinutes}')`
      : waitOf
        ? `${lang === 'vi' ? 'Chờ bổ sung' : 'Awaiting supplement'}: ${mermaidText(waitOf.name[lang])}`
        : key;
    const status = step === decl.steps[0] ? '0' : String(node.meta?.status ?? '');
    lines.push(`  ${key} : ${label.replace(/:/g, ' -')} · status ${status}`);
  }
  for (const [key, node] of Object.entries(root.states)) {
    for (const [event, defs] of node.transitions) {
      for (const def of defs) {
        const after = AFTER.exec(event);
        const name = after ? `after ${after[1].replace('timeBox_', '')} time box` : event;
        const target = def.target?.[0]?.key ?? key;
        lines.push(`  ${key} --> ${target} : ${name}`);
      }
    }
    if (node.type === 'final') lines.push(`  ${key} --> [*]`);
  }
  const anywhere: string[] = [];
  for (const [event, defs] of root.transitions) {
    for (const def of defs) {
      const target = def.target?.[0]?.key;
      if (!target) {
        anywhere.push(event);
        continue;
      }
      for (const key of Object.keys(root.states)) if (key !== decl.steps[0].id && !(key in FINAL_STATES)) lines.push(`  ${key} --> ${target} : ${event}`);
    }
  }
  if (anywhere.length) lines.push(`  note right of ${decl.steps[1].id} : after submission, at any step - ${anywhere.join(', ')}`);
  return lines.join('\n') + '\n';
}
