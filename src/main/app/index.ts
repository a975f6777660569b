// The Electron main entry (bundled to dist/main/app.js): the only file that loads `electron`.
// It hands the real modules to startApp, which wires the services, the IPC handlers and the window.
import { BrowserWindow, app, dialog, ipcMain, protocol, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import type { ElectronApi } from './electronApi';
import { startApp } from './startApp';
import { threadJobStages } from '../ipc/jobThread';
import { unpackedPath } from '../files/unpackedPath';

const electron: ElectronApi = {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  shell,
  // The windows handed to dialogs are the BrowserWindows created above, typed narrowly in startApp.
  dialog: {
    showOpenDialog: (window, options) => dialog.showOpenDialog(window as unknown as BrowserWindow, options),
    showSaveDialog: (window, options) => dialog.showSaveDialog(window as unknown as BrowserWindow, options),
  },
};
const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));
// Scans, OCR, de-identification and verify run on job threads: the main process only orchestrates.
const jobs = threadJobStages();

startApp(electron, {
  rendererDir: here('../renderer/'),
  preloadPath: here('../preload/preload.cjs'),
  sampleStudyDir: unpackedPath(here('../../assets/sample-study/')),
  stages: jobs.stages,
  ocr: jobs.ocr,
}).catch((e: unknown) => {
  process.stderr.write(`deid-studio: ${(e as Error).stack ?? String(e)}\n`);
  app.quit();
});
