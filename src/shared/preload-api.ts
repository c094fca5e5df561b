// The shape the preload exposes on window.fnStudio: one function per API method returning an envelope, plus events.
import type { ClientTransport } from './api-client';

export type PreloadApi = ClientTransport;

export const PRELOAD_GLOBAL = 'fnStudio';
