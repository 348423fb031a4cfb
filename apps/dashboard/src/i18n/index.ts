import { createI18n } from 'vue-i18n';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'anlao.locale';

interface Messages {
  [key: string]: string | Messages;
}
interface MessageModule {
  default: Record<Locale, Messages>;
}

/**
 * Each file under messages/ is one namespace (its file name): `messages/coverage.ts` holds the
 * `coverage.*` keys in both languages, so a page's strings live beside each other and pages never
 * edit a shared file.
 */
const modules = import.meta.glob<MessageModule>('./messages/*.ts', { eager: true });
const messages: Record<Locale, Messages> = { 'zh-CN': {}, en: {} };
for (const [file, module] of Object.entries(modules)) {
  const namespace = /([^/]+)\.ts$/.exec(file)?.[1] ?? file;
  for (const locale of LOCALES) messages[locale][namespace] = module.default[locale];
}

function savedLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

const numberFormats = {
  'zh-CN': {
    integer: { maximumFractionDigits: 0 },
    percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 },
    yuan: { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 },
  },
  en: {
    integer: { maximumFractionDigits: 0 },
    percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 },
    yuan: { style: 'currency', currency: 'CNY', currencyDisplay: 'code', minimumFractionDigits: 2 },
  },
} as const;

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages,
  numberFormats,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}
