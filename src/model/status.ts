import type { Text } from './text.js';

/** Dossier status codes 1-10 common to Vietnamese dossier systems. */
export const STATUSES = {
  1: { vi: 'Mới đăng ký', en: 'New' },
  2: { vi: 'Được tiếp nhận', en: 'Received' },
  3: { vi: 'Không được tiếp nhận', en: 'Refused' },
  4: { vi: 'Đang xử lý', en: 'Processing' },
  5: { vi: 'Yêu cầu bổ sung giấy tờ', en: 'Supplement requested' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Payment requested' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawn by citizen' },
  8: { vi: 'Dừng xử lý', en: 'Stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Processed' },
  10: { vi: 'Đã trả kết quả', en: 'Result returned' },
} as const satisfies Record<number, Text>;

export type StatusCode = keyof typeof STATUSES;

/** Status 0 is ours: the dossier exists in the session plan but was not submitted yet. */
export const NOT_SUBMITTED = 0 as const;
export type DossierStatus = StatusCode | typeof NOT_SUBMITTED;
