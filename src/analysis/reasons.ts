import type { Text } from '../model/text.js';

/**
 * Every reason a report can give, with a stable code and its Vietnamese and English text.
 * Codes never change meaning; provinces weigh them in the rubric.
 */
export const REASONS = {
  step_over_time_box: { vi: 'Bước xử lý vượt quá thời gian cho phép', en: 'Step took longer than its time box' },
  wrong_role: { vi: 'Thực hiện thao tác không đúng vai trò được phân quyền', en: 'Action by a role not allowed for the step' },
  not_owner: { vi: 'Thao tác trên hồ sơ không phải của mình', en: "Action on a dossier that is not the official's own" },
  out_of_order: { vi: 'Thực hiện bước không đúng thứ tự quy trình', en: 'Step done out of order' },
  before_submission: { vi: 'Thao tác trước khi hồ sơ được nộp', en: 'Action before the dossier was submitted' },
  after_closed: { vi: 'Thao tác sau khi hồ sơ đã kết thúc', en: 'Action after the dossier was closed' },
  returned_without_payment: { vi: 'Trả kết quả khi chưa thanh toán phí, lệ phí', en: 'Tried to return the result before the fee was paid' },
  returned_without_signature: { vi: 'Trả kết quả khi chưa ký số', en: 'Tried to return the result before it was signed' },
  too_many_supplements: { vi: 'Yêu cầu bổ sung hồ sơ quá số lần cho phép', en: 'More supplement requests than allowed' },
  no_supplement_requested: { vi: 'Bổ sung hồ sơ khi không có yêu cầu bổ sung', en: 'Supplement sent though none was requested' },
  receipt_before_payment: { vi: 'Lưu biên lai trước khi thanh toán', en: 'Receipt kept before any payment' },
  not_allowed_here: { vi: 'Thao tác không được phép ở bước hiện tại', en: 'Action not allowed at the current step' },
  unknown_action: { vi: 'Thao tác không có trong quy trình', en: 'Action unknown to the procedure' },
  unknown_dossier: { vi: 'Mã hồ sơ không có trong phiên đánh giá', en: 'Dossier code not in the session' },
  missing_submission: { vi: 'Không nộp hồ sơ của mình (Bước 1)', en: 'Did not submit their own dossier (step 1)' },
  missing_payment: { vi: 'Không thanh toán trực tuyến phí, lệ phí', en: 'Did not pay the fee online' },
  missing_receipt: { vi: 'Không lưu biên lai / ảnh chụp thanh toán', en: 'Did not keep the payment receipt or screenshot' },
  missing_step: { vi: 'Không thực hiện bước xử lý được giao', en: 'Did not do a step assigned to them' },
  accepted_invalid_dossier: { vi: 'Tiếp nhận hồ sơ không hợp lệ', en: 'Accepted a dossier that was not valid' },
  rejected_valid_dossier: { vi: 'Từ chối hoặc yêu cầu bổ sung hồ sơ hợp lệ', en: 'Refused or sent back a valid dossier for supplement' },
  connection_failure: { vi: 'Đường truyền không ổn định trong khi kiểm tra: không đạt', en: 'Unstable connection during the test: fail' },
  acted_though_not_assessed: { vi: 'Thuộc diện không đánh giá nhưng có thao tác trong phiên', en: 'Listed as not assessed but acted in the session' },
  assessed_though_exempt: {
    vi: 'Thuộc diện không đánh giá (tập sự, nghỉ thai sản) nhưng được đưa vào đánh giá',
    en: 'Exempt (probation, maternity leave) but listed as assessed',
  },
  wrong_procedure: { vi: 'Đăng ký sai TTHC so với nơi đăng ký khai sinh', en: 'Registered for the wrong procedure for their place of birth registration' },
  caused_late_dossier: { vi: 'Làm phát sinh hồ sơ trễ hạn', en: 'Caused a late dossier' },
  not_ready_account: { vi: 'Chưa có tài khoản trên Hệ thống thông tin giải quyết TTHC', en: 'No working account on the provincial system' },
  not_ready_signature: { vi: 'Chưa có chữ ký số được phân quyền ký bản sao', en: 'No digital signature authorised to sign copies' },
  not_ready_payment_app: { vi: 'Chưa có ứng dụng thanh toán trực tuyến', en: 'No online payment app' },
  templates_not_configured: { vi: 'Chưa cấu hình mẫu chữ ký số và con dấu', en: 'Signature and seal templates not configured' },
  below_min_dossiers: { vi: 'Số hồ sơ ít hơn mức tối thiểu', en: 'Fewer dossiers than the minimum' },
} as const satisfies Record<string, Text>;

export type ReasonCode = keyof typeof REASONS;
export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];
