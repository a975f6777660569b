/**
 * Renderer entry: connects to the main process (Electron bridge or, in browser mode, HTTP and a
 * WebSocket with the page's token) and mounts the app. Imports only `src/shared` and the renderer.
 */
import { StrictMode, useState } from 'react';
import type { ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { DeidApi } from '../shared/ipc/api';
import { App } from './root/App';
import { createTransport } from './transport/createTransport';

function Root(): ReactElement {
  const [connected, setConnected] = useState<boolean | null>(null);
  const [epoch, setEpoch] = useState(0);
  const [transport] = useState(() =>
    createTransport(
      {
        location: window.location,
        fetch: (url, init) => window.fetch(url, init),
        WebSocket: window.WebSocket,
        deid: (window as unknown as { deid?: DeidApi }).deid,
      },
      // After a lost connection every screen refetches what it shows: events may have been missed.
      { onConnection: setConnected, onReconnect: () => setEpoch((e) => e + 1) },
    ),
  );
  if (!transport.ok) {
    return (
      <main className="fatal" role="alert">
        <h1>deid-studio is not connected</h1>
        <p>{transport.message}</p>
      </main>
    );
  }
  return <App api={transport.api} kind={transport.kind} connected={transport.kind === 'browser' ? (connected ?? true) : null} epoch={epoch} />;
}

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
