/**
 * A procedure declared in TypeScript: procedure A with its appraisal split in two steps
 * ("check" then "draft", 15 minutes each), as a province might try before a rule change.
 * `tthc verify` imports the default export (the declaration plus its `laws`); under plain node
 * a .ts file needs tsx:
 *
 *   node --import tsx bin/tthc.js verify examples/procedure-A-split.ts
 *
 * In your own project the types come from the package: import type { ProcedureInput } from 'tthc-sim'.
 */
import type { ProcedureInput } from '../src/model/procedure.js';
import type { LawInput } from '../src/verify/lawSpec.js';

const procedure: ProcedureInput & { laws: LawInput[] } = {
  id: 'A-split',
  name: { vi: 'Cấp bản sao trích lục hộ tịch (thẩm định hai bước)', en: 'Copy of a civil-status extract (appraisal in two steps)' },
  fee: { amountVnd: 8000 },
  due: { kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 0 },
  maxSupplementRequests: 1,
  steps: [
    { id: 'submit', name: { vi: 'Nộp hồ sơ', en: 'Submit the dossier' }, action: 'submit', roles: ['owner'], status: 1 },
    {
      id: 'receive',
      name: { vi: 'Tiếp nhận hồ sơ', en: 'Receive the dossier' },
      action: 'receive',
      roles: ['VP-TK'],
      status: 1,
      reception: true,
      exits: { supplement: true, refuse: true },
    },
    {
      id: 'check',
      name: { vi: 'Kiểm tra hồ sơ', en: 'Check the dossier' },
      action: 'check',
      roles: ['TP-HT'],
      status: 4,
      exits: { supplement: true, sendBack: true },
    },
    { id: 'draft', name: { vi: 'Dự thảo bản sao', en: 'Draft the copy' }, action: 'draft', roles: ['TP-HT'], status: 4, exits: { sendBack: true } },
    { id: 'sign', name: { vi: 'Ký số', en: 'Sign digitally' }, action: 'sign', roles: ['CT', 'PCT'], status: 4, signs: true, exits: { sendBack: true } },
    {
      id: 'return',
      name: { vi: 'Đóng dấu và trả kết quả', en: 'Stamp and return the result' },
      action: 'return',
      roles: ['VP-TK'],
      status: 9,
      requires: ['payment', 'signature'],
      exits: { sendBack: true },
    },
  ],
  laws: [
    { before: { first: ['receive', 'check', 'draft', 'sign', 'return'], then: { status: 10 } } },
    { only: { action: 'sign', roles: ['CT', 'PCT'] } },
    { before: { first: 'pay', then: 'return' } },
  ],
};

export default procedure;
