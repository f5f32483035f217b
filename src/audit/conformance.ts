import type { Text } from '../model/text.js';

/** Conformance findings of an audited log, each with a stable code and both languages. */
export const CONFORMANCE = {
  out_of_order: { vi: 'Bước thực hiện không đúng thứ tự', en: 'Step out of order' },
  skipped_step: { vi: 'Bỏ qua bước xử lý', en: 'Skipped step' },
  role_not_allowed: { vi: 'Vai trò không được phép thực hiện', en: 'Action by a role not allowed' },
  step_over_time_box: { vi: 'Bước xử lý vượt thời gian cho phép', en: 'Step over its time box' },
  late: { vi: 'Hồ sơ trễ hạn', en: 'Dossier late against its due time' },
  late_without_apology: { vi: 'Trễ hạn nhưng không có thư xin lỗi', en: 'Late without an apology letter' },
  apology_after_due: { vi: 'Thư xin lỗi phát hành sau hạn trả', en: 'Apology issued after the due time' },
  more_than_one_supplement: { vi: 'Yêu cầu bổ sung quá một lần', en: 'More than one supplement request' },
  returned_without_signature: { vi: 'Trả kết quả khi chưa ký', en: 'Result returned without signature' },
  returned_without_payment: { vi: 'Trả kết quả khi chưa thanh toán', en: 'Result returned without payment' },
  event_after_closed: { vi: 'Thao tác sau khi hồ sơ đã kết thúc', en: 'Event after the dossier closed' },
  unknown_procedure: { vi: 'Thủ tục không có trong danh mục', en: 'Unknown procedure' },
  not_allowed: { vi: 'Thao tác không hợp lệ ở trạng thái hiện tại', en: 'Action not allowed in the current state' },
} as const satisfies Record<string, Text>;

export type ConformanceCode = keyof typeof CONFORMANCE;
export const CONFORMANCE_CODES = Object.keys(CONFORMANCE) as ConformanceCode[];
