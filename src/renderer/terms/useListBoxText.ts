/**
 * "Always keep" and "always burn" from the review screen: the selected box's text goes on the
 * project's allowlist or denylist, and the box is decided the same way (kept: rejected; burned:
 * approved), so the reviewer sees at once what the list will do to it from now on.
 */
import { useCallback } from 'react';
import type { DeidApi } from '../../shared/ipc/api';
import { callApi, describeError } from '../transport/callApi';
import { LIST_WORDS } from './termWords';

/** The box the key acts on: its text as read, and its status. */
interface ListedBox {
  rectId: number;
  text: string | null;
  status: string;
}

/** Returns `listBoxText(list, box)`; `decide` applies the matching decision once the term is stored. */
export function useListBoxText(
  api: DeidApi,
  notify: (text: string, tone?: 'info' | 'error') => void,
  decide: (rectId: number, status: 'approved' | 'rejected') => void,
): (list: 'allow' | 'deny', box: ListedBox | undefined) => void {
  return useCallback(
    (list, box) => {
      if (box === undefined) return notify('Select a box first (N / P), then Shift+K keeps its text always, Shift+B burns it always.');
      const text = box.text?.trim() ?? '';
      if (text === '') return notify('This box has no text read from the image: only text the OCR read can go on a list.');
      callApi(api, 'pixelTermsAdd', { list, kind: 'word', term: text }).then(
        (r) => {
          notify(`${r.added ? 'Added' : 'Already listed:'} "${r.term.term}" ${r.added ? 'to' : 'on'} the ${LIST_WORDS[list].name} (${LIST_WORDS[list].title.toLowerCase()}).`);
          if (box.status !== 'unflagged' || list === 'deny') decide(box.rectId, list === 'allow' ? 'rejected' : 'approved');
        },
        (e: unknown) => notify(describeError(e), 'error'),
      );
    },
    [api, notify, decide],
  );
}
