/**
 * Binds the review shortcuts to the window for the life of the review screen. Keys typed into
 * text fields, and keys pressed while a dialog is open, are left alone (except `?`, which closes
 * the help it opened).
 */
import { useEffect, useRef } from 'react';
import { isModalOpen } from '../ui/Modal';
import { commandForKey, isTypingTarget } from './reviewKeys';
import type { ReviewCommand } from './reviewKeys';

/** Calls `run` with the command of every shortcut pressed; `helpOpen` lets `?` close the help dialog. */
export function useReviewKeyboard(run: (command: ReviewCommand) => void, helpOpen: boolean): void {
  const latest = useRef(run);
  latest.current = run;
  const help = useRef(helpOpen);
  help.current = helpOpen;

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (isTypingTarget(target)) return;
      // A focused slider moves its own frames with the arrow keys.
      if (target instanceof HTMLInputElement && target.type === 'range' && e.key.startsWith('Arrow')) return;
      const command = commandForKey(e);
      if (command === null) return;
      if (isModalOpen(document) && !(help.current && command === 'help')) return;
      e.preventDefault();
      latest.current(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
