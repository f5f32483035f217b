/**
 * The laws of the bundled procedures A and B, written from seed 000's tables (who does which
 * step) and the legal facts in docs: the specification their declarations in machines/ must
 * keep. They are data in the same form as a procedure file's `laws:`, so a change to a
 * declaration (a step dropped, a role added, a requirement lost) is judged against what the
 * seed says, not against itself.
 */
import type { LawInput } from './lawSpec.js';

/** Procedure A - Cấp bản sao trích lục hộ tịch (seed 000, steps 1-5). */
const A: LawInput[] = [
  { only: { action: 'receive', roles: ['VP-TK'] }, why: 'seed 000, A step 2: the one-stop officer (VP-TK) receives' },
  { only: { action: 'appraise', roles: ['TP-HT'] }, why: 'seed 000, A step 3: the civil-status officer (TP-HT) appraises' },
  { only: { action: 'sign', roles: ['CT', 'PCT'] }, why: 'seed 000, A step 4: the Chair or a Vice-chair signs digitally' },
  { only: { action: 'return', roles: ['VP-TK'] }, why: 'seed 000, A step 5: VP-TK stamps and returns the result' },
  { never: { role: 'TP-HT', action: 'sign' }, why: 'the officer who appraises does not sign' },
  { before: { first: 'pay', then: 'return' }, why: 'fee 8,000 VND per copy (TT 281/2016/TT-BTC), paid online in step 1' },
  { before: { first: ['receive', 'appraise', 'sign', 'return'], then: { status: 10 } }, why: 'seed 000: steps 2-5, in order, before the result' },
];

/** Procedure B - Chứng thực bản sao từ bản chính (seed 000, steps 1-4). */
const B: LawInput[] = [
  { only: { action: 'receive', roles: ['TP-HT'] }, why: 'seed 000, B step 2: the certification officer (TP-HT) receives' },
  { only: { action: 'approve', roles: ['TP-HT', 'CT', 'PCT'] }, why: 'seed 000, B step 3: checked and signed "per regulation"' },
  { only: { action: 'confirm', roles: ['TP-HT'] }, why: 'seed 000, B step 4: TP-HT confirms on the provincial system and returns' },
  { before: { first: 'pay', then: 'confirm' }, why: 'the fee (per page) is paid online once the dossier code is received (seed 000, B step 1)' },
  { before: { first: ['receive', 'approve', 'confirm'], then: { status: 10 } }, why: 'seed 000: steps 2-4, in order, before the result' },
];

/** The laws of each bundled procedure, by id, as written (check them with checkLaws). */
export const BUNDLED_LAWS: Readonly<Record<string, readonly LawInput[]>> = { A, B };
