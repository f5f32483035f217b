import { defineProcedure } from '../src/model/procedure.js';
import { buildMachine } from '../src/engine/buildMachine.js';
import { receiveStep, submitStep } from './commonSteps.js';

/**
 * Procedure A - "Cấp bản sao trích lục hộ tịch" (copy of a civil-status extract), seed 000.
 * Filed by officials whose birth was registered inside the district where they work.
 */
export const procedureA = defineProcedure({
  id: 'A',
  name: { vi: 'Cấp bản sao trích lục hộ tịch', en: 'Copy of a civil-status extract' },
  regime: 'NĐ 61/2018/NĐ-CP; TT 281/2016/TT-BTC (fee)',
  birthRegistration: 'in_district',
  fee: { amountVnd: 8000 },
  due: { kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 0 },
  maxSupplementRequests: 1,
  steps: [
    submitStep,
    receiveStep('VP-TK'),
    {
      id: 'appraise',
      name: { vi: 'Xử lý, thẩm định hồ sơ', en: 'Process and appraise' },
      action: 'appraise',
      roles: ['TP-HT'],
      status: 4,
      exits: { supplement: true, sendBack: true },
    },
    {
      id: 'sign',
      name: { vi: 'Ký số và chuyển phát hành', en: 'Sign digitally and send for issue' },
      action: 'sign',
      roles: ['CT', 'PCT'],
      status: 4,
      signs: true,
      exits: { sendBack: true },
    },
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
});

/** The XState machine of procedure A, built from its declaration. */
export const procedureAMachine = buildMachine(procedureA);
