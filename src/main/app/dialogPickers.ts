import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Pickers } from '../ipc/servicesContext';
import type { ElectronApi, WindowLike } from './electronApi';

const CSV = [{ name: 'CSV', extensions: ['csv'] }];

/** Native dialogs and the shell as the services' {@link Pickers}. */
export function dialogPickers(electron: Pick<ElectronApi, 'dialog' | 'shell'>, window: () => WindowLike | undefined): Pickers {
  const parent = (): WindowLike => {
    const w = window();
    if (!w || w.isDestroyed()) throw new Error('no window to show the dialog on');
    return w;
  };
  return {
    async pickFolder(purpose) {
      const r = await electron.dialog.showOpenDialog(parent(), {
        title: purpose === 'open-study' ? 'Open a study folder' : 'Choose the output folder',
        properties: purpose === 'output' ? ['openDirectory', 'createDirectory'] : ['openDirectory'],
      });
      return r.canceled ? undefined : r.filePaths[0];
    },
    async pickFile() {
      const r = await electron.dialog.showOpenDialog(parent(), { title: 'Import subject ids (subj,MRN CSV)', properties: ['openFile'], filters: CSV });
      return r.canceled ? undefined : r.filePaths[0];
    },
    async pickSaveFile(_purpose, defaultName) {
      const r = await electron.dialog.showSaveDialog(parent(), { title: 'Export', defaultPath: join(homedir(), defaultName), filters: CSV });
      return r.canceled || !r.filePath ? undefined : r.filePath;
    },
    async openPath(path) {
      return (await electron.shell.openPath(path)) === '';
    },
  };
}
