/**
 * What every screen needs from the shell: the typed API, how it is connected, the app info
 * (mode, project, open folder), job state, and a way to tell the user something.
 */
import { createContext, useContext } from 'react';
import type { ChannelResponse, DeidApi } from '../../shared/ipc/api';
import type { TransportKind } from '../transport/createTransport';
import type { JobsState } from '../jobs/useJobs';

/** The answer of `appInfo`. */
export type AppInfo = ChannelResponse<'appInfo'>;

/** A message shown at the bottom of the window. */
export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

/** The shell's services; see the module comment. */
export interface AppServices {
  api: DeidApi;
  kind: TransportKind;
  info: AppInfo;
  reloadInfo: () => Promise<void>;
  notify: (text: string, tone?: Notice['tone']) => void;
  jobs: JobsState;
  /** Bumped after the connection came back: refetch what is shown. */
  epoch: number;
}

/** React context holding {@link AppServices}. */
export const AppContext = createContext<AppServices | null>(null);

/** The shell's services; only valid under the app's provider. */
export function useApp(): AppServices {
  const value = useContext(AppContext);
  if (value === null) throw new Error('useApp() used outside the app provider');
  return value;
}
