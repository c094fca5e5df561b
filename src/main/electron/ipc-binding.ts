// Binds the typed API to Electron IPC: one handle per channel-map method, events pushed to the window.
import type { IpcMain, WebContents } from 'electron';
import { API_METHODS, IPC_EVENT_CHANNEL, ipcChannel, type StudioApi } from '../../shared/api-contract';
import { dispatch } from '../host/api-dispatch';
import type { EventHub } from '../host/event-hub';

export function bindIpc(
  ipcMain: IpcMain,
  api: StudioApi,
  events: EventHub,
  target: () => WebContents | undefined,
): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(ipcChannel(method), (_event, params: unknown) => dispatch(api, method, params));
  }
  const unsubscribe = events.subscribe((name, payload, seq) => {
    const wc = target();
    if (wc && !wc.isDestroyed()) wc.send(IPC_EVENT_CHANNEL, { name, payload, seq });
  });
  return () => {
    unsubscribe();
    for (const method of API_METHODS) ipcMain.removeHandler(ipcChannel(method));
  };
}
