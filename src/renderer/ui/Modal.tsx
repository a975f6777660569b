/**
 * A modal dialog on the native `<dialog>` element: the browser traps focus, Escape closes it, and
 * the page behind is inert, so keyboard shortcuts of the review screen stay off while it is open.
 */
import { useEffect, useRef } from 'react';
import type { ReactElement, ReactNode } from 'react';

/** Props of {@link Modal}. */
interface ModalProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom, right-aligned. */
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}

/** True while any modal is open: global shortcuts check it before acting. */
export function isModalOpen(doc: Document): boolean {
  return doc.querySelector('dialog[open]') !== null;
}

/** Shows `children` in a modal dialog until `onClose`. */
export function Modal(props: ModalProps): ReactElement {
  const ref = useRef<HTMLDialogElement | null>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  // Shown once for the life of the component: closing and reopening on a parent's re-render would
  // lift this dialog above a nested one (a picker opened from it) in the top layer.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event): void => {
      e.preventDefault();
      onClose.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
    };
  }, []);
  return (
    <dialog ref={ref} className={`modal${props.wide ? ' modal-wide' : ''}`} aria-label={props.title} data-testid={props.testId}>
      <header className="modal-header">
        <h2>{props.title}</h2>
        <button type="button" className="quiet" aria-label="Close" onClick={() => onClose.current()}>
          ×
        </button>
      </header>
      <div className="modal-body">{props.children}</div>
      {props.footer !== undefined && <footer className="modal-footer">{props.footer}</footer>}
    </dialog>
  );
}
