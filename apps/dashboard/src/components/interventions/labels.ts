import { useI18n } from 'vue-i18n';

/** The translated name of a code under `prefix`, or the code itself when it has none (new codes still show). */
export function useCodeLabel(): (prefix: string, code: string) => string {
  const i18n = useI18n();
  return (prefix, code) => (i18n.te(`${prefix}.${code}`) ? i18n.t(`${prefix}.${code}`) : code);
}
