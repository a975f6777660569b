import { resolve } from 'node:path';
import { ipcEventChannel } from '../../shared/ipc/channelNames';
import { defaultDbPath } from '../db/dbPath';
import { openDatabase } from '../db/openDatabase';
import { createServices, type Services } from '../ipc/createServices';
import type { OcrRunner } from '../ipc/servicesContext';
import type { JobStages } from '../ipc/jobStages';
import { APP_ENTRY, APP_SCHEME, appProtocolHandler } from './appProtocol';
import { dialogPickers } from './dialogPickers';
import type { ElectronApi, WindowLike, WindowOptions } from './electronApi';
import { hardenContents, hardenSession } from './hardening';
import { registerIpcHandlers } from './ipcBridge';

/** Where the built pieces are and what to wire. */
interface StartAppOptions {
  rendererDir: string;
  preloadPath: string;
  sampleStudyDir?: string;
  /** Default: the CLI's database (`DEID_STUDIO_DB` or the userData folder). */
  dbPath?: string;
  /** The jobs' file-reading stages (see `ServicesOptions.stages`). */
  stages: JobStages;
  ocr?: OcrRunner;
}

/** What started, for tests and shutdown. */
export interface StartedApp {
  services: Services;
  window: WindowLike;
}

/** The window's options: isolated, sandboxed, no Node, web security on, bundled preload. */
function windowOptions(preloadPath: string, devTools: boolean): WindowOptions {
  return {
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'deid-studio',
    show: false,
    backgroundColor: '#111111',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
}

/**
 * The composition root: registers the `app://` scheme, hardens every web contents and the
 * session, opens the database the CLI uses, builds the services, registers one IPC handler per
 * channel, forwards events and opens the window. Nothing else.
 */
export async function startApp(electron: ElectronApi, o: StartAppOptions): Promise<StartedApp> {
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
  ]);
  electron.app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  await electron.app.whenReady();
  hardenSession(electron.session.defaultSession);
  electron.protocol.handle(APP_SCHEME, appProtocolHandler(o.rendererDir));

  const db = openDatabase(resolve(o.dbPath ?? defaultDbPath()));
  let window: WindowLike | undefined;
  const services = createServices({
    db,
    version: electron.app.getVersion(),
    mode: 'electron',
    pickers: dialogPickers(electron, () => window),
    sampleStudyDir: o.sampleStudyDir,
    stages: o.stages,
    ocr: o.ocr,
  });
  registerIpcHandlers(electron.ipcMain, services.handlers);

  const win = new electron.BrowserWindow(windowOptions(o.preloadPath, !electron.app.isPackaged));
  window = win;
  services.subscribe((event, payload) => {
    if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(ipcEventChannel(event), payload);
  });
  win.once('ready-to-show', () => win.show());
  electron.app.on('window-all-closed', () => {
    void services.close().finally(() => {
      db.close();
      electron.app.quit();
    });
  });
  await win.loadURL(APP_ENTRY);
  return { services, window: win };
}
