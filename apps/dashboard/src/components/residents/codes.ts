import { useI18n } from 'vue-i18n';

/**
 * Labels of the API's codes (`alone`, `aged-80-plus`…) in the page's language. A code the messages do
 * not know yet (a new rule-set category) is shown as the fallback the caller gives, or as the code itself.
 */
export function useCodes(): (group: string, code: string | null | undefined, fallback?: string) => string {
  const i18n = useI18n();
  return (group, code, fallback) => {
    if (code === null || code === undefined || code === '') return '—';
    const key = `${group}.${code}`;
    return i18n.te(key) ? i18n.t(key) : (fallback ?? code);
  };
}
