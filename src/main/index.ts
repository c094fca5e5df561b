// Electron entry, kept thin: start the host, open one locked-down window, bind the typed API over IPC, and ask
// where exported files go.
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { version } from '../../package.json';
import { bindIpc } from './electron/ipc-binding';
import { askWhereToSave } from './electron/save-downloads';
import { applyCsp, lockNavigation, secureWebPreferences } from './electron/window-security';
import { tuneCollector } from './host/gc-tuning';
import { parseStartSettings } from './host/host-settings';
import { PortBusyError, StudioHost } from './host/studio-host';

tuneCollector();

let host: StudioHost | undefined;
let win: BrowserWindow | undefined;

/** The desktop app may fall back to the next free port (and shows it); the headless server may not. */
async function startHost(): Promise<StudioHost> {
  const settings = parseStartSettings(
    process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => a.startsWith('--')),
  );
  const uiRoot = join(__dirname, '../renderer');
  // A packaged app carries the examples among its resources; a checkout has them in resources/.
  const examplesDir = app.isPackaged
    ? join(process.resourcesPath, 'examples')
    : join(__dirname, '../../resources/examples');
  let port: number | undefined; // first the port setting, then the ports after it
  for (let attempt = 0; ; attempt++) {
    try {
      return await StudioHost.start({ ...settings, port, version, uiRoot, examplesDir });
    } catch (err) {
      if (!(err instanceof PortBusyError) || attempt >= 20) throw err;
      port = err.port + 1;
    }
  }
}

async function createWindow(): Promise<void> {
  host = await startHost();
  applyCsp(session.defaultSession);
  askWhereToSave(session.defaultSession);
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: `Fn Studio — API on ${host.apiUrl}`,
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  });
  bindIpc(ipcMain, host.api, host.events, () => win?.webContents);
  const pageUrl = process.env.ELECTRON_RENDERER_URL ?? `file://${join(__dirname, '../renderer/index.html')}`;
  lockNavigation(win.webContents, pageUrl);
  await win.loadURL(pageUrl);
}

app.whenReady().then(createWindow, (err: Error) => {
  console.error(`fn-studio: could not start: ${err.message}`);
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());

let closing = false;
app.on('before-quit', (event) => {
  if (!host || closing) return;
  event.preventDefault();
  closing = true;
  void host.close().finally(() => app.exit(0));
});
