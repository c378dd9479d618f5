/**
 * Full-width digits and Latin letters (and －．／) as Chinese input methods type them, in their
 * ASCII form: an ID number, a phone, a date or a room number reads the same however it was
 * typed into a ledger. The punctuation of Chinese text (（）、：，…) is left as it is.
 */
const FULL_WIDTH_ALNUM = /[\uFF0D-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;

export function halfWidthAlnum(s: string): string {
  // an import passes every cell through here: most have nothing to change, and a scan of their
  // char codes costs a fraction of a regular-expression replace
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff0d && c <= 0xff5a) return s.replace(FULL_WIDTH_ALNUM, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
  }
  return s;
}
