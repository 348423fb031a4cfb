import { useI18n } from 'vue-i18n';
import { ApiError } from '../../api/problem';

/**
 * A short sentence for an error shown inline (beside a button, in a form), as StatePanel words it;
 * `codes` is the page's own namespace of problem codes (`hotline.errors`) tried first.
 */
export function useErrorText(codes?: string): (error: unknown) => string {
  const i18n = useI18n();
  const t = (key: string) => i18n.t(key);
  const te = (key: string) => i18n.te(key);
  return (error) => {
    const e = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
    if (codes && te(`${codes}.${e.code}`)) return t(`${codes}.${e.code}`);
    if (e.code === 'network') return t('common.error.network');
    if (te(`common.error.codes.${e.code}`)) return t(`common.error.codes.${e.code}`);
    if (e.status === 404 || e.status === 403) return t('common.error.notFound');
    if (e.status === 429) return t('common.error.tooMany');
    if (e.status >= 500) return t('common.error.server');
    return e.detail || t('common.error.generic');
  };
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
}
