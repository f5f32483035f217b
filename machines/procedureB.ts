import { defineProcedure } from '../src/model/procedure.js';
import { buildMachine } from '../src/engine/buildMachine.js';
import { receiveStep, submitStep } from './commonSteps.js';

/**
 * Procedure B - "Chứng thực bản sao từ bản chính" (certified copy from the original), seed 000.
 * Filed by officials whose birth was registered outside the district where they work.
 */
export const procedureB = defineProcedure({
  id: 'B',
  name: { vi: 'Chứng thực bản sao từ bản chính', en: 'Certified copy from the original' },
  regime: 'NĐ 23/2015/NĐ-CP (Điều 7, 21); NĐ 61/2018/NĐ-CP',
  birthRegistration: 'outside_district',
  fee: { amountVnd: 2000 },
  due: { kind: 'sameDayCutoff', cutoff: '15:00', extraWorkingDays: 0 },
  maxSupplementRequests: 1,
  steps: [
    submitStep,
    receiveStep('TP-HT'),
    {
      id: 'approve',
      name: { vi: 'Kiểm tra hồ sơ, ký duyệt bản sao', en: 'Check and sign the copy' },
      action: 'approve',
      // "theo quy định": the certifying signer at commune level
      roles: ['TP-HT', 'CT', 'PCT'],
      status: 4,
      scored: false,
      signs: true,
      exits: { sendBack: true },
    },
    {
      id: 'confirm',
      name: {
        vi: 'Xác nhận trên Hệ thống thông tin giải quyết TTHC và trả kết quả',
        en: 'Confirm on the provincial system and return the result',
      },
      action: 'confirm',
      roles: ['TP-HT'],
      status: 9,
      requires: ['payment', 'signature'],
      exits: { sendBack: true },
    },
  ],
});

/** The XState machine of procedure B, built from its declaration. */
export const procedureBMachine = buildMachine(procedureB);
