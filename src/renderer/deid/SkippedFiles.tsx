/** The files of a study folder the run will not write (not DICOM, empty, unreadable), each by name with its reason. */
import type { ReactElement } from 'react';
import type { ChannelResponse } from '../../shared/ipc/api';

type Skipped = ChannelResponse<'deidentifyPrepare'>['skipped'];

const KIND_WORDS: Record<Skipped[number]['kind'], string> = {
  'non-dicom': 'not DICOM',
  dicomdir: 'DICOMDIR',
  error: 'unreadable',
};

/** The plan's list of files that will not be written; nothing when every file is a DICOM file the run handles. */
export function SkippedFiles(props: { files: Skipped }): ReactElement | null {
  if (props.files.length === 0) return null;
  return (
    <details className="skipped-files" open data-testid="deid-skipped">
      <summary>
        {props.files.length} file{props.files.length === 1 ? '' : 's'} will not be written (not DICOM, empty or unreadable)
      </summary>
      <table className="problems">
        <thead>
          <tr>
            <th>File</th>
            <th>What it is</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {props.files.map((f) => (
            <tr key={f.path} data-testid="deid-skipped-file">
              <td className="path">{f.path}</td>
              <td>{KIND_WORDS[f.kind]}</td>
              <td>{f.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
