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

// Imports convert many thousands of names and populations repeat the same few thousand:
// remembered, bounded (cleared when full — a plain cache, nothing to evict one by one).
const FORMS = new Map<string, NameForms>();
const FORMS_MAX = 50_000;

/** Name → simplified, pinyin, initials. Surnames read as surnames (单 → shan). */
export function nameForms(name: string): NameForms {
  let f = FORMS.get(name);
  if (!f) {
    f = computeForms(name);
    if (FORMS.size >= FORMS_MAX) FORMS.clear();
    FORMS.set(name, f);
  }
  return { ...f };
}

function computeForms(name: string): NameForms {
  const simplified = toSimplified(name.trim()).replace(/\s+/g, '');
  const syllables = pinyin(simplified, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { simplified, pinyin: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}
