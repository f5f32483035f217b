import type { ProcedureInput } from '../src/model/procedure.js';

type StepInput = ProcedureInput['steps'][number];

/** Bước 1. Nộp hồ sơ - every assessed official submits their own dossier (seed 000). */
export const submitStep: StepInput = {
  id: 'submit',
  name: { vi: 'Nộp hồ sơ', en: 'Submit the dossier' },
  action: 'submit',
  roles: ['owner'],
  status: 1,
};

/**
 * Bước 2. Tiếp nhận hồ sơ - reception by the given role: starts the statutory clock; the
 * receiver may ask for a supplement (Mẫu 02) or refuse (Mẫu 03).
 * @example receiveStep('VP-TK')
 */
export function receiveStep(role: 'VP-TK' | 'TP-HT'): StepInput {
  return {
    id: 'receive',
    name: { vi: 'Tiếp nhận hồ sơ', en: 'Receive the dossier' },
    action: 'receive',
    roles: [role],
    status: 1,
    reception: true,
    exits: { supplement: true, refuse: true },
  };
}
