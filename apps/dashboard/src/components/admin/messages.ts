import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import './message-contrast.css';
import { ApiError } from '../../api/problem';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** What to tell the user when the API refused an action: its own words (403 included), never a guess. */
export function refusalText(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('common.error.generic');
  if (error.code === 'network') return t('common.error.network');
  if (error.status === 429) return t('common.error.tooMany');
  if (error.status >= 500 && !error.detail) return t('common.error.server');
  const detail = error.detail || error.code;
  return error.status === 403 ? t('admin.refused', { detail }) : t('admin.failed', { detail });
}

export function showRefusal(error: unknown, t: Translate): void {
  ElMessage({
    type: 'error',
    message: refusalText(error, t),
    duration: 8000,
    showClose: true,
    customClass: 'anlao-message',
  });
}

export function showDone(message: string): void {
  ElMessage({ type: 'success', message, customClass: 'anlao-message' });
}

/** An export or a load that failed outside a table: the API's own words when it gave some. */
export function showFailure(error: unknown, fallback: string): void {
  const detail = error instanceof ApiError && error.detail ? error.detail : fallback;
  ElMessage({
    type: 'error',
    message: detail,
    duration: 8000,
    showClose: true,
    customClass: 'anlao-message',
  });
}
