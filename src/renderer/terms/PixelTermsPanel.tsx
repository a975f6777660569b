/**
 * The current project's allow and deny lists of pixel text: view every term, remove one, add
 * one. The same lists the CLI's `allowlist` and `denylist` keep; in review, Shift+K and Shift+B
 * add the selected box's text.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { ChannelResponse } from '../../shared/ipc/api';
import { useSession } from '../session/sessionContext';
import { callApi, describeError } from '../transport/callApi';
import { LIST_WORDS } from './termWords';

type Terms = ChannelResponse<'pixelTermsList'>;
type Term = Terms['terms'][number];

/** The panel; see the module comment. */
export function PixelTermsPanel(): ReactElement {
  const { api, notify } = useSession();
  const [terms, setTerms] = useState<Terms | null>(null);
  const [draft, setDraft] = useState('');
  const [list, setList] = useState<Term['list']>('allow');

  const load = useCallback(() => {
    callApi(api, 'pixelTermsList', {}).then(setTerms, (e: unknown) => notify(describeError(e), 'error'));
  }, [api, notify]);
  useEffect(load, [load]);

  const remove = (t: Term): void => {
    callApi(api, 'pixelTermsRemove', { list: t.list, kind: t.kind, term: t.term }).then(
      () => {
        notify(`Removed "${t.term}" from the ${LIST_WORDS[t.list].name}.`);
        load();
      },
      (e: unknown) => notify(describeError(e), 'error'),
    );
  };
  const add = (): void => {
    const term = draft.trim();
    if (term === '') return;
    callApi(api, 'pixelTermsAdd', { list, kind: 'word', term }).then(
      () => {
        setDraft('');
        load();
      },
      (e: unknown) => notify(describeError(e), 'error'),
    );
  };

  return (
    <div className="pixel-terms" data-testid="pixel-terms">
      <p className="muted">
        Text read from the pixels of project <strong>{terms?.project ?? '…'}</strong>: the allowlist keeps text it explains, the denylist always
        burns it. The next reading of the images judges their text again.
      </p>
      {(['allow', 'deny'] as const).map((l) => {
        const mine = (terms?.terms ?? []).filter((t) => t.list === l);
        return (
          <section key={l} className="term-list" data-testid={`terms-${l}`}>
            <h3>
              {LIST_WORDS[l].title} <span className="muted">({LIST_WORDS[l].role})</span>
            </h3>
            {mine.length === 0 ? (
              <p className="muted">No terms.</p>
            ) : (
              <ul>
                {mine.map((t) => (
                  <li key={`${t.kind}:${t.term}`} data-testid="term-entry" data-list={t.list} data-term={t.term}>
                    <code>{t.term}</code>
                    {t.kind === 'regex' ? <span className="muted"> (pattern)</span> : null}
                    <button type="button" className="quiet" onClick={() => remove(t)} aria-label={`Remove ${t.term} from the ${LIST_WORDS[l].name}`} data-testid="term-remove">
                      Remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <form
        className="term-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <select aria-label="List" value={list} onChange={(e) => setList(e.target.value === 'deny' ? 'deny' : 'allow')}>
          <option value="allow">Always keep (allowlist)</option>
          <option value="deny">Always burn (denylist)</option>
        </select>
        <input aria-label="Word or phrase" placeholder="Word or phrase" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={200} />
        <button type="submit" disabled={draft.trim() === ''}>
          Add
        </button>
      </form>
    </div>
  );
}
