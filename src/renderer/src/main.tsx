// Renderer entry: connect to the host, build the store, start it, and mount the React tree.
import '@xterm/xterm/css/xterm.css';
import './theme.css';
import './layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectStudio } from './api/client';
import { StoreProvider } from './store/store-context';
import { createStudioStore } from './store/studio-store';

const { client, connection } = connectStudio();
const store = createStudioStore(client);
store.getState().setConnection(connection.status);

let openedBefore = connection.status.state === 'open';
connection.onStatus((status) => {
  store.getState().setConnection(status);
  if (status.state !== 'open') return;
  // Events sent while the socket was down are lost: reload everything after a reconnect (start() covers the first open).
  if (openedBefore) void store.getState().refresh();
  openedBefore = true;
});
store.getState().start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
