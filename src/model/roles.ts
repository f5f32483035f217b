import type { Text } from './text.js';

/** Assessed roles (đối tượng đánh giá) of a commune People's Committee, seed 000. */
export const ROLES = {
  CT: { vi: 'Chủ tịch UBND', en: "Chair of the People's Committee" },
  PCT: { vi: 'Phó Chủ tịch UBND', en: "Vice-chair of the People's Committee" },
  'VP-TK': {
    vi: 'Công chức Văn phòng - Thống kê (phụ trách Một cửa và Kiểm soát TTHC)',
    en: 'Office-statistics officer (one-stop desk)',
  },
  'TC-KT': { vi: 'Công chức Tài chính - Kế toán', en: 'Finance-accounting officer' },
  'VH-XH': { vi: 'Công chức Văn hóa - Xã hội', en: 'Culture-social officer' },
  'TP-HT': { vi: 'Công chức Tư pháp - Hộ tịch', en: 'Justice-civil status officer' },
  'ĐC-XD': {
    vi: 'Công chức Địa chính - Nông nghiệp/Đô thị - Xây dựng - Môi trường',
    en: 'Land administration-construction-environment officer',
  },
  KCT: { vi: 'Người hoạt động không chuyên trách', en: 'Non-specialist staff' },
} as const satisfies Record<string, Text>;

export type RoleCode = keyof typeof ROLES;

export const ROLE_CODES = Object.keys(ROLES) as RoleCode[];

/**
 * A role's place in ROLE_CODES: what the compiled transition tables index roles by.
 * @example roleIndex('CT') // 0
 */
export const roleIndex = (code: RoleCode): number => ROLE_INDEX.get(code)!;
const ROLE_INDEX = new Map(ROLE_CODES.map((r, i) => [r, i]));

/** Roles that lead the committee and sign (ký số). */
export const LEADER_ROLES: readonly RoleCode[] = ['CT', 'PCT'];

/**
 * Accepts the ASCII spelling "DC-XD" for "ĐC-XD", since users type it both ways.
 * @example normaliseRole('dc-xd') // 'ĐC-XD'
 */
export function normaliseRole(raw: string): RoleCode | undefined {
  // logs repeat a handful of spellings millions of times
  const known = roleCache.get(raw);
  if (known !== undefined || roleCache.has(raw)) return known;
  const up = raw.trim().toUpperCase().replace(/^DC-/, 'ĐC-');
  // the code itself, not a string of the same text: comparisons with it are then by identity
  const role = ROLE_CODES.find((r) => r === up);
  if (roleCache.size < 1000) roleCache.set(raw, role);
  return role;
}
const roleCache = new Map<string, RoleCode | undefined>();
