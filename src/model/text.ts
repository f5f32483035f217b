/** A text in both languages the reports speak. */
export interface Text {
  vi: string;
  en: string;
}

/** Report language: Vietnamese (default, with diacritics) or English. */
export type Lang = 'vi' | 'en';

/**
 * Picks the text of one language.
 * @example say({ vi: 'Đạt', en: 'Pass' }, 'en') // 'Pass'
 */
export function say(text: Text, lang: Lang): string {
  return text[lang];
}
