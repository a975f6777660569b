/**
 * The names of every request channel and event of the app's contract, without their schemas, so
 * the sandboxed preload can build one method per channel without bundling zod. `contract.ts`
 * declares the schemas and is checked (types and a test) to cover exactly these names.
 */

/** Every request/response channel, in the order the contract declares them. */
export const CHANNEL_NAMES = [
  'appInfo',
  'appSetReviewer',
  'projectsList',
  'projectsCreate',
  'projectsSelect',
  'projectsUpdate',
  'projectsImportSubjects',
  'pixelTermsList',
  'pixelTermsAdd',
  'pixelTermsRemove',
  'browseRoots',
  'browseList',
  'browseCreateFolder',
  'studiesRecent',
  'studiesOpen',
  'studiesTree',
  'imagesInfo',
  'imagesFrame',
  'imagesOverlays',
  'imagesHeaderPreview',
  'imagesAsWritten',
  'imagesAsWrittenOverlays',
  'reviewMarkDone',
  'rectsList',
  'rectsDecide',
  'rectsCreate',
  'rectsMove',
  'rectsDelete',
  'rectsPropagate',
  'jobsList',
  'jobsCancel',
  'jobsResume',
  'ocrStart',
  'verifyStart',
  'deidentifyPrepare',
  'deidentifyStart',
  'exportsWrite',
  'outputOpen',
  'deidentifyCheckOutput',
] as const;

/** A request channel name. */
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Every event the main process pushes to the renderer. */
export const EVENT_NAMES = ['jobProgress', 'jobFinished', 'studyChanged', 'rectsChanged'] as const;

/** An event name. */
export type EventName = (typeof EVENT_NAMES)[number];

/** The Electron IPC channel string of a request channel (one `ipcMain.handle` each). */
export function ipcChannel(name: ChannelName): string {
  return `deid:${name}`;
}

/** The Electron IPC channel string an event is sent on (`webContents.send`). */
export function ipcEventChannel(name: EventName): string {
  return `deid-event:${name}`;
}

/** True when `name` is a request channel of the contract. */
export function isChannelName(name: string): name is ChannelName {
  return (CHANNEL_NAMES as readonly string[]).includes(name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: string): name is EventName {
  return (EVENT_NAMES as readonly string[]).includes(name);
}
