// The UI's view of its link to the host, shared by the transports and the store (no DOM here so tests run in Node).

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'failed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** A sentence a person can act on; absent while all is well. */
  message?: string;
}

/** Anything that reports connection changes: the WebSocket transport, or a fixed "open" for Electron IPC. */
export interface ConnectionSource {
  readonly status: ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

export const ALWAYS_OPEN: ConnectionSource = {
  status: { state: 'open' },
  onStatus: () => () => undefined,
};
