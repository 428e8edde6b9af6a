/** A question asked before doing what was clicked: a modal dialog with Cancel focused first; Escape cancels. */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../common/i18n';

export function ConfirmDialog({ title, body, confirm, onCancel, onConfirm }: { title: string; body: string; confirm: string; onCancel: () => void; onConfirm: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <p>{body}</p>
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} autofocus>{t('cancel')}</button>
        <button type="button" class="button primary" onClick={onConfirm}>{confirm}</button>
      </div>
    </dialog>
  );
}
