// The Electron entry with `electron` mocked: the window is locked down, the typed API is bound over IPC, and
// downloads ask where to save.
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const m = vi.hoisted(() => ({
  windowOptions: undefined as undefined | { webPreferences: Record<string, unknown> },
  handlers: new Map<string, unknown>(),
  navigationHandlers: new Map<string, (e: { preventDefault(): void }, url: string) => void>(),
  openHandler: undefined as undefined | (() => { action: string }),
  headerHook: undefined as
    undefined | ((d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  sessionHandlers: new Map<string, unknown>(),
  loaded: '',
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: (ev: string, fn: (e: { preventDefault(): void }, url: string) => void) =>
        m.navigationHandlers.set(ev, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (m.openHandler = fn),
      isDestroyed: () => false,
      send: () => undefined,
    };
    constructor(opts: { webPreferences: Record<string, unknown> }) {
      m.windowOptions = opts;
    }
    async loadURL(url: string) {
      m.loaded = url;
    }
  }
  return {
    app: {
      isPackaged: false,
      whenReady: () => Promise.resolve(),
      on: () => undefined,
      exit: () => undefined,
      getPath: (name: string) => `/home/u/${name === 'downloads' ? 'Downloads' : name}`,
    },
    BrowserWindow,
    ipcMain: { handle: (ch: string, fn: unknown) => m.handlers.set(ch, fn), removeHandler: () => undefined },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: typeof m.headerHook) => (m.headerHook = fn) },
        on: (ev: string, fn: unknown) => m.sessionHandlers.set(ev, fn),
      },
    },
  };
});

vi.mock('../../src/main/host/studio-host', () => ({
  PortBusyError: class extends Error {},
  StudioHost: {
    start: async () => ({
      apiUrl: 'http://127.0.0.1:8080',
      api: {},
      events: { subscribe: () => () => undefined },
      close: async () => undefined,
    }),
  },
}));

beforeAll(async () => {
  process.argv = ['electron', '.'];
  await import('../../src/main/index');
  await vi.waitFor(() => expect(m.loaded).not.toBe(''));
});

describe('Electron window', () => {
  it('is isolated, sandboxed and without Node integration', () => {
    expect(m.windowOptions?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  });

  it('blocks navigation away from the app and every new window', () => {
    const prevented = vi.fn();
    m.navigationHandlers.get('will-navigate')?.({ preventDefault: prevented }, 'https://evil.example/');
    expect(prevented).toHaveBeenCalled();
    const allowed = vi.fn();
    m.navigationHandlers.get('will-navigate')?.({ preventDefault: allowed }, m.loaded);
    expect(allowed).not.toHaveBeenCalled();
    expect(m.openHandler?.()).toEqual({ action: 'deny' });
  });

  it('sets a strict Content-Security-Policy on every response', () => {
    let headers: Record<string, string[]> = {};
    m.headerHook?.({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy'][0]).toContain("script-src 'self'");
    expect(headers['Content-Security-Policy'][0]).toContain("object-src 'none'");
  });

  it('asks where each download (an export) is saved, starting in the Downloads folder', () => {
    const setSaveDialogOptions = vi.fn();
    const onDownload = m.sessionHandlers.get('will-download') as (e: unknown, item: unknown) => void;
    onDownload({}, { getFilename: () => 'calls.csv', setSaveDialogOptions });
    expect(setSaveDialogOptions).toHaveBeenCalledWith(
      expect.objectContaining({
        defaultPath: join('/home/u/Downloads', 'calls.csv'),
        title: expect.any(String),
      }),
    );
  });

  it('binds exactly the channel map over IPC', async () => {
    const { API_METHODS, ipcChannel } = await import('../../src/shared/api-contract');
    expect([...m.handlers.keys()].sort()).toEqual(API_METHODS.map(ipcChannel).sort());
  });
});
