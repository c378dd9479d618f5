import { hash, verify, Algorithm } from '@node-rs/argon2';
import type { Config } from '../config.js';
import { invalid } from '../http/errors.js';

// OWASP's argon2id baseline (19 MiB, 2 passes).
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (plain: string) => hash(plain, OPTIONS);
export const verifyPassword = (stored: string, plain: string) => verify(stored, plain).catch(() => false);

/** A fixed hash to verify against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('rongzhi-no-such-user'));

export function checkPasswordPolicy(plain: string, policy: Config['password']) {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(plain)).length;
  if (plain.length < policy.minLength || classes < policy.minClasses) {
    throw invalid('Password too weak', '密码强度不足', [{
      path: 'body.password',
      message: `At least ${policy.minLength} characters from at least ${policy.minClasses} of: lower case, upper case, digits, symbols`,
      message_zh: `至少 ${policy.minLength} 位，且包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类`,
    }]);
  }
}
