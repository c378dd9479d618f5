import { halfWidthAlnum } from './half-width.js';

/** Mainland China mobile numbers: 11 digits, 1 then 3–9. A +86/86 prefix, spaces, dashes and full-width digits are tolerated and normalised. */
const MOBILE = /^1[3-9]\d{9}$/;

export function normaliseMobile(raw: string): string | null {
  const s = halfWidthAlnum(raw).replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return MOBILE.test(s) ? s : null;
}

export function isValidMobile(raw: string): boolean {
  return normaliseMobile(raw) !== null;
}

export const MOBILE_MESSAGE = { en: 'a mobile number has 11 digits starting with 13–19', zh: '手机号码应为以13–19开头的11位数字' };
