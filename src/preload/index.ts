// Preload: exposes only the typed API (one invoke per channel-map method, plus events), never a raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { type EventName, IPC_EVENT_CHANNEL, ipcChannel, isApiMethod } from '../shared/api-contract';
import type { Envelope } from '../shared/errors';
import { PRELOAD_GLOBAL, type PreloadApi } from '../shared/preload-api';

const api: PreloadApi = {
  invoke(method, params) {
    if (!isApiMethod(method)) {
      return Promise.resolve({
        error: { code: 'invalid_input', status: 400, message: `unknown API method ${String(method)}` },
      });
    }
    return ipcRenderer.invoke(ipcChannel(method), params) as Promise<Envelope<unknown>>;
  },
  subscribe(listener) {
    const handler = (_e: unknown, msg: { name: EventName; payload: unknown; seq: number }) =>
      listener(msg.name, msg.payload, msg.seq);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, api);
