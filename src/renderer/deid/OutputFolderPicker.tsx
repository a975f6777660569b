import type { ReactElement } from 'react';
import { FolderPicker } from '../ui/FolderPicker';
import { useSession } from '../session/sessionContext';
import { callApi } from '../transport/callApi';
import { errorLine } from '../transport/errorWords';

/** A folder chosen for writing: its opaque id and its name for display. */
interface ChosenFolder {
  id: string;
  name: string;
}

/**
 * The folder picker for an output location (de-identified copies, exports): folders only, new
 * ones allowed. With `studyFolderId` (de-identified copies) a pick is checked at once by the run's
 * own path check (`deidentifyCheckOutput`): a folder inside the study, or holding it, is refused
 * here, in words, and the picker stays open.
 */
export function OutputFolderPicker(props: { title: string; studyFolderId?: string; onClose: () => void; onChosen: (folder: ChosenFolder) => void }): ReactElement {
  const { api } = useSession();
  const accept = (id: string, name: string): void => {
    props.onClose();
    props.onChosen({ id, name });
  };
  return (
    <FolderPicker
      title={props.title}
      pick="folder"
      confirmLabel="Write here"
      allowCreate
      onClose={props.onClose}
      onPick={(id, name) => {
        const study = props.studyFolderId;
        if (study === undefined) return accept(id, name);
        return callApi(api, 'deidentifyCheckOutput', { folderId: study, outputId: id }).then(({ problem }) => {
          if (problem !== null) return errorLine(problem.code, problem.message);
          accept(id, name);
          return null;
        });
      }}
    />
  );
}
