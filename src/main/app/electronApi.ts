/**
 * The parts of Electron the composition root uses, as narrow structural types: `index.ts` passes
 * the real modules (and the compiler checks they fit), tests pass fakes. Nothing here imports
 * `electron`, so the app's logic is tested in plain Node.
 */

/** Options the window is created with (the security-relevant subset is asserted by tests). */
export interface WindowOptions {
  width: number;
  height: number;
  minWidth?: number;
  minHeight?: number;
  title: string;
  show?: boolean;
  backgroundColor?: string;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    navigateOnDragDrop: boolean;
    spellcheck: boolean;
    devTools: boolean;
  };
}

/** A frame that sent an IPC message. */
interface FrameLike {
  readonly url: string;
}

/** The event of an `ipcMain.handle` call. */
export interface IpcEventLike {
  readonly senderFrame: FrameLike | null;
}

/** An event whose default can be prevented (navigation, webview attach). */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The web contents of a window or any other renderer. */
export interface ContentsLike {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** A browser window. */
export interface WindowLike {
  readonly webContents: ContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  isDestroyed(): boolean;
}

/** The default session's hooks. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void): void;
  };
}

/** Result of an open dialog. */
interface OpenDialogResult {
  canceled: boolean;
  filePaths: string[];
}

/** Result of a save dialog. */
interface SaveDialogResult {
  canceled: boolean;
  filePath?: string;
}

/** Everything `startApp` needs from Electron. */
export interface ElectronApi {
  app: {
    whenReady(): Promise<unknown>;
    on(event: 'window-all-closed', listener: () => void): unknown;
    on(event: 'web-contents-created', listener: (event: unknown, contents: ContentsLike) => void): unknown;
    quit(): void;
    getVersion(): string;
    readonly isPackaged: boolean;
  };
  BrowserWindow: new (options: WindowOptions) => WindowLike;
  ipcMain: {
    handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>): void;
  };
  protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean; corsEnabled: boolean } }[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  session: { readonly defaultSession: SessionLike };
  dialog: {
    showOpenDialog(window: WindowLike, options: { title: string; properties: ('openDirectory' | 'openFile' | 'createDirectory')[]; filters?: { name: string; extensions: string[] }[] }): Promise<OpenDialogResult>;
    showSaveDialog(window: WindowLike, options: { title: string; defaultPath: string; filters?: { name: string; extensions: string[] }[] }): Promise<SaveDialogResult>;
  };
  shell: { openPath(path: string): Promise<string> };
}
