// The preload of the sandboxed window (bundled to dist/preload/preload.cjs): a sandboxed preload
// can only require 'electron', so everything it needs is bundled in. It exposes the typed API and
// nothing else: no generic invoke, no process, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { DEID_API_GLOBAL } from '../shared/ipc/api';
import { buildPreloadApi } from './preloadApi';

contextBridge.exposeInMainWorld(DEID_API_GLOBAL, buildPreloadApi(ipcRenderer));
