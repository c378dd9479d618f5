/**
 * Full-width digits and Latin letters (and －．／) as Chinese input methods type them, in their
 * ASCII form: an ID number, a phone, a date or a room number reads the same however it was
 * typed into a ledger. The punctuation of Chinese text (（）、：，…) is left as it is.
 */
const FULL_WIDTH_ALNUM = /[\uFF0D-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

export function halfWidthAlnum(s: string): string {
  return s.replace(FULL_WIDTH_ALNUM, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
