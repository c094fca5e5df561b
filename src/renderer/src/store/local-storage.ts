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
