/**
 * What every screen needs from the shell: the typed API, how it is connected, the app info
 * (mode, project, open folder), job state, and a way to tell the user something.
 */
import { createContext, useContext } from 'react';
import type { ChannelResponse, DeidApi } from '../../shared/ipc/api';
import type { TransportKind } from '../transport/createTransport';
import type { JobsState } from './useJobs';

/** The answer of `appInfo`. */
export type AppInfo = ChannelResponse<'appInfo'>;

import type { Notice } from './noticeList';

export type { Notice } from './noticeList';

/** The shell's services; see the module comment. */
export interface SessionServices {
  api: DeidApi;
  kind: TransportKind;
  info: AppInfo;
  reloadInfo: () => Promise<void>;
  notify: (text: string, tone?: Notice['tone']) => void;
  jobs: JobsState;
  /** Bumped after the connection came back: refetch what is shown. */
  epoch: number;
}

/** React context holding {@link SessionServices}. */
export const SessionContext = createContext<SessionServices | null>(null);

/** The session's services; only valid under the session provider. */
export function useSession(): SessionServices {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession() used outside the session provider');
  return value;
}
