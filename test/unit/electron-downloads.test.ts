// The desktop app's downloads with `electron` mocked: every export opens a save dialog in the Downloads folder.
import { join } from 'node:path';
import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';

const m = vi.hoisted(() => ({
  paths: { downloads: '/home/u/Downloads', home: '/home/u' } as Record<string, string>,
}));

vi.mock('electron', () => ({
  app: {
    getPath: (name: string) => {
      const path = m.paths[name];
      if (!path) throw new Error(`Failed to get '${name}' path`);
      return path;
    },
  },
}));

const { askWhereToSave, SAVE_DIALOG_TITLE } = await import('../../src/main/electron/save-downloads');

type Listener = (
  event: unknown,
  item: { getFilename(): string; setSaveDialogOptions(o: unknown): void },
) => void;

function fakeSession() {
  const listeners = new Map<string, Listener>();
  const session = { on: (ev: string, fn: Listener) => listeners.set(ev, fn) } as unknown as Session;
  const download = (filename: string) => {
    const item = { getFilename: () => filename, setSaveDialogOptions: vi.fn() };
    listeners.get('will-download')?.({}, item);
    return item.setSaveDialogOptions.mock.calls[0]?.[0] as { defaultPath: string; title: string } | undefined;
  };
  return { session, download, listeners };
}

describe('askWhereToSave', () => {
  it('opens the save dialog on the file name in the Downloads folder', () => {
    const { session, download } = fakeSession();
    askWhereToSave(session);
    expect(download('calls-2026-11-28.ndjson')).toMatchObject({
      title: SAVE_DIALOG_TITLE,
      defaultPath: join('/home/u/Downloads', 'calls-2026-11-28.ndjson'),
    });
  });

  it('keeps only the last part of a name that looks like a path', () => {
    const { session, download } = fakeSession();
    askWhereToSave(session);
    expect(download('../../etc/passwd')?.defaultPath).toBe(join('/home/u/Downloads', 'passwd'));
    expect(download('')?.defaultPath).toBe(join('/home/u/Downloads', 'export'));
  });

  it('starts in the home folder when the system knows no Downloads folder', () => {
    delete m.paths.downloads;
    const { session, download } = fakeSession();
    askWhereToSave(session);
    expect(download('registry.json')?.defaultPath).toBe(join('/home/u', 'registry.json'));
  });
});
