import { ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message-box/style/css';
import { refusalText, showRefusal } from './messages';

/** What the user is asked before an action that cannot be undone (revoke, rotate, disable, reset). */
export interface Confirmation {
  message: string;
  title: string;
}

/**
 * Actions on a row of a list: asked first when they cannot be undone, the row's button busy meanwhile, a
 * refusal shown in the API's own words. `busy` holds the key of the row being acted on.
 */
export function useConfirmedAction() {
  const { t } = useI18n();
  const busy = ref<string | null>(null);

  async function confirmed({ message, title }: Confirmation): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, title, {
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
        type: 'warning',
      });
      return true;
    } catch {
      return false;
    }
  }

  async function run(key: string, confirm: Confirmation | null, action: () => Promise<void>): Promise<void> {
    if (confirm && !(await confirmed(confirm))) return;
    busy.value = key;
    try {
      await action();
    } catch (e) {
      showRefusal(e, t);
    } finally {
      busy.value = null;
    }
  }

  return { busy, run };
}

/**
 * A dialog's submit: one at a time, the refusal kept in `error` for the dialog to show beside the form
 * (the dialog stays open so nothing typed is lost).
 */
export function useSubmission() {
  const { t } = useI18n();
  const busy = ref(false);
  const error = shallowRef<string | null>(null);

  async function submit(action: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (e) {
      error.value = refusalText(e, t);
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, submit };
}
