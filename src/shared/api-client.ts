// Builds a typed StudioClient from any transport that can carry one envelope per method call and push events.
import type { ApiMethod, EventName, StudioClient, StudioEvents } from './api-contract';
import { API_METHODS } from './api-contract';
import { ApiError, type Envelope } from './errors';

/** The minimal transport: what the preload exposes in Electron and what the WebSocket client implements. */
export interface ClientTransport {
  invoke(method: ApiMethod, params: unknown): Promise<Envelope<unknown>>;
  subscribe(listener: (event: EventName, payload: unknown, seq?: number) => void): () => void;
}

export function createStudioClient(transport: ClientTransport): StudioClient {
  const listeners = new Map<EventName, Set<(payload: never, seq?: number) => void>>();
  let unsubscribe: (() => void) | undefined;
  const ensureSubscribed = () => {
    unsubscribe ??= transport.subscribe((event, payload, seq) => {
      for (const l of listeners.get(event) ?? []) (l as (p: unknown, s?: number) => void)(payload, seq);
    });
  };
  const client: Record<string, unknown> = {
    on<E extends EventName>(event: E, listener: (payload: StudioEvents[E], seq?: number) => void) {
      ensureSubscribed();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  for (const method of API_METHODS) {
    client[method] = async (params: unknown) => {
      const envelope = await transport.invoke(method, params ?? {});
      if ('error' in envelope) throw new ApiError(envelope.error.code, envelope.error.message);
      return envelope.result;
    };
  }
  return client as unknown as StudioClient;
}
