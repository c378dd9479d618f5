import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from './zh';
import en from './en';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language file must have: the Chinese file's keys, any string values. */
export type Messages = Widen<typeof zh>;

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'rz.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

export function setLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the choice just isn't remembered */
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export function isZh(lang: string | undefined): boolean {
  return !lang || lang.startsWith('zh');
}

document.documentElement.lang = initialLang();
export default i18n;
