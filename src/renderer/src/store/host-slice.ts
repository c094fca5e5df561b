// Host slice: the host's status (Docker reachability for the banner) and the UI's connection to the host.
import type { HostStatus } from '../../../shared/models';
import type { ConnectionStatus } from '../api/connection-status';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface HostSlice {
  status: HostStatus | null;
  statusError: string | null;
  connection: ConnectionStatus;
  loadStatus(): Promise<void>;
  applyStatus(status: HostStatus): void;
  setConnection(connection: ConnectionStatus): void;
}

export const createHostSlice: SliceCreator<HostSlice> = (api) => (set) => ({
  status: null,
  statusError: null,
  connection: { state: 'connecting' },
  async loadStatus() {
    try {
      const status = await api.getStatus({});
      set({ status, statusError: null });
    } catch (err) {
      set({ statusError: errorMessage(err) });
    }
  },
  applyStatus(status) {
    set({ status, statusError: null });
  },
  setConnection(connection) {
    set({ connection });
  },
});
