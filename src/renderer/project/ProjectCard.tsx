/** The current project on the home screen, with the button that opens the project dialog. */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { DEID_OPTION_CODES } from '../../shared/deidOptions';
import { useSession } from '../session/sessionContext';
import { ProjectDialog } from './ProjectDialog';

/** Shows the project new subject ids are assigned in. */
export function ProjectCard(): ReactElement {
  const { info } = useSession();
  const [open, setOpen] = useState(false);
  const p = info.project;
  return (
    <section className="home-project card" aria-label="Project" data-testid="project-card">
      <h2>Project</h2>
      <p>
        <strong data-testid="project-current">{p.name}</strong> · subject ids <code>{p.prefix}-{'#'.repeat(p.width)}</code> · {p.subjects} subjects so far
      </p>
      <ul className="option-list">
        {p.options.map((code) => (
          <li key={code}>
            {DEID_OPTION_CODES[code]} <span className="muted">({code})</span>
          </li>
        ))}
      </ul>
      <p className="muted">Reviewer: {info.reviewer} · database {info.dbPath}</p>
      <button type="button" onClick={() => setOpen(true)} data-testid="project-change">
        Switch or create project…
      </button>
      {open && <ProjectDialog onClose={() => setOpen(false)} />}
    </section>
  );
}
