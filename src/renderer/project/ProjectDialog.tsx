/**
 * Switch, create or adjust projects, and import pre-assigned subject ids. A project holds the
 * subject-id secret and the options, so the dialog says plainly that existing ids never change.
 */
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { ChannelResponse } from '../../shared/ipc/api';
import { useSession } from '../session/sessionContext';
import { FolderPicker } from '../ui/FolderPicker';
import { callApi, describeError } from '../transport/callApi';
import { Modal } from '../ui/Modal';
import { PixelTermsPanel } from '../terms/PixelTermsPanel';
import { DEFAULT_SETTINGS, ProjectSettingsForm, settingsProblem } from './ProjectSettingsForm';
import type { ProjectSettingsValue } from './ProjectSettingsForm';

type Projects = ChannelResponse<'projectsList'>;

/** The project dialog; closes itself through `onClose`. */
export function ProjectDialog(props: { onClose: () => void }): ReactElement {
  const { api, info, reloadInfo, notify } = useSession();
  const [projects, setProjects] = useState<Projects | null>(null);
  const [tab, setTab] = useState<'switch' | 'create' | 'edit' | 'terms'>('switch');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<ProjectSettingsValue>(DEFAULT_SETTINGS);
  const current = info.project;
  const [edited, setEdited] = useState<ProjectSettingsValue>({ prefix: current.prefix, width: current.width, options: [...current.options], dateShift: { ...current.dateShift } });
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    callApi(api, 'projectsList', {}).then(setProjects, (e: unknown) => notify(describeError(e), 'error'));
  }, [api, notify]);

  const run = async (fn: () => Promise<unknown>, done: string): Promise<void> => {
    try {
      await fn();
      await reloadInfo();
      notify(done);
      props.onClose();
    } catch (e) {
      notify(describeError(e), 'error');
    }
  };

  const importSubjects = async (source: { via: 'dialog' } | { via: 'browse'; fileId: string }): Promise<void> => {
    try {
      const r = await callApi(api, 'projectsImportSubjects', { source });
      if ('cancelled' in r) return;
      await reloadInfo();
      notify(`Imported subject ids: ${r.added} added, ${r.unchanged} already known.`);
    } catch (e) {
      notify(describeError(e), 'error');
    }
  };

  const createProblem = name.trim() === '' ? 'Give the project a name.' : settingsProblem(created);
  const editProblem = settingsProblem(edited);
  return (
    <Modal title="Projects" onClose={props.onClose} wide testId="project-dialog">
      <div className="tabs" role="tablist">
        {(['switch', 'create', 'edit', 'terms'] as const).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'tab active' : 'tab'} onClick={() => setTab(t)} data-testid={`project-tab-${t}`}>
            {t === 'switch' ? 'Switch' : t === 'create' ? 'New project' : t === 'edit' ? `Settings of ${current.name}` : 'Pixel text lists'}
          </button>
        ))}
      </div>
      {tab === 'switch' && (
        <ul className="project-list">
          {(projects?.projects ?? []).map((p) => (
            <li key={p.name}>
              <button
                type="button"
                className={`project-entry${p.name === current.name ? ' current' : ''}`}
                disabled={p.name === current.name}
                onClick={() => void run(() => callApi(api, 'projectsSelect', { name: p.name }), `Project ${p.name} is now current.`)}
              >
                <strong>{p.name}</strong>
                <span className="muted">
                  {p.prefix}-{'#'.repeat(p.width)} · {p.subjects} subjects · options {p.options.join(', ') || 'none'}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {tab === 'create' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (createProblem === null) {
              void run(() => callApi(api, 'projectsCreate', { name: name.trim(), settings: created }), `Project ${name.trim()} created.`);
            }
          }}
        >
          <label className="field">
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} data-testid="project-name" />
          </label>
          <ProjectSettingsForm value={created} implemented={info.implementedOptions} onChange={setCreated} />
          {createProblem !== null && <p className="muted">{createProblem}</p>}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={createProblem !== null}>
              Create and use
            </button>
          </div>
        </form>
      )}
      {tab === 'edit' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (editProblem === null) void run(() => callApi(api, 'projectsUpdate', { name: current.name, settings: edited }), 'Settings saved.');
          }}
        >
          <p className="muted">Changes apply to subject ids assigned from now on; ids already given never change.</p>
          <ProjectSettingsForm value={edited} implemented={info.implementedOptions} onChange={setEdited} />
          <div className="form-actions">
            <button
              type="button"
              onClick={() => (info.mode === 'browser' ? setPicking(true) : void importSubjects({ via: 'dialog' }))}
              disabled={info.mode === 'browser' && !info.browseAvailable}
            >
              Import subject ids (subj,MRN CSV)…
            </button>
            <button type="submit" className="primary" disabled={editProblem !== null}>
              Save settings
            </button>
          </div>
        </form>
      )}
      {tab === 'terms' && <PixelTermsPanel />}
      {picking && (
        <FolderPicker
          title="Choose the subject id CSV"
          pick="csv"
          confirmLabel="Import"
          onClose={() => setPicking(false)}
          onPick={(fileId) => {
            setPicking(false);
            void importSubjects({ via: 'browse', fileId });
          }}
        />
      )}
    </Modal>
  );
}
