/**
 * Copies a one-time secret. Over plain http on a LAN address browsers offer no clipboard API: then the
 * text of the read-only input beside the clicked button is selected and copied the old way.
 */
export async function copySecret(value: string, click: unknown): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(value);
    return;
  }
  const target = click instanceof Event ? click.currentTarget : null;
  const button = target instanceof Element ? target : null;
  const input = button?.parentElement?.querySelector('input');
  input?.select();
  if (!input || !document.execCommand('copy')) throw new Error('copy failed');
}
