/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from
 * 0-9 A-H J-N P Q R T U W X Y (no I O S V Z). Position 18 is a check character:
 * check = (31 − Σ value·weight mod 31) mod 31. Real data contains codes that fail, so a
 * failure is a warning: the record is kept and flagged, never dropped.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

export type UsccProblem = 'format' | 'checksum';
export type UsccResult = { code: string; valid: true } | { code: string; valid: false; problem: UsccProblem };

const MESSAGES: Record<UsccProblem, { en: string; zh: string }> = {
  format: { en: 'a unified social credit code has 18 characters from 0-9 and A-Y without I, O, S, V, Z', zh: '统一社会信用代码应为18位，由数字和除I、O、S、V、Z外的大写字母组成' },
  checksum: { en: 'the check character does not match (GB 32100); kept and flagged', zh: '统一社会信用代码校验位不正确（GB 32100），已保存并标记' },
};

export function usccMessage(problem: UsccProblem) {
  return MESSAGES[problem];
}

/** Normalises (trim, upper-case) and checks a code. */
export function checkUscc(raw: string): UsccResult {
  const code = raw.trim().toUpperCase();
  if (!SHAPE.test(code)) return { code, valid: false, problem: 'format' };
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return { code, valid: false, problem: 'checksum' };
  return { code, valid: true };
}

export function isValidUscc(raw: string): boolean {
  return checkUscc(raw).valid;
}

export function makeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}
