/**
 * The study tree: patient (MRN → subject id), study (CT date, modalities, description), series
 * (modality, description and counts of proposed/approved/rejected boxes, uncleaned and done
 * images), instance (thumbnail, file name, transfer syntax, frames, the pixel verdict's chip), in
 * InstanceNumber order. Filters are
 * applied main-side; selecting an instance shows it in the viewer.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { DeidApi } from '../../shared/ipc/api';
import { Thumbnail } from './Thumbnail';
import { formatDicomDate } from './treeOrder';
import { verdictWord } from './verdictChip';
import type { StudyTree as Tree, TreeInstance, TreeSeries } from './treeOrder';

/** The three filters of the tree. */
export interface TreeFilter {
  unreviewedOnly: boolean;
  hasProposals: boolean;
  withheld: boolean;
}

/** Props of {@link StudyTree}. */
interface StudyTreeProps {
  api: DeidApi;
  tree: Tree | null;
  filter: TreeFilter;
  onFilterChange: (f: TreeFilter) => void;
  selectedImageId: string | null;
  onSelect: (imageId: string) => void;
}

function Count(props: { n: number; kind: string; label: string }): ReactElement | null {
  if (props.n === 0) return null;
  return (
    <span className={`chip chip-${props.kind}`} title={props.label} aria-label={`${props.n} ${props.label}`}>
      {props.n}
    </span>
  );
}

function InstanceRow(props: { api: DeidApi; inst: TreeInstance; selected: boolean; onSelect: (id: string) => void }): ReactElement {
  const { inst } = props;
  const ref = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (props.selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [props.selected]);
  const state = inst.withheldReason !== null ? 'withheld' : inst.done ? 'done' : inst.boxes.proposed > 0 ? 'proposed' : 'open';
  return (
    <li>
      <button
        ref={ref}
        type="button"
        className={`tree-row tree-instance state-${state}${props.selected ? ' selected' : ''}`}
        aria-current={props.selected ? 'true' : undefined}
        disabled={!inst.hasPixels}
        onClick={() => props.onSelect(inst.imageId)}
        data-image-id={inst.imageId}
        data-testid="tree-instance"
        title={inst.withheldReason ?? (inst.uncleaned.length > 0 ? `May hold burned-in text: ${inst.uncleaned.join(', ')}` : undefined)}
      >
        <Thumbnail api={props.api} imageId={inst.imageId} />
        <span className="tree-label tree-file">
          <span className="tree-file-name" data-testid="tree-file-name" title={inst.fileName}>
            #{inst.instanceNumber ?? '?'} {inst.fileName}
          </span>
          <span className="muted tree-file-facts">
            {inst.transferSyntax ?? 'unknown transfer syntax'} · {inst.frames} {inst.frames === 1 ? 'frame' : 'frames'}
          </span>
          {inst.ocr === 'pending' ? <span className="muted"> · OCR pending</span> : null}
          {inst.ocr === 'failed' || inst.ocr === 'undecodable' ? <span className="warn"> · {inst.ocr}</span> : null}
        </span>
        <span className="tree-counts">
          <Count n={inst.boxes.proposed} kind="proposed" label="proposed boxes" />
          <Count n={inst.boxes.approved} kind="approved" label="approved boxes" />
          <Count n={inst.boxes.rejected} kind="rejected" label="rejected boxes" />
          {inst.verify !== undefined ? (
            <span className={`chip chip-verify chip-verify-${inst.verify.status}`} title={inst.verify.reason} data-testid="verify-chip">
              verify: {inst.verify.status}
            </span>
          ) : (
            <span className={`chip chip-verdict chip-verdict-${inst.verdict.action}`} title={inst.verdict.reason} data-testid="verdict-chip">
              {verdictWord(inst.verdict.action)}
            </span>
          )}
          {inst.done && <span className="chip chip-done" aria-label="done">✓</span>}
          {inst.withheldReason !== null && <span className="chip chip-withheld" aria-label="withheld">!</span>}
        </span>
      </button>
    </li>
  );
}

function SeriesNode(props: { api: DeidApi; series: TreeSeries; selectedImageId: string | null; onSelect: (id: string) => void }): ReactElement {
  const { series } = props;
  const holdsSelection = series.instances.some((i) => i.imageId === props.selectedImageId);
  const [open, setOpen] = useState(true);
  const c = series.counts;
  return (
    <li className="tree-series">
      <button type="button" className="tree-row tree-series-row" aria-expanded={open || holdsSelection} onClick={() => setOpen(!open)} data-testid="tree-series">
        <span className="tree-label">
          <strong>{series.modality ?? '??'}</strong> {series.seriesNumber !== null ? `#${series.seriesNumber} ` : ''}
          {series.description ?? <span className="muted">no description</span>}
        </span>
        <span className="tree-counts">
          <Count n={c.boxes.proposed} kind="proposed" label="proposed boxes" />
          <Count n={c.boxes.approved} kind="approved" label="approved boxes" />
          <Count n={c.boxes.rejected} kind="rejected" label="rejected boxes" />
          <Count n={c.uncleaned} kind="uncleaned" label="uncleaned images" />
          <span className="chip chip-progress" title="images marked done">
            {c.done}/{c.images}
          </span>
        </span>
      </button>
      {(open || holdsSelection) && (
        <ul>
          {series.instances.map((inst) => (
            <InstanceRow key={inst.imageId} api={props.api} inst={inst} selected={inst.imageId === props.selectedImageId} onSelect={props.onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

function TreeBody(props: { api: DeidApi; tree: Tree; selectedImageId: string | null; onSelect: (id: string) => void }): ReactElement {
  const { tree } = props;
  if (tree.patients.length === 0) {
    return <p className="muted tree-empty">{tree.totals.files === 0 ? 'No files found yet.' : 'No image matches the filters.'}</p>;
  }
  return (
    <ul className="tree-root">
      {tree.patients.map((p) => (
        <li key={p.patientId} className="tree-patient">
          <div className="tree-row tree-patient-row" data-testid="tree-patient" title={p.patientName ?? undefined}>
            <span className="tree-label">
              MRN <strong>{p.mrn || '(none)'}</strong> → <strong className="subject-id">{p.subjectId ?? 'no subject id yet'}</strong>
            </span>
          </div>
          <ul>
            {p.studies.map((s) => (
              <li key={s.studyId} className="tree-study">
                <div className="tree-row tree-study-row">
                  <span className="tree-label">
                    CT_date <strong>{formatDicomDate(s.ctDate)}</strong>
                    {s.modalities.length > 0 ? <span> · {s.modalities.join(', ')}</span> : null}
                    {' · '}
                    {s.description ?? <span className="muted">no study description</span>}
                  </span>
                </div>
                <ul>
                  {s.series.map((se) => (
                    <SeriesNode key={se.seriesId} api={props.api} series={se} selectedImageId={props.selectedImageId} onSelect={props.onSelect} />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

const MemoBody = memo(TreeBody);

/** The tree panel with its filters; see the module comment. */
export function StudyTree(props: StudyTreeProps): ReactElement {
  const { filter, onFilterChange, tree } = props;
  const check = (key: keyof TreeFilter, label: string): ReactElement => (
    <label className="filter">
      <input type="checkbox" checked={filter[key]} onChange={(e) => onFilterChange({ ...filter, [key]: e.target.checked })} data-testid={`filter-${key}`} />
      {label}
    </label>
  );
  return (
    <nav className="tree" aria-label="Study tree" data-testid="study-tree">
      <div className="tree-filters">
        {check('unreviewedOnly', 'Unreviewed only')}
        {check('hasProposals', 'Has proposals')}
        {check('withheld', 'Withheld')}
      </div>
      {tree !== null && (
        <div className="tree-totals muted">
          {tree.totals.images} images in {tree.totals.files} files
          {tree.totals.notDicom > 0 ? ` · ${tree.totals.notDicom} not DICOM` : ''}
          {tree.totals.errors > 0 ? ` · ${tree.totals.errors} unreadable` : ''}
        </div>
      )}
      <div className="tree-scroll">{tree === null ? <p className="muted tree-empty">Loading…</p> : <MemoBody api={props.api} tree={tree} selectedImageId={props.selectedImageId} onSelect={props.onSelect} />}</div>
    </nav>
  );
}
