/**
 * The search forms of a name: simplified characters (traditional input is matched as
 * simplified), full pinyin without tones or spaces ('zhangsan') and initials ('zs').
 */
import * as OpenCC from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';

const t2cn = OpenCC.Converter({ from: 't', to: 'cn' });

export function toSimplified(text: string): string {
  return t2cn(text);
}

const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

export interface NameForms {
  simplified: string;
  pinyin: string;
  initials: string;
}

/** Name → simplified, pinyin, initials. Surnames read as surnames (单 → shan). */
export function nameForms(name: string): NameForms {
  const simplified = toSimplified(name.trim()).replace(/\s+/g, '');
  const syllables = pinyin(simplified, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { simplified, pinyin: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}
