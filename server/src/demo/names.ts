/**
 * Deterministic demo people: a seeded PRNG, Chinese names drawn from a surname frequency
 * list and common given-name characters, valid-looking mobile and service numbers.
 */

/** mulberry32: small, fast, good enough for demo data. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, int, pick };
}
export type Rng = ReturnType<typeof createRng>;

// The most frequent Chinese surnames with rough weights (‰ of the population).
const SURNAMES: Array<[string, number]> = [
  ['王', 72], ['李', 72], ['张', 68], ['刘', 53], ['陈', 45], ['杨', 31], ['赵', 20], ['黄', 19], ['周', 18],
  ['吴', 17], ['徐', 13], ['孙', 12], ['胡', 10], ['朱', 10], ['高', 10], ['林', 9], ['何', 9], ['郭', 9],
  ['马', 9], ['罗', 6], ['梁', 6], ['宋', 6], ['郑', 6], ['谢', 5], ['韩', 5], ['唐', 5], ['冯', 5], ['于', 5],
  ['董', 5], ['萧', 4], ['程', 4], ['曹', 4], ['袁', 4], ['邓', 4], ['许', 4], ['傅', 4], ['沈', 4], ['曾', 4],
  ['彭', 4], ['吕', 4], ['苏', 3], ['卢', 3], ['蒋', 3], ['蔡', 3], ['贾', 3], ['丁', 3], ['魏', 3], ['薛', 3],
  ['叶', 3], ['阎', 3], ['余', 3], ['潘', 3], ['杜', 3], ['戴', 3], ['夏', 2], ['钟', 2], ['汪', 2], ['田', 2],
  ['任', 2], ['姜', 2], ['范', 2], ['方', 2], ['石', 2], ['姚', 2], ['谭', 2], ['廖', 2], ['邹', 2], ['熊', 2],
  ['金', 2], ['陆', 2], ['郝', 2], ['孔', 2], ['白', 2], ['崔', 2], ['康', 2], ['毛', 2], ['邱', 2], ['秦', 2],
  ['江', 2], ['史', 2], ['顾', 2], ['侯', 2], ['邵', 2], ['孟', 2], ['龙', 1], ['万', 1], ['段', 1], ['钱', 1],
  ['汤', 1], ['尹', 1], ['黎', 1], ['易', 1], ['常', 1], ['武', 1], ['乔', 1], ['贺', 1], ['赖', 1], ['龚', 1],
];
const SURNAME_TOTAL = SURNAMES.reduce((s, [, w]) => s + w, 0);

const MALE = '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林国建志文海峰庆振东亮成毅春德永';
const FEMALE = '芳娜敏静丽艳娟霞燕玲桂英秀兰红梅琳雪婷倩慧颖洁佳欣雨萍晶琴云莉丹蕾薇月凤楠悦瑶';

export interface Person {
  name: string;
  /** GB/T 2261.1: '1' male, '2' female */
  gender: '1' | '2';
}

export function personName(rng: Rng): Person {
  let r = rng.next() * SURNAME_TOTAL;
  let surname = SURNAMES[0]![0];
  for (const [s, w] of SURNAMES) {
    r -= w;
    if (r < 0) { surname = s; break; }
  }
  const gender = rng.next() < 0.5 ? '1' : '2';
  const chars = [...(gender === '1' ? MALE : FEMALE)];
  const given = rng.next() < 0.65 ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
  return { name: surname + given, gender };
}

/** 1[3-9]xxxxxxxxx, unique within `used`. */
export function mobile(rng: Rng, used: Set<string>): string {
  for (;;) {
    const m = '1' + rng.int(3, 9) + String(rng.int(0, 999_999_999)).padStart(9, '0');
    if (!used.has(m)) { used.add(m); return m; }
  }
}

/** Tianjin landline: 022-2xxxxxxx. */
export function servicePhone(rng: Rng): string {
  return '022-2' + String(rng.int(0, 9_999_999)).padStart(7, '0');
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 1 → 一, 12 → 十二 (enough for grid numbers). */
export function chineseNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n]!;
  if (n < 20) return '十' + CN_DIGITS[n - 10]!;
  return CN_DIGITS[Math.floor(n / 10)]! + '十' + (n % 10 ? CN_DIGITS[n % 10]! : '');
}
