import type { ReactElement } from 'react';
import { FolderPicker } from '../ui/FolderPicker';

/** A folder chosen for writing: its opaque id and its name for display. */
interface ChosenFolder {
  id: string;
  name: string;
}

/** The folder picker for an output location (de-identified copies, exports): folders only, new ones allowed. */
export function OutputFolderPicker(props: { title: string; onClose: () => void; onChosen: (folder: ChosenFolder) => void }): ReactElement {
  return (
    <FolderPicker
      title={props.title}
      pick="folder"
      confirmLabel="Write here"
      allowCreate
      onClose={props.onClose}
      onPick={(id, name) => {
        props.onClose();
        props.onChosen({ id, name });
      }}
    />
  );
}
