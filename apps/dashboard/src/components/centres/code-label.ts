import { useI18n } from 'vue-i18n';

/**
 * The translated name of a code the API answers (`centres.kinds.canteen`); a code this dashboard
 * does not know yet is shown as is rather than as a missing-key path.
 */
export function useCodeLabel(): (prefix: string, code: string | null | undefined) => string {
  const i18n = useI18n();
  return (prefix, code) => {
    if (code === null || code === undefined || code === '') return '—';
    const key = `${prefix}.${code}`;
    return i18n.te(key) ? i18n.t(key) : code;
  };
}
