// The page's localStorage where there is one (browser, Electron), typed without the DOM so store tests run in Node.

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function pageStorage(): KeyValueStorage | null {
  try {
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage ?? null;
  } catch {
    // Storage can be refused (e.g. disabled cookies): the UI works, it just does not remember.
    return null;
  }
}

/** Reads a JSON value saved under `key`; `fallback` when absent or unreadable. */
export function loadJson<T>(key: string, fallback: T): T {
  const text = pageStorage()?.getItem(key);
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function saveJson(key: string, value: unknown): void {
  try {
    pageStorage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Full or refused storage: keep working without remembering.
  }
}
